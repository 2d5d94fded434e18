"""Measures `cruddur ddb seed --synthetic` against an 8-thread boto3 batch
writer writing the same items, each on a fresh in-memory DynamoDB Local of
its own (warmed first), against the server's floor; then `patterns report`
on the seeded table.

    python3 synthetic.py CRUDDUR_BIN JAR_DIR PORT WORKDIR USERS CONVERSATIONS MESSAGES

The floor: the server's own CPU time per item (the Java process's user and
system time, /proc/PID/stat), measured on the same server in the same run
while it takes a calibration seed of 50,000 items, times the items.
DynamoDB Local applies writes one at a time, so no client can write them
faster than that. Client CPU is the process's user and system time
(wait4), peak RSS its ru_maxrss.
"""
import json
import os
import subprocess
import sys
import time
import urllib.request

bin_path, jar_dir, port, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
users, conversations, messages = sys.argv[5], sys.argv[6], sys.argv[7]
python = sys.executable
here = os.path.dirname(os.path.abspath(__file__))
endpoint = f"http://127.0.0.1:{port}"
env = dict(os.environ, AWS_ENDPOINT_URL_DYNAMODB=endpoint)
env.pop("CONNECTION_URL", None)  # synthetic users: the same items on every machine
TICK = os.sysconf("SC_CLK_TCK")
CALIBRATION = ["--users", "500", "--conversations", "10", "--messages", "19"]  # 50,000 items


def run(args):
    """Runs a command: (wall s, stdout, stderr); a failure ends the benchmark."""
    start = time.monotonic()
    proc = subprocess.run(args, env=env, capture_output=True)
    wall = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{proc.stderr.decode()}")
    return wall, proc.stdout.decode(), proc.stderr.decode()


def run_measured(args):
    """Runs a command, waiting with wait4 for its resource usage."""
    start = time.monotonic()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    if status != 0:
        sys.exit(f"{' '.join(args)} failed:\n{err.decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.decode(), err.decode()


class Server:
    """A fresh in-memory DynamoDB Local of this run's own."""

    def __init__(self):
        self.proc = subprocess.Popen(
            ["java", f"-Djava.library.path={jar_dir}/DynamoDBLocal_lib", "-jar",
             f"{jar_dir}/DynamoDBLocal.jar", "-sharedDb", "-inMemory", "-port", str(port)],
            cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(240):
            try:
                urllib.request.urlopen(endpoint, timeout=1)
            except urllib.error.HTTPError:
                return  # it answers (400 without a signature)
            except OSError:
                time.sleep(0.25)
        sys.exit("DynamoDB Local did not start")

    def cpu(self):
        fields = open(f"/proc/{self.proc.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def cruddur(*args):
    return [bin_path, *args]


def table(name):
    run(cruddur("--table", name, "ddb", "schema-load", "--no-stream"))


def seed(name, shape):
    return cruddur("--table", name, "-o", "json", "ddb", "seed", "--synthetic", *shape)


def warm_and_calibrate(server):
    """A few thousand writes through both writers, then the floor per item."""
    table("warm-a")
    run(seed("warm-a", ["--users", "50", "--conversations", "10", "--messages", "10"]))
    warm_file = os.path.join(work, "warm.json")
    run(cruddur("--table", "warm-a", "ddb", "export", "--file", warm_file))
    table("warm-b")
    run([python, os.path.join(here, "batch_writer_stream.py"), endpoint, "warm-b", warm_file])
    table("calibration")
    before = server.cpu()
    wall, _, _ = run(seed("calibration", CALIBRATION))
    per_item = (server.cpu() - before) / 50_000
    for t in ["warm-a", "warm-b", "calibration"]:
        run(cruddur("--table", t, "ddb", "drop"))
    return per_item, wall


def count(name):
    import boto3
    client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="benchmark", aws_secret_access_key="benchmark")
    n = 0
    for page in client.get_paginator("scan").paginate(TableName=name, Select="COUNT"):
        n += page["Count"]
    return n


rows = []
shape = ["--users", users, "--conversations", conversations, "--messages", messages,
         "--skew", "1.0", "--random-seed", "2026"]
load = open("/proc/loadavg").read().split()[:3]

# cruddur, on a server of its own.
server = Server()
floor_per_item, calibration_wall = warm_and_calibrate(server)
table("bench")
before = server.cpu()
wall, cpu, rss, out, _ = run_measured(seed("bench", shape))
server_cpu = server.cpu() - before
summary = json.loads(out)
items = summary["items_written"]
rows.append(("cruddur ddb seed --synthetic", items, wall, cpu, rss, server_cpu, floor_per_item))

# The report on the seeded table.
report_wall, report_json, _ = run(cruddur("--table", "bench", "-o", "json", "patterns", "report",
                                          "--samples", "100", "--random-seed", "1"))
_, report_table, _ = run(cruddur("--table", "bench", "patterns", "report", "--samples", "100",
                                 "--random-seed", "1"))
export = os.path.join(work, "bench.json")
run(cruddur("--table", "bench", "ddb", "export", "--file", export))
server.stop()

# boto3, on a fresh server of its own, the same items.
server = Server()
boto_floor, _ = warm_and_calibrate(server)
table("bench")
before = server.cpu()
wall, cpu, rss, out, _ = run_measured([python, os.path.join(here, "batch_writer_stream.py"),
                                       endpoint, "bench", export])
server_cpu = server.cpu() - before
boto_items = int(out.strip())
stored = count("bench")
server.stop()
if boto_items != items or stored != items:
    sys.exit(f"boto3 wrote {boto_items} of {items} items, the table holds {stored}")
rows.append(("boto3 batch writer, 8 threads", items, wall, cpu, rss, server_cpu, boto_floor))

print(f"dataset: --users {users} --conversations {conversations} --messages {messages} --skew 1.0 "
      f"--random-seed 2026: {items:,} items ({summary['dataset']['conversations']:,} conversations, "
      f"{summary['dataset']['messages']:,} messages), {summary['consumed_write_units']:,.0f} write units")
print(f"load average at the start: {' '.join(load)}; at the end: "
      f"{' '.join(open('/proc/loadavg').read().split()[:3])}")
print(f"{'writer':32}{'wall':>10}{'items/s':>10}{'floor':>10}{'wall/floor':>11}"
      f"{'CPU/100k':>10}{'server CPU':>12}{'peak RSS':>11}")
for name, n, wall, cpu, rss, server_cpu, per_item in rows:
    floor = n * per_item
    print(f"{name:32}{wall:9.1f}s{n / wall:10.0f}{floor:9.1f}s{wall / floor:10.2f}x"
          f"{cpu / n * 100_000:9.2f}s{server_cpu:11.1f}s{rss:8.1f} MiB")
print(f"floor: the server's CPU per item in a calibration seed of 50,000 items on the same server "
      f"({rows[0][6] * 1000:.3f} ms and {rows[1][6] * 1000:.3f} ms), times the items")
print()
print(f"patterns report --samples 100 on {items:,} items: {report_wall:.1f}s")
print(report_table.rstrip())
with open(os.path.join(work, "report.json"), "w") as f:
    f.write(report_json)
print(f"(JSON report: {os.path.join(work, 'report.json')})")
