#!/usr/bin/env bash
# Runs every fuzz target of kafkatui for a while each (an instrumented test
# binary per package, built by go test -c -fuzz, one target per run). CI
# runs it for 7s each (.ci/run); by hand give a longer time:
#
#   scripts/fuzz.sh            # 10s each
#   scripts/fuzz.sh 5m         # 5 minutes each
#   scripts/fuzz.sh 60s Tail   # only targets whose name contains "Tail"
#   scripts/fuzz.sh --list     # the targets, one "package target" per line
#
# A failing input is written by go test to the package's
# testdata/fuzz/<target>/; commit it with the fix, it then runs as a seed
# in every `go test`. Every Fuzz function in the repository must be listed
# below: the script fails naming any that is not, so none is forgotten.
set -euo pipefail
cd "$(dirname "$0")/.."

# The targets: package and function, one per line.
targets=(
	"./kafkaops FuzzParsePosition"
	"./kafkaops FuzzParsePartitionList"
	"./kafkaops FuzzParseResetTarget"
	"./kafkaops FuzzDecodeConsumerProtocol"
	"./kafkaops FuzzRecordBatches"
	"./kafkaops/schemas FuzzDecode"
	"./kafkaops/schemas FuzzProtobufFastPath"
	"./internal/safe FuzzText"
	"./internal/safe FuzzCleanMatchesByteLoop"
	"./config FuzzLoad"
	"./cli FuzzHeaderFlags"
	"./ui/produce FuzzParseHeaders"
	"./ui/produce FuzzFormatHeaders"
	"./ui/tail FuzzTailFilter"
	"./ui/tail FuzzTailColumn"
)

if [ "${1:-}" = "--list" ]; then
	printf '%s\n' "${targets[@]}"
	exit 0
fi
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
	sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
fi
fuzztime=${1:-10s}
only=${2:-}

# Every Fuzz function in the tree, as "./pkg Name", against the list.
missing=$(git grep --untracked -E '^func Fuzz[A-Za-z0-9_]*\(' -- '*_test.go' |
	sed -E 's#^(.*)/[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*#./\1 \2#' |
	sort -u | comm -23 - <(printf '%s\n' "${targets[@]}" | sort -u))
if [ -n "$missing" ]; then
	echo "fuzz targets not listed in scripts/fuzz.sh:"
	echo "$missing"
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cache=$(go env GOCACHE)/fuzz
start=$(date +%s)
ran=0
built=""
for t in "${targets[@]}"; do
	pkg=${t%% *}
	name=${t##* }
	case "$name" in *"$only"*) ;; *) continue ;; esac
	t0=$(date +%s)
	# One instrumented test binary per package (go test -fuzz would link
	# one per target), run in the package's directory so that it reads and
	# writes testdata/fuzz there, with go test's corpus cache.
	bin=$work/$(echo "$pkg" | tr './' '__').test
	case " $built " in *" $pkg "*) ;; *)
		if ! go test -c -fuzz=. -o "$bin" "$pkg" >"$work/build.log" 2>&1; then
			echo "FAIL building $pkg for fuzzing"
			cat "$work/build.log"
			exit 1
		fi
		built="$built $pkg"
		;;
	esac
	importpath=$(go list "$pkg")
	fuzz() {
		(cd "$pkg" && "$bin" -test.run='^$' -test.fuzz="^${name}\$" -test.fuzztime="$1" \
			-test.fuzzcachedir="$cache/$importpath") >"$work/log" 2>&1
	}
	ok=true
	fuzz "$fuzztime" || ok=false
	# Go 1.26's fuzz coordinator can fail a target with a bare "context
	# deadline exceeded" right at the end of a duration -fuzztime, with
	# nothing found (golang/go#75804, fixed in Go 1.27; a busy machine
	# makes it likelier). A real failure writes its input under
	# testdata/fuzz and fails at once; the race alone runs the target once
	# more with a count budget (as many execs as it managed), which has no
	# deadline to race.
	if ! $ok && grep -q 'context deadline exceeded' "$work/log" &&
		[ -z "$(git status --porcelain --untracked-files=all -- "$pkg/testdata/fuzz/$name")" ]; then
		n=$(grep -o 'execs: [0-9]*' "$work/log" | tail -1 | cut -d' ' -f2 || true)
		n=$((${n:-0} > 1000 ? ${n:-0} : 1000))
		echo "note $name: Go's fuzz deadline race (golang/go#75804, no input found); once more for ${n} execs"
		ok=true
		fuzz "${n}x" || ok=false
	fi
	if ! $ok; then
		echo "FAIL $name ($pkg)"
		grep -v -E '^fuzz: elapsed: .*(execs|baseline)' "$work/log" | tail -30
		echo "the failing input is in $pkg/testdata/fuzz/$name/: fix, then commit it as a seed"
		exit 1
	fi
	execs=$(grep -o 'execs: [0-9]*' "$work/log" | tail -1 | cut -d' ' -f2 || true)
	printf 'ok   %-28s %-14s %8s execs in %ds\n' "$name" "$pkg" "${execs:-?}" "$(($(date +%s) - t0))"
	ran=$((ran + 1))
done
echo "fuzz: $ran targets, ${fuzztime} each, $(($(date +%s) - start))s"
