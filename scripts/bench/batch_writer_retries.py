"""The boto3 baseline against a throttling table: the items of a `ddb export`
file (DynamoDB JSON lines) written by 8 threads, each with its own boto3
client and boto3 batch writer, as batch_writer_stream.py does, with
botocore's "standard" retry mode (3 attempts, exponential backoff with
jitter, a retry quota) and nothing else: what an application gets from the
SDK as it comes.

Two differences from batch_writer_stream.py, both for the measurement:
- every BatchWriteItem asks for ReturnConsumedCapacity TOTAL, so that a
  proxy counting the units the answers report sees this writer's units (a
  real table counts them whether they are asked for or not);
- a call that still fails once its retries are spent does not end the
  thread: the error is counted and the thread goes on. boto3's batch writer
  has taken the call's items off its buffer before sending, so they are
  lost, as they are for an application that logs the error and carries on.

Prints one JSON line: items handed to the batch writers, and the calls
that failed after their retries with the error codes.

    python3 batch_writer_retries.py ENDPOINT TABLE FILE [THREADS]
"""
import collections
import json
import queue
import sys
import threading

import boto3
from boto3.dynamodb.table import BatchWriter
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, table, path = sys.argv[1:4]
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 8
DONE = None
work = queue.Queue(maxsize=4 * 25 * threads)
handed = [0] * threads
failures = collections.Counter()
lock = threading.Lock()


def ask_for_capacity(params, **_):
    params.setdefault("ReturnConsumedCapacity", "TOTAL")


def write(n):
    client = boto3.session.Session().client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="benchmark",
        aws_secret_access_key="benchmark",
        config=Config(retries={"mode": "standard"}),
    )
    client.meta.events.register("before-parameter-build.dynamodb.BatchWriteItem", ask_for_capacity)
    batch = BatchWriter(table, client)
    while True:
        item = work.get()
        if item is DONE:
            break
        try:
            batch.put_item(Item=item)
        except ClientError as e:
            with lock:
                failures[e.response.get("Error", {}).get("Code", "?")] += 1
        handed[n] += 1
    # What is left in the buffer (and what comes back unprocessed).
    while batch._items_buffer:
        try:
            batch._flush()
        except ClientError as e:
            with lock:
                failures[e.response.get("Error", {}).get("Code", "?")] += 1


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
print(json.dumps({"items": sum(handed), "failed_calls": sum(failures.values()),
                  "errors": dict(failures)}))
