# shellcheck shell=bash
# lib.sh: helpers of kafka.sh (sourced, not run). Kept apart so kafka.sh
# reads as the list of commands.

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CACHE=${KAFKATUI_KAFKA_CACHE:-$REPO/.cache/kafka}
# shellcheck disable=SC2034 # used by kafka.sh
DEFAULT_VERSION=4.3.1
SASL_USER=kafkatui
SASL_PASSWORD=kafkatui-secret
TLS_KEY_PASSWORD=kafkatui-key-secret
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
# Serial GC and C1 only: on 2 shared cores a broker is ready sooner, and the
# suite's load never needs C2's peak throughput.
JVM_FLAGS=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true)

die() { printf 'kafka.sh: %s\n' "$*" >&2; exit 1; }
say() { printf 'kafka.sh: %s\n' "$*" >&2; }
now_ms() { date +%s%3N; }
since() { local t=$(( $(now_ms) - $1 )); printf '%d.%01ds' $((t / 1000)) $((t % 1000 / 100)); }

# line_of prints the release line whose pom collects VERSION's jars.
line_of() {
  case $1 in
    4.*) echo 4 ;;
    3.9.*) echo 3.9 ;;
    *) die "unsupported Kafka version $1 (use 3.9.x or 4.x)" ;;
  esac
}

# ensure_libs makes CACHE/V/libs hold every runtime jar of Kafka V, its tools
# and a logging backend, downloading them once. Concurrent callers wait on a lock.
ensure_libs() {
  local v=$1 dir=$CACHE/$1 pom line
  line=$(line_of "$v")
  pom=$HERE/pom-$line.xml
  LIBS=$dir/libs
  [ -f "$LIBS/.complete" ] && return 0
  command -v mvn >/dev/null || die "cannot download Kafka $v jars from Maven Central: mvn (Maven) is not installed"
  mkdir -p "$dir"
  (
    flock 9
    [ -f "$LIBS/.complete" ] && exit 0
    local t0 tmp=$dir/libs.partial log=$dir/mvn.log reason
    t0=$(now_ms)
    rm -rf "$tmp"
    say "downloading Kafka $v jars from Maven Central into $dir (once)"
    # shellcheck disable=SC2086 # KAFKATUI_MAVEN_ARGS is a list of arguments.
    if ! timeout 900 mvn -B -q -Dstyle.color=never -f "$pom" ${KAFKATUI_MAVEN_ARGS:-} -Dkafka.version="$v" \
        "$DEPENDENCY_PLUGIN:copy-dependencies" -DoutputDirectory="$tmp" -DincludeScope=runtime \
        >"$log" 2>&1 </dev/null; then
      reason=$(mvn_reason "$log")
      die "cannot download Kafka $v jars from Maven Central: $reason (log: $log)"
    fi
    [ -f "$tmp/kafka_2.13-$v.jar" ] && [ -f "$tmp/kafka-tools-$v.jar" ] ||
      die "cannot download Kafka $v jars from Maven Central: kafka_2.13-$v.jar or kafka-tools-$v.jar missing after download (log: $log)"
    touch "$tmp/.complete"
    rm -rf "$LIBS"
    mv "$tmp" "$LIBS"
    say "Kafka $v jars ready ($(ls "$LIBS" | wc -l) jars, $(du -sh "$LIBS" | cut -f1)) in $(since "$t0")"
  ) 9>"$dir/.lock"
}

# mvn_reason boils Maven's error output down to one line: the artifact it
# was fetching, from where, and the root cause.
mvn_reason() {
  local line art="" url="" cause
  line=$(sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -m1 '\[ERROR\]' | sed -e 's/^.*\[ERROR\] *//' -e 's/ -> \[Help.*//' || true)
  [ -n "$line" ] || line=$(grep -v '^[[:space:]]*$' "$1" | tail -1 || true)
  [ -n "$line" ] || { printf 'mvn failed without output'; return; }
  local re_art='Could not (transfer|find) artifact ([^ ]+) (from/to|in) [^ ]+ [(]([^)]+)[)]'
  local re_cause='transfer failed for [^ ]+: (.*)$'
  if [[ $line =~ $re_art ]]; then
    art=${BASH_REMATCH[2]} url=${BASH_REMATCH[4]}
  fi
  if [[ $line =~ $re_cause ]]; then
    cause=${BASH_REMATCH[1]}
  elif [[ $line == *"Could not find artifact"* ]]; then
    cause="not found"
  else
    cause=$line
  fi
  if [ -n "$art" ]; then cause="$art from $url: $cause"; fi
  printf '%s' "${cause:0:300}"
}

