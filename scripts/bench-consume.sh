#!/usr/bin/env bash
# Headless consume benchmark: kafkatui next to kcat, on the same broker.
#
# Starts a one-broker kfake cluster in its own process (scripts/benchbroker),
# seeds topic "bench" (1 partition) with N records of SIZE bytes, then times
#   kafkatui consume bench -p 0 -o beginning -e > /dev/null
#   kcat -C -b ADDR -t bench -p 0 -o beginning -e -q > /dev/null
# RUNS times each, alternating, and prints records/s side by side. kcat is
# installed with apt-get when missing and possible; otherwise only kafkatui is
# timed. Everything started here is stopped on exit.
#
# Usage: scripts/bench-consume.sh            (N=200000 SIZE=200 RUNS=5)
#        N=1000000 SIZE=1000 RUNS=3 scripts/bench-consume.sh
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-200000}
SIZE=${SIZE:-200}
RUNS=${RUNS:-5}

tmp=$(mktemp -d)
broker_pid=
cleanup() {
  if [ -n "$broker_pid" ]; then
    kill "$broker_pid" 2>/dev/null || true
    wait "$broker_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "building kafkatui and the bench broker..."
go build -o "$tmp/kafkatui" .
go build -o "$tmp/benchbroker" ./scripts/benchbroker

if ! command -v kcat >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing kcat..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat >/dev/null 2>&1 || true
fi
have_kcat=false
command -v kcat >/dev/null 2>&1 && have_kcat=true

echo "seeding $N records of $SIZE bytes..."
"$tmp/benchbroker" -n "$N" -size "$SIZE" >"$tmp/addr" 2>"$tmp/broker.log" &
broker_pid=$!
for _ in $(seq 1 1200); do
  [ -s "$tmp/addr" ] && break
  if ! kill -0 "$broker_pid" 2>/dev/null; then
    echo "bench broker failed:" >&2
    cat "$tmp/broker.log" >&2
    exit 1
  fi
  sleep 0.1 # waiting for another process to print its address
done
addr=$(head -n1 "$tmp/addr")
[ -n "$addr" ] || { echo "bench broker printed no address" >&2; exit 1; }
echo "broker at $addr"

# Check both tools read every record before timing them.
got=$("$tmp/kafkatui" consume bench -b "$addr" -p 0 -o beginning -e | wc -l)
[ "$got" -eq "$N" ] || { echo "kafkatui read $got records, want $N" >&2; exit 1; }
if $have_kcat; then
  got=$(kcat -C -b "$addr" -t bench -p 0 -o beginning -e -q | wc -l)
  [ "$got" -eq "$N" ] || { echo "kcat read $got records, want $N" >&2; exit 1; }
fi

# seconds CMD...: wall-clock seconds of one run, output discarded.
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  awk -v a="$end" -v b="$start" 'BEGIN { print a - b }'
}
rate() { awk -v n="$N" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }

printf '\n%-5s %22s %22s\n' run "kafkatui records/s" "kcat records/s"
kt_all=() kc_all=()
for i in $(seq 1 "$RUNS"); do
  kt=$(seconds "$tmp/kafkatui" consume bench -b "$addr" -p 0 -o beginning -e)
  kt_all+=("$kt")
  kc_col=-
  if $have_kcat; then
    kc=$(seconds kcat -C -b "$addr" -t bench -p 0 -o beginning -e -q)
    kc_all+=("$kc")
    kc_col="$(rate "$kc") ($(printf '%.3f' "$kc")s)"
  fi
  printf '%-5s %22s %22s\n' "$i" "$(rate "$kt") ($(printf '%.3f' "$kt")s)" "$kc_col"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
kt_med=$(median "${kt_all[@]}")
line="median: kafkatui $(rate "$kt_med") records/s"
if $have_kcat; then
  kc_med=$(median "${kc_all[@]}")
  line+=", kcat $(rate "$kc_med") records/s ($(awk -v a="$kc_med" -v b="$kt_med" 'BEGIN { printf "%.2f", a / b }')x kcat's rate, kafkatui/kcat)"
else
  line+=" (kcat not installed)"
fi
printf '\n%s records of %s bytes, 1 partition, %s runs\n%s\n' "$N" "$SIZE" "$RUNS" "$line"
