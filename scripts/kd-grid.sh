#!/usr/bin/env bash
# Issue 7 knowledge-distillation grid (docs/RESULTS.md, "Knowledge distillation (issue 7)").
# Usage: scripts/kd-grid.sh teachers|probes|students|qq|qq-same-data|qq-long|strong-fashion|self|transfer-probes|transfer|transfer-labels
#   (QDD_DATA must point at the data)
# Runs one experiment at a time (PAR=2 for two) into $RUNS; every student of the table, the q→q
# row and the self-distillation curve use the same protocol $P, chosen on validation images by the
# probes (which never look at the test set: their --test-limit 100 is there only to keep them short).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
QDD=${QDD:-"nice -n 10 java -jar $ROOT/qdd-distill/target/qdd.jar"}  # mvn -q package -DskipTests first
RUNS=${RUNS:-$ROOT/runs/kd-grid}
N=${N:-200}; E=${E:-80}          # labelled training images and epochs of every student
U=${U:-2000}                     # unlabelled images of the transfer-set rows (chosen by transfer-probes)
KD="--alpha 0.9 --temperature 3" # the distillation term of every KD run
P="--reduction linear --layers 2 --train-limit $N --epochs $E --batch-size 16 --validation 2000 --test-limit 2000 --threads 1 --no-progress --teacher-cache $RUNS/teacher-cache"
T="--test-limit 2000 --threads 1 --no-progress"
run() { echo "$QDD $* > ${@: -1}.log 2>&1"; }
mkdir -p "$RUNS/kd" "$RUNS/teachers" "$RUNS/probes"
teacher() { [ $1 = none ] && echo none || echo "$RUNS/teachers/$1-$2 $KD"; }
jobs() {
  case $1 in
  teachers) for d in mnist fashion-mnist; do
      for m in lenet lenet5; do run train --dataset $d --model $m --epochs 2 --train-limit 20000 $T --out $RUNS/teachers/$m-$d; done
      run train --dataset $d --model alexnet --epochs 1 --train-limit 5000 $T --out $RUNS/teachers/alexnet-$d; done ;;
  probes) # 4 qubits, seed 1, LeNet teacher; name: data-reduction<images>e<epochs>-<none|a<α·10>t<T>>
    pr() { local name=$1 d=$2 red=$3 n=$4 e=$5 a=${6%:*} t=${6#*:} tt=none kd=""
      if [ $a != 0 ]; then tt=$RUNS/teachers/lenet-$d; kd="--alpha 0.$a --temperature $t"; name=$name-a${a}t$t; else name=$name-none; fi
      run kd --dataset $d --qubits 4 --layers 2 --seed 1 --batch-size 16 --threads 1 --no-progress --validation 2000 \
        --reduction $red --train-limit $n --epochs $e --test-limit 100 --teacher $tt $kd --out $RUNS/probes/$name; }
    for at in 0:0 9:3 5:3 5:2 5:5; do pr m-pca2000e5 mnist pca 2000 5 $at; done
    for at in 0:0 9:3 5:3; do pr m-pca2000e40 mnist pca 2000 40 $at
      pr m-lin500e20 mnist linear 500 20 $at; pr m-pca500e20 mnist pca 500 20 $at
      pr f-lin100e80 fashion-mnist linear 100 80 $at; pr f-lin200e40 fashion-mnist linear 200 40 $at; done
    for at in 0:0 5:3; do pr f-pca2000e40 fashion-mnist pca 2000 40 $at; pr f-lin500e20 fashion-mnist linear 500 20 $at; done
    for at in 0:0 9:3 5:3 9:5 5:1; do pr m-lin100e80 mnist linear 100 80 $at; pr m-lin200e40 mnist linear 200 40 $at; done ;;
  students) for d in ${DATASETS:-mnist fashion-mnist}; do for q in ${QUBITS:-4 8}; do
      for t in ${TEACHERS:-none lenet lenet5 alexnet}; do for s in 1 2 3; do
        run kd --dataset $d --qubits $q --teacher $(teacher $t $d) --seed $s $P --out $RUNS/kd/$d-q$q-$t-s$s; done; done; done; done ;;
  qq) run kd --dataset mnist --qubits 8 --layers 4 --teacher none --reduction linear --train-limit 20000 --epochs 3 --batch-size 16 $T --out $RUNS/kd/mnist-qnn8x4-teacher
      for s in 1 2 3; do run kd --dataset mnist --qubits 4 --teacher $RUNS/kd/mnist-qnn8x4-teacher $KD --seed $s $P --out $RUNS/kd/mnist-q4-qnn-s$s; done ;;
  qq-same-data) # extra q→q rows: the 4-qubit student on the QNN teacher's own 20,000 images and 3 epochs
      for t in none qnn; do for s in 1 2 3; do tt=none; [ $t = none ] || tt="$RUNS/kd/mnist-qnn8x4-teacher $KD"
        run kd --dataset mnist --qubits 4 --teacher $tt --seed $s --reduction linear --layers 2 --train-limit 20000 --epochs 3 \
          --batch-size 16 --validation 2000 $T --teacher-cache $RUNS/teacher-cache --out $RUNS/kd/mnist-q4-20k-$t-s$s; done; done ;;
  qq-long) # session 5: 4- and 6-qubit students on the QNN teacher's 20,000 images for 30 epochs
      for q in 4 6; do for t in none qnn; do for s in 1 2 3; do tt=none; [ $t = none ] || tt="$RUNS/kd/mnist-qnn8x4-teacher $KD"
        run kd --dataset mnist --qubits $q --teacher $tt --seed $s --reduction linear --layers 2 --train-limit 20000 --epochs 30 \
          --batch-size 16 --validation 2000 $T --teacher-cache $RUNS/teacher-cache --out $RUNS/kd/mnist-q$q-20k-e30-$t-s$s; done; done; done ;;
  strong-fashion) # session 5: a stronger Fashion-MNIST LeNet teacher (all 60,000 images, 5 epochs), then its students
      run train --dataset fashion-mnist --model lenet --epochs 5 --train-limit 0 $T --out $RUNS/teachers/lenet60k-fashion-mnist
      for q in 4 8; do for s in 1 2 3; do
        run kd --dataset fashion-mnist --qubits $q --teacher $RUNS/teachers/lenet60k-fashion-mnist $KD --seed $s $P --out $RUNS/kd/fashion-mnist-q$q-lenet60k-s$s; done; done ;;
  transfer-probes) # session 10: how many unlabelled images (a transfer set) to add, judged on validation only
      for u in 0 1000 2000 5000; do
        run kd --dataset fashion-mnist --qubits 4 --layers 2 --seed 1 --batch-size 16 --threads 1 --no-progress --validation 2000 \
          --reduction linear --train-limit $N --epochs $E --test-limit 100 --teacher $(teacher lenet fashion-mnist) --unlabelled $u \
          --teacher-cache $RUNS/teacher-cache --out $RUNS/probes/f-lin${N}e$E-a9t3-u$u; done ;;
  transfer) # session 10: every KD student of the table plus U unlabelled training images (after the held-out ones)
      for d in ${DATASETS:-fashion-mnist mnist}; do for q in ${QUBITS:-4 8}; do for t in ${TEACHERS:-lenet lenet5 alexnet}; do
        for s in 1 2 3; do run kd --dataset $d --qubits $q --teacher $(teacher $t $d) --unlabelled $U --seed $s $P \
          --out $RUNS/kd/$d-q$q-$t-u$U-s$s; done; done; done; done ;;
  transfer-labels) # session 10: the no-KD student given the labels of the transfer set too (the N + U first images)
      for d in ${DATASETS:-fashion-mnist}; do for q in ${QUBITS:-4 8}; do for s in 1 2 3; do
        run kd --dataset $d --qubits $q --teacher none --seed $s ${P/--train-limit $N/--train-limit $((N + U))} \
          --out $RUNS/kd/$d-q$q-none-n$((N + U))-s$s; done; done; done ;;
  self) for t in none self; do a=""; [ $t = self ] && a="$KD"
      run kd --dataset mnist --qubits 4 --teacher $t $a --seed 1 $P --out $RUNS/kd/self-mnist-q4-$t; done ;;
  esac
}
[ $# -eq 1 ] || { echo "usage: $0 teachers|probes|students|qq|qq-same-data|qq-long|strong-fashion|self|transfer-probes|transfer|transfer-labels" >&2; exit 2; }
if [ "$1" = qq ] || [ "$1" = strong-fashion ]; then jobs $1 | head -1 | sh; jobs $1 | tail -n +2 | xargs -P ${PAR:-1} -I{} sh -c '{}'
else jobs "$1" | xargs -P ${PAR:-1} -I{} sh -c '{}'; fi
