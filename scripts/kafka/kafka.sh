#!/usr/bin/env bash
# kafka.sh runs real Apache Kafka (KRaft, combined broker+controller nodes) on
# loopback from Maven Central jars, for kafkatui's integration suite. No Docker.
#
#   kafka.sh fetch      --version V                      download the jars once; print the libs dir
#   kafka.sh start      --version V --nodes 1|3 --dir DIR [--timeout S]
#   kafka.sh stop       --dir DIR [--kill] [--timeout S]
#   kafka.sh stop-node  --dir DIR --node N [--node M ...] [--kill] [--timeout S]
#   kafka.sh start-node --dir DIR --node N [--node M ...] [--timeout S]
#   kafka.sh status     --dir DIR
#
# start prints the bootstrap address on standard output and writes DIR/env
# (sourceable KEY=value lines: VERSION, NODES, BOOTSTRAP, NODE_<id>_BOOTSTRAP,
# LIBS, BIN, PIDS, and on a single node SASL_BOOTSTRAP, SASL_USER,
# SASL_PASSWORD, SASL_MECHANISMS, OAUTH_BOOTSTRAP, TLS_BOOTSTRAP, TLS_CA,
# MTLS_BOOTSTRAP, TLS_CLIENT_CERT, TLS_CLIENT_KEY). A single node has a
# SASL_PLAINTEXT listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512; user kafkatui,
# password kafkatui-secret), a SASL_PLAINTEXT listener for OAUTHBEARER only
# (Kafka's unsecured validator: unsigned JWTs, alg "none", with sub and exp
# claims), an SSL listener and an SSL listener that requires a client
# certificate, all signed by a CA made here. Node ids are 1..N, so a broker id
# from metadata names the node to stop. DIR/bin holds kafka-topics,
# kafka-console-consumer, kafka-consumer-groups, kafka-console-producer and
# kafka-run-class for this version; node logs are DIR/node-<id>/server.log.
# stop and stop-node send TERM (a controlled shutdown) and KILL after the
# timeout (default 20 s, or 5 s when no controller majority stays up to
# complete it); --kill sends KILL at once (a crash). --node all names every
# node. start-node returns once the restarted nodes serve requests and every
# running node is a live broker (a node cannot come back alone while a
# majority of the controllers is down: restart them together).
# --version defaults to 4.3.1, the newest 4.x with all jars on Maven Central.
#
# Environment: KAFKATUI_KAFKA_CACHE (jar cache, default <repo>/.cache/kafka),
# KAFKATUI_KAFKA_HEAP (default "-Xmx512m -Xms256m"), KAFKATUI_MAVEN_ARGS
# (extra mvn arguments, e.g. "-s settings.xml" to use a mirror).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

VERSION=$DEFAULT_VERSION NODES=1 DIR="" TIMEOUT="" KILL=0 IDS=()
parse() {
  while [ $# -gt 0 ]; do
    case $1 in
      --version) VERSION=${2:?--version needs a value}; shift 2 ;;
      --nodes) NODES=${2:?--nodes needs a value}; shift 2 ;;
      --dir) DIR=${2:?--dir needs a value}; shift 2 ;;
      --node) IDS+=("${2:?--node needs a value}"); shift 2 ;;
      --timeout) TIMEOUT=${2:?--timeout needs a value}; shift 2 ;;
      --kill) KILL=1; shift ;;
      -h|--help) usage ;;
      *) printf 'kafka.sh: unknown argument %s\n' "$1" >&2; usage ;;
    esac
  done
  [[ $NODES =~ ^[1-9]$ ]] || die "--nodes must be 1..9, got $NODES"
  [ -z "$TIMEOUT" ] || [[ $TIMEOUT =~ ^[0-9]+$ ]] || die "--timeout must be whole seconds, got $TIMEOUT"
}

# need_dir insists on a plain path: DIR ends up unquoted in DIR/env, in Java
# properties and in class paths.
need_dir() {
  [ -n "$DIR" ] || die "--dir is required"
  [[ $DIR =~ ^[A-Za-z0-9._/+-]+$ ]] || die "--dir must be a plain path (letters, digits, . _ / + -): $DIR"
  [[ $CACHE =~ ^[A-Za-z0-9._/+-]+$ ]] || die "the jar cache must be a plain path (letters, digits, . _ / + -): $CACHE"
}

