#!/usr/bin/env bash
# integration.sh runs the Kafka-layer and command tests against real Apache
# Kafka started by scripts/kafka/kafka.sh: 4.x on a single node (with SASL and
# TLS listeners), 4.x on a 3-node cluster, and 3.9 on a single node, one
# cluster at a time. The 4.x single-node suite also runs a real Schema Registry
# (Apicurio Registry, scripts/registry/apicurio.sh; it needs Java 21+) beside
# the broker. Each suite prints one summary line with its version and
# counts; the script exits non-zero if any suite failed or could not start.
#
#   scripts/integration.sh [--only 4-single,4-cluster,3.9-single] [--run REGEX]
#                          [--packages "./kafkaops/... ./cli/..."] [--quiet]
#
# Environment: KAFKATUI_KAFKA_4 (default 4.3.1), KAFKATUI_KAFKA_39 (default
# 3.9.1), KAFKATUI_IT_TIMEOUT (go test -timeout per suite, default 10m),
# KAFKATUI_IT_DIR (work and log directory, default <repo>/.cache/integration),
# plus kafka.sh's KAFKATUI_KAFKA_CACHE, KAFKATUI_KAFKA_HEAP, KAFKATUI_MAVEN_ARGS.
#
# The tests see the cluster through these variables:
#   KAFKATUI_TEST_BROKERS          bootstrap addresses (PLAINTEXT), comma separated
#   KAFKATUI_TEST_KAFKA_VERSION    e.g. 4.3.1
#   KAFKATUI_TEST_KAFKA_NODES      1 or 3 (node ids are 1..N and equal broker ids)
#   KAFKATUI_TEST_KAFKA_DIR        the cluster directory, for kafka.sh --dir
#   KAFKATUI_TEST_KAFKA_SCRIPT     absolute path of kafka.sh (stop-node/start-node)
#   KAFKATUI_TEST_KAFKA_LIBS       directory of the version's jars (class path dir/*)
#   KAFKATUI_TEST_KAFKA_BIN        kafka-console-consumer, kafka-consumer-groups,
#                                  kafka-topics, kafka-console-producer, kafka-run-class
#   single node only (unset on the cluster):
#   KAFKATUI_TEST_SASL_BOOTSTRAP   SASL_PLAINTEXT listener
#   KAFKATUI_TEST_SASL_USER / KAFKATUI_TEST_SASL_PASSWORD / KAFKATUI_TEST_SASL_MECHANISMS
#   KAFKATUI_TEST_OAUTH_BOOTSTRAP  SASL_PLAINTEXT listener for OAUTHBEARER only, validated
#                                  by Kafka's unsecured validator (unsigned JWTs, alg none)
#   KAFKATUI_TEST_TLS_BOOTSTRAP    SSL listener, server cert for 127.0.0.1 and localhost
#   KAFKATUI_TEST_TLS_CA           PEM file of the CA that signed it
#   KAFKATUI_TEST_MTLS_BOOTSTRAP   SSL listener that requires a client certificate
#   KAFKATUI_TEST_TLS_CLIENT_CERT / KAFKATUI_TEST_TLS_CLIENT_KEY   PEM client cert and key
#   4.x single node only:
#   KAFKATUI_TEST_SCHEMA_REGISTRY  Apicurio's Confluent-compatible API (http://127.0.0.1:P/apis/ccompat/v7)
#   KAFKATUI_TEST_AVRO_PRODUCE     command of a Java producer (Apache Avro, Confluent framing):
#                                  append TOPIC COUNT; prints "schema_id=N records=COUNT"
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
KAFKA=$REPO/scripts/kafka/kafka.sh
REGISTRY=$REPO/scripts/registry/apicurio.sh
V4=${KAFKATUI_KAFKA_4:-4.3.1}
V39=${KAFKATUI_KAFKA_39:-3.9.1}
WORK=${KAFKATUI_IT_DIR:-$REPO/.cache/integration}
GO_TIMEOUT=${KAFKATUI_IT_TIMEOUT:-10m}
ONLY="4-single,4-cluster,3.9-single" RUN="" PACKAGES="./kafkaops/... ./cli/..." QUIET=0

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --only) ONLY=${2:?--only needs a value}; shift 2 ;;
    --run) RUN=${2:?--run needs a value}; shift 2 ;;
    --packages) PACKAGES=${2:?--packages needs a value}; shift 2 ;;
    --quiet|-q) QUIET=1; shift ;;
    -h|--help) usage ;;
    *) echo "integration.sh: unknown argument $1" >&2; usage ;;
  esac
