#!/usr/bin/python3
"""bench/org's referee: what the sandbox's world holds, read through the AWS APIs as carol.

Usage: org_world.py ENDPOINT CAROL_CODE before|after OU_ID [LIMIT]   (carol's keys in AWS_ACCESS_KEY_ID/...)

carol is alice's peer in the seed (group Operators, her own MFA device), so the check never uses
alice's MFA device: a code is accepted once per 30 s step per device, and alice's is guard's or the
CLI loop's. One GetSessionToken(MFA), the OU's ACTIVE accounts (the first LIMIT by id, if given),
then per account AssumeRole PrivilegedActionsRole chained from
it and DescribeInstances, 8 accounts at a time. Prints one JSON object: instance counts by
(cleanup-tagged or not, state), and the accounts that differ from what is expected: `before`, every
instance running; `after`, the tagged ones terminated and the others running.

Runs with the botocore that the Debian AWS CLI v2 bundles (awscli.botocore), else a plain botocore.
"""
import json
import os
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

try:
    from awscli.botocore.config import Config
    from awscli.botocore.session import get_session
except ImportError:  # a pip-installed AWS CLI or botocore
    from botocore.config import Config
    from botocore.session import get_session

endpoint, code, expect, ou = sys.argv[1:5]
limit = int(sys.argv[5]) if len(sys.argv) > 5 else 0
session = get_session()
config = Config(retries={"max_attempts": 5, "mode": "standard"}, max_pool_connections=16)


def client(service, creds=None):
    keys = {}
    if creds:
        keys = dict(
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
        )
    return session.create_client(service, region_name="us-east-1", endpoint_url=endpoint, config=config, **keys)


mfa = client("sts").get_session_token(SerialNumber="arn:aws:iam::111111111111:mfa/carol", TokenCode=code)
base = mfa["Credentials"]
sts = client("sts", base)
accounts = []
for page in client("organizations", base).get_paginator("list_accounts_for_parent").paginate(ParentId=ou):
    accounts += [a["Id"] for a in page["Accounts"] if a["Status"] == "ACTIVE"]
accounts = sorted(accounts)[:limit] if limit > 0 else sorted(accounts)


def look(account):
    role = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/PrivilegedActionsRole", RoleSessionName="bench-org-referee"
    )["Credentials"]
    seen = Counter()
    for page in client("ec2", role).get_paginator("describe_instances").paginate():
        for reservation in page["Reservations"]:
            for instance in reservation["Instances"]:
                tags = {t["Key"]: t["Value"] for t in instance.get("Tags", [])}
                kind = "tagged" if tags.get("cleanup") == "true" else "untagged"
                seen[(kind, instance["State"]["Name"])] += 1
    return account, seen


total = Counter()
wrong = []
with ThreadPoolExecutor(8) as pool:
    for account, seen in pool.map(look, accounts):
        total.update(seen)
        want = {"tagged": "terminated" if expect == "after" else "running", "untagged": "running"}
        if any(state != want[kind] for kind, state in seen):
            wrong.append(account)
out = {f"{kind} {state}": n for (kind, state), n in sorted(total.items())}
json.dump({"accounts": len(accounts), "instances": out, "wrong": wrong}, sys.stdout)
print()
os._exit(0)  # no waiting on the pool's idle connections
