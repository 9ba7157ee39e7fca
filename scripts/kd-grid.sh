#!/usr/bin/env bash
# Issue 7 knowledge-distillation grid (docs/RESULTS.md, "Knowledge distillation (issue 7)").
# Usage: scripts/kd-grid.sh teachers|students|qq|self|alexnet   (QDD_DATA must point at the data)
# Runs at most ${PAR:-2} experiments at a time into $RUNS; every student uses the same protocol $P.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
QDD=${QDD:-"nice -n 10 java -jar $ROOT/qdd-distill/target/qdd.jar"}  # mvn -q package -DskipTests first
RUNS=${RUNS:-$ROOT/runs/kd-grid}
P="--reduction pca --layers 2 --train-limit 2000 --epochs 5 --batch-size 16 --test-limit 2000 --threads 1 --no-progress"
T="--test-limit 2000 --threads 1 --no-progress"
run() { echo "$QDD $* > ${@: -1}.log 2>&1"; }
mkdir -p "$RUNS/kd" "$RUNS/teachers"
jobs() {
  case $1 in
  teachers) for d in mnist fashion-mnist; do
      for m in lenet lenet5; do run train --dataset $d --model $m --epochs 2 --train-limit 20000 $T --out $RUNS/teachers/$m-$d; done
      run train --dataset $d --model alexnet --epochs 1 --train-limit 5000 $T --out $RUNS/teachers/alexnet-$d; done ;;
  students|alexnet) for d in ${DATASETS:-mnist fashion-mnist}; do for q in ${QUBITS:-4 8}; do
      if [ $1 = students ]; then ts="none lenet lenet5"; else ts=alexnet; fi
      for t in $ts; do for s in 1 2 3; do
        tt=none; [ $t = none ] || tt=$RUNS/teachers/$t-$d
        run kd --dataset $d --qubits $q --teacher $tt --seed $s $P --out $RUNS/kd/$d-q$q-$t-s$s; done; done; done; done ;;
  qq) run kd --dataset mnist --qubits 8 --layers 4 --teacher none --reduction pca --train-limit 20000 --epochs 3 --batch-size 16 $T --out $RUNS/kd/mnist-qnn8x4-teacher
      for s in 1 2 3; do run kd --dataset mnist --qubits 4 --teacher $RUNS/kd/mnist-qnn8x4-teacher --seed $s $P --out $RUNS/kd/mnist-q4-qnn-s$s; done ;;
  self) for t in none self; do run kd --dataset mnist --qubits 4 --teacher $t --seed 1 $P --out $RUNS/kd/self-mnist-q4-$t; done ;;
  esac
}
[ $# -eq 1 ] || { echo "usage: $0 teachers|students|qq|self|alexnet" >&2; exit 2; }
if [ "$1" = qq ]; then jobs qq | head -1 | sh; jobs qq | tail -n +2 | xargs -P ${PAR:-2} -I{} sh -c '{}'
else jobs "$1" | xargs -P ${PAR:-2} -I{} sh -c '{}'; fi
