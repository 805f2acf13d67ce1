#!/usr/bin/env bash
# apicurio.sh runs a real Schema Registry (Apicurio Registry, in-memory
# storage) on loopback from Maven Central, for kafkatui's integration suite.
# No Docker.
#
#   apicurio.sh fetch                         download the registry once; print its directory
#   apicurio.sh java                          print the Java 21+ it runs with, or say why there is none
#   apicurio.sh start --dir DIR [--timeout S]  start it; print the Confluent-compatible URL
#   apicurio.sh stop  --dir DIR [--kill]
#   apicurio.sh producer --kafka-libs LIBS    build the Java Avro producer once; print its command
#
# start writes DIR/env (SCHEMA_REGISTRY_URL=http://127.0.0.1:PORT/apis/ccompat/v7,
# REGISTRY_PID) and logs to DIR/registry.log; both its HTTP and management
# ports are free loopback ports. It returns once the ccompat API answers
# (default deadline 180 s). Storage is in memory: a restart starts empty.
#
# The producer command (AvroProduce.java, compiled against Apache Avro and the
# kafka-clients jar in LIBS, e.g. kafka.sh's DIR/env LIBS) takes
#   BOOTSTRAP REGISTRY_URL TOPIC COUNT
# registers a 10-field Avro record under TOPIC-value, creates TOPIC if it is
# missing, and writes COUNT records in Confluent framing (magic 0, 4-byte
# schema id, Avro binary) whose values follow from the record's index; it
# prints "schema_id=N records=COUNT".
#
# Java: Apicurio 3 needs Java 21 or newer. Looked for in this order:
# KAFKATUI_REGISTRY_JAVA (a java binary), $JAVA_HOME/bin/java, java on PATH,
# then every /usr/lib/jvm/*/bin/java (newest first).
#
# Environment: KAFKATUI_KAFKA_CACHE (download cache shared with kafka.sh,
# default <repo>/.cache/kafka), KAFKATUI_REGISTRY_HEAP (default
# "-Xmx256m -Xms64m"), KAFKATUI_MAVEN_ARGS (extra mvn arguments).
set -euo pipefail
# kafka.sh's helpers: free_ports, mvn_reason, now_ms, since, the cache dir.
# shellcheck source=../kafka/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../kafka/lib.sh"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
APICURIO_VERSION=3.3.3
AVRO_VERSION=1.12.2
APICURIO_ARTIFACT=io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all
AVRO_ARTIFACT=org.apache.avro:avro:$AVRO_VERSION
CCOMPAT=/apis/ccompat/v7

die() { printf 'apicurio.sh: %s\n' "$*" >&2; exit 1; }
say() { printf 'apicurio.sh: %s\n' "$*" >&2; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

DIR="" TIMEOUT="" KILL=0 KAFKA_LIBS=""
parse() {
  while [ $# -gt 0 ]; do
    case $1 in
      --dir) DIR=${2:?--dir needs a value}; shift 2 ;;
      --timeout) TIMEOUT=${2:?--timeout needs a value}; shift 2 ;;
      --kill) KILL=1; shift ;;
      --kafka-libs) KAFKA_LIBS=${2:?--kafka-libs needs a value}; shift 2 ;;
      -h|--help) usage ;;
      *) printf 'apicurio.sh: unknown argument %s\n' "$1" >&2; usage ;;
    esac
  done
  [ -z "$TIMEOUT" ] || [[ $TIMEOUT =~ ^[0-9]+$ ]] || die "--timeout must be whole seconds, got $TIMEOUT"
  [[ $CACHE =~ ^[A-Za-z0-9._/+-]+$ ]] || die "the download cache must be a plain path (letters, digits, . _ / + -): $CACHE"
}

# need_dir insists on a plain path: DIR ends up in DIR/env and in the JVM's
# command line, where the stop command finds it again.
need_dir() {
  [ -n "$DIR" ] || die "--dir is required"
  [[ $DIR =~ ^[A-Za-z0-9._/+-]+$ ]] || die "--dir must be a plain path (letters, digits, . _ / + -): $DIR"
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd)
}

# java_major prints the feature release of the java binary $1 (17, 21, 25),
# or nothing when it does not run.
java_major() {
  local rel
  rel=$(dirname "$(dirname "$(readlink -f "$1")")")/release
  # A JDK's release file says it without starting a JVM (a second or more
  # on 2 busy cores); java -version otherwise.
  if [ -f "$rel" ] && grep -q '^JAVA_VERSION=' "$rel"; then
    sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*$/\1/p' "$rel" | head -1
  else
    "$1" -version 2>&1 | sed -n 's/^.* version "\([0-9][0-9]*\)[."].*$/\1/p' | head -1
  fi
}

