"""Measures `cruddur ddb export` / `ddb import` against boto3 baselines on
one DynamoDB Local, side by side: wall time and peak RSS of each process.

    python3 portability.py CRUDDUR_BIN ENDPOINT ITEMS WORKDIR
"""
import json
import os
import subprocess
import sys
import time

bin_path, endpoint, n, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
here = os.path.dirname(os.path.abspath(__file__))
env = dict(os.environ, AWS_ENDPOINT_URL_DYNAMODB=endpoint)


def run(args):
    """Runs a command; returns (seconds, peak RSS in MiB, stdout)."""
    start = time.monotonic()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    if status != 0:
        sys.exit(f"{' '.join(args)} failed:\n{err.decode()}")
    return seconds, usage.ru_maxrss / 1024, out.decode()


def cruddur(*args):
    return [bin_path, *args]


def make_items(path, count, prefix):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(count):
            group = f"{i // 100:08d}-0000-4000-8000-000000000000"
            item = {
                "pk": {"S": f"MSG#{group}"},
                "sk": {"S": f"2026-11-22T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}.{i:06d}+00:00"},
                "message_uuid": {"S": f"{prefix}{i:08d}-0000-4000-8000-000000000000"},
                "message": {"S": f"benchmark message number {i}, long enough to look like a real one"},
                "user_uuid": {"S": "11111111-2222-4333-8444-555555555555"},
                "user_display_name": {"S": "Andrew Brown"},
                "user_handle": {"S": "andrewbrown"},
                "n": {"N": "12345678901234567890123456789012345678"},
            }
            f.write(json.dumps({"Item": item}, separators=(",", ":")) + "\n")


def table(name):
    run(cruddur("--table", name, "ddb", "schema-load", "--no-stream"))


# Warm-up: both request paths, both directions, on a table of its own.
warm = os.path.join(work, "warm.json")
make_items(warm, 5000, "aaaaaaaa")
table("warm-up")
run(cruddur("--table", "warm-up", "ddb", "import", warm))
run(["python3", os.path.join(here, "import_threads.py"), endpoint, "warm-up", warm])
run(cruddur("--table", "warm-up", "ddb", "export", "--file", os.path.join(work, "w1.json")))
run(["python3", os.path.join(here, "export_paginator.py"), endpoint, "warm-up", os.path.join(work, "w2.json")])
run(cruddur("--table", "warm-up", "ddb", "drop"))

data = os.path.join(work, "items.json")
make_items(data, n, "bbbbbbbb")
table("bench-import-cruddur")
table("bench-import-boto3")

rows = []
t, rss, _ = run(cruddur("--table", "bench-import-cruddur", "ddb", "import", data))
rows.append(("import", "cruddur ddb import", t, rss))
t, rss, _ = run(["python3", os.path.join(here, "import_threads.py"), endpoint, "bench-import-boto3", data])
rows.append(("import", "boto3 batch writer, 8 threads", t, rss))

if os.environ.get("BENCH_IMPORT_ONLY") == "1":
    print(f"{n} items; times are wall clock of the whole process, RSS its peak")
    print(f"{'':8}{'tool':36}{'time':>9}{'items/s':>10}{'peak RSS':>11}")
    for what, tool, t, rss in rows:
        print(f"{what:8}{tool:36}{t:8.2f}s{n / t:10.0f}{rss:9.1f} MiB")
    sys.exit(0)

out_a = os.path.join(work, "export-cruddur.json")
out_b = os.path.join(work, "export-boto3.json")
t, rss, _ = run(cruddur("--table", "bench-import-cruddur", "ddb", "export", "--file", out_a))
rows.append(("export", "cruddur ddb export (4 segments)", t, rss))
t, rss, _ = run(["python3", os.path.join(here, "export_paginator.py"), endpoint, "bench-import-cruddur", out_b])
rows.append(("export", "boto3 Scan paginator", t, rss))

lines = [sum(1 for _ in open(p, encoding="utf-8")) for p in (out_a, out_b)]
if lines != [n, n]:
    sys.exit(f"expected {n} lines in both exports, found {lines}")

print(f"{n} items; times are wall clock of the whole process, RSS its peak")
print(f"{'':8}{'tool':36}{'time':>9}{'items/s':>10}{'peak RSS':>11}")
for what, tool, t, rss in rows:
    print(f"{what:8}{tool:36}{t:8.2f}s{n / t:10.0f}{rss:9.1f} MiB")
