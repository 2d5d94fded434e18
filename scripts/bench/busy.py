#!/usr/bin/env python3
"""Driver of scripts/bench-busy: cruddur's bulk writer and stream-sync
against boto3 baselines, on a fresh warmed DynamoDB Local per run, bare,
behind a proxy that adds round-trip latency, and under a fault mix.

    python3 busy.py CRUDDUR_BIN TEST_BIN WORK_DIR LINES FAULT_LINES RUNS [SCENARIO...]

SCENARIO: bare, rtt10, faults, sync-bare, sync-rtt10 (default: all).
BENCH_SEED_ARGS adds options to cruddur's seed (e.g. `--max-in-flight 8`).
The environment carries CONNECTION_URL (a seeded Postgres database),
DDB_LOCAL_PORT and DDB_LOCAL_IN_MEMORY=1; BENCH_PROXY_PORT is the proxy's port.
"""
import datetime
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid

import boto3

import server_threads

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SERVICES = os.path.join(ROOT, "scripts", "local-services")

bin_, test_bin, work = sys.argv[1:4]
lines, fault_lines, runs = (int(a) for a in sys.argv[4:7])
scenarios = sys.argv[7:] or ["bare", "rtt10", "faults", "sync-bare", "sync-rtt10"]
ddb_url = f"http://127.0.0.1:{os.environ['DDB_LOCAL_PORT']}"
proxy_port = int(os.environ.get("BENCH_PROXY_PORT", "8769"))
proxy_url = f"http://127.0.0.1:{proxy_port}"


def run(cmd, endpoint=None, check=True, quiet=True):
    env = dict(os.environ)
    if endpoint:
        env["AWS_ENDPOINT_URL_DYNAMODB"] = endpoint
    out = subprocess.run(
        cmd,
        env=env,
        check=False,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if quiet else None,
        text=True,
    )
    if check and out.returncode != 0:
        sys.exit(f"bench-busy: {' '.join(cmd)} failed ({out.returncode}):\n{out.stderr}")
    return out


def cruddur(*args, endpoint=ddb_url, check=True):
    return run([bin_, *args], endpoint=endpoint, check=check)


def conversation(n, path):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            print(f"Person {1 + i % 2}: benchmark message number {i}, long enough to look like a real one", file=f)


def dry_run(conv, path, group=None):
    args = ["--output", "json", "ddb", "seed", "--dry-run", "--file", conv]
    if group:
        args += ["--group-uuid", group]
    # The dry run's JSON holds the plan and the items; the baselines want the items.
    items = json.loads(cruddur(*args).stdout)["items"]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(items, f)
    return len(items)


def client(endpoint=ddb_url):
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="benchmark",
        aws_secret_access_key="benchmark",
    )