# load_state reads what start recorded about the cluster in DIR.
load_state() {
  need_dir
  [ -f "$DIR/state" ] || die "no cluster was started in $DIR (missing $DIR/state)"
  DIR=$(cd "$DIR" && pwd)
  # shellcheck source=/dev/null
  . "$DIR/state"
}

# write_state records the cluster for later commands; -g because load_state
# sources it inside a function.
write_state() {
  {
    declare -p VERSION LINE NODES SECURE LIBS PROBE BPORT CPORT
    declare -p SASL_PORT TLS_PORT MTLS_PORT OAUTH_PORT 2>/dev/null || true
  } | sed 's/^declare /declare -g /' >"$DIR/state"
}

# write_env rewrites DIR/env, the public description of the cluster.
write_env() {
  local id pids=() addrs=()
  for id in $(seq "$NODES"); do
    addrs+=("127.0.0.1:${BPORT[$id]}")
    pids+=("$(node_pid "$id" || true)")
  done
  {
    printf 'VERSION=%s\nNODES=%s\n' "$VERSION" "$NODES"
    printf 'BOOTSTRAP=%s\n' "$(IFS=,; echo "${addrs[*]}")"
    for id in $(seq "$NODES"); do printf 'NODE_%d_BOOTSTRAP=%s\n' "$id" "127.0.0.1:${BPORT[$id]}"; done
    printf 'LIBS=%s\nBIN=%s\nPIDS=%s\n' "$LIBS" "$DIR/bin" "$(IFS=,; echo "${pids[*]}")"
    if [ "$SECURE" = 1 ]; then
      printf 'SASL_BOOTSTRAP=%s\nSASL_USER=%s\nSASL_PASSWORD=%s\nSASL_MECHANISMS=%s\n' \
        "127.0.0.1:$SASL_PORT" "$SASL_USER" "$SASL_PASSWORD" PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
      printf 'OAUTH_BOOTSTRAP=%s\n' "127.0.0.1:$OAUTH_PORT"
      printf 'TLS_BOOTSTRAP=%s\nTLS_CA=%s\n' "127.0.0.1:$TLS_PORT" "$DIR/tls/ca.pem"
      printf 'MTLS_BOOTSTRAP=%s\nTLS_CLIENT_CERT=%s\nTLS_CLIENT_KEY=%s\n' \
        "127.0.0.1:$MTLS_PORT" "$DIR/tls/client.pem" "$DIR/tls/client.key"
    fi
  } >"$DIR/env.partial"
  mv "$DIR/env.partial" "$DIR/env"
}

# gen_uuid makes a Kafka cluster id (base64url of 16 random bytes) without a
# JVM start; like Kafka's Uuid.randomUuid it never starts with '-'.
gen_uuid() {
  local u
  while :; do
    u=$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ $u == -* ]] || break
  done
  echo "$u"
}

format_storage() {
  local id=$1 cluster=$2 nd=$DIR/node-$1 scram=()
  if [ "$SECURE" = 1 ]; then
    scram=(--add-scram "SCRAM-SHA-256=[name=$SASL_USER,password=$SASL_PASSWORD]"
      --add-scram "SCRAM-SHA-512=[name=$SASL_USER,password=$SASL_PASSWORD]")
  fi
  java -Xmx256m "${JVM_FLAGS[@]}" "$(log_opts "$DIR/tools-log4j.properties")" -cp "$LIBS/*" \
    kafka.tools.StorageTool format -t "$cluster" -c "$nd/server.properties" "${scram[@]}" \
    >"$nd/format.log" 2>&1 </dev/null
}

cmd_fetch() {
  parse "$@"
  LINE=$(line_of "$VERSION")
  ensure_libs "$VERSION"
  ensure_probe "$VERSION"
  echo "$LIBS"
}

