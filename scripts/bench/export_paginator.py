"""Baseline for `cruddur ddb export`: a boto3 Scan paginator writing the same
DynamoDB JSON export lines ({"Item": {...}} per item) to a file.

    python3 export_paginator.py ENDPOINT TABLE OUT_FILE
"""
import json
import sys

import boto3

endpoint, table, out_path = sys.argv[1:4]
client = boto3.client(
    "dynamodb",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="cruddurlocal",
    aws_secret_access_key="cruddurlocal",
)
count = 0
with open(out_path, "w", encoding="utf-8") as out:
    for page in client.get_paginator("scan").paginate(TableName=table):
        for item in page["Items"]:
            # The benchmark's items hold no binary values (boto3 returns
            # those as bytes, which json cannot write).
            out.write(json.dumps({"Item": item}, separators=(",", ":")))
            out.write("\n")
            count += 1
print(count)