def count(table):
    total, start = 0, None
    c = client()
    while True:
        kw = {"TableName": table, "Select": "COUNT"}
        if start:
            kw["ExclusiveStartKey"] = start
        page = c.scan(**kw)
        total += page["Count"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return total


WARM_ROUNDS = 3


def fresh_server(warm):
    """A new in-memory DynamoDB Local, warmed through every request path."""
    run([SERVICES, "stop", "dynamodb"], check=False)
    run([SERVICES, "start", "dynamodb"])
    cruddur("--table", "warm-up", "ddb", "schema-load", "--no-stream")
    # About 19,000 writes: after 6,500 the server's JIT compiler still took
    # as much CPU as its write queue during a measured seed of 2,000 items,
    # and whoever wrote then was timed on a server half compiled.
    for _ in range(WARM_ROUNDS):
        cruddur("--table", "warm-up", "ddb", "seed", "--file", warm["conv"])
        run([sys.executable, os.path.join(HERE, "batch_threads.py"), ddb_url, "warm-up", warm["items"]])
    run([sys.executable, os.path.join(HERE, "put_one_by_one.py"), ddb_url, "warm-up", warm["small"]])
    cruddur("--table", "warm-up", "ddb", "drop", "--yes")


def server_pid():
    """The process id of the DynamoDB Local that scripts/local-services started."""
    port = os.environ["DDB_LOCAL_PORT"]
    return int(open(os.path.join(ROOT, ".local", "run", f"dynamodb-{port}.pid")).read())


class Proxy:
    def __init__(self, faults):
        env = dict(os.environ)
        env.update(
            CRUDDUR_PROXY_UPSTREAM=ddb_url,
            CRUDDUR_PROXY_PORT=str(proxy_port),
            CRUDDUR_PROXY_FAULTS=faults,
        )
        self.proc = subprocess.Popen(
            [test_bin, "--ignored", "--exact", "support::fault_proxy::serve_until_stopped", "--nocapture"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", proxy_port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        sys.exit("bench-busy: the fault proxy did not start")

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.proc.kill()
        self.proc.wait()


def seed_cruddur(table, endpoint, data):
    extra = os.environ.get("BENCH_SEED_ARGS", "").split()
    out = cruddur("--table", table, "--output", "json", "ddb", "seed", "--file", data["conv"], *extra,
                  endpoint=endpoint)
    return json.loads(out.stdout)["seconds"]


def seed_boto3(table, endpoint, data):
    out = run([sys.executable, os.path.join(HERE, "batch_threads.py"), endpoint, table, data["items"]])
    return float(out.stdout)


def seed_loop(table, endpoint, data):
    out = run([sys.executable, os.path.join(HERE, "put_one_by_one.py"), endpoint, table, data["items"]])
    return float(out.stdout)


WRITERS = {
    "cruddur": ("cruddur ddb seed", seed_cruddur),
    "boto3": ("boto3 batch writer, 8 threads", seed_boto3),
    "loop": ("one PutItem per item (old script)", seed_loop),
}


def bench_writes(name, faults, data, writers):
    times = {w: [] for w in writers}
    for r in range(runs):
        order = writers[r % len(writers):] + writers[: r % len(writers)]
        for w in order:
            # A server of its own: DynamoDB Local slows down as its streams
            # fill, which would favour whoever writes first.
            fresh_server(warm)
            table = f"bench-{w}-{r}"
            cruddur("--table", table, "ddb", "schema-load")
            pid = server_pid()
            before = server_threads.threads(pid)
            if faults is None:
                start = time.perf_counter()
                t = WRITERS[w][1](table, ddb_url, data)
                wall = time.perf_counter() - start
            else:
                with Proxy(f"{faults},seed={r + 1}"):
                    start = time.perf_counter()
                    t = WRITERS[w][1](table, proxy_url, data)
                    wall = time.perf_counter() - start
            used = server_threads.used_since(pid, before)
            queue, jit = server_threads.queue_cpu(used), server_threads.compiler_cpu(used)
            n = count(table)
            if n != data["n"]:
                sys.exit(f"bench-busy: {w} left {n} items of {data['n']} in {name}")
            times[w].append((t, wall))
            print(f"  {name} run {r + 1}: {WRITERS[w][0]}: {t:.3f}s, process {wall:.3f}s ({n} items); "
                  f"server: {queue:.2f}s on its write queue, {jit:.2f}s compiling", flush=True)
    return times


def sync_setup(table, groups, per_group):
    """A stream table with `groups` seeded conversations whose records are
    already drained, then `per_group` new messages in each."""
    cruddur("--table", table, "ddb", "schema-load")
    gids = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"cruddur-bench-{k}")) for k in range(groups)]
    for g in gids:
        cruddur("--table", table, "ddb", "seed", "--file", sync_conv, "--group-uuid", g)
    checkpoint = os.path.join(work, f"{table}.checkpoint")
    cruddur("--table", table, "ddb", "stream-sync", "--once", "--checkpoint", checkpoint)
    template = next(i for i in json.load(open(sync_items, encoding="utf-8")) if i["pk"].startswith("MSG#"))
    base = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=1)
    res = boto3.resource(
        "dynamodb", endpoint_url=ddb_url, region_name="us-east-1",
        aws_access_key_id="benchmark", aws_secret_access_key="benchmark",
    ).Table(table)
    with res.batch_writer() as batch:
        for g in gids:
            for i in range(per_group):
                item = dict(template)
                item["pk"] = f"MSG#{g}"
                item["sk"] = (base + datetime.timedelta(seconds=i)).isoformat(timespec="microseconds")
                item["message_uuid"] = str(uuid.uuid4())
                item["message"] = f"benchmark follow-up {i}"
                batch.put_item(Item=item)
    return checkpoint


