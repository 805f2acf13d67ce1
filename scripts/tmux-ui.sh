#!/usr/bin/env bash
# tmux-ui.sh runs the real kafkatui binary in tmux against the demo cluster,
# drives it with send-keys as a user would (filter the topics, open one, go
# back, :brokers, ?, resize to 80x24 and below the minimum, quit), prints
# every captured screen, and exits non-zero naming the first expected screen
# that did not appear. It needs no terminal of its own (CI).
#
#   scripts/tmux-ui.sh [ADDR]
#   scripts/tmux-ui.sh --hostile
#
# With ADDR (host:port of a running cluster that has the demo topics, e.g.
# from `kafkatui demo --serve`), it runs `kafkatui -b ADDR`. Without, it
# starts `kafkatui demo` in tmux: if that opens the UI, it drives it there;
# if this build's demo only serves the cluster, it reads the bootstrap
# address the demo prints and runs `kafkatui -b ADDR` beside it.
#
# With --hostile, it runs kafkatui against scripts/hostile-broker, a
# Kafka-protocol server that plants escape sequences (set the title, clear
# the screen, C1 CSI, RLO) in every string it answers with, and walks every
# pane (scripts/tmux-scenarios/hostile/walk.sh) checking each shows them
# escaped. In both modes every screen also checks that the terminal title
# (tmux's pane title) is still what it was when the program started.
#
# Environment: KAFKATUI_BIN (a built binary; default: go build into the work
# directory), KAFKATUI_TMUX_TIMEOUT (seconds to wait for one screen, default
# 30; the first screen gets twice that), KAFKATUI_TMUX_DIR (work directory,
# default a temporary one, removed at exit unless given).
set -euo pipefail
cd "$(dirname "$0")/.."

HOSTILE=""
if [[ ${1:-} == --hostile ]]; then
	HOSTILE=1
	shift
fi
ADDR=${1:-}
TIMEOUT=${KAFKATUI_TMUX_TIMEOUT:-30}
if [[ -n ${KAFKATUI_TMUX_DIR:-} ]]; then
	WORK=$KAFKATUI_TMUX_DIR
	mkdir -p "$WORK"
else
	WORK=$(mktemp -d)
fi
# The program keeps state (produce history) under XDG_STATE_HOME: keep the
# run's own out of the user's.
export XDG_STATE_HOME="$WORK/state"
SOCK="kafkatui-ui-$$" # a tmux server of our own: no clash with the user's
UI="ui"
DEMO="demo"
STEP=0

tm() { tmux -L "$SOCK" "$@"; }

