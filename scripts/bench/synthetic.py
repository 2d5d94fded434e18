"""Measures `cruddur ddb seed --synthetic` against an 8-thread boto3 batch
writer writing the same items, each on a fresh in-memory DynamoDB Local of
its own (warmed first), against the server's floor; then `patterns report`
on the seeded table.

    python3 synthetic.py CRUDDUR_BIN JAR_DIR PORT WORKDIR USERS CONVERSATIONS MESSAGES

The floor: the server's own CPU time for the items (the Java process's
user and system time, /proc/PID/stat, while that writer writes them: items
times its CPU per item in that run) spread over all the machine's cores.
No client can make the server take the items faster than that; a writer's
wall time over the floor is what its requests, its own CPU and the
server's one-at-a-time writes add. A calibration seed of 50,000 items on
each server, after the warm-up, gives the server's CPU and wall time per
item once more. Client CPU is the process's user and system time (wait4),
peak RSS its ru_maxrss.
"""
import atexit
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
        atexit.register(self.stop)
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
        if self.proc.poll() is None:
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
    export_lines("warm-a", warm_file)
    table("warm-b")
    run([python, os.path.join(here, "batch_writer_stream.py"), endpoint, "warm-b", warm_file])
    table("calibration")
    before = server.cpu()
    wall, _, _ = run(seed("calibration", CALIBRATION))
    per_item = ((server.cpu() - before) / 50_000, wall / 50_000)
    for t in ["warm-a", "warm-b", "calibration"]:
        run(cruddur("--table", t, "ddb", "drop"))
    return per_item, wall


def boto3_client():
    import boto3
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="benchmark", aws_secret_access_key="benchmark")


# Scan pages of 1,000 items: on a table of a million items DynamoDB Local
# takes over 10 s for a page without a Limit (1 MB), and 0.03 s for 2,000.
PAGE = {"PaginationConfig": {"PageSize": 1000}}


def count(name):
    n = 0
    for page in boto3_client().get_paginator("scan").paginate(TableName=name, Select="COUNT", **PAGE):
        n += page["Count"]
    return n


def export_lines(name, path):
    """The table's items as `ddb export` lines ({"Item": ...}), for the boto3 writer."""
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for page in boto3_client().get_paginator("scan").paginate(TableName=name, **PAGE):
            for item in page["Items"]:
                f.write(json.dumps({"Item": item}, separators=(",", ":")) + "\n")
                n += 1
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
print(f"cruddur: {items:,} items in {wall:.1f}s, client CPU {cpu:.1f}s, peak RSS {rss:.1f} MiB, "
      f"server CPU {server_cpu:.1f}s", flush=True)

# The report on the seeded table.
report_wall, report_json, _ = run(cruddur("--table", "bench", "-o", "json", "patterns", "report",
                                          "--samples", "100", "--random-seed", "1"))
_, report_table, _ = run(cruddur("--table", "bench", "patterns", "report", "--samples", "100",
                                 "--random-seed", "1"))
print(f"patterns report: {report_wall:.1f}s", flush=True)
export = os.path.join(work, "bench.json")
if export_lines("bench", export) != items:
    sys.exit("the export of the seeded table does not hold every item")
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
cores = os.cpu_count()
print(f"{'writer':32}{'wall':>9}{'items/s':>9}{'floor':>9}{'wall/floor':>11}"
      f"{'client CPU/100k':>16}{'server CPU':>11}{'per item':>10}{'peak RSS':>12}")
for name, n, wall, cpu, rss, server_cpu, _ in rows:
    floor = server_cpu / cores
    print(f"{name:32}{wall:8.1f}s{n / wall:9.0f}{floor:8.1f}s{wall / floor:10.2f}x"
          f"{cpu / n * 100_000:15.2f}s{server_cpu:10.1f}s{server_cpu / n * 1000:8.3f}ms{rss:8.1f} MiB")
print(f"floor: the server's CPU time in the writer's run over {cores} cores. Calibration (50,000 items "
      f"by cruddur after the warm-up): server CPU {rows[0][6][0] * 1000:.3f} / {rows[1][6][0] * 1000:.3f} ms "
      f"an item, wall {rows[0][6][1] * 1000:.3f} / {rows[1][6][1] * 1000:.3f} ms an item (cruddur's server / boto3's)")
print()
print(f"patterns report --samples 100 on {items:,} items: {report_wall:.1f}s")
print(report_table.rstrip())
with open(os.path.join(work, "report.json"), "w") as f:
    f.write(report_json)
print(f"(JSON report: {os.path.join(work, 'report.json')})")
