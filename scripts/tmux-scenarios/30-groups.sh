# 30-groups.sh: consumer groups (issue 6), sourced by scripts/tmux-ui.sh from
# the home screen. :groups lists the demo's groups with lag and a trend; once
# a few refreshes have been seen (3, 5 s apart) each gets a health status.
# Open the lagging group (analytics): header with total lag, worst partition
# and lag in time, the lag table with BEHIND and STATUS, the members tab. Then
# preview a reset of billing-replay (Empty) without writing it, esc back to the form, and esc home.
# At 80x24 the groups list and the group view keep group, topic and owner
# names whole and leave the trend out; the group view says PART for
# PARTITION (the CLI's title) only if the names need the room (issue 15,
# defect 7). In the reset form a partition list it cannot read is
# explained under its field, so is a partition Kafka's plan finds missing,
# and * as the topic previews a
# reset of all the group's topics in one table with a TOPIC column (defect 8).

keys :
keys -l groups
keys Enter
expect "$UI" "groups: :groups lists the groups with lag" "$TIMEOUT" \
	'^ topics / groups *$' 'GROUP. +STATE +MEMBERS +TOPICS +LAG +HEALTH +TREND' \
	'analytics +Stable +2 +clickstream +[0-9,]+ ' 'billing-replay +Empty +0 ' 'fraud-detector +Stable' \
	'[0-9]+ groups · total lag [0-9,]+'
# Health needs three refreshes (5 s apart): wait for the verdicts.
expect "$UI" "groups: health judged after a few refreshes" $((TIMEOUT + 20)) \
	'analytics +Stable .* (WARN|STALL|OK) +[▁▂▃▄▅▆▇█]+' 'billing-replay +Empty .* STOP +[▁▂▃▄▅▆▇█]+' \
	'^ analytics +(WARN|STALL|OK) +'
tm resize-window -t "$UI" -x 80 -y 24
expect "$UI" "groups: at 80x24 the list keeps the names whole, the trend gives way" "$TIMEOUT" \
	'GROUP. +STATE +MEMBERS +TOPICS +LAG +HEALTH *$' '!TREND' \
	'^ analytics +Stable +2 +clickstream +[0-9,]+ +(WARN|STALL|OK) *$' '^ clickstream-archive +Empty +0 +clickstream '
frame "$UI" "groups list at 80x24" 80 24
tm resize-window -t "$UI" -x 120 -y 36
expect "$UI" "groups: at 120x36 the list's trend is back" "$TIMEOUT" 'LAG +HEALTH +TREND'

keys Enter
expect "$UI" "groups: analytics opens with status and lag in time" "$TIMEOUT" \
	'^ topics / groups / analytics *$' 'Stable · 2 members · range' \
	'total lag [0-9,]+ · worst clickstream/[0-9]+ [0-9,]+ \(([0-9]+s|[0-9]+m[0-9]{2}s|[0-9]+h[0-9]{2}m) behind\)' \
	'health (WARN|STALL|OK) ' 'TOPIC +PARTITION +COMMITTED +LOG-END +LAG +BEHIND +OWNER +STATUS +TREND' \
	'clickstream +[0-9]+ +[0-9,]+ +[0-9,]+ +[0-9,]+ +([0-9]+s|[0-9]+m[0-9]{2}s) +analytics-[01] +(OK|WARN|STALL) ' \
	'R reset offsets'
tm resize-window -t "$UI" -x 80 -y 24
expect "$UI" "groups: at 80x24 names stay whole, the trend gives way" "$TIMEOUT" \
	'TOPIC +PART(ITION)? +COMMITTED +LOG-END +LAG +BEHIND +OWNER +STATUS *$' '!TREND *$' \
	'^ clickstream +[0-9]+ +[0-9,]+ +[0-9,]+ +[0-9,]+ +[^ ]+ +analytics-[01] +(OK|WARN|STALL|-) *$'
