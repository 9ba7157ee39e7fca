#!/usr/bin/env python3
"""Issue 7 table from the qdd kd runs in RUNS/kd (named <data>-q<Q>-<teacher>-s<seed>).

Prints every finished group (mean ± sample sd over seeds of the test accuracy after the last epoch,
and at each run's epoch of best validation accuracy), then the markdown table of docs/RESULTS.md.
Usage: kd-table.py [RUNS]   (default runs/kd-grid)
"""
import json, pathlib, re, statistics, sys

kd = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "runs/kd-grid") / "kd"
NAMES = {"lenet": "LeNet", "lenet5": "LeNet-5", "alexnet": "AlexNet-style", "qnn": "QNN 8 qubits × 4 layers",
         "lenet60k": "LeNet, 60,000 images"}


def load(run):
    s = json.loads((run / "summary.json").read_text())
    m = json.loads((run / "metrics.json").read_text())
    val = [v["accuracy"] for v in m["validation"]]
    best = max(range(len(val)), key=lambda i: (val[i], -i)) if val else len(m["epochs"]) - 1
    return {"final": 100 * s["student"]["testAccuracy"], "early": 100 * m["epochs"][best]["testAccuracy"],
            "bestEpoch": best + 1, "val": 100 * val[-1] if val else float("nan"), "summary": s}


groups = {}
for f in sorted(kd.glob("*/summary.json")):
    m = re.fullmatch(r"(.*)-s(\d+)", f.parent.name)
    log = f.parent.with_name(f.parent.name + ".log")
    if m and log.exists() and "done:" in log.read_text():  # finished runs only
        groups.setdefault(m.group(1), []).append(load(f.parent))


def stat(runs, key):
    xs = [r[key] for r in runs]
    return statistics.mean(xs), (statistics.stdev(xs) if len(xs) > 1 else float("nan")), len(xs)


def fmt(runs, key):
    if not runs:
        return "**not run**"
    m, sd, n = stat(runs, key)
    return f"{m:.2f} ± {sd:.2f} ({n})"


def gain_cells(runs, base, record):
    """No KD, KD and gain for the last epoch, then early-stopped; record(key, gain) when all 3 seeds of both ran."""
    cells = []
    for key in ("final", "early"):
        complete = len(runs) == 3 and len(base) == 3
        g = stat(runs, key)[0] - stat(base, key)[0] if complete else None
        if g is not None:
            record(key, g)
        cells += [fmt(base, key), fmt(runs, key), "—" if g is None else f"{g:+.2f}"]
    return cells


for g, runs in groups.items():
    s = runs[0]["summary"]
    t = s["teacherAccuracy"]
    print(f"{g:28s} final {fmt(runs, 'final'):22s} early-stopped {fmt(runs, 'early'):22s} "
          f"(epochs {[r['bestEpoch'] for r in runs]})  validation {fmt(runs, 'val'):22s} "
          f"teacher {'-' if t is None else f'{100 * t:.2f}'}  params {s['student']['parameters']}  "
          f"depth {s['student']['depth']}  wall {statistics.mean(r['summary']['wallSeconds'] for r in runs):.0f} s  "
          f"seeds {[round(r['final'], 2) for r in runs]}")

print("\n| data set | student | teacher (test acc.) | no KD, last epoch | KD, last epoch | gain "
      "| no KD, early-stopped | KD, early-stopped | gain |")
print("| --- | --- | --- | --- | --- | ---: | --- | --- | ---: |")
gains = {}
for d in ("mnist", "fashion-mnist"):
    for q in (4, 8):
        base = groups.get(f"{d}-q{q}-none", [])
        for t in ("lenet", "lenet5", "alexnet"):
            runs = groups.get(f"{d}-q{q}-{t}", [])
            ref = (runs or base or [None])[0]
            student = "—" if ref is None else (
                f"{q} qubits, 2 layers, depth {ref['summary']['student']['depth']}, "
                f"{ref['summary']['student']['parameters']} parameters")
            ta = runs[0]["summary"]["teacherAccuracy"] if runs else None
            cells = gain_cells(runs, base, lambda key, g: gains.setdefault((d, key), []).append(g))
            print(f"| {d} | {student} | {NAMES[t]}{'' if ta is None else f' ({100 * ta:.2f}%)'} | " + " | ".join(cells) + " |")

# teachers beside the table (chosen after its test results were known, so never averaged into it)
extra = [(d, q, t) for d in ("mnist", "fashion-mnist") for q in (4, 8) for t in ("lenet60k",)
         if groups.get(f"{d}-q{q}-{t}")]
if extra:
    print("\n| data set | student | teacher (test acc.) | KD, last epoch | gain | KD, early-stopped | gain |")
    print("| --- | --- | --- | --- | ---: | --- | ---: |")
    for d, q, t in extra:
        runs, base = groups[f"{d}-q{q}-{t}"], groups.get(f"{d}-q{q}-none", [])
        ta = runs[0]["summary"]["teacherAccuracy"]
        cells = []
        for key in ("final", "early"):
            g = stat(runs, key)[0] - stat(base, key)[0] if base else None
            cells += [fmt(runs, key), "—" if g is None else f"{g:+.2f}"]
        print(f"| {d} | {q} qubits | {NAMES[t]}{'' if ta is None else f' ({100 * ta:.2f}%)'} | " + " | ".join(cells) + " |")
# the table's students and teachers plus U unlabelled training images (a transfer set, session 10)
transfer = sorted({(m.group(1), int(m.group(2)), m.group(3), int(m.group(4))) for g in groups
                   for m in [re.fullmatch(r"(.*)-q(\d+)-(lenet|lenet5|alexnet)-u(\d+)", g)] if m},
                  key=lambda k: (k[0] != "fashion-mnist", k[3], k[1], ("lenet", "lenet5", "alexnet").index(k[2])))