done

SUITES=()
IFS=, read -r -a wanted <<<"$ONLY"
for s in "${wanted[@]}"; do
  case $s in
    4-single|4-cluster|3.9-single) SUITES+=("$s") ;;
    *) echo "integration.sh: unknown suite $s (use 4-single, 4-cluster, 3.9-single)" >&2; exit 2 ;;
  esac
done

CURRENT="" CURRENT_REGISTRY=""
cleanup() {
  if [ -n "$CURRENT_REGISTRY" ]; then
    "$REGISTRY" stop --dir "$CURRENT_REGISTRY" >/dev/null 2>&1 || "$REGISTRY" stop --dir "$CURRENT_REGISTRY" --kill || true
    CURRENT_REGISTRY=""
  fi
  if [ -n "$CURRENT" ]; then
    "$KAFKA" stop --dir "$CURRENT" --timeout 5 >/dev/null 2>&1 || "$KAFKA" stop --dir "$CURRENT" --kill || true
    CURRENT=""
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# The tests that only a real cluster can run skip themselves elsewhere (a
# missing variable, a cluster of the wrong size). On a full run each suite
# must have passed these, not skipped them: a wiring mistake here would
# otherwise turn the real coverage into skips and still pass.
MUST_SINGLE="TestJavaConsumerGroup TestRealSASL TestRealTLS TestRealMutualTLS TestRealOAuthBearer \
  TestRealSASLCommands TestRealTLSCommands TestRealConfigFileClusters TestRealConsumeLastRecords TestRealTransactions"
# The suites that run a Schema Registry beside Kafka (4-single) must also
# have passed these.
MUST_REGISTRY="TestApicurioSchemasRoundTrip TestRealSchemaJavaAvroRecords"
MUST_CLUSTER="TestJavaConsumerGroup TestBrokerStopAndRestart \
  TestFaultLeaderKill TestFaultLeaderStop TestFaultAllBrokersDown TestFaultAllBrokersFrozen \
  TestFaultStreamResumesAfterRestart TestFaultBootstrapKill"

# missing_passes prints the tests of $2 that have no top-level PASS in log $1.
missing_passes() {
  local t out=()
  for t in $2; do grep -qE "^--- PASS: $t \(" "$1" || out+=("$t"); done
  echo "${out[*]}"
}

# Download every needed version first, so a Maven Central outage fails the
# run at once with kafka.sh's one-line reason rather than half-way through.
versions=()
for s in "${SUITES[@]}"; do
  case $s in 4-*) versions+=("$V4") ;; 3.9-*) versions+=("$V39") ;; esac
done
for v in $(printf '%s\n' "${versions[@]}" | sort -u); do
  "$KAFKA" fetch --version "$v" >/dev/null
done
# The registry too, and its Java 21+ (a missing one fails here, with where
# it looked).
if [[ " ${SUITES[*]} " == *" 4-single "* ]]; then
  "$REGISTRY" java >/dev/null
  "$REGISTRY" fetch >/dev/null
fi

