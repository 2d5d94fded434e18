"""Measures three writers of one synthetic dataset behind the test suite's
fault proxy acting as a provisioned table of TABLE_WCU write units a second:
`cruddur ddb seed --synthetic` as it comes (its adaptive window), the same
with `--max-wcu CAP`, and 8 boto3 batch writers with botocore's standard
retries fed the same items (batch_writer_retries.py).

    python3 throttled.py CRUDDUR_BIN PROXY_BIN JAR_DIR DDB_PORT PROXY_PORT WORKDIR \
        USERS CONVERSATIONS MESSAGES TABLE_WCU CAP

Each writer gets a fresh in-memory DynamoDB Local, warmed by a few thousand
writes through both clients straight to the server, and a fresh proxy (its
counters at zero, its bucket full: one second of burst). The proxy counts
the BatchWriteItem calls it refused for want of capacity and the write
units DynamoDB Local reported consumed; the table is counted after each
load, straight from the server, against the dataset's items.
"""
import atexit
import json
import os
import subprocess
import sys
import time
import urllib.request

(bin_path, proxy_bin, jar_dir, ddb_port, proxy_port, work,
 users, conversations, messages, table_wcu, cap) = sys.argv[1:12]
ddb_port, proxy_port, table_wcu = int(ddb_port), int(proxy_port), int(table_wcu)
python = sys.executable
here = os.path.dirname(os.path.abspath(__file__))
ddb = f"http://127.0.0.1:{ddb_port}"
proxy = f"http://127.0.0.1:{proxy_port}"
base_env = dict(os.environ)
base_env.pop("CONNECTION_URL", None)  # synthetic users: the same items on every machine
shape = ["--users", users, "--conversations", conversations, "--messages", messages,
         "--skew", "1.0", "--random-seed", "2026"]


def env_for(endpoint):
    return dict(base_env, AWS_ENDPOINT_URL_DYNAMODB=endpoint)


def run(args, endpoint=ddb):
    """Runs a command: (wall s, stdout); a failure ends the benchmark."""
    start = time.monotonic()
    proc = subprocess.run(args, env=env_for(endpoint), capture_output=True)
    wall = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{proc.stderr.decode()}")
    return wall, proc.stdout.decode()


def wait_for(url, what):
    for _ in range(240):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers (400 without a signature)
        except OSError:
            time.sleep(0.25)
    sys.exit(f"{what} did not start")


