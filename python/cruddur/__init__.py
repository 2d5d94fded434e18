"""The cruddur command-line tool, installed as a binary by its wheel.

The package holds no Python API: it exists so that ``python -m cruddur``
finds and runs the ``cruddur`` executable that the wheel put into the
environment's scripts directory.
"""
