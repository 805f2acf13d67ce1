# 50-schemas.sh: Schema Registry records (issue 16), sourced by
# scripts/tmux-ui.sh from the home screen. The demo serves a registry beside
# its cluster: tail the Avro topic and see its values decoded to JSON,
# filter with jq on a decoded field, open the inspector (schema line, the
# decoded value) and its schema view; tail the Protobuf topic decoded too.

keys :
keys -l 'tail payments-avro'
keys Enter
expect "$UI" "schemas: :tail payments-avro opens the start form" "$TIMEOUT" 'Tail payments-avro' 'enter start tail'
keys Enter
expect "$UI" "schemas: Avro keys and values are shown decoded" "$TIMEOUT" \
	'● live' '\{"order_id":"ORD-' '\{"payment_id":"[0-9a-f-]+","order_id":"ORD' '!\\x00\\x00'
keys /
keys -l 'jq:.currency == "EUR"'
keys Enter
expect "$UI" "schemas: a jq filter on a decoded field" "$TIMEOUT" \
	'tail \[/jq:\.currency == "EUR"\]' 'hidden [0-9,]+' '\{"payment_id":"'
keys Space
keys g
keys Enter
expect "$UI" "schemas: the inspector names the schema and shows the decoded value" "$TIMEOUT" \
	'Schema key: avro, id [0-9]+, payments-avro-key v1, com\.example\.payments\.PaymentKey' \
	'Schema value: avro, id [0-9]+, payments-avro-value v1, com\.example\.payments\.PaymentEvent' \
	'"currency": "EUR"' '"payment_id": "[0-9a-f-]+"'
keys Tab Tab Tab Tab
expect "$UI" "schemas: tab reaches the schema view" "$TIMEOUT" \
	'Value auto text JSON hex \[schema\]' '"name": "PaymentEvent"' '"logicalType": "'
keys Escape
keys Escape
keys Escape
expect "$UI" "schemas: esc esc esc: home" "$TIMEOUT" '^ topics *$' 'payments-avro'

keys :
keys -l 'tail shipments-proto'
keys Enter
keys Enter
expect "$UI" "schemas: Protobuf values are shown decoded" "$TIMEOUT" \
	'● live' '\{"shipment_id":"SHP-[0-9]+","order_id":"ORD-' '!\\x00\\x00'
keys Escape
keys Escape
