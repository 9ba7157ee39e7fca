#!/usr/bin/env python3
"""How a distillation's moving average (qdd distill --outer-average) compared with the current set.

For every run directory given, over the evaluations that scored both: how many the average won on
the held-out images, the mean held-out accuracy of each, and how many fell under 80% held-out.
Prints one markdown table row per run, as in docs/RESULTS.md (session 7).
Usage: dd-average.py RUN [RUN ...]
"""
import json, pathlib, statistics, sys

if len(sys.argv) < 2:
    sys.exit(__doc__)
for arg in sys.argv[1:]:
    run = pathlib.Path(arg)
    evaluations = json.loads((run / "metrics.json").read_text())["evaluations"]
    both = [e for e in evaluations
            if e.get("averageValidationAccuracy") is not None and e.get("validationAccuracy") is not None]
    if not both:
        print(f"{run}: no evaluation scored a moving average on held-out images", file=sys.stderr)
        continue
    current = [100 * e["validationAccuracy"] for e in both]
    average = [100 * e["averageValidationAccuracy"] for e in both]
    wins = sum(a > c for a, c in zip(average, current))
    print(f"| {run.name} (iterations {both[0]['iteration']:,}–{both[-1]['iteration']:,}) | {len(both)} | {wins} "
          f"| {statistics.mean(current):.2f}% / {statistics.mean(average):.2f}% "
          f"| {sum(c < 80 for c in current)} / {sum(a < 80 for a in average)} |")
