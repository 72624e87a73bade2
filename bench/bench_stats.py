#!/usr/bin/env python3
"""Medians, ratios and tables from scp-drive --stats-json files, for the bench/run-*.sh scripts.

  bench_stats.py speed MANIFEST          the comparison table of run-speed-comparison.sh
  bench_stats.py scaling MANIFEST CSV    the scaling figures of run-scaling.sh: writes CSV, prints a table
  bench_stats.py model-info LOG          "<accounts> <MB>" of a model, from ModelGenerator's report

A manifest has one tab-separated line per run: for speed "command chunk_rows stats.json"
(chunk_rows "probe" for getinfo probes); for scaling "series events accounts model_accounts
model_mb stats.json".
"""
import csv
import json
import re
import statistics
import sys
from collections import defaultdict

TARGET_CEILING_RATIO = 0.5  # kubeenrich events/s >= 50 % of the pass-through's
TARGET_PEER_RATIO = 10.0    # kubeenrich events/s >= 10 x the Python peer's
TARGET_GETINFO_MS = 150.0   # getinfo reply within 150 ms of process start


def median_of(paths, key):
    values = [v for v in (json.load(open(p)).get(key) for p in paths) if v is not None]
    return statistics.median(values) if values else None


def fmt(value, spec):
    return "n/a" if value is None else format(value, spec)


def verdict(value, ok):
    return "" if value is None else ("  (target met)" if ok(value) else "  (TARGET MISSED)")


def read_manifest(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def speed(manifest):
    runs = defaultdict(list)
    for command, chunk, stats in read_manifest(manifest):
        runs[(command, chunk)].append(stats)
    commands = list(dict.fromkeys(c for c, _ in runs))
    chunks = [c for c in dict.fromkeys(ch for _, ch in runs) if c != "probe"]
    print("%-12s %10s %5s %14s %12s %14s" % ("command", "chunk rows", "runs", "events/s", "request MB/s",
                                             "peak RSS MiB"))
    eps = {}
    for chunk in chunks:
        for command in commands:
            paths = runs.get((command, chunk))
            if not paths:
                continue
            eps[(command, chunk)] = median_of(paths, "events_per_second")
            print("%-12s %10s %5d %14s %12s %14s" % (
                command, chunk, len(paths), fmt(eps[(command, chunk)], ",.0f"),
                fmt(median_of(paths, "request_mb_per_second"), ".1f"),
                fmt(median_of(paths, "child_peak_rss_mib"), ".1f")))
    print("(medians over the runs; events/s and MB/s over the execute phase)")
    print()
    for chunk in chunks:
        ke = eps.get(("kubeenrich", chunk))
        for other, target in (("passthrough", TARGET_CEILING_RATIO), ("python", TARGET_PEER_RATIO)):
            base = eps.get((other, chunk))
            ratio = ke / base if ke and base else None
            print("chunk %6s: kubeenrich / %-11s = %8s   target >= %s%s" % (
                chunk, other, fmt(ratio, ".2f"), target, verdict(ratio, lambda r: r >= target)))
    print()
    for command in commands:
        paths = runs.get((command, "probe"))
        if paths:
            values = [json.load(open(p)).get("getinfo_reply_ms") for p in paths]
            med = statistics.median([v for v in values if v is not None])
            target = verdict(med, lambda v: v <= TARGET_GETINFO_MS) if command == "kubeenrich" else ""
            print("getinfo reply, %-11s median of %d probes: %6.1f ms (runs: %s)%s" % (
                command, len(paths), med, ", ".join("%.1f" % v for v in values), target))


def scaling(manifest, out_csv):
    runs = defaultdict(list)
    for series, events, accounts, model_accounts, model_mb, stats in read_manifest(manifest):
        runs[(series, int(events), int(accounts), model_accounts, model_mb)].append(stats)
    columns = ["series", "events", "accounts", "model_accounts", "model_mb", "runs", "events_per_second",
               "peak_rss_mib", "request_mb_per_second", "events_per_second_runs"]
    rows = []
    for (series, events, accounts, model_accounts, model_mb), paths in sorted(runs.items()):
        each = [json.load(open(p)).get("events_per_second") for p in paths]
        rows.append([series, events, accounts, model_accounts, model_mb, len(paths),
                     fmt(median_of(paths, "events_per_second"), ".0f"),
                     fmt(median_of(paths, "child_peak_rss_mib"), ".1f"),
                     fmt(median_of(paths, "request_mb_per_second"), ".1f"),
                     " ".join(fmt(v, ".0f") for v in each)])
    with open(out_csv, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        writer.writerows(rows)
    print("%-9s %9s %9s %14s %9s %5s %12s %13s" % ("series", "events", "accounts", "model accounts", "model MB",
                                                   "runs", "events/s", "peak RSS MiB"))
    for r in rows:
        print("%-9s %9d %9d %14s %9s %5d %12s %13s" % tuple(r[:8]))


def model_info(log):
    text = open(log).read()
    m = re.search(r"model: (\d+) accounts, \d+ lines incl. header, ([\d.]+) MB", text)
    if not m:
        sys.exit("bench_stats.py: no model report in %s" % log)
    print(m.group(1), m.group(2))


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["speed"] and len(args) == 2:
        speed(args[1])
    elif args[:1] == ["scaling"] and len(args) == 3:
        scaling(args[1], args[2])
    elif args[:1] == ["model-info"] and len(args) == 2:
        model_info(args[1])
    else:
        sys.exit(__doc__)
