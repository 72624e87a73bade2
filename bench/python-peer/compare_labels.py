#!/usr/bin/env python3
"""Checks that the Python peer labels events as kubeenrich does, for the labels the peer knows.

usage: compare_labels.py PEER.jsonl KUBEENRICH.jsonl
Both files are scp-drive --output files of the same input (one JSON object per row, in input order).
Prints, for each of the peer's labels, how many rows each command gave it, and the rows where they
differ; exits 1 if any differ.
"""
import json
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    from kube_peer import RISK  # the peer's labels
except ImportError as e:  # kube_peer imports splunklib: run this with the bench virtualenv's python3
    sys.exit("compare_labels.py: %s (run it with the bench virtualenv's python3, e.g. target/bench/venv/bin/python3)" % e)


def labels(row):
    value = row.get("kube_labels")
    return set(value if isinstance(value, list) else [value] if value else [])


def main(peer_file, kubeenrich_file):
    counts = {"peer": Counter(), "kubeenrich": Counter()}
    differences = 0
    with open(peer_file) as p, open(kubeenrich_file) as k:
        for n, (peer_line, ke_line) in enumerate(zip(p, k)):
            peer, ke = json.loads(peer_line), json.loads(ke_line)
            mine, theirs = labels(peer), labels(ke) & RISK.keys()
            counts["peer"].update(mine)
            counts["kubeenrich"].update(theirs)
            if mine != theirs:
                differences += 1
                if differences <= 10:
                    print("row %d: peer only %s, kubeenrich only %s" % (n, sorted(mine - theirs), sorted(theirs - mine)))
    for label in sorted(RISK):
        print("%-42s peer %7d   kubeenrich %7d" % (label, counts["peer"][label], counts["kubeenrich"][label]))
    print("%d rows differ" % differences)
    return 1 if differences else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