class Process:
    def __init__(self, args, env=None):
        self.proc = subprocess.Popen(args, cwd=work, env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        atexit.register(self.stop)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


def server():
    """A fresh in-memory DynamoDB Local."""
    s = Process(["java", f"-Djava.library.path={jar_dir}/DynamoDBLocal_lib", "-jar",
                 f"{jar_dir}/DynamoDBLocal.jar", "-sharedDb", "-inMemory", "-port", str(ddb_port)])
    wait_for(ddb, "DynamoDB Local")
    return s


def fault_proxy(counts):
    """The test suite's fault proxy as a table of TABLE_WCU write units a second."""
    p = Process([proxy_bin, "--ignored", "--exact", "support::fault_proxy::serve_until_stopped"],
                env=dict(base_env, CRUDDUR_PROXY_UPSTREAM=ddb, CRUDDUR_PROXY_PORT=str(proxy_port),
                         CRUDDUR_PROXY_FAULTS=f"wcu={table_wcu}", CRUDDUR_PROXY_COUNTS=counts))
    wait_for(proxy, "the fault proxy")
    return p


def cruddur(*args):
    return [bin_path, *args]


def table(name):
    run(cruddur("--table", name, "ddb", "schema-load", "--no-stream"))


def boto3_client():
    import boto3
    return boto3.client("dynamodb", endpoint_url=ddb, region_name="us-east-1",
                        aws_access_key_id="benchmark", aws_secret_access_key="benchmark")


PAGE = {"PaginationConfig": {"PageSize": 1000}}


def count(name):
    n = 0
    for page in boto3_client().get_paginator("scan").paginate(TableName=name, Select="COUNT", **PAGE):
        n += page["Count"]
    return n


def export_lines(name, path):
    """The table's items as `ddb export` lines ({"Item": ...})."""
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for page in boto3_client().get_paginator("scan").paginate(TableName=name, **PAGE):
            for item in page["Items"]:
                f.write(json.dumps({"Item": item}, separators=(",", ":")) + "\n")
                n += 1
    return n


def boto3_writer(endpoint, name, path):
    return [python, os.path.join(here, "batch_writer_retries.py"), endpoint, name, path]


def warm():
    """A few thousand writes through both clients, straight to the server."""
    table("warm-a")
    run(cruddur("--table", "warm-a", "ddb", "seed", "--synthetic", "--users", "50",
                "--conversations", "10", "--messages", "10"))
    warm_file = os.path.join(work, "warm.json")
    export_lines("warm-a", warm_file)
    table("warm-b")
    run(boto3_writer(ddb, "warm-b", warm_file))
    for t in ["warm-a", "warm-b"]:
        run(cruddur("--table", t, "ddb", "drop"))


load = open("/proc/loadavg").read().split()[:3]

# The dataset, written once straight to a server of its own, for boto3's file.
s = server()
table("source")
_, out = run(cruddur("--table", "source", "-o", "json", "ddb", "seed", "--synthetic", *shape))
summary = json.loads(out)
items = summary["items_written"]
dataset_units = summary["consumed_write_units"]
items_file = os.path.join(work, "items.json")
if export_lines("source", items_file) != items:
    sys.exit("the export of the dataset does not hold every item")
s.stop()
print(f"dataset: {items:,} items, {dataset_units:,.0f} write units (unthrottled); "
      f"{dataset_units / table_wcu:.0f} s at {table_wcu:,} WU/s", flush=True)

writers = [
    ("cruddur ddb seed --synthetic", "cruddur", []),
    (f"cruddur ... --max-wcu {cap}", "cruddur", ["--max-wcu", cap]),
    ("boto3 batch writer, 8 threads", "boto3", []),
]
rows = []
for label, kind, extra in writers:
    s = server()
    warm()
    table("bench")
    counts_path = os.path.join(work, f"counts-{len(rows)}.json")
    p = fault_proxy(counts_path)
    if kind == "cruddur":
        wall, out = run(cruddur("--table", "bench", "-o", "json", "ddb", "seed", "--synthetic",
                                *shape, *extra), endpoint=proxy)
        own = json.loads(out)
        note = (f"{own['throttled']} throttled, {own['retries']} items resent, "
                f"window up to {own['max_in_flight_reached']}")
    else:
        wall, out = run(boto3_writer(proxy, "bench", items_file), endpoint=proxy)
        own = json.loads(out)
        note = f"{own['failed_calls']} calls failed after 3 attempts {own['errors'] or ''}".rstrip()
    time.sleep(0.5)  # the proxy rewrites its counters every 100 ms
    counts = json.load(open(counts_path))
    p.stop()
    stored = count("bench")
    s.stop()
    rows.append((label, wall, stored, counts, note))
    print(f"{label}: {wall:.1f}s, {stored:,} items stored, proxy {counts}; {note}", flush=True)

print()
print(f"dataset: --users {users} --conversations {conversations} --messages {messages} --skew 1.0 "
      f"--random-seed 2026: {items:,} items ({summary['dataset']['conversations']:,} conversations, "
      f"{summary['dataset']['messages']:,} messages), {dataset_units:,.0f} write units")
print(f"table: the fault proxy with wcu={table_wcu} (BatchWriteItem refused while the units consumed "
      f"exceed {table_wcu:,}/s, one second of burst)")
print(f"load average at the start: {' '.join(load)}; at the end: "
      f"{' '.join(open('/proc/loadavg').read().split()[:3])}")
print(f"{'writer':32}{'wall':>8}{'items/s':>9}{'WU/s':>7}{'of table':>9}{'calls':>7}"
      f"{'throttled':>10}{'lost':>6}  writer's own account")
for label, wall, stored, counts, note in rows:
    units = counts["write_units"]
    calls = counts["operations"].get("BatchWriteItem", 0) + counts["over_capacity"]
    print(f"{label:32}{wall:7.1f}s{stored / wall:9.0f}{units / wall:7.0f}{units / wall / table_wcu:8.0%} "
          f"{calls:6d}{counts['over_capacity']:10d}{items - stored:6d}  {note}")
print("calls: BatchWriteItem calls sent (forwarded and refused); throttled: refused by the proxy; "
      "lost: dataset items not in the table afterwards; WU/s: units DynamoDB Local reported "
      "consumed, over the writer's wall time")
