# 40-produce.sh: the produce form (issue 7), sourced by scripts/tmux-ui.sh
# from the home screen. Open orders, p, fill key, value and headers, send
# with ctrl+s, see the partition and offset, esc back home; then find the
# message with a live tail filtered on its key.

PRODUCE_KEY="tmux-probe-$$"

keys /
keys -l orders
keys Enter
keys Enter
expect "$UI" "produce: orders opened" "$TIMEOUT" 'orders / partitions' 'PARTITION' 'p produce'

keys p
expect "$UI" "produce: p opens the form on orders" "$TIMEOUT" \
	'Produce to orders' 'Topic +orders +6 partitions' 'Partition +auto: by key' '› null \(ctrl\+t: empty string\)' \
	'Acks +\[all\]' 'ctrl\+s send'

keys -l "$PRODUCE_KEY"
keys Tab
keys -l '{"order_id":"'"$PRODUCE_KEY"'","total":12.5,"currency":"EUR"}'
expect "$UI" "produce: key and JSON value typed" "$TIMEOUT" \
	"Key +$PRODUCE_KEY" '✓ valid JSON · ctrl\+f pretty-prints'
keys Escape
expect "$UI" "produce: one esc keeps the typed message and says so" "$TIMEOUT" \
	'Produce to orders' 'esc again to discard it' "Key +$PRODUCE_KEY"
keys C-f
expect "$UI" "produce: ctrl+f pretty-prints the value; the warning is gone once the user stayed" "$TIMEOUT" \
	'"order_id": "tmux-probe' '"currency": "EUR"' '!esc again to discard'
keys Tab
keys -l 'source=tmux'
keys Enter
keys -l 'bad header'
keys C-s
expect "$UI" "produce: a bad header line is flagged, nothing sent" "$TIMEOUT" \
	'✗ line 2: "bad header" is not key=value' '!✓ sent to'
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
keys C-s
expect "$UI" "produce: ctrl+s sends; partition and offset shown" "$TIMEOUT" \
	'✓ sent to orders/[0-5] at offset [0-9]+ \(acks=all\)' "Key +$PRODUCE_KEY" 'source=tmux'

# Where the form said the message went, for the tail below.
PRODUCE_AT=$(capture "$UI" | grep -Eo 'sent to orders/[0-9]+ at offset [0-9]+' | head -n1)
PRODUCE_PART=$(sed -E 's|.*orders/([0-9]+) .*|\1|' <<<"$PRODUCE_AT")
PRODUCE_OFFSET=$(sed -E 's|.* offset ([0-9]+)$|\1|' <<<"$PRODUCE_AT")

keys Escape
expect "$UI" "produce: esc back to the topic view" "$TIMEOUT" 'orders / partitions' '!Produce to'
keys Escape
keys Escape
expect "$UI" "produce: esc esc: home" "$TIMEOUT" '^ topics *$' 'orders'

# The message is where the form said: a live tail of that partition from
# that offset shows it first, with its key.
if grep -qs 'tail.Command' ui/*.go; then
	keys :
	keys -l 'tail orders'
	keys Enter
	expect "$UI" "produce: :tail orders, the start form" "$TIMEOUT" 'partitions' 'start'
	keys -l "$PRODUCE_PART"
	keys Tab C-u
	keys -l "$PRODUCE_OFFSET"
	keys Enter
	expect "$UI" "produce: the tail shows the message at orders/$PRODUCE_PART@$PRODUCE_OFFSET" "$TIMEOUT" \
		" $PRODUCE_PART +$PRODUCE_OFFSET +$PRODUCE_KEY "
	# Inspect it (paused, first row: orders keeps flowing) and re-produce
	# it with r: the form opens loaded with its key, value and headers.
	keys Space
	keys g
	keys Enter
	expect "$UI" "produce: the message in the inspector" "$TIMEOUT" "$PRODUCE_KEY" 'r re-produce'
	keys r
	expect "$UI" "produce: r in the inspector opens the loaded form" "$TIMEOUT" \
		'Produce to orders' "Key +$PRODUCE_KEY" '"currency": "EUR"' 'source=tmux'
	keys C-s
	expect "$UI" "produce: the re-produced message is sent" "$TIMEOUT" \
		'✓ sent to orders/[0-5] at offset [0-9]+ \(acks=all\)'
	keys Escape
	expect "$UI" "produce: esc back to the inspector" "$TIMEOUT" '!Produce to' "$PRODUCE_KEY"
	keys Escape
	keys Escape
	expect "$UI" "produce: esc from the tail" "$TIMEOUT" '^ topics *$' 'orders'
fi
