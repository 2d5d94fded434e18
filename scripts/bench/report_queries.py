"""`cruddur patterns report` at scale beside the same Queries made by boto3
in one loop, on the same keys.

    python3 report_queries.py CRUDDUR_BIN JAR_DIR DDB_PORT RECORD_PORT WORKDIR \
        USERS CONVERSATIONS MESSAGES SAMPLES

A fresh in-memory DynamoDB Local is seeded by `cruddur ddb seed --synthetic`
(USERS x CONVERSATIONS x MESSAGES, --skew 1.0 --random-seed 2026), then:
1. the report, measured: `patterns report --samples N --random-seed 1
   -o json`, straight to the server (its reads A, B and B*, and its writes
   C, D and E into copies of sampled conversations, removed afterwards);
2. the keys it used: the same report again, `--read-only` with the same
   seed (the same sample), through a recording proxy of this script's own
   that keeps every Query's parameters; its items read and read units per
   pattern must equal those of run 1 (the same keys, the same pages);
3. boto3: one client, a DescribeTable first (the report's own connection is
   warm by its first Query too: it describes the table and samples keys
   first), then, one after another in the report's order, the recorded
   Queries of A and B (one page of 20, newest first, ReturnConsumedCapacity
   INDEXES) and, for B*, the recorded first page followed by
   LastEvaluatedKey to the end; each call timed with perf_counter.
Latency percentiles are nearest rank, as the report computes them.
"""
import atexit
import http.client
import http.server
import json
import math
import os
import subprocess
import sys
import threading
import time
import urllib.request

(bin_path, jar_dir, ddb_port, record_port, work,
 users, conversations, messages, samples) = sys.argv[1:10]
ddb_port, record_port = int(ddb_port), int(record_port)
ddb = f"http://127.0.0.1:{ddb_port}"
recorder = f"http://127.0.0.1:{record_port}"
base_env = dict(os.environ)
base_env.pop("CONNECTION_URL", None)  # synthetic users: the same items on every machine
shape = ["--users", users, "--conversations", conversations, "--messages", messages,
         "--skew", "1.0", "--random-seed", "2026"]
report_args = ["-o", "json", "patterns", "report", "--samples", samples, "--random-seed", "1"]


def run(args, endpoint=ddb):
    start = time.monotonic()
    proc = subprocess.run(args, env=dict(base_env, AWS_ENDPOINT_URL_DYNAMODB=endpoint),
                          capture_output=True)
    wall = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{proc.stderr.decode()}")
    return wall, proc.stdout.decode()


class Server:
    def __init__(self):
        self.proc = subprocess.Popen(
            ["java", f"-Djava.library.path={jar_dir}/DynamoDBLocal_lib", "-jar",
             f"{jar_dir}/DynamoDBLocal.jar", "-sharedDb", "-inMemory", "-port", str(ddb_port)],
            cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        atexit.register(self.stop)
        for _ in range(240):
            try:
                urllib.request.urlopen(ddb, timeout=1)
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.25)
        sys.exit("DynamoDB Local did not start")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


recorded = []  # the Query parameters, in the order they came


