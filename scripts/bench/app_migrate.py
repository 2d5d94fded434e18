#!/usr/bin/env python3
"""Baseline for scripts/bench-migrate: the app's own way of migrating,
rewritten for the benchmark. One Python process and one connection; the
mark is read from schema_information; every migration file whose leading
digits exceed the mark (compared as numbers) is imported as a module, its
migrate_sql() run and committed, and the mark moved on in a commit of its
own. The files are taken in sorted order: in the order the folder happens
to list them, as the app takes them, a newer file first moves the mark
past the older ones, which are then skipped, and the two tools would not do
the same work. The caller times the whole process, start-up included."""
import glob
import importlib
import os
import re
import sys

import psycopg


def main() -> None:
    url, folder = sys.argv[1], sys.argv[2]
    sys.path.insert(0, folder)
    with psycopg.connect(url) as conn:
        mark = int(conn.execute("SELECT last_successful_run FROM schema_information LIMIT 1").fetchone()[0])
        conn.commit()
        for path in sorted(glob.glob(os.path.join(folder, "*"))):
            name = os.path.basename(path)
            found = re.match(r"^\d+", name)
            if not found or not name.endswith(".py"):
                continue
            version = int(found.group())
            if version <= mark:
                continue
            module = importlib.import_module(os.path.splitext(name)[0])
            conn.execute(module.migration.migrate_sql())
            conn.commit()
            conn.execute("UPDATE schema_information SET last_successful_run = %s WHERE id = 1", (str(version),))
            conn.commit()
            mark = version


if __name__ == "__main__":
    main()