cmd_start() {
  parse "$@"
  need_dir
  local t0 id ports cluster pids=() rc
  t0=$(now_ms)
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd)
  if [ -f "$DIR/state" ]; then
    (. "$DIR/state"; for id in $(seq "$NODES"); do node_pid "$id" >/dev/null && exit 1; done; exit 0) ||
      die "a cluster is still running in $DIR: run kafka.sh stop --dir $DIR first"
  fi
  rm -rf "${DIR:?}"/node-* "${DIR:?}/tls" "${DIR:?}/bin" "$DIR"/client-*.properties "$DIR/env" "$DIR/state" "$DIR/probe.log"
  LINE=$(line_of "$VERSION")
  ensure_libs "$VERSION"
  ensure_probe "$VERSION"
  SECURE=$(( NODES == 1 ))
  read -r -a ports <<<"$(free_ports $(( 2 * NODES + 4 * SECURE )))"
  declare -g -a BPORT=() CPORT=()
  local voters=()
  for id in $(seq "$NODES"); do
    BPORT[id]=${ports[2 * (id - 1)]}
    CPORT[id]=${ports[2 * (id - 1) + 1]}
    voters+=("$id@127.0.0.1:${CPORT[$id]}")
  done
  # shellcheck disable=SC2034 # read by write_node_config in lib.sh
  VOTERS=$(IFS=,; echo "${voters[*]}")
  if [ "$SECURE" = 1 ]; then
    SASL_PORT=${ports[2 * NODES]} TLS_PORT=${ports[2 * NODES + 1]} MTLS_PORT=${ports[2 * NODES + 2]}
    OAUTH_PORT=${ports[2 * NODES + 3]}
    make_tls "$DIR/tls"
  fi
  for id in $(seq "$NODES"); do write_node_config "$id"; done
  write_bin
  write_state

  local tf
  tf=$(now_ms)
  cluster=$(gen_uuid)
  for id in $(seq "$NODES"); do format_storage "$id" "$cluster" & pids+=($!); done
  for id in $(seq "$NODES"); do
    rc=0; wait "${pids[id - 1]}" || rc=$?
    [ "$rc" = 0 ] || die "cannot format storage of node $id: $(grep -v '^\s*$' "$DIR/node-$id/format.log" | tail -1)"
  done
  say "formatted $NODES node(s) (cluster id $cluster) in $(since "$tf")"

  local ts
  ts=$(now_ms)
  for id in $(seq "$NODES"); do launch_node "$id"; done
  READY_BOOTSTRAP=()
  for id in $(seq "$NODES"); do READY_BOOTSTRAP+=("127.0.0.1:${BPORT[$id]}"); done
  mapfile -t REQUIRE_IDS < <(seq "$NODES")
  if ! wait_ready "$NODES" "${TIMEOUT:-90}" $(seq "$NODES"); then
    KILL=1 stop_nodes $(seq "$NODES") >/dev/null 2>&1 || true
    die "Kafka $VERSION ($NODES node(s)) did not start: $WAIT_FAILURE; logs in $DIR"
  fi
  write_env
  sed 's/^/kafka.sh: ready: /' "$DIR/probe.log" | grep 'broker(s)' >&2 || true
  say "Kafka $VERSION, $NODES node(s) up in $(since "$ts") (total $(since "$t0")); env in $DIR/env"
  (IFS=,; echo "${READY_BOOTSTRAP[*]}")
}

