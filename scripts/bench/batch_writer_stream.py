"""Baseline for `cruddur ddb seed --synthetic`: the items of a `ddb export`
file (DynamoDB JSON lines) written by 8 threads, each with its own boto3
client and boto3 batch writer (25 items a request, unprocessed items resent
by boto3). The file is read as the threads write: a bounded queue between
the reader and the writers keeps memory flat, as the generator does for
cruddur. Prints the number of items written.

    python3 batch_writer_stream.py ENDPOINT TABLE FILE [THREADS]
"""
import json
import queue
import sys
import threading

import boto3
from boto3.dynamodb.table import BatchWriter

endpoint, table, path = sys.argv[1:4]
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 8
DONE = None
work = queue.Queue(maxsize=4 * 25 * threads)
written = [0] * threads


def write(n):
    # A low-level client takes the export's typed items as they are.
    client = boto3.session.Session().client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="benchmark",
        aws_secret_access_key="benchmark",
    )
    with BatchWriter(table, client) as batch:
        while True:
            item = work.get()
            if item is DONE:
                break
            batch.put_item(Item=item)
            written[n] += 1


workers = [threading.Thread(target=write, args=(i,)) for i in range(threads)]
for w in workers:
    w.start()
with open(path, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            work.put(json.loads(line)["Item"])
for _ in workers:
    work.put(DONE)
for w in workers:
    w.join()
print(sum(written))