transfer_gains = {}
if transfer:
    print("\n| data set | student | teacher (test acc.) | unlabelled images | no KD, last epoch | KD, last epoch | gain "
          "| no KD, early-stopped | KD, early-stopped | gain |")
    print("| --- | --- | --- | ---: | --- | --- | ---: | --- | --- | ---: |")
    for d, q, t, u in transfer:
        runs, base = groups[f"{d}-q{q}-{t}-u{u}"], groups.get(f"{d}-q{q}-none", [])
        ta = runs[0]["summary"]["teacherAccuracy"]
        cells = gain_cells(runs, base, lambda key, g: transfer_gains.setdefault((d, u, key), []).append(g))
        print(f"| {d} | {q} qubits | {NAMES[t]}{'' if ta is None else f' ({100 * ta:.2f}%)'} | {u:,} | "
              + " | ".join(cells) + " |")
    labelled = sorted({g for g in groups if re.fullmatch(r".*-q\d+-none-n\d+", g)})
    if labelled:
        print("\nThe no-KD student given every label instead (its validation images follow its training images):\n")
        print("| data set | student | labelled images | no KD, last epoch | no KD, early-stopped |")
        print("| --- | --- | ---: | --- | --- |")
        for g in labelled:
            m = re.fullmatch(r"(.*)-q(\d+)-none-n(\d+)", g)
            print(f"| {m.group(1)} | {m.group(2)} qubits | {int(m.group(3)):,} | {fmt(groups[g], 'final')} "
                  f"| {fmt(groups[g], 'early')} |")
    print()
    for (d, u, key), g in sorted(transfer_gains.items()):
        print(f"average gain on {d} with {u:,} unlabelled images, "
              f"{'last epoch' if key == 'final' else 'early-stopped'}: {statistics.mean(g):+.2f} over {len(g)} rows")

print()
for d, goal in (("mnist", 0.80), ("fashion-mnist", 5.40)):
    parts = []
    for key, label in (("final", "last epoch"), ("early", "early-stopped")):
        g = gains.get((d, key), [])
        parts.append(f"{label} {statistics.mean(g):+.2f} over {len(g)} rows" if g else f"{label}: no complete row")
    print(f"average gain on {d} (goal ≥ +{goal:.2f}): " + "; ".join(parts))

# quantum → quantum: the QNN teacher's run, its 4-qubit KD students, and the same student without KD
teacher_run = kd / "mnist-qnn8x4-teacher"
if (teacher_run / "summary.json").exists():
    ts = json.loads((teacher_run / "summary.json").read_text())
    ta = 100 * ts["student"]["testAccuracy"]
    print("\n| model | qubits | layers | depth | parameters | test accuracy, last epoch | share of the teacher's "
          "| early-stopped | share |")
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: |")
    st = ts["student"]
    print(f"| QNN teacher (linear reduction, amplitude; {ts['trainImages']} images, {ts['epochs']} epochs) "
          f"| {st['qubits']} | {st['layers']} | {st['depth']} | {st['parameters']} | {ta:.2f}% | 100% | — | — |")
    for name, label in (("mnist-q4-qnn", "QNN student, KD from the QNN teacher (table protocol: 200 images, 80 epochs)"),
                        ("mnist-q4-none", "same student, no KD"),
                        ("mnist-q4-20k-qnn", "QNN student, KD from the QNN teacher, on the teacher's 20,000 images, 3 epochs"),
                        ("mnist-q4-20k-none", "same student, no KD"),
                        ("mnist-q4-20k-e30-qnn", "QNN student, KD from the QNN teacher, on its 20,000 images, 30 epochs"),
                        ("mnist-q4-20k-e30-none", "same student, no KD"),
                        ("mnist-q6-20k-e30-qnn", "6-qubit QNN student, KD from the QNN teacher, 20,000 images, 30 epochs"),
                        ("mnist-q6-20k-e30-none", "same student, no KD")):
        runs = groups.get(name, [])
        if runs:
            s = runs[0]["summary"]["student"]
            print(f"| {label} | {s['qubits']} | {s['layers']} | {s['depth']} | {s['parameters']} | "
                  f"{fmt(runs, 'final')} | {100 * stat(runs, 'final')[0] / ta:.1f}% "
                  f"| {fmt(runs, 'early')} | {100 * stat(runs, 'early')[0] / ta:.1f}% |")

# self-distillation: mean cross-entropy per epoch and validation / test accuracy of both seed-1 runs
runs = {t: kd / f"self-mnist-q4-{t}" for t in ("none", "self")}
if all((r / "metrics.json").exists() for r in runs.values()):
    ms = {t: json.loads((r / "metrics.json").read_text()) for t, r in runs.items()}
    print("\n| epoch | no SD: cross-entropy | SD: cross-entropy | SD: total loss | no SD: validation | SD: validation "
          "| no SD: test | SD: test |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    last = len(ms["none"]["epochs"])
    for e in sorted({1, 2, 5, 10, 20, 40, last} & set(range(1, last + 1))):
        cells = []
        for t, key in (("none", "crossEntropy"), ("self", "crossEntropy"), ("self", "loss")):
            xs = [s[key] for s in ms[t]["steps"] if s["epoch"] == e]
            cells.append(f"{statistics.mean(xs):.4f}")
        for key in ("validation", "epochs"):
            for t in ("none", "self"):
                row = ms[t][key][e - 1]
                cells.append(f"{100 * (row['accuracy'] if key == 'validation' else row['testAccuracy']):.2f}")
        print(f"| {e} | " + " | ".join(cells) + " |")
