# walk.sh: every pane against scripts/hostile-broker, sourced by
# `scripts/tmux-ui.sh --hostile` (not by the demo run: the files of this
# directory are not in the scenarios' glob). Each planted field must show
# escaped; expect() also fails if the terminal title changes.
E='\\x1b\]2;PWNED\\x07\\x1b\[2J\\u009b31m\\u202e' # the payload, escaped

expect "$UI" "hostile: topics, names escaped, the look-alike visible" $((2 * TIMEOUT)) \
	'● connected' "topic$E" 'orders\\u200b'
keys G Enter
expect "$UI" "hostile: partitions of the hostile topic" "$TIMEOUT" "topics / topic$E / partitions" '2 partitions'
keys Tab
expect "$UI" "hostile: configs, names and values" "$TIMEOUT" "config\\.name$E" "config value$E" "delete$E"
keys Tab
keys t
expect "$UI" "hostile: tail form" "$TIMEOUT" "Tail topic$E"
keys Enter
expect "$UI" "hostile: tail, keys and values" "$TIMEOUT" "value$E" 'key\\x1b\]2;PWNED'
keys Enter
expect "$UI" "hostile: inspector, key and header" "$TIMEOUT" "Key +key$E" "header$E=hdr value$E"
keys Escape Escape
expect "$UI" "hostile: back to partitions" "$TIMEOUT" '2 partitions'
keys :
keys -l brokers
keys Enter
expect "$UI" "hostile: brokers, cluster id, host, racks" "$TIMEOUT" "cluster cluster$E" "host$E:9092" "rack$E" "rack2$E"
keys :
keys -l groups
keys Enter
expect "$UI" "hostile: groups, ids and states (cut to the column), the unreachable hostile broker counted" "$TIMEOUT" \
	'group848\\x1b\]2;PWNED' 'idle\\x1b\]2;PWNED' 'Stable\\x1b' 'Empty\\x1b' '1 broker did not answer'
keys g j Enter
expect "$UI" "hostile: group view, state and protocol" "$TIMEOUT" "Stable$E · 1 member · range$E"
keys Tab
expect "$UI" "hostile: members" "$TIMEOUT" 'member\\x1b\]2;PWNED' 'client\\x1b'
keys R
expect "$UI" "hostile: reset refused, quoting the state" "$TIMEOUT" "The group is Stable$E with 1 member"
keys Escape Escape
expect "$UI" "hostile: back to the groups" "$TIMEOUT" '^ topics / groups *$'
keys :
keys -l topics
keys Enter
expect "$UI" "hostile: home" "$TIMEOUT" '^ topics *$'
