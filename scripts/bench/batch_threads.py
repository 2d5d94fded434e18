#!/usr/bin/env python3
"""Baseline for scripts/bench-busy: write items with 8 threads, each with
its own boto3 batch writer (25 items a request; boto3 resends unprocessed
items and botocore retries throttling, 5xx and dropped connections, up to
10 attempts for DynamoDB). Reads the items (the `items` of `cruddur ddb seed --dry-run
--output json`, saved as a JSON array) and prints the seconds the writes took.

    python3 batch_threads.py ENDPOINT TABLE ITEMS.json [THREADS]
"""
import json
import sys
import threading
import time

import boto3


def main() -> None:
    endpoint, table, path = sys.argv[1:4]
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    with open(path, encoding="utf-8") as f:
        items = json.load(f)
    tables = [
        boto3.session.Session()
        .resource(
            "dynamodb",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="benchmark",
            aws_secret_access_key="benchmark",
        )
        .Table(table)
        for _ in range(threads)
    ]

    def write(n: int) -> None:
        with tables[n].batch_writer() as batch:
            for item in items[n::threads]:
                batch.put_item(Item=item)

    workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(f"{time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main()
