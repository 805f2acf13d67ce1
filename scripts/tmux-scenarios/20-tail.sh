# 20-tail.sh: the live tail (issue 5), sourced by scripts/tmux-ui.sh from the
# home screen. :tail clickstream, start with the form's defaults (last 50 per
# partition, then follow), see new messages arrive, open the inspector on
# one, filter with jq, add a jq column, pause, esc back home. Opening a tail
# from the topics list with t is checked too.

# tail_count prints the "N recv" count of the tail's header line.
tail_count() { capture "$UI" | grep -Eo '[0-9,]+ recv' | head -n1 | tr -d ', recv'; }

keys :
keys -l 'tail clickstream'
keys Enter
expect "$UI" "tail: :tail clickstream opens the start form" "$TIMEOUT" \
	'clickstream / tail' 'Tail clickstream' 'partitions +all' 'start +-50' 'enter start tail'
keys Enter
expect "$UI" "tail: live, records arriving" "$TIMEOUT" \
	'● live · [0-9,]+ recv · [0-9,]+ msg/s' 'held [0-9,]+/10,000' 'time +p +offset +key +hdr +value' \
	'"event_type":' 'lag [0-9,]+ · (p0 @[0-9]+|p[0-9]+ lag|[0-9]+ caught up)'

# New messages keep arriving (the demo writes ~300/s): the count grows.
first=$(tail_count)
deadline=$((SECONDS + TIMEOUT))
while (($(tail_count) <= first)); do
	if ((SECONDS >= deadline)); then
		show "tail: count stuck" "$(capture "$UI")"
		echo "tmux-ui: FAIL: the tail's received count stayed at $first" >&2
		exit 1
	fi
	sleep 0.2
done
expect "$UI" "tail: more records than the $first first seen" "$TIMEOUT" '● live' 'follow'

keys k
expect "$UI" "tail: moving up stops following, not consuming" "$TIMEOUT" 'follow off \(F\)' '● live'
keys Enter
expect "$UI" "tail: enter opens the inspector" "$TIMEOUT" \
	'clickstream / tail / clickstream/[0-9]+@[0-9]+' 'Partition [0-9]+ +Offset [0-9]+' '"event_type": "'
keys Escape
expect "$UI" "tail: esc back to the tail" "$TIMEOUT" '^ topics / clickstream / tail *$' '● live'

keys /
keys -l 'jq:.event_type == "search"'
keys Enter
expect "$UI" "tail: jq filter applied" "$TIMEOUT" \
	'clickstream / tail \[/jq:.event_type == "search"\]' 'hidden [0-9,]+' '"event_type":"search"' \
	'!"event_type":"page_view"' 'hides [0-9,]+ of [0-9,]+ held'
keys C
keys -l '.device'
keys Enter
expect "$UI" "tail: C adds a jq column" "$TIMEOUT" 'key +\.device +hdr' ' (mobile|desktop|tablet) '
keys F
keys Space
expect "$UI" "tail: space pauses consumption" "$TIMEOUT" '‖ paused' 'follow$|follow '
keys Space
expect "$UI" "tail: space resumes" "$TIMEOUT" '● live'

keys Escape
expect "$UI" "tail: esc clears the filter" "$TIMEOUT" '^ topics / clickstream / tail *$' '!hidden [0-9]' '!hides'
keys Escape
expect "$UI" "tail: esc home" "$TIMEOUT" '^ topics *$' 'orders'

# t on the topics list tails the selected topic.
keys /
keys -l orders
keys Enter
keys t
expect "$UI" "tail: t on the topics list" "$TIMEOUT" 'orders / tail' 'Tail orders'
keys Escape
expect "$UI" "tail: esc from the form" "$TIMEOUT" '^ topics \[/orders\] *$'
keys Escape
