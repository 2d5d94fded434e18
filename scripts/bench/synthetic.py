"""Measures `cruddur ddb seed --synthetic` against an 8-thread boto3 batch
writer writing the same items, each on a fresh in-memory DynamoDB Local of
its own (warmed first), against the server's floor; then `patterns report`
on the seeded table.

    python3 synthetic.py CRUDDUR_BIN JAR_DIR PORT WORKDIR USERS CONVERSATIONS MESSAGES

The floor: DynamoDB Local runs every table operation as a job on one
thread (sqlite4java's queue, named `SQLiteQueue[]`), so no client can make
it take the items faster than that thread's own CPU time while the writer
writes them (/proc/PID/task/TID/stat). The floor is that time, or the
server's whole CPU time spread over the machine's cores if that is longer
(both are printed); a writer's wall time over the floor is what its
requests, its own CPU and the gaps in the queue add. A calibration seed of
50,000 items on each server, after the warm-up, gives the server's CPU per
item once more. Client CPU is the process's user and system time (wait4);
peak RSS comes from GNU time (`/usr/bin/time -f %M`), which forks from a
small process: a child that Python starts carries Python's own resident
memory into its high-water mark (vfork), so wait4's ru_maxrss would count
the benchmark's memory as the writer's.
"""
import atexit
import json
import os
import subprocess
import sys
import time
import urllib.request

import server_threads

bin_path, jar_dir, port, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
users, conversations, messages = sys.argv[5], sys.argv[6], sys.argv[7]
python = sys.executable
here = os.path.dirname(os.path.abspath(__file__))
endpoint = f"http://127.0.0.1:{port}"
env = dict(os.environ, AWS_ENDPOINT_URL_DYNAMODB=endpoint)
env.pop("CONNECTION_URL", None)  # synthetic users: the same items on every machine
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
    """Runs a command under GNU time: (wall s, CPU s, peak RSS MiB, stdout, stderr)."""
    rss_file = os.path.join(work, "rss")
    start = time.monotonic()
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file, *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    if status != 0:
        sys.exit(f"{' '.join(args)} failed:\n{err.decode()}")
    rss_kib = int(open(rss_file).read().split()[-1])
    return wall, usage.ru_utime + usage.ru_stime, rss_kib / 1024, out.decode(), err.decode()


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
        return server_threads.process_cpu(self.proc.pid)

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


def measure(server, name, args):
    """One writer's run on `server`: a row of the table, and the writer's stdout."""
    before, threads = server.cpu(), server_threads.threads(server.proc.pid)
    wall, cpu, rss, out, _ = run_measured(args)
    queue_cpu = server_threads.queue_cpu(server_threads.used_since(server.proc.pid, threads))
    server_cpu = server.cpu() - before
    print(f"{name}: {wall:.1f}s, client CPU {cpu:.1f}s, peak RSS {rss:.1f} MiB, server CPU "
          f"{server_cpu:.1f}s, of it {queue_cpu:.1f}s on its write queue", flush=True)
    return {"name": name, "wall": wall, "cpu": cpu, "rss": rss, "server_cpu": server_cpu,
            "queue_cpu": queue_cpu}, out


# cruddur, on a server of its own.
server = Server()
calibration = [warm_and_calibrate(server)[0]]
table("bench")
row, out = measure(server, "cruddur ddb seed --synthetic", seed("bench", shape))
summary = json.loads(out)
items = summary["items_written"]
rows.append(row)

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
calibration.append(warm_and_calibrate(server)[0])
table("bench")
row, out = measure(server, "boto3 batch writer, 8 threads",
                   [python, os.path.join(here, "batch_writer_stream.py"), endpoint, "bench", export])
boto_items = int(out.strip())
stored = count("bench")
server.stop()
if boto_items != items or stored != items:
    sys.exit(f"boto3 wrote {boto_items} of {items} items, the table holds {stored}")
rows.append(row)

print(f"dataset: --users {users} --conversations {conversations} --messages {messages} --skew 1.0 "
      f"--random-seed 2026: {items:,} items ({summary['dataset']['conversations']:,} conversations, "
      f"{summary['dataset']['messages']:,} messages), {summary['consumed_write_units']:,.0f} write units")
print(f"load average at the start: {' '.join(load)}; at the end: "
      f"{' '.join(open('/proc/loadavg').read().split()[:3])}")
cores = os.cpu_count()
print(f"{'writer':31}{'wall':>8}{'items/s':>8}{'queue':>8}{'CPU/' + str(cores):>8}{'floor':>8}"
      f"{'wall/floor':>11}{'client CPU/100k':>16}{'server CPU/item':>16}{'peak RSS':>11}")
for r in rows:
    spread = r["server_cpu"] / cores
    floor = max(r["queue_cpu"], spread)
    print(f"{r['name']:31}{r['wall']:7.1f}s{items / r['wall']:8.0f}{r['queue_cpu']:7.1f}s{spread:7.1f}s"
          f"{floor:7.1f}s{r['wall'] / floor:10.2f}x{r['cpu'] / items * 100_000:15.2f}s"
          f"{r['server_cpu'] / items * 1000:14.3f}ms{r['rss']:7.1f} MiB")
print(f"queue: the CPU time of the server's SQLiteQueue[] thread, which runs every table operation; "
      f"CPU/{cores}: the server's CPU time "
      f"over {cores} cores; floor: the longer of the two. Calibration (50,000 items by cruddur after the "
      f"warm-up): server CPU {calibration[0][0] * 1000:.3f} / {calibration[1][0] * 1000:.3f} ms an item, "
      f"wall {calibration[0][1] * 1000:.3f} / {calibration[1][1] * 1000:.3f} ms an item "
      "(cruddur's server / boto3's)")
print()
print(f"patterns report --samples 100 on {items:,} items: {report_wall:.1f}s")
print(report_table.rstrip())
with open(os.path.join(work, "report.json"), "w") as f:
    f.write(report_json)
print(f"(JSON report: {os.path.join(work, 'report.json')})")