cleanup() {
	tm kill-server 2>/dev/null || true
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK" # tmux leaves it behind
	if [[ -z ${KAFKATUI_TMUX_DIR:-} ]]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

command -v tmux >/dev/null || { echo "tmux-ui: tmux is not installed" >&2; exit 2; }

BIN=${KAFKATUI_BIN:-}
if [[ -z $BIN ]]; then
	echo "tmux-ui: building kafkatui"
	BIN=$WORK/kafkatui
	CGO_ENABLED=0 go build -o "$BIN" .
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

if [[ -n $HOSTILE ]]; then
	echo "tmux-ui: building scripts/hostile-broker"
	go build -o "$WORK/hostile-broker" ./scripts/hostile-broker
fi

# The program runs under a shell that says how it ended and then waits, so
# its last screen and exit status stay readable in the pane.
wrap() {
	printf '%q ' "$@"
	printf '; echo "[kafkatui exited with status $?]"; read -r _'
}

start() { # session command...
	local s=$1
	shift
	tm new-session -d -s "$s" -x 120 -y 36 "$(wrap "$@")"
}

capture() { tm capture-pane -p -t "$1"; }

show() { # title screen
	STEP=$((STEP + 1))
	printf '\n===== %d. %s (%s) =====\n%s\n' "$STEP" "$1" "$(tm display -p -t "$UI" '#{window_width}x#{window_height}')" "$2"
}

# expect SESSION TITLE SECONDS PATTERN... waits until the screen matches
# every PATTERN (grep -E; a leading ! means must not match), then prints it.
# Polling with a deadline: there is no event to wait on outside the process.
expect() {
	local s=$1 title=$2 secs=$3
	shift 3
	local deadline=$((SECONDS + secs)) screen missing
	while :; do
		screen=$(capture "$s")
		missing=""
		for p in "$@"; do
			if [[ $p == !* ]]; then
				if grep -Eq -- "${p:1}" <<<"$screen"; then missing="$missing [unexpected: ${p:1}]"; fi
			elif ! grep -Eq -- "$p" <<<"$screen"; then
				missing="$missing [$p]"
			fi
		done
		# A title change is a failure at once: some escape sequence from
		# Kafka reached the terminal.
		if [[ -n ${TITLE0:-} ]]; then
			title_now=$(tm display -p -t "$s" '#{pane_title}')
			if [[ $title_now != "$TITLE0" ]]; then
				show "$title: TITLE CHANGED" "$screen"
				echo "tmux-ui: FAIL: the terminal title changed from \"$TITLE0\" to \"$title_now\"" >&2
				exit 1
			fi
		fi
		if [[ -z $missing ]]; then
			show "$title" "$screen"
			return 0
		fi
		if ((SECONDS >= deadline)); then
			show "$title: NOT REACHED" "$screen"
			echo "tmux-ui: FAIL: screen \"$title\" not reached within ${secs}s; missing:$missing" >&2
			exit 1
		fi
		sleep 0.1
	done
}

# frame SESSION TITLE WIDTH HEIGHT checks that the header is on the first
# line and the footer on the last: a garbled layout moves them.
frame() {
	local s=$1 title=$2 w=$3 h=$4 screen first last
	screen=$(capture "$s")
	first=$(sed -n 1p <<<"$screen")
	last=$(sed -n "${h}p" <<<"$screen")
	if [[ $first != *kafkatui* || $last != *"q quit"* ]]; then
		show "$title: garbled" "$screen"
		echo "tmux-ui: FAIL: at ${w}x${h} the header is not on line 1 or the footer not on line $h" >&2
		exit 1
	fi
}

keys() { tm send-keys -t "$UI" "$@"; }

UI_UP='● (connecting|connected)'

if [[ -n $HOSTILE ]]; then
	start "$DEMO" "$WORK/hostile-broker"
	deadline=$((SECONDS + 2 * TIMEOUT))
	until ADDR=$(capture "$DEMO" | grep -Eo 'bootstrap: [^ ]+' | head -n1 | cut -d' ' -f2) && [[ -n $ADDR ]]; do
		if ((SECONDS >= deadline)); then
			capture "$DEMO"
			echo "tmux-ui: FAIL: the hostile broker did not print its address" >&2
			exit 1
		fi
		sleep 0.1
	done
	start "$UI" "$BIN" -b "$ADDR"
	TITLE0=$(tm display -p -t "$UI" '#{pane_title}')
	# shellcheck source=scripts/tmux-scenarios/hostile/walk.sh
	source scripts/tmux-scenarios/hostile/walk.sh
	keys q
	expect "$UI" "q: quit" "$TIMEOUT" '\[kafkatui exited with status 0\]'
	echo
	echo "tmux-ui: all $STEP screens as expected against the hostile broker; title stayed \"$TITLE0\""
	exit 0
elif [[ -n $ADDR ]]; then
	start "$UI" "$BIN" -b "$ADDR"
else
	start "$DEMO" "$BIN" demo
	# Either the UI opens, or the demo says where it serves.
	deadline=$((SECONDS + 2 * TIMEOUT))
	while :; do
		screen=$(capture "$DEMO")
		if grep -Eq "$UI_UP" <<<"$screen"; then
			tm rename-session -t "$DEMO" "$UI"
			break
		fi
		if ADDR=$(grep -Eo 'bootstrap: [^ ,]+' <<<"$screen" | head -n1 | cut -d' ' -f2) && [[ -n $ADDR ]]; then
			echo "tmux-ui: this build's demo only serves; running kafkatui -b $ADDR beside it"
			start "$UI" "$BIN" -b "$ADDR"
			break
		fi
		if grep -q '\[kafkatui exited' <<<"$screen" || ((SECONDS >= deadline)); then
			printf '%s\n' "$screen"
			echo "tmux-ui: FAIL: kafkatui demo neither opened the UI nor printed a bootstrap address" >&2
			exit 1
		fi
		sleep 0.1
	done
fi

TITLE0=$(tm display -p -t "$UI" '#{pane_title}')
expect "$UI" "topics, the home screen" $((2 * TIMEOUT)) \
	'● connected' '^ topics *$' 'orders' 'payments' 'clickstream' 'PARTITIONS'

keys /
keys -l pay
expect "$UI" "typing the filter /pay" "$TIMEOUT" '^ topics \[/pay\]' 'payments' '!orders'
keys Enter
expect "$UI" "filter applied" "$TIMEOUT" '^ topics \[/pay\] *$' 'payments' '!orders' '!^ /pay' '!apply filter'

keys Enter
expect "$UI" "payments opened: its partitions" "$TIMEOUT" \
	'topics \[/pay\] / payments / partitions' 'PARTITION' 'LEADER' 'ISR' '3 partitions'

keys Escape
expect "$UI" "esc: back to the filtered topics" "$TIMEOUT" '^ topics \[/pay\] *$' '!/ partitions' 'payments'
keys Escape
expect "$UI" "esc again: filter cleared" "$TIMEOUT" '^ topics *$' 'orders' 'payments'

keys :
keys -l bro
keys Tab
expect "$UI" "command bar: bro + tab" "$TIMEOUT" '^:brokers' 'tab complete'
keys Enter
expect "$UI" ":brokers" "$TIMEOUT" '^ topics / brokers *$' 'ADDRESS' 'controller' 'brokers 3'

keys '?'
expect "$UI" "? full help" "$TIMEOUT" 'page down' 'ctrl\+c quit'
keys '?'
expect "$UI" "? again: short help" "$TIMEOUT" '!page down' 'q quit'

tm resize-window -t "$UI" -x 80 -y 24
expect "$UI" "resized to 80x24" "$TIMEOUT" '^ topics / brokers *$' 'controller' 'q quit'
frame "$UI" "80x24" 80 24
tm resize-window -t "$UI" -x 50 -y 12
expect "$UI" "resized below the minimum" "$TIMEOUT" 'terminal too small \(50x12\)'
tm resize-window -t "$UI" -x 80 -y 24
expect "$UI" "back to 80x24" "$TIMEOUT" '^ topics / brokers *$' 'controller'
frame "$UI" "80x24 again" 80 24

keys Escape
expect "$UI" "esc: home" "$TIMEOUT" '^ topics *$' 'orders'

# Scenarios of later panes live in scripts/tmux-scenarios/*.sh, sourced here
# in name order at 120x36 from the home screen; each must end back on it
# (esc until '^ topics *$'). They use keys, expect and frame from above.
tm resize-window -t "$UI" -x 120 -y 36
for scenario in scripts/tmux-scenarios/*.sh; do
	[[ -e $scenario ]] || continue
	# shellcheck source=/dev/null
	source "$scenario"
	expect "$UI" "home after $(basename "$scenario")" "$TIMEOUT" '^ topics *$' 'orders'
done

keys q
expect "$UI" "q: quit" "$TIMEOUT" '\[kafkatui exited with status 0\]'
echo
echo "tmux-ui: all $STEP screens as expected"
