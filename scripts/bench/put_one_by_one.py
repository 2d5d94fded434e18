#!/usr/bin/env python3
"""Baseline for scripts/bench-seed: write items one PutItem at a time, in
order, the way the old Python seed script did. Reads the items (plain JSON,
the `items` of `cruddur ddb seed --dry-run --output json`) and prints the
seconds the writes took."""
import json
import sys
import time

import boto3


def main() -> None:
    endpoint, table, path = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(path, encoding="utf-8") as f:
        items = json.load(f)
    client = boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="benchmark",
        aws_secret_access_key="benchmark",
    )
    start = time.perf_counter()
    for item in items:
        typed = {k: {"S": v} for k, v in item.items()}
        client.put_item(TableName=table, Item=typed)
    print(f"{time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main()
