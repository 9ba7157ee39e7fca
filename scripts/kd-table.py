#!/usr/bin/env python3
"""Mean ± sample sd over seeds of the qdd kd runs in RUNS/kd (named <group>-s<seed>)."""
import json, pathlib, re, statistics, sys

kd = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "runs/kd-grid") / "kd"
groups = {}
for f in sorted(kd.glob("*/summary.json")):
    m = re.fullmatch(r"(.*)-s(\d+)", f.parent.name)
    log = f.parent.with_name(f.parent.name + ".log")
    if m and log.exists() and "done:" in log.read_text():  # finished runs only
        groups.setdefault(m.group(1), []).append(json.loads(f.read_text()))
for g, runs in groups.items():
    acc = [100 * r["student"]["testAccuracy"] for r in runs]
    sd = statistics.stdev(acc) if len(acc) > 1 else float("nan")
    t = runs[0]["teacherAccuracy"]
    wall = sum(r["wallSeconds"] for r in runs) / len(runs)
    print(f"{g:28s} {statistics.mean(acc):6.2f} ± {sd:4.2f} ({len(acc)})  "
          f"teacher {'-' if t is None else f'{100 * t:.2f}'}  params {runs[0]['student']['parameters']}"
          f"  depth {runs[0]['student']['depth']}  wall {wall:.0f} s  seeds {[round(a, 2) for a in acc]}")