frame "$UI" "groups at 80x24" 80 24
tm resize-window -t "$UI" -x 120 -y 36
expect "$UI" "groups: at 120x36 the trend is back" "$TIMEOUT" 'OWNER +STATUS +TREND'
keys Tab
expect "$UI" "groups: tab shows the members" "$TIMEOUT" \
	'analytics / members' 'MEMBER +CLIENT-ID +HOST +ASSIGNED' 'analytics-0 .*clickstream\[0-5\]' 'analytics-1 .*clickstream\[6-11\]'
keys Escape
expect "$UI" "groups: esc back to the list" "$TIMEOUT" '^ topics / groups *$' 'billing-replay'

keys /
keys -l billing
keys Enter
keys Enter
expect "$UI" "groups: billing-replay, no consumer, STOP" "$TIMEOUT" \
	'^ topics / groups \[/billing\] / billing-replay *$' 'Empty · 0 members' 'health STOP .*no consumer in the group'
keys R
expect "$UI" "groups: R opens the reset form" "$TIMEOUT" \
	'billing-replay / reset offsets' 'Reset offsets of group billing-replay' 'Topic +orders' 'Reset to +earliest' \
	'!The group is'
keys Enter
expect "$UI" "groups: the preview shows current and new offsets, nothing written" "$TIMEOUT" \
	'Preview: reset billing-replay on orders to earliest' 'Nothing written yet' \
	'PARTITION +CURRENT +NEW +LOG-START +LOG-END +LAG-BEFORE +LAG-AFTER' ' +0 +[0-9,]+ +0 +0 +[0-9,]+ +[0-9,]+ +[0-9,]+' \
	'total lag [0-9,]+ → [0-9,]+' 'enter writes these offsets; esc goes back to the form'
keys Escape
expect "$UI" "groups: esc on the preview returns to the form, values kept" "$TIMEOUT" \
	'Reset offsets of group billing-replay' 'Topic +orders' 'Reset to +earliest' '!Nothing written yet'
keys Tab
keys -l 1-x
keys Enter
expect "$UI" "groups: a partition list the form cannot read is explained at the field" "$TIMEOUT" \
	'Partitions +1-x' '^ +✗ "1-x" is not a partition number; use numbers and ranges like 0,2,4-7' \
	'Topic +orders' 'Reset to +earliest' '!Nothing written yet'
keys BSpace BSpace BSpace
keys -l 99
keys Enter
expect "$UI" "groups: a partition Kafka does not have is said at the field, from the plan" "$TIMEOUT" \
	'Partitions +99' '^ +✗ partition 99 does not exist \(topic has [0-9]+ partitions: 0-[0-9]+\)' \
	'Topic +orders' 'Reset to +earliest' '!Nothing written yet' '!plan offset reset'
keys BSpace BSpace BTab BSpace BSpace BSpace BSpace BSpace BSpace
keys -l '*'
keys Enter
expect "$UI" "groups: * previews a reset of all the group's topics" "$TIMEOUT" \
	'Preview: reset billing-replay on all its topics to earliest' '[0-9]+ partitions of 2 topics, group Empty' \
	'TOPIC +PARTITION +CURRENT +NEW +LOG-START +LOG-END +LAG-BEFORE +LAG-AFTER' \
	'^ orders +0 +[0-9,]+ +0 ' '^ payments +0 +[0-9,]+ +0 ' 'enter writes these offsets'
keys Escape
expect "$UI" "groups: esc back to the form, * kept" "$TIMEOUT" \
	'Reset offsets of group billing-replay' 'Topic +\*' '!✗' '!Nothing written yet'
keys Escape
expect "$UI" "groups: esc closes the form" "$TIMEOUT" '^ topics / groups \[/billing\] / billing-replay *$' 'health STOP'
keys Escape
expect "$UI" "groups: esc back to the filtered list" "$TIMEOUT" '^ topics / groups \[/billing\] *$'
keys Escape
keys Escape
expect "$UI" "groups: esc home" "$TIMEOUT" '^ topics *$' 'orders'
