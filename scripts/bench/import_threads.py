"""Baseline for `cruddur ddb import`: the items of an export file written by
8 threads, each with its own boto3 batch writer (25 items a request,
unprocessed items resent by boto3).

    python3 import_threads.py ENDPOINT TABLE FILE [THREADS]
"""
import json
import sys
import threading

import boto3
from boto3.dynamodb.types import TypeDeserializer

endpoint, table, path = sys.argv[1:4]
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 8

deserialize = TypeDeserializer().deserialize
with open(path, encoding="utf-8") as f:
    items = [
        {k: deserialize(v) for k, v in json.loads(line)["Item"].items()}
        for line in f
        if line.strip()
    ]


def write(part):
    resource = boto3.session.Session().resource(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="cruddurlocal",
        aws_secret_access_key="cruddurlocal",
    )
    with resource.Table(table).batch_writer() as batch:
        for item in part:
            batch.put_item(Item=item)


workers = [
    threading.Thread(target=write, args=(items[i::threads],)) for i in range(threads)
]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(len(items))
