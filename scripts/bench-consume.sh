#!/usr/bin/env bash
# Headless consume benchmark: `kafkatui consume -o beginning -e` next to kcat
# on the same broker and records, as whole processes.
#
# kcat runs as `kcat -C -e -q -X fetch.wait.max.ms=10`: with its default
# fetch.wait.max.ms (500 ms) its last fetch idles at the end of the log
# before -e sees the end, which would add half a second to every kcat run.
#
# The broker is either a real one (BROKERS=host:port, e.g. from
# scripts/kafka/kafka.sh; the topic is created and seeded with kcat -P) or a
# one-broker kfake in a process of its own (scripts/benchbroker, one
# partition only). Runs are interleaved (kafkatui, kafkatui --json, kcat, and
# again), timed by GNU time; the script prints each run's wall and CPU
# (user+sys) seconds, then the medians and the ratios kafkatui/kcat and
# --json/plain. Everything it started is stopped on exit.
#
# Usage: scripts/bench-consume.sh                 (kfake, N=200000 SIZE=200 RUNS=5)
#        BROKERS=127.0.0.1:9092 N=1000000 scripts/bench-consume.sh
#        BROKERS=127.0.0.1:9092 PARTITIONS=12 N=100000 scripts/bench-consume.sh
# N is records per partition; SIZE the value size in bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-200000}
SIZE=${SIZE:-200}
RUNS=${RUNS:-5}
PARTITIONS=${PARTITIONS:-1}
BROKERS=${BROKERS:-}

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

[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time; apt-get install time)" >&2; exit 1; }

echo "building kafkatui..."
go build -o "$tmp/kafkatui" .
kt="$tmp/kafkatui"

if ! command -v kcat >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing kcat..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat >/dev/null 2>&1 || true
fi
have_kcat=false
command -v kcat >/dev/null 2>&1 && have_kcat=true

total=$((N * PARTITIONS))
if [ -n "$BROKERS" ]; then
  $have_kcat || { echo "seeding a real broker needs kcat" >&2; exit 1; }
  addr=$BROKERS
  topic="bench-$N-$SIZE-$PARTITIONS-$$"
  "$kt" -b "$addr" topic create "$topic" --partitions "$PARTITIONS" >/dev/null
  echo "seeding $topic: $PARTITIONS x $N records of $SIZE bytes..."
  awk -v n="$N" -v s="$SIZE" 'BEGIN { v = sprintf("%*s", s, ""); gsub(/ /, "x", v); for (i = 0; i < n; i++) print v }' >"$tmp/values"
  for p in $(seq 0 $((PARTITIONS - 1))); do
    kcat -P -b "$addr" -t "$topic" -p "$p" -l "$tmp/values"
  done
  rm -f "$tmp/values"
else
  [ "$PARTITIONS" = 1 ] || { echo "the kfake bench broker has one partition: give BROKERS for PARTITIONS=$PARTITIONS" >&2; exit 1; }
  go build -o "$tmp/benchbroker" ./scripts/benchbroker
  topic=bench
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
fi
echo "broker at $addr, topic $topic"

kt_cmd=("$kt" consume "$topic" -b "$addr" -o beginning -e)
kj_cmd=("$kt" consume "$topic" -b "$addr" -o beginning -e --json)
kc_cmd=(kcat -C -b "$addr" -t "$topic" -o beginning -e -q -X fetch.wait.max.ms=10)

# Check every tool reads every record before timing them.
check() {
  local got
  got=$("$@" | wc -l)
  [ "$got" -eq "$total" ] || { echo "$1 read $got records, want $total" >&2; exit 1; }
}
check "${kt_cmd[@]}"
check "${kj_cmd[@]}"
$have_kcat && check "${kc_cmd[@]}"

# timed CMD...: prints "wall cpu" in seconds for one run, output discarded.
timed() {
  /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >/dev/null
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$tmp/time"
}

printf '\n%-4s %-20s %-20s %-20s\n' run "kafkatui wall/cpu s" "--json wall/cpu s" "kcat wall/cpu s"
kt_w=() kt_c=() kj_w=() kj_c=() kc_w=() kc_c=()
for i in $(seq 1 "$RUNS"); do
  read -r w c < <(timed "${kt_cmd[@]}"); kt_w+=("$w"); kt_c+=("$c"); kt_col="$w / $c"
  read -r w c < <(timed "${kj_cmd[@]}"); kj_w+=("$w"); kj_c+=("$c"); kj_col="$w / $c"
  kc_col=-
  if $have_kcat; then
    read -r w c < <(timed "${kc_cmd[@]}"); kc_w+=("$w"); kc_c+=("$c"); kc_col="$w / $c"
  fi
  printf '%-4s %-20s %-20s %-20s\n' "$i" "$kt_col" "$kj_col" "$kc_col"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
ns() { awk -v s="$1" -v n="$total" 'BEGIN { printf "%.0f", s / n * 1e9 }'; }
ktw=$(median "${kt_w[@]}") ktc=$(median "${kt_c[@]}")
kjw=$(median "${kj_w[@]}") kjc=$(median "${kj_c[@]}")
printf '\n%s partition(s) x %s records of %s bytes, %s runs each, medians:\n' "$PARTITIONS" "$N" "$SIZE" "$RUNS"
printf '  kafkatui         wall %ss  cpu %ss (%s ns/record)\n' "$ktw" "$ktc" "$(ns "$ktc")"
printf '  kafkatui --json  wall %ss  cpu %ss (%s ns/record)\n' "$kjw" "$kjc" "$(ns "$kjc")"
if $have_kcat; then
  kcw=$(median "${kc_w[@]}") kcc=$(median "${kc_c[@]}")
  printf '  kcat             wall %ss  cpu %ss (%s ns/record)\n' "$kcw" "$kcc" "$(ns "$kcc")"
  printf '  kafkatui/kcat    wall %sx  cpu %sx\n' "$(ratio "$ktw" "$kcw")" "$(ratio "$ktc" "$kcc")"
else
  echo "  (kcat not installed)"
fi
printf '  --json/plain     wall %sx  cpu %sx\n' "$(ratio "$kjw" "$ktw")" "$(ratio "$kjc" "$ktc")"
if [ -n "$BROKERS" ]; then
  "$kt" -b "$addr" topic delete --yes "$topic" </dev/null >/dev/null 2>&1 || echo "note: topic $topic left on the broker" >&2
fi