# stop_nodes stops the given node ids: TERM (or KILL with KILL=1), then KILL
# whatever still runs after the grace period, and waits until each is gone.
# A broker's controlled shutdown needs a controller quorum: when the nodes
# left running are not a majority, the last ones can never finish it, so the
# default grace drops from 20 s to 5 s.
stop_nodes() {
  local id pid t0 deadline sig=TERM running=() grace=${TIMEOUT:-} staying=0
  t0=$(now_ms)
  [ "${KILL:-0}" = 1 ] && sig=KILL
  if [ -z "$grace" ]; then
    for id in $(seq "$NODES"); do
      [[ " $* " == *" $id "* ]] || ! node_pid "$id" >/dev/null || staying=$((staying + 1))
    done
    if [ $((staying * 2)) -gt "$NODES" ]; then grace=20; else grace=5; fi
  fi
  for id in "$@"; do
    if pid=$(node_pid "$id"); then
      kill -s "$sig" "$pid" 2>/dev/null || true
      running+=("$id")
      echo "=== $(date -Is) sent $sig to node $id (pid $pid)" >>"$DIR/node-$id/server.log"
    fi
  done
  deadline=$(( $(now_ms) + grace * 1000 ))
  while :; do
    local left=()
    for id in "${running[@]}"; do node_pid "$id" >/dev/null && left+=("$id"); done
    [ ${#left[@]} = 0 ] && break
    if [ "$(now_ms)" -ge "$deadline" ]; then
      for id in "${left[@]}"; do
        pid=$(node_pid "$id") && { say "node $id (pid $pid) still running after ${grace}s: KILL"; kill -KILL "$pid" 2>/dev/null || true; }
      done
      deadline=$(( $(now_ms) + 10000 ))
    fi
    sleep 0.2
  done
  for id in "$@"; do rm -f "$DIR/node-$id/pid"; done
  [ ${#running[@]} = 0 ] || say "stopped node(s) ${running[*]} ($sig) in $(since "$t0")"
}

node_ids() {
  if [ ${#IDS[@]} = 0 ]; then die "--node is required (a node id 1..$NODES, or all)"; fi
  local id
  for id in "${IDS[@]}"; do
    if [ "$id" = all ]; then seq "$NODES"; continue; fi
    [[ $id =~ ^[0-9]+$ ]] && [ "$id" -ge 1 ] && [ "$id" -le "$NODES" ] || die "no node $id in $DIR (nodes are 1..$NODES)"
    echo "$id"
  done
}

cmd_stop() {
  parse "$@"
  need_dir
  [ -f "$DIR/state" ] || { say "nothing to stop in $DIR"; return 0; }
  load_state
  stop_nodes $(seq "$NODES")
  write_env
}

cmd_stop_node() {
  parse "$@"
  load_state
  local ids
  ids=$(node_ids) # an assignment, so a bad id stops the script under set -e
  # shellcheck disable=SC2086 # ids is a list of numbers.
  stop_nodes $ids
  write_env
}

cmd_start_node() {
  parse "$@"
  load_state
  local id ts ids=() all=() want
  ts=$(now_ms)
  want=$(node_ids) # an assignment, so a bad id stops the script under set -e
  for id in $want; do
    if node_pid "$id" >/dev/null; then say "node $id is already running"; continue; fi
    launch_node "$id"
    ids+=("$id")
  done
  READY_BOOTSTRAP=()
  for id in $(seq "$NODES"); do
    node_pid "$id" >/dev/null && { READY_BOOTSTRAP+=("127.0.0.1:${BPORT[$id]}"); all+=("$id"); }
  done
  if [ ${#ids[@]} -gt 0 ]; then
    # shellcheck disable=SC2034 # read by wait_ready in lib.sh
    REQUIRE_IDS=("${ids[@]}")
    wait_ready "${#all[@]}" "${TIMEOUT:-90}" "${all[@]}" ||
      die "node(s) ${ids[*]} did not rejoin (${#all[@]} brokers expected): $WAIT_FAILURE; logs in $DIR"
    say "node(s) ${ids[*]} back in $(since "$ts"): ${#all[@]} broker(s) live"
  fi
  write_env
}

cmd_status() {
  parse "$@"
  load_state
  local id pid
  echo "Kafka $VERSION, $NODES node(s) in $DIR"
  for id in $(seq "$NODES"); do
    if pid=$(node_pid "$id"); then s="running (pid $pid)"; else s=stopped; fi
    printf 'node %d  127.0.0.1:%s  %s\n' "$id" "${BPORT[$id]}" "$s"
  done
}

[ $# -gt 0 ] || usage
cmd=$1; shift
case $cmd in
  fetch) cmd_fetch "$@" ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  stop-node) cmd_stop_node "$@" ;;
  start-node) cmd_start_node "$@" ;;
  status) cmd_status "$@" ;;
  -h|--help|help) usage ;;
  *) printf 'kafka.sh: unknown command %s\n' "$cmd" >&2; usage ;;
esac