# ensure_probe compiles Probe.java against V's kafka-clients once per version.
ensure_probe() {
  local v=$1
  PROBE=$CACHE/$v/probe
  if [ -f "$PROBE/Probe.class" ] && cmp -s "$HERE/Probe.java" "$PROBE/Probe.java"; then return 0; fi
  command -v javac >/dev/null || die "javac (a JDK 17+) is required to build the readiness probe"
  rm -rf "$PROBE.partial" && mkdir -p "$PROBE.partial"
  cp "$HERE/Probe.java" "$PROBE.partial/"
  javac -nowarn -cp "$LIBS/kafka-clients-$v.jar" -d "$PROBE.partial" "$PROBE.partial/Probe.java" ||
    die "cannot compile the readiness probe against Kafka $v"
  rm -rf "$PROBE" && mv "$PROBE.partial" "$PROBE"
}

# free_ports prints N free loopback TCP ports below the ephemeral range, so a
# stopped node's ports are not taken by some client's source port before it
# restarts.
free_ports() {
  local n=$1 lo hi p got=()
  read -r lo hi </proc/sys/net/ipv4/ip_local_port_range || lo=32768
  hi=$((lo - 1))
  if [ "$hi" -lt 10000 ]; then lo=20000 hi=30000; else lo=$((hi > 20000 ? 20000 : 1024)); fi
  local used
  used=$(ss -Htan 2>/dev/null | awk '{n=split($4,a,":"); print a[n]}' | sort -u || true)
  while [ ${#got[@]} -lt "$n" ]; do
    p=$((lo + (RANDOM * 32768 + RANDOM) % (hi - lo + 1)))
    [[ " ${got[*]} " == *" $p "* ]] && continue
    grep -qx "$p" <<<"$used" && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
    got+=("$p")
  done
  echo "${got[*]}"
}

# make_tls creates a CA, a server certificate for 127.0.0.1/localhost (PEM key
# store for Kafka: encrypted PKCS#8 key + chain) and a client certificate.
make_tls() {
  local d=$1 ext
  mkdir -p "$d"
  (
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -keyout ca.key -out ca.pem \
      -subj "/CN=kafkatui test CA" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    for who in server client; do
      if [ $who = server ]; then
        ext="subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth"
      else
        ext="extendedKeyUsage=clientAuth"
      fi
      openssl req -newkey rsa:2048 -nodes -sha256 -keyout $who.key -out $who.csr -subj "/CN=kafkatui-$who" 2>/dev/null
      printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n%b\n' "$ext" >$who.ext
      openssl x509 -req -sha256 -days 825 -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
        -extfile $who.ext -out $who.pem 2>/dev/null
    done
    # Kafka's file-based PEM key store wants an encrypted PKCS#8 key followed
    # by the chain; Go clients read the plain client.key/client.pem pair.
    # PBE-SHA1-3DES because Java 17 has no PBES2 SecretKeyFactory.
    for who in server client; do
      openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES -in $who.key -passout "pass:$TLS_KEY_PASSWORD" -out $who.enc.key
      cat $who.enc.key $who.pem ca.pem >$who.keystore.pem
      rm -f $who.enc.key
    done
    rm -f ./*.csr ./*.ext ca.srl
  ) || die "cannot create TLS certificates in $d (openssl failed)"
}

# write_node_config writes DIR/node-ID/server.properties and the log config.
write_node_config() {
  local id=$1 nd=$DIR/node-$1 rf=$(( NODES < 3 ? NODES : 3 )) isr=$(( NODES < 3 ? 1 : 2 ))
  local listeners="PLAINTEXT://127.0.0.1:${BPORT[$id]},CONTROLLER://127.0.0.1:${CPORT[$id]}"
  local advertised="PLAINTEXT://127.0.0.1:${BPORT[$id]}"
  local protomap="CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
  mkdir -p "$nd/data"
  if [ "$SECURE" = 1 ]; then
    local secure="SASL_PLAINTEXT://127.0.0.1:$SASL_PORT,SSL://127.0.0.1:$TLS_PORT,MTLS://127.0.0.1:$MTLS_PORT,OAUTH://127.0.0.1:$OAUTH_PORT"
    listeners+=",$secure"
    advertised+=",$secure"
    protomap+=",SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,MTLS:SSL,OAUTH:SASL_PLAINTEXT"
  fi
  {
    echo "# Written by scripts/kafka/kafka.sh for Kafka $VERSION, node $id of $NODES."
    echo "process.roles=broker,controller"
    echo "node.id=$id"
    echo "controller.quorum.voters=$VOTERS"
    echo "listeners=$listeners"
    echo "advertised.listeners=$advertised"
    echo "listener.security.protocol.map=$protomap"
    echo "controller.listener.names=CONTROLLER"
    echo "inter.broker.listener.name=PLAINTEXT"
    echo "log.dirs=$nd/data"
    echo "num.partitions=1"
    echo "offsets.topic.replication.factor=$rf"
    echo "offsets.topic.num.partitions=10"
    echo "transaction.state.log.replication.factor=$rf"
    echo "transaction.state.log.min.isr=$isr"
    echo "group.initial.rebalance.delay.ms=0"
    # kfake (the fast suite's broker) does not auto-create topics either.
    echo "auto.create.topics.enable=false"
    if [ "$LINE" = 4 ]; then
      echo "share.coordinator.state.topic.replication.factor=$rf"
      echo "share.coordinator.state.topic.min.isr=$isr"
      echo "share.coordinator.state.topic.num.partitions=10"
    fi
    if [ "$SECURE" = 1 ]; then
      echo "sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512"
      echo "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$SASL_USER=\"$SASL_PASSWORD\";"
      echo "listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;"
      echo "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;"
      # OAUTHBEARER with no server callback handler configured validates
      # with Kafka's OAuthBearerUnsecuredValidatorCallbackHandler: unsigned
      # JWTs (alg "none") with a sub claim and an exp in the future. The
      # login module is required for the listener's JAAS context only.
      echo "listener.name.oauth.sasl.enabled.mechanisms=OAUTHBEARER"
      echo "listener.name.oauth.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub=\"kafkatui-broker\";"
      echo "ssl.keystore.type=PEM"
      echo "ssl.keystore.location=$DIR/tls/server.keystore.pem"
      echo "ssl.key.password=$TLS_KEY_PASSWORD"
      echo "ssl.truststore.type=PEM"
      echo "ssl.truststore.location=$DIR/tls/ca.pem"
      echo "ssl.client.auth=none"
      echo "listener.name.mtls.ssl.client.auth=required"
    fi
  } >"$nd/server.properties"
  write_log_config "$nd/log4j" INFO
}

# write_log_config writes a console log config (FILE.properties) for the
# version's backend: log4j 2 on 4.x, reload4j on 3.9.
write_log_config() {
  local f=$1.properties level=$2
  if [ "$LINE" = 4 ]; then
    cat >"$f" <<EOF
status = error
appender.out.type = Console
appender.out.name = OUT
appender.out.target = SYSTEM_ERR
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = $level
rootLogger.appenderRef.out.ref = OUT
logger.kafka.name = kafka
logger.kafka.level = $level
logger.apache.name = org.apache.kafka
logger.apache.level = $level
logger.request.name = kafka.request.logger
logger.request.level = WARN
EOF
  else
    cat >"$f" <<EOF
log4j.rootLogger=$level, err
log4j.appender.err=org.apache.log4j.ConsoleAppender
log4j.appender.err.Target=System.err
log4j.appender.err.layout=org.apache.log4j.PatternLayout
log4j.appender.err.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
EOF
  fi
}

# log_opts prints the JVM flag that points the version's backend at FILE.
log_opts() {
  if [ "$LINE" = 4 ]; then echo "-Dlog4j2.configurationFile=$1"; else echo "-Dlog4j.configuration=file:$1"; fi
}

# write_bin writes DIR/bin wrappers for Kafka's command-line tools, hiding
# the class names and logging set-up that differ between releases.
write_bin() {
  local b=$DIR/bin producer=org.apache.kafka.tools.ConsoleProducer
  [ "$LINE" = 3.9 ] && producer=kafka.tools.ConsoleProducer
  mkdir -p "$b"
  write_log_config "$DIR/tools-log4j" WARN
  cat >"$b/kafka-run-class" <<EOF
#!/usr/bin/env bash
# Runs a class from Kafka $VERSION's jars (written by scripts/kafka/kafka.sh).
exec java -Xmx256m ${JVM_FLAGS[*]} $(log_opts "$DIR/tools-log4j.properties") -cp '$LIBS/*' "\$@"
EOF
  local name class
  for name in kafka-topics:org.apache.kafka.tools.TopicCommand \
      kafka-console-consumer:org.apache.kafka.tools.consumer.ConsoleConsumer \
      kafka-consumer-groups:org.apache.kafka.tools.consumer.group.ConsumerGroupCommand \
      kafka-console-producer:$producer; do
    class=${name#*:}
    printf '#!/usr/bin/env bash\nexec "$(dirname "$0")/kafka-run-class" %s "$@"\n' "$class" >"$b/${name%%:*}"
  done
  chmod +x "$b"/*
  if [ "$SECURE" = 1 ]; then
    for m in PLAIN SCRAM-SHA-256 SCRAM-SHA-512; do
      local module=org.apache.kafka.common.security.scram.ScramLoginModule
      [ $m = PLAIN ] && module=org.apache.kafka.common.security.plain.PlainLoginModule
      printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=%s\nsasl.jaas.config=%s required username="%s" password="%s";\n' \
        "$m" "$module" "$SASL_USER" "$SASL_PASSWORD" >"$DIR/client-sasl-${m,,}.properties"
    done
    printf 'security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location=%s\n' "$DIR/tls/ca.pem" >"$DIR/client-tls.properties"
    printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=OAUTHBEARER\nsasl.jaas.config=%s required unsecuredLoginStringClaim_sub="%s";\n' \
      org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule "$SASL_USER" >"$DIR/client-oauth.properties"
  fi
}

# node_pid prints the pid of node ID's JVM when it is running.
node_pid() {
  local nd=$DIR/node-$1 pid
  [ -f "$nd/pid" ] || return 1
  pid=$(<"$nd/pid")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  # A recycled pid belongs to some other program: only ours names this config.
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$nd/server.properties" || return 1
  echo "$pid"
}

launch_node() {
  local id=$1 nd=$DIR/node-$1 heap
  heap=${KAFKATUI_KAFKA_HEAP:--Xmx512m -Xms256m}
  rm -f "$nd/pid"
  echo "=== $(date -Is) starting node $id" >>"$nd/server.log"
  # setsid: the broker outlives this script and a Ctrl-C in its terminal; the
  # pid file is written by the process that then becomes the JVM.
  # shellcheck disable=SC2086 # heap is a list of JVM flags.
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$nd/pid" \
    java $heap "${JVM_FLAGS[@]}" "-Dkafka.logs.dir=$nd" "$(log_opts "$nd/log4j.properties")" \
    -cp "$LIBS/*" kafka.Kafka "$nd/server.properties" >>"$nd/server.log" 2>&1 </dev/null &
  for _ in $(seq 50); do [ -s "$nd/pid" ] && return 0; sleep 0.1; done
  die "node $id did not start (see $nd/server.log)"
}

# wait_ready runs the probe until WANT brokers are live, the nodes in
# REQUIRE_IDS answer requests themselves, and every security listener
# answers; it fails early when one of the node ids given dies, and then
# prints the first errors and the tail of each node's log.
wait_ready() {
  local want=$1 timeout=$2; shift 2
  local ids=("$@") out=$DIR/probe.log probe_pid id dead=""
  local args=("plaintext=$(IFS=,; echo "${READY_BOOTSTRAP[*]}")" "kafkatui.require.ids=$(IFS=,; echo "${REQUIRE_IDS[*]}")")
  if [ "$SECURE" = 1 ]; then
    local m
    for m in PLAIN SCRAM-SHA-256 SCRAM-SHA-512; do
      local module=org.apache.kafka.common.security.scram.ScramLoginModule
      [ $m = PLAIN ] && module=org.apache.kafka.common.security.plain.PlainLoginModule
      args+=(-- "sasl-${m,,}=127.0.0.1:$SASL_PORT" security.protocol=SASL_PLAINTEXT "sasl.mechanism=$m"
        "sasl.jaas.config=$module required username=\"$SASL_USER\" password=\"$SASL_PASSWORD\";")
    done
    # Kafka's own client logs in with an unsigned JWT it makes itself.
    args+=(-- "oauth=127.0.0.1:$OAUTH_PORT" security.protocol=SASL_PLAINTEXT sasl.mechanism=OAUTHBEARER
      "sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub=\"$SASL_USER\";")
    args+=(-- "tls=127.0.0.1:$TLS_PORT" security.protocol=SSL ssl.truststore.type=PEM "ssl.truststore.location=$DIR/tls/ca.pem")
    args+=(-- "mtls=127.0.0.1:$MTLS_PORT" security.protocol=SSL ssl.truststore.type=PEM "ssl.truststore.location=$DIR/tls/ca.pem"
      ssl.keystore.type=PEM "ssl.keystore.location=$DIR/tls/client.keystore.pem" "ssl.key.password=$TLS_KEY_PASSWORD")
  fi
  java -Xmx128m "${JVM_FLAGS[@]}" "$(log_opts "$DIR/tools-log4j.properties")" -cp "$PROBE:$LIBS/*" \
    Probe "$timeout" "$want" "${args[@]}" >"$out" 2>&1 </dev/null &
  probe_pid=$!
  while kill -0 "$probe_pid" 2>/dev/null; do
    for id in "${ids[@]}"; do
      node_pid "$id" >/dev/null || { dead=$id; break 2; }
    done
    sleep 0.3
  done
  if [ -z "$dead" ] && wait "$probe_pid"; then
    return 0
  fi
  kill "$probe_pid" 2>/dev/null || true
  wait "$probe_pid" 2>/dev/null || true
  {
    # The probe's own verdict lines; its client's connection warnings only
    # repeat that the node is not there yet, so show just the last one.
    echo "kafka.sh: probe output:"
    { grep -v -e '^\[' -e '^[[:space:]]*$' "$out" || grep '^\[' "$out" | tail -1; } | cut -c1-300 | sed 's/^/  /'

    for id in "${ids[@]}"; do
      local log=$DIR/node-$id/server.log run
      # server.log collects every start of the node: look at the last one.
      run=$(awk '/^=== .* starting node /{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' "$log" | grep -vE '^\s+at ')
      if grep -qE '^\[[^]]*\] (ERROR|FATAL)' <<<"$run"; then
        echo "kafka.sh: first errors in $log:"
        grep -m3 -A3 -E '^\[[^]]*\] (ERROR|FATAL)' <<<"$run" | head -12 | cut -c1-300 | sed 's/^/  /'
      fi
      echo "kafka.sh: last lines of $log:"
      tail -12 <<<"$run" | cut -c1-300 | sed 's/^/  /'
    done
  } >&2
  # shellcheck disable=SC2034 # read by kafka.sh
  WAIT_FAILURE="did not answer metadata within ${timeout}s"
  # shellcheck disable=SC2034
  if [ -n "$dead" ]; then WAIT_FAILURE="node $dead exited during start-up"; fi
  return 1
}