class Recorder(http.server.BaseHTTPRequestHandler):
    """Forwards each request to DynamoDB Local, keeping the Queries."""
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if (self.headers.get("X-Amz-Target") or "").endswith(".Query"):
            recorded.append(json.loads(body))
        if not hasattr(self, "upstream"):
            self.upstream = http.client.HTTPConnection("127.0.0.1", ddb_port)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
        self.upstream.request("POST", self.path, body=body, headers=headers)
        answer = self.upstream.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for k, v in answer.getheaders():
            if k.lower() not in ("content-length", "transfer-encoding", "connection", "date", "server"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def percentile(sorted_ms, p):
    rank = math.ceil(p / 100 * len(sorted_ms))
    return sorted_ms[min(max(rank, 1), len(sorted_ms)) - 1]


load = open("/proc/loadavg").read().split()[:3]
server = Server()
run([bin_path, "--table", "bench", "ddb", "schema-load", "--no-stream"])
seed_wall, out = run([bin_path, "--table", "bench", "-o", "json", "ddb", "seed", "--synthetic", *shape])
items = json.loads(out)["items_written"]
print(f"seeded {items:,} items in {seed_wall:.1f}s", flush=True)

# 1. The report, measured.
report_wall, out = run([bin_path, "--table", "bench", *report_args])
report = json.loads(out)
print(f"patterns report: {report_wall:.1f}s", flush=True)

# 2. Its keys, recorded from the same sample.
httpd = http.server.ThreadingHTTPServer(("127.0.0.1", record_port), Recorder)
threading.Thread(target=httpd.serve_forever, daemon=True).start()
_, out = run([bin_path, "--table", "bench", *report_args, "--read-only"], endpoint=recorder)
httpd.shutdown()
again = json.loads(out)
by_name = {p["pattern"]: p for p in report["patterns"]}
for p in again["patterns"]:
    mine = by_name[p["pattern"]]
    if (p["items_read"], p["read_units"]["total"], p["requests"]) != \
            (mine["items_read"], mine["read_units"]["total"], mine["requests"]):
        sys.exit(f"pattern {p['pattern']}: the recorded run read other pages than the measured one")


def pk(q):
    return q["ExpressionAttributeValues"][":pk"]["S"]


# The report's order: for each sample, A then B (one page); then B* for each
# user, its first page (no Limit, no ExclusiveStartKey) and the pages after.
calls = {"A": [], "B": [], "B*": []}
for q in recorded:
    if "Limit" in q:
        calls["A" if pk(q).startswith("MSG#") else "B"].append(q)
    elif "ExclusiveStartKey" not in q:
        calls["B*"].append(q)
for name, qs in calls.items():
    if len(qs) != by_name[name]["calls"]:
        sys.exit(f"pattern {name}: {len(qs)} Queries recorded, the report made {by_name[name]['calls']}")

# 3. boto3, one loop, the same Queries in the same order.
import boto3  # noqa: E402

client = boto3.client("dynamodb", endpoint_url=ddb, region_name="us-east-1",
                      aws_access_key_id="benchmark", aws_secret_access_key="benchmark")
client.describe_table(TableName="bench")
boto = {name: [] for name in calls}  # (ms, items, read units)


def timed(name, q, every_page):
    start = time.perf_counter()
    out = client.query(**q)
    n, units = out["Count"], out["ConsumedCapacity"]["CapacityUnits"]
    while every_page and "LastEvaluatedKey" in out:
        out = client.query(**q, ExclusiveStartKey=out["LastEvaluatedKey"])
        n += out["Count"]
        units += out["ConsumedCapacity"]["CapacityUnits"]
    boto[name].append(((time.perf_counter() - start) * 1000, n, units))


for a, b in zip(calls["A"], calls["B"]):
    timed("A", a, False)
    timed("B", b, False)
for q in calls["B*"]:
    timed("B*", q, True)

print()
print(f"table: {items:,} items (--users {users} --conversations {conversations} --messages {messages} "
      f"--skew 1.0 --random-seed 2026), seeded by cruddur in {seed_wall:.1f}s; DynamoDB Local in memory")
print(f"patterns report --samples {samples} --random-seed 1: {report_wall:.1f}s; sampled "
      f"{report['conversations_sampled']} conversations, {report['users_sampled']} users")
print(f"load average at the start: {' '.join(load)}; at the end: "
      f"{' '.join(open('/proc/loadavg').read().split()[:3])}")
print(f"{'pattern':52}{'calls':>6}{'items':>7}{'RCU':>7}  {'cruddur p50':>11}{'p95':>7}{'p99':>7}"
      f"  {'boto3 p50':>9}{'p95':>7}{'p99':>7}{'p50 ratio':>11}")
for p in report["patterns"]:
    name = p["pattern"]
    n = max(p["calls"], 1)
    mine = p["latency_ms"]
    units = p["read_units"]["mean"] + p["write_units"]["mean"]
    line = (f"{name + ' ' + p['what']:52}{p['calls']:6d}{(p['items_read'] + p['items_written']) / n:7.1f}"
            f"{units:7.2f}  {mine['p50']:11.2f}{mine['p95']:7.2f}{mine['p99']:7.2f}")
    if name in boto:
        ms = sorted(c[0] for c in boto[name])
        b_items = sum(c[1] for c in boto[name]) / len(ms)
        b_units = sum(c[2] for c in boto[name]) / len(ms)
        if abs(b_items - p["items_read"] / n) > 1e-9 or abs(b_units - p["read_units"]["mean"]) > 1e-6:
            sys.exit(f"pattern {name}: boto3 read {b_items} items / {b_units} RCU a call, "
                     f"the report {p['items_read'] / n} / {p['read_units']['mean']}")
        b50 = percentile(ms, 50)
        line += (f"  {b50:9.2f}{percentile(ms, 95):7.2f}{percentile(ms, 99):7.2f}"
                 f"{mine['p50'] / b50:10.2f}x")
    print(line)
print("items and RCU/WCU: per call (read and written, capacity units as DynamoDB reported them); "
      "latency in ms; p50 ratio: cruddur's over boto3's; boto3 read the same items and units per call")
