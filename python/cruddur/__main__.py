"""``python -m cruddur``: run the cruddur binary installed beside this interpreter."""

import os
import sys
import sysconfig


def find_binary() -> str:
    """Return the path of the ``cruddur`` executable this wheel installed."""
    name = "cruddur.exe" if sys.platform == "win32" else "cruddur"
    schemes = [sysconfig.get_default_scheme()]
    if sys.version_info >= (3, 10):
        schemes.append(sysconfig.get_preferred_scheme("user"))
    elif os.name == "nt":
        schemes.append("nt_user")
    else:
        schemes.append("posix_user")
    for scheme in schemes:
        candidate = os.path.join(sysconfig.get_path("scripts", scheme), name)
        if os.path.isfile(candidate):
            return candidate
    sys.stderr.write(
        "error: the cruddur binary is not in this environment's scripts directory; "
        "reinstall it with `pip install --force-reinstall cruddur`\n"
    )
    sys.exit(2)


def main() -> None:
    binary = find_binary()
    args = [binary, *sys.argv[1:]]
    if sys.platform == "win32":
        import subprocess

        sys.exit(subprocess.call(args))
    os.execv(binary, args)


if __name__ == "__main__":
    main()