SUMMARY=() FAILED=0
for s in "${SUITES[@]}"; do
  case $s in
    4-single) version=$V4 nodes=1 label="single-node" ;;
    4-cluster) version=$V4 nodes=3 label="3-node" ;;
    3.9-single) version=$V39 nodes=1 label="single-node" ;;
  esac
  name="real-kafka $version $label"
  dir=$WORK/$s
  log=$WORK/$s.log
  mkdir -p "$WORK"
  printf '\n== %s: starting Kafka\n' "$name"
  t0=$(date +%s)
  registry="" rdir=$WORK/$s-registry registry_pid=""
  if [ "$s" = 4-single ]; then
    # Apicurio starts while Kafka does: both mostly wait on class loading.
    CURRENT_REGISTRY=$rdir
    mkdir -p "$rdir"
    "$REGISTRY" start --dir "$rdir" >"$rdir.out" 2>&1 &
    registry_pid=$!
  fi
  CURRENT=$dir
  if ! "$KAFKA" start --version "$version" --nodes "$nodes" --dir "$dir" >/dev/null; then
    SUMMARY+=("$name: cluster did not start (logs in $dir)")
    FAILED=1
    [ -z "$registry_pid" ] || wait "$registry_pid" || true
    cleanup
    continue
  fi
  if [ -n "$registry_pid" ]; then
    # No silent skip: without the registry the schema tests cannot run, so
    # the suite fails with apicurio.sh's reason and its log's tail.
    if ! wait "$registry_pid"; then
      sed 's/^/   /' "$rdir.out"
      SUMMARY+=("$name: Schema Registry (Apicurio) did not start: $(grep '^apicurio.sh:' "$rdir.out" | tail -1 | sed 's/^apicurio.sh: //')")
      FAILED=1
      cleanup
      continue
    fi
    registry=$(tail -1 "$rdir.out")
    grep -h 'apicurio.sh: Apicurio Registry .* up in' "$rdir.out" | sed "s/^/== $name: /" || true
    # shellcheck source=/dev/null
    kafka_libs=$(. "$dir/env"; echo "$LIBS") kafka_bootstrap=$(. "$dir/env"; echo "$BOOTSTRAP")
    if ! produce=$("$REGISTRY" producer --kafka-libs "$kafka_libs"); then
      SUMMARY+=("$name: cannot build the Java Avro producer (scripts/registry/AvroProduce.java)")
      FAILED=1
      cleanup
      continue
    fi
    produce+=" $kafka_bootstrap $registry"
  fi
  (
    # shellcheck source=/dev/null
    . "$dir/env"
    export KAFKATUI_TEST_BROKERS=$BOOTSTRAP KAFKATUI_TEST_KAFKA_VERSION=$VERSION \
      KAFKATUI_TEST_KAFKA_NODES=$NODES KAFKATUI_TEST_KAFKA_DIR=$dir KAFKATUI_TEST_KAFKA_SCRIPT=$KAFKA \
      KAFKATUI_TEST_KAFKA_LIBS=$LIBS KAFKATUI_TEST_KAFKA_BIN=$BIN
    unset KAFKATUI_TEST_SASL_BOOTSTRAP KAFKATUI_TEST_SASL_USER KAFKATUI_TEST_SASL_PASSWORD \
      KAFKATUI_TEST_SASL_MECHANISMS KAFKATUI_TEST_OAUTH_BOOTSTRAP KAFKATUI_TEST_TLS_BOOTSTRAP KAFKATUI_TEST_TLS_CA \
      KAFKATUI_TEST_MTLS_BOOTSTRAP KAFKATUI_TEST_TLS_CLIENT_CERT KAFKATUI_TEST_TLS_CLIENT_KEY \
      KAFKATUI_TEST_SCHEMA_REGISTRY KAFKATUI_TEST_AVRO_PRODUCE
    if [ -n "$registry" ]; then
      export KAFKATUI_TEST_SCHEMA_REGISTRY=$registry KAFKATUI_TEST_AVRO_PRODUCE=$produce
    fi
    if [ -n "${SASL_BOOTSTRAP:-}" ]; then
      export KAFKATUI_TEST_SASL_BOOTSTRAP=$SASL_BOOTSTRAP KAFKATUI_TEST_SASL_USER=$SASL_USER \
        KAFKATUI_TEST_SASL_PASSWORD=$SASL_PASSWORD KAFKATUI_TEST_SASL_MECHANISMS=$SASL_MECHANISMS \
        KAFKATUI_TEST_OAUTH_BOOTSTRAP=$OAUTH_BOOTSTRAP \
        KAFKATUI_TEST_TLS_BOOTSTRAP=$TLS_BOOTSTRAP KAFKATUI_TEST_TLS_CA=$TLS_CA \
        KAFKATUI_TEST_MTLS_BOOTSTRAP=$MTLS_BOOTSTRAP KAFKATUI_TEST_TLS_CLIENT_CERT=$TLS_CLIENT_CERT \
        KAFKATUI_TEST_TLS_CLIENT_KEY=$TLS_CLIENT_KEY
    fi
    printf '== %s: %s; go test %s%s\n' "$name" "$BOOTSTRAP" "$PACKAGES" "${RUN:+ -run $RUN}"
    args=(-count=1 -p 1 -timeout "$GO_TIMEOUT" -v)
    [ -n "$RUN" ] && args+=(-run "$RUN")
    # shellcheck disable=SC2086 # PACKAGES is a list of package patterns.
    if [ "$QUIET" = 1 ]; then
      go test "${args[@]}" $PACKAGES >"$log" 2>&1
    else
      go test "${args[@]}" $PACKAGES 2>&1 | tee "$log"
      exit "${PIPESTATUS[0]}"
    fi
  ) && rc=0 || rc=$?
  cleanup
  pass=$(grep -cE '^\s*--- PASS: ' "$log" || true)
  fail=$(grep -cE '^\s*--- FAIL: ' "$log" || true)
  skip=$(grep -cE '^\s*--- SKIP: ' "$log" || true)
  line="$name: $pass passed, $fail failed, $skip skipped in $(fmt_secs $(( $(date +%s) - t0 )))"
  if [ -z "$RUN" ] && [ "$PACKAGES" = "./kafkaops/... ./cli/..." ]; then
    if [ "$nodes" = 1 ]; then must=$MUST_SINGLE; else must=$MUST_CLUSTER; fi
    if [ -n "$registry" ]; then must+=" $MUST_REGISTRY"; fi
    missed=$(missing_passes "$log" "$must")
    if [ -n "$missed" ]; then
      echo "== $name: real-cluster tests that did not pass (skipped or missing): $missed"
      rc=1
    fi
  fi
  # What the fault tests read around each broker stop, for the CI log: the
  # offsets before and after and whether they are contiguous.
  grep -E 'faults_[a-z_]*real_test.go:[0-9]+: .*(before|waited at)' "$log" | sed -e 's/^ *//' -e "s/^/   /" || true
  # The record counts of kafkatui and Kafka's console consumer in both
  # isolation levels, on the Java producer's transactions.
  grep -E 'txn_real_test.go:[0-9]+: read_(un)?committed: kafkatui' "$log" | sed -e 's/^ *//' -e "s/^/   /" || true
  # A build failure, panic or timeout fails a package without a --- FAIL line.
  broken=$(grep -E '^FAIL\s+\S+\s' "$log" | awk '{print $2}' | sort -u | tr '\n' ' ' || true)
  if [ "$rc" != 0 ]; then
    FAILED=1
    line+=" - FAILED"
    [ -n "$broken" ] && line+=" (packages: ${broken% })"
    [ "$QUIET" = 1 ] && grep -E '^\s*--- FAIL: |^FAIL|^panic:|\[build failed\]|^# ' "$log" | head -40 || true
    # What each failed test said (its t.Error lines), so that a failure on a
    # machine whose log is gone can still be read from the CI output. With
    # -v a test's lines follow its "=== RUN/CONT" marker.
    # (|| true: a suite can fail with no failed test, e.g. a required one
    # skipped, and set -e would end the script here without its summary.)
    failed_tests=$(grep -oE '^\s*--- FAIL: [^ ]+' "$log" | awk '{print $3}' | sort -u | tr '\n' ' ' || true)
    if [ -n "$failed_tests" ]; then
      awk -v names="$failed_tests" '
        BEGIN { n = split(names, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
        /^=== (RUN|CONT|PAUSE|NAME) / { cur = $3; next }
        /^\s*--- / { next }
        (cur in want) && /_test\.go:[0-9]+: / { sub(/^ */, ""); print "   " cur ": " $0 }
      ' "$log" | grep -vE 'contiguous: (yes|no)$' | head -40 || true
    fi
    line+="; log: $log"
  fi
  SUMMARY+=("$line")
  printf '== %s\n' "$line"
done

printf '\n'
printf '%s\n' "${SUMMARY[@]}"
exit "$FAILED"