def bench_sync(name, rtt, groups=200, per_group=10):
    times = []
    for r in range(runs):
        fresh_server(warm)
        table = f"bench-sync-{r}"
        checkpoint = sync_setup(table, groups, per_group)

        def once(endpoint):
            start = time.perf_counter()
            out = cruddur("--table", table, "--output", "json", "ddb", "stream-sync", "--once",
                          "--checkpoint", checkpoint, endpoint=endpoint)
            took = time.perf_counter() - start
            lines = out.stdout.strip().splitlines()
            last = json.loads(lines[-1]) if lines else {}
            # Builds older than the summary line print only the updates.
            summary = last.get("summary") or {"updates": len(lines), "skipped": 0}
            return took, summary

        if rtt:
            with Proxy("rtt_ms=10"):
                took, summary = once(proxy_url)
        else:
            took, summary = once(ddb_url)
        if summary["updates"] < groups or summary["skipped"]:
            sys.exit(f"bench-busy: stream-sync applied {summary} for {groups} conversations")
        times.append((took, took))
        print(f"  {name} run {r + 1}: stream-sync --once: {took:.3f}s ({summary})", flush=True)
    return times


os.makedirs(work, exist_ok=True)
warm = {"conv": os.path.join(work, "warm.txt"), "items": os.path.join(work, "warm.json"),
        "small": os.path.join(work, "warm-small.json")}
conversation(3000, warm["conv"])
dry_run(warm["conv"], warm["items"], "00000000-0000-0000-0000-00000000beef")
conversation(500, os.path.join(work, "warm-small.txt"))
dry_run(os.path.join(work, "warm-small.txt"), warm["small"], "00000000-0000-0000-0000-00000000feed")

data = {}
for key, n in (("write", lines), ("faults", fault_lines)):
    conv, items = os.path.join(work, f"{key}.txt"), os.path.join(work, f"{key}.json")
    conversation(n, conv)
    data[key] = {"conv": conv, "items": items, "n": dry_run(conv, items)}
sync_conv, sync_items = os.path.join(work, "sync.txt"), os.path.join(work, "sync.json")
conversation(2, sync_conv)
dry_run(sync_conv, sync_items)

results = []
for s in scenarios:
    if s == "bare":
        results.append((s, data["write"]["n"], bench_writes(s, None, data["write"], ["cruddur", "boto3", "loop"])))
    elif s == "rtt10":
        results.append((s, data["write"]["n"], bench_writes(s, "rtt_ms=10", data["write"], ["cruddur", "boto3", "loop"])))
    elif s == "faults":
        results.append((s, data["faults"]["n"], bench_writes(s, "busy", data["faults"], ["cruddur", "boto3"])))
    elif s in ("sync-bare", "sync-rtt10"):
        results.append((s, 2000, {"stream-sync": bench_sync(s, s == "sync-rtt10")}))
    else:
        sys.exit(f"bench-busy: unknown scenario {s}")

print()
print("own: the tool's own figure (cruddur: the whole command as its JSON reports it; boto3: the writes);")
print("process: the process from start to exit, interpreter and imports included. Medians; ratios of medians.")
print(f"{'scenario':<11}{'tool':<36}{'own':>9}{'process':>9}{'items/s':>9}  own vs boto3  process vs boto3  own vs loop")
for s, n, times in results:
    own = {w: statistics.median(x[0] for x in t) for w, t in times.items()}
    proc = {w: statistics.median(x[1] for x in t) for w, t in times.items()}
    for w in times:
        label = WRITERS[w][0] if w in WRITERS else "cruddur ddb stream-sync --once"
        vs_boto = f"{own['boto3'] / own[w]:.2f}x" if "boto3" in own else "-"
        vs_boto_p = f"{proc['boto3'] / proc[w]:.2f}x" if "boto3" in proc else "-"
        vs_loop = f"{own['loop'] / own[w]:.1f}x" if "loop" in own else "-"
        print(f"{s:<11}{label:<36}{own[w]:>8.3f}s{proc[w]:>8.3f}s{n / own[w]:>9.0f}  {vs_boto:>12}  {vs_boto_p:>15}  {vs_loop:>11}")
