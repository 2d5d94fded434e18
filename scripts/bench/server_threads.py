"""CPU time of a server process and of each of its threads, from /proc.

DynamoDB Local runs every table operation on one thread (sqlite4java's
queue, `SQLiteQueue[]`); its JIT compilers (`C1 CompilerThre`, `C2
CompilerThre`) run beside it while new code paths warm up. A benchmark
snapshots the threads before a writer runs and reads what each used since.
"""
import os

TICK = os.sysconf("SC_CLK_TCK")


def ticks(stat):
    """User and system time of a /proc stat file, in seconds."""
    fields = open(stat).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def process_cpu(pid):
    """The process's CPU time so far, in seconds."""
    return ticks(f"/proc/{pid}/stat")


def threads(pid):
    """Each thread's CPU time so far, by thread id: (name, seconds)."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            name = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
            out[tid] = (name, ticks(f"/proc/{pid}/task/{tid}/stat"))
        except OSError:
            pass  # the thread ended
    return out


def used_since(pid, before):
    """What each thread used since `before` (a threads() snapshot): [(seconds, name)]."""
    return [(cpu - before.get(tid, (name, 0.0))[1], name) for tid, (name, cpu) in threads(pid).items()]


def queue_cpu(used):
    """CPU seconds of DynamoDB Local's write queue (`SQLiteQueue[]`) in `used` (from used_since).

    Not simply the busiest thread: during a short run the JIT compiler can use more."""
    queue = [cpu for cpu, name in used if name.startswith("SQLiteQueue")]
    if not queue:
        raise SystemExit("no SQLiteQueue thread in the server: not DynamoDB Local?")
    return sum(queue)


def compiler_cpu(used):
    """CPU seconds of the JIT compiler threads in `used` (from used_since)."""
    return sum(cpu for cpu, name in used if name.startswith(("C1 Compiler", "C2 Compiler")))