# find_java sets JAVA to the first Java 21+ found (see the header for the
# order) and SEEN to what was looked at, for the error message.
find_java() {
  local c major cands=() seen=()
  [ -n "${KAFKATUI_REGISTRY_JAVA:-}" ] && cands+=("$KAFKATUI_REGISTRY_JAVA")
  [ -n "${JAVA_HOME:-}" ] && cands+=("$JAVA_HOME/bin/java")
  c=$(command -v java 2>/dev/null || true)
  [ -n "$c" ] && cands+=("$(readlink -f "$c")")
  # Newest first by the directory's version digits (temurin-25-jdk, java-21-openjdk).
  while IFS= read -r c; do cands+=("$c"); done < <(
    for c in /usr/lib/jvm/*/bin/java; do [ -x "$c" ] && echo "$c"; done |
      awk '{v=$0; sub(/^\/usr\/lib\/jvm\//, "", v); gsub(/[^0-9]+/, " ", v); split(v, a, " "); print (a[1]+0) "\t" $0}' |
      sort -t$'\t' -k1,1nr | cut -f2)
  JAVA=""
  for c in "${cands[@]}"; do
    [ -x "$c" ] || { seen+=("$c (missing)"); continue; }
    major=$(java_major "$c")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then JAVA=$c; return 0; fi
    seen+=("$c (Java ${major:-unknown})")
  done
  SEEN=${seen[*]:-none}
  return 1
}

need_java() {
  find_java || die "Apicurio Registry $APICURIO_VERSION needs Java 21 or newer and none was found (looked at: $SEEN). Install a JDK or JRE 21+ (e.g. Temurin 25, or openjdk-21-jre-headless where the distribution has it) and set JAVA_HOME or KAFKATUI_REGISTRY_JAVA"
}

# maven_fetch GOAL ARTIFACT OUT LOG: one dependency-plugin goal without a
# project, with kafka.sh's one-line reason on failure.
maven_fetch() {
  local goal=$1 artifact=$2 out=$3 log=$4
  command -v mvn >/dev/null || die "cannot download $artifact from Maven Central: mvn (Maven) is not installed"
  # Maven runs in the log's directory: without a pom, the unpack goal
  # writes its markers under a literal ${project.basedir}/target in the
  # working directory, which was the checkout.
  # shellcheck disable=SC2086 # KAFKATUI_MAVEN_ARGS is a list of arguments.
  if ! (cd "$(dirname "$log")" && timeout 900 mvn -B -q -Dstyle.color=never ${KAFKATUI_MAVEN_ARGS:-} "$DEPENDENCY_PLUGIN:$goal" \
      -Dartifact="$artifact" -DoutputDirectory="$out" -Dmdep.overWriteReleases=true) >"$log" 2>&1 </dev/null; then
    die "cannot download $artifact from Maven Central: $(mvn_reason "$log") (log: $log)"
  fi
}

# ensure_app makes CACHE/apicurio-V/app hold the unpacked Quarkus
# application, downloading it once. Concurrent callers wait on a lock.
ensure_app() {
  local dir=$CACHE/apicurio-$APICURIO_VERSION
  APP=$dir/app
  [ -f "$APP/.complete" ] && return 0
  mkdir -p "$dir"
  (
    flock 9
    [ -f "$APP/.complete" ] && exit 0
    local t0 tmp=$dir/app.partial
    t0=$(now_ms)
    rm -rf "$tmp"
    say "downloading Apicurio Registry $APICURIO_VERSION from Maven Central into $dir (once)"
    maven_fetch unpack "$APICURIO_ARTIFACT" "$tmp" "$dir/mvn.log"
    [ -f "$tmp/quarkus-run.jar" ] || die "quarkus-run.jar missing after unpacking $APICURIO_ARTIFACT (log: $dir/mvn.log)"
    touch "$tmp/.complete"
    rm -rf "$APP"
    mv "$tmp" "$APP"
    say "Apicurio Registry $APICURIO_VERSION ready ($(du -sh "$APP" | cut -f1) unpacked) in $(since "$t0")"
  ) 9>"$dir/.lock"
}

# ensure_avro makes CACHE/avro-V hold Apache Avro's jar. Its own dependencies
# (Jackson, SLF4J) come from Kafka's jars, which the producer runs with.
ensure_avro() {
  local dir=$CACHE/avro-$AVRO_VERSION
  AVRO_JAR=$dir/avro-$AVRO_VERSION.jar
  [ -f "$AVRO_JAR" ] && return 0
  mkdir -p "$dir"
  (
    flock 9
    [ -f "$AVRO_JAR" ] && exit 0
    rm -rf "$dir/partial"
    maven_fetch copy "$AVRO_ARTIFACT" "$dir/partial" "$dir/mvn.log"
    [ -f "$dir/partial/avro-$AVRO_VERSION.jar" ] || die "avro-$AVRO_VERSION.jar missing after download (log: $dir/mvn.log)"
    mv "$dir/partial/avro-$AVRO_VERSION.jar" "$AVRO_JAR"
    rm -rf "$dir/partial"
  ) 9>"$dir/.lock"
}

# registry_pid prints the pid of DIR's registry when it is running.
registry_pid() {
  local pid
  [ -f "$DIR/pid" ] || return 1
  pid=$(<"$DIR/pid")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  # A recycled pid belongs to some other program: only ours names DIR.
  tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qxF -- "-Dkafkatui.registry.dir=$DIR" || return 1
  echo "$pid"
}

# http_status prints the HTTP status of GET PATH on 127.0.0.1:PORT, or
# nothing; bash's /dev/tcp, so curl is not needed.
http_status() {
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n" "$2" >&3
    IFS=" " read -r _ code _ <&3 && echo "$code"' _ "$1" "$2" 2>/dev/null || true
}

cmd_fetch() {
  parse "$@"
  ensure_app
  echo "$APP"
}

cmd_java() {
  parse "$@"
  need_java
  echo "$JAVA"
}

cmd_start() {
  parse "$@"
  need_dir
  local t0 ts port mport heap pid code="" deadline
  t0=$(now_ms)
  if pid=$(registry_pid); then die "a registry is still running in $DIR (pid $pid): run apicurio.sh stop --dir $DIR first"; fi
  need_java
  ensure_app
  rm -rf "$DIR/env" "$DIR/pid" "$DIR/tmp"
  mkdir -p "$DIR/tmp"
  read -r port mport <<<"$(free_ports 2)"
  heap=${KAFKATUI_REGISTRY_HEAP:--Xmx256m -Xms64m}
  ts=$(now_ms)
  echo "=== $(date -Is) starting Apicurio Registry $APICURIO_VERSION with $JAVA (Java $(java_major "$JAVA"))" >>"$DIR/registry.log"
  # setsid: the registry outlives this script and a Ctrl-C in its terminal.
  # Serial GC and C1 only, as for the brokers: ready sooner on 2 shared cores.
  # Its temporary files (Vert.x's cache, snapshots) go to DIR, not /tmp.
  # shellcheck disable=SC2086 # heap is a list of JVM flags.
  (cd "$DIR" && exec setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$DIR/pid" \
    "$JAVA" $heap "${JVM_FLAGS[@]}" "-Dkafkatui.registry.dir=$DIR" \
    -Dquarkus.http.host=127.0.0.1 "-Dquarkus.http.port=$port" \
    -Dquarkus.management.host=127.0.0.1 "-Dquarkus.management.port=$mport" \
    -Dquarkus.banner.enabled=false \
    -Dapicurio.storage.kind=sql -Dapicurio.storage.sql.kind=h2 \
    "-Dapicurio.storage.snapshot.location=$DIR" "-Djava.io.tmpdir=$DIR/tmp" "-Dvertx.cacheDirBase=$DIR/tmp/vertx-cache" \
    -jar "$APP/quarkus-run.jar" >>"$DIR/registry.log" 2>&1 </dev/null &)
  for _ in $(seq 50); do [ -s "$DIR/pid" ] && break; sleep 0.1; done
  [ -s "$DIR/pid" ] || die "the registry did not start (see $DIR/registry.log)"
  deadline=$(( $(now_ms) + ${TIMEOUT:-180} * 1000 ))
  while :; do
    code=$(http_status "$port" "$CCOMPAT/subjects")
    [ "$code" = 200 ] && break
    if ! registry_pid >/dev/null; then
      failed_start "exited during start-up"
    fi
    if [ "$(now_ms)" -ge "$deadline" ]; then
      KILL=1 stop_registry >/dev/null 2>&1 || true
      failed_start "did not answer GET $CCOMPAT/subjects within ${TIMEOUT:-180}s${code:+ (last status $code)}"
    fi
    sleep 0.3
  done
  {
    printf 'SCHEMA_REGISTRY_URL=http://127.0.0.1:%s%s\n' "$port" "$CCOMPAT"
    printf 'REGISTRY_PID=%s\nREGISTRY_MANAGEMENT=127.0.0.1:%s\n' "$(registry_pid || true)" "$mport"
  } >"$DIR/env.partial"
  mv "$DIR/env.partial" "$DIR/env"
  say "Apicurio Registry $APICURIO_VERSION up in $(since "$ts") (total $(since "$t0")); env in $DIR/env"
  echo "http://127.0.0.1:$port$CCOMPAT"
}

# failed_start dies with the reason and the tail of this start's log.
failed_start() {
  {
    echo "apicurio.sh: last lines of $DIR/registry.log:"
    awk '/^=== .* starting Apicurio /{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' "$DIR/registry.log" |
      grep -vE '^\s+at ' | tail -15 | cut -c1-300 | sed 's/^/  /'
  } >&2
  die "Apicurio Registry $APICURIO_VERSION $1; log: $DIR/registry.log"
}

# stop_registry sends TERM (KILL with KILL=1), then KILL after 20 s, and
# waits until the JVM is gone.
stop_registry() {
  local pid t0 sig=TERM deadline
  t0=$(now_ms)
  pid=$(registry_pid) || { rm -f "$DIR/pid"; say "no registry running in $DIR"; return 0; }
  [ "$KILL" = 1 ] && sig=KILL
  kill -s "$sig" "$pid" 2>/dev/null || true
  echo "=== $(date -Is) sent $sig to the registry (pid $pid)" >>"$DIR/registry.log"
  deadline=$(( $(now_ms) + 20000 ))
  while registry_pid >/dev/null; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      say "registry (pid $pid) still running after 20s: KILL"
      kill -KILL "$pid" 2>/dev/null || true
      deadline=$(( $(now_ms) + 10000 ))
    fi
    sleep 0.2
  done
  rm -f "$DIR/pid"
  say "stopped the registry ($sig) in $(since "$t0")"
}

cmd_stop() {
  parse "$@"
  need_dir
  stop_registry
}

# cmd_producer compiles AvroProduce.java once per kafka-clients jar and prints
# the command that runs it.
cmd_producer() {
  parse "$@"
  [ -n "$KAFKA_LIBS" ] || die "--kafka-libs is required (the Kafka jars directory: LIBS in kafka.sh's DIR/env)"
  [[ $KAFKA_LIBS =~ ^[A-Za-z0-9._/+-]+$ ]] || die "--kafka-libs must be a plain path: $KAFKA_LIBS"
  local clients out
  clients=$(find "$KAFKA_LIBS" -maxdepth 1 -name 'kafka-clients-*.jar' | head -1)
  [ -n "$clients" ] || die "no kafka-clients jar in $KAFKA_LIBS"
  ensure_avro
  out=$CACHE/avro-$AVRO_VERSION/produce-$(basename "$clients" .jar)
  if ! { [ -f "$out/AvroProduce.class" ] && cmp -s "$HERE/AvroProduce.java" "$out/AvroProduce.java"; }; then
    command -v javac >/dev/null || die "javac (a JDK 17+) is required to build the Avro producer"
    rm -rf "$out.partial" && mkdir -p "$out.partial"
    cp "$HERE/AvroProduce.java" "$out.partial/"
    javac -nowarn -cp "$AVRO_JAR:$KAFKA_LIBS/*" -d "$out.partial" "$out.partial/AvroProduce.java" ||
      die "cannot compile AvroProduce.java against $AVRO_JAR and $clients"
    rm -rf "$out" && mv "$out.partial" "$out"
  fi
  # Kafka's tools log config keeps the client quiet but for warnings.
  echo "java -Xmx128m ${JVM_FLAGS[*]} -cp $out:$AVRO_JAR:$KAFKA_LIBS/* AvroProduce"
}

[ $# -gt 0 ] || usage
cmd=$1; shift
case $cmd in
  fetch) cmd_fetch "$@" ;;
  java) cmd_java "$@" ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  producer) cmd_producer "$@" ;;
  -h|--help|help) usage ;;
  *) printf 'apicurio.sh: unknown command %s\n' "$cmd" >&2; usage ;;
esac
