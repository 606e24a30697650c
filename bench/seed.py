#!/usr/bin/env python3
"""Writes the bulk benchmark's seed: config/sandbox.yaml plus, in the identity account, a bucket
guard-bench-objects and an Operators statement letting alice use it and launch/terminate
instances there. The published seed stays as it is (it is a contract); this copy is bench-only."""
import sys

seed = open(sys.argv[1]).read()
statement_anchor = """                - Sid: ProtectedArtifactListing
                  Effect: Allow
                  Action: s3:ListBucket
                  Resource: arn:aws:s3:::guard-protected-artifacts
      - name: EC2-Admins"""
assert statement_anchor in seed, "seed layout changed: update bench/seed.py"
seed = seed.replace(statement_anchor, statement_anchor.replace("""      - name: EC2-Admins""", """                - Sid: BenchObjects
                  Effect: Allow
                  Action: ["s3:*"]
                  Resource: [arn:aws:s3:::guard-bench-objects, arn:aws:s3:::guard-bench-objects/*]
                - Sid: BenchInstances
                  Effect: Allow
                  Action: [ec2:RunInstances, ec2:CreateTags, ec2:Describe*, ec2:TerminateInstances]
                  Resource: "*"
      - name: EC2-Admins"""))
instances_anchor = "    instances:\n"
first = seed.index(instances_anchor)  # the identity account's instances come first
seed = seed[:first] + """    buckets:
      - name: guard-bench-objects
        versioning: false
""" + seed[first:]
open(sys.argv[2], "w").write(seed)
