#!/usr/bin/env python3
"""Plots the CSV of bench/run-scaling.sh: two panels, kubeenrich's events/s and peak RSS against the
number of events (fixed model) and against the number of accounts in the model (fixed corpus).

usage: plot_scaling.py SCALING.csv OUT.png [SUBTITLE]     (needs matplotlib: the bench virtualenv has it)
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the file-only backend)


def series(rows, name, x_key):
    points = sorted((float(r[x_key]), r) for r in rows if r["series"] == name)
    xs = [x for x, _ in points]
    eps = [float(r["events_per_second"]) if r["events_per_second"] != "n/a" else None for _, r in points]
    rss = [float(r["peak_rss_mib"]) if r["peak_rss_mib"] != "n/a" else None for _, r in points]
    return xs, eps, rss, [r for _, r in points]


def panel(ax, xs, eps, rss, xlabel, title):
    ax.set_xscale("log")
    ax.plot(xs, eps, "o-", color="tab:blue", label="events/s")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("events/s (execute phase)", color="tab:blue")
    ax.tick_params(axis="y", labelcolor="tab:blue")
    ax.set_ylim(bottom=0, top=max([e for e in eps if e is not None] + [1]) * 1.2)
    ax.grid(True, which="both", alpha=0.3)
    ax.set_title(title)
    right = ax.twinx()
    right.plot(xs, rss, "s--", color="tab:red", label="peak RSS")
    right.set_ylabel("peak RSS of the command (MiB)", color="tab:red")
    right.tick_params(axis="y", labelcolor="tab:red")
    right.set_ylim(bottom=0, top=max([r for r in rss if r is not None] + [1]) * 1.2)
    for x, e in zip(xs, eps):
        if e is not None:
            ax.annotate("%.0f" % e, (x, e), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8,
                        color="tab:blue")
    for x, r in zip(xs, rss):
        if r is not None:
            right.annotate("%.0f MiB" % r, (x, r), textcoords="offset points", xytext=(0, -14), ha="center",
                           fontsize=8, color="tab:red")


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit(__doc__)
    with open(argv[1], newline="") as f:
        rows = list(csv.DictReader(f))
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5))

    xs, eps, rss, points = series(rows, "events", "events")
    accounts = points[0]["model_accounts"] if points else "?"
    panel(left, xs, eps, rss, "events in the search (log scale)", "against events (model of %s accounts)" % accounts)

    xs, eps, rss, points = series(rows, "accounts", "model_accounts")
    events = points[0]["events"] if points else "?"
    panel(right, xs, eps, rss, "accounts in the baseline model (log scale)",
          "against model size (%s events)" % events)

    title = "kubeenrich through the chunked protocol"
    if len(argv) == 4:
        title += " (%s)" % argv[3]
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(argv[2], dpi=110)


if __name__ == "__main__":
    main(sys.argv)
