package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// txnRecord is one record as a consumer printed it.
type txnRecord struct {
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
	Value     string `json:"value"`
	Txn       string `json:"transaction"`
}

func (r txnRecord) String() string {
	s := fmt.Sprintf("%d/%d=%s", r.Partition, r.Offset, r.Value)
	if r.Txn != "" {
		s += "(" + r.Txn + ")"
	}
	return s
}

// TestRealTransactions has Kafka's own Java producer write a committed
// transaction, an aborted one, another committed one and one left open,
// with partition 1 ending on an abort marker (testdata/java/TxnProducer.java),
// then compares `kafkatui consume` with Kafka's console consumer in both
// isolation levels, record by record: partitions, offsets and values. In
// read_uncommitted kafkatui must also mark exactly the aborted and open
// records; in read_committed it must leave the aborted ones out and stop
// at the open transaction (the last stable offset) with -e. It needs a
// real cluster with Kafka's jars and tools (scripts/integration.sh).
func TestRealTransactions(t *testing.T) {
	testkafka.RequireTools(t)
	libs := strings.TrimSpace(os.Getenv(testkafka.EnvLibs))
	if libs == "" {
		t.Fatalf("%s is not set: the Java producer needs Kafka's jars", testkafka.EnvLibs)
	}
	brokers := testkafka.Brokers(t)
	b := strings.Join(brokers, ",")
	topic := testkafka.Topic(t, brokers, 2)
	runTxnProducer(t, libs, b, topic)

	// What the producer wrote, by offset (see TxnProducer.java).
	committed := []txnRecord{
		{0, 0, "c0", ""}, {0, 1, "c1", ""}, {0, 2, "c2", ""}, {0, 9, "c3", ""}, {0, 10, "c4", ""},
		{1, 0, "c0", ""}, {1, 1, "c1", ""},
	}
	aborted := []txnRecord{
		{0, 4, "a0", "aborted"}, {0, 5, "a1", "aborted"}, {0, 6, "a2", "aborted"}, {0, 7, "a3", "aborted"},
		{1, 3, "a0", "aborted"}, {1, 4, "a1", "aborted"},
	}
	open := []txnRecord{{0, 12, "o0", "open"}, {0, 13, "o1", "open"}, {0, 14, "o2", "open"}}
	all := sortTxn(slices.Concat(committed, aborted, open))

	for _, tc := range []struct {
		isolation string
		want      []txnRecord
	}{
		{"uncommitted", all},
		{"committed", committed},
	} {
		t.Run(tc.isolation, func(t *testing.T) {
			kt := kafkatuiTxnRecords(t, b, topic, tc.isolation)
			cc := consoleTxnRecords(t, b, topic, "read_"+tc.isolation, len(tc.want))
			t.Logf("read_%s: kafkatui %s, console consumer %s, expected %s",
				tc.isolation, perPartition(kt), perPartition(cc), perPartition(tc.want))
			want := sortTxn(slices.Clone(tc.want))
			if !slices.Equal(kt, want) {
				t.Errorf("kafkatui consume --isolation %s --json:\n got  %v\n want %v", tc.isolation, kt, want)
			}
			ccWant := slices.Clone(want)
			for i := range ccWant {
				ccWant[i].Txn = "" // the console consumer prints no mark
			}
			if !slices.Equal(cc, ccWant) {
				t.Errorf("console consumer --isolation-level read_%s:\n got  %v\n want %v", tc.isolation, cc, ccWant)
			}
		})
	}

	// Plain output: the values only on stdout, the marks on stderr by
	// offset range.
	var out []string
	r := runWithin(t, 90*time.Second, "-b", b, "consume", topic, "-e", "-p", "0")
	r.ok(t)
	out = strings.Fields(r.stdout)
	if want := []string{"c0", "c1", "c2", "a0", "a1", "a2", "a3", "c3", "c4", "o0", "o1", "o2"}; !slices.Equal(out, want) {
		t.Errorf("plain stdout %v, want %v", out, want)
	}
	for _, want := range []string{
		"/0: offsets 4-7 (4 records): aborted transaction",
		"/0: offsets 12-14 (3 records): transaction still open",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("plain stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	// read_committed ends at the open transaction and says what waits.
	r = runWithin(t, 90*time.Second, "-b", b, "--isolation", "committed", "consume", topic, "-e", "-p", "0")
	r.ok(t)
	if out = strings.Fields(r.stdout); !slices.Equal(out, []string{"c0", "c1", "c2", "c3", "c4"}) {
		t.Errorf("plain committed stdout %v", out)
	}
	if want := "/0: stopped at offset 12, where a transaction is still open; 3 more offsets up to 15"; !strings.Contains(r.stderr, want) {
		t.Errorf("plain committed stderr lacks %q:\n%s", want, r.stderr)
	}
}

// runTxnProducer compiles TxnProducer.java against the cluster's jars and
// runs it to the end (it halts with its last transaction open).
func runTxnProducer(t *testing.T, libs, bootstrap, topic string) {
	t.Helper()
	javac, err := exec.LookPath("javac")
	if err != nil {
		t.Fatalf("javac (a JDK 17+) is needed for the Java producer: %v", err)
	}
	src, err := filepath.Abs(filepath.Join("testdata", "java", "TxnProducer.java"))
	if err != nil {
		t.Fatal(err)
	}
	classes := t.TempDir()
	cp := filepath.Join(libs, "*")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, javac, "-nowarn", "-cp", cp, "-d", classes, src).CombinedOutput(); err != nil {
		t.Fatalf("javac TxnProducer.java: %v\n%s", err, out)
	}
	java := filepath.Join(filepath.Dir(javac), "java")
	cmd := exec.CommandContext(ctx, java, "-Xmx128m", "-cp", classes+string(os.PathListSeparator)+cp, "TxnProducer", bootstrap, topic)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.Output()
	if err != nil || strings.TrimSpace(string(out)) != "open" {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("TxnProducer: %v\nstdout:\n%s\nstderr:\n%s", err, out, stderr)
	}
}

// runWithin runs kafkatui, cancelled after d: a consume that should end
// with -e but waits instead returns what it printed rather than hanging.
func runWithin(t *testing.T, d time.Duration, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	r := runWith(t, runOpts{ctx: ctx, env: map[string]string{"HOME": t.TempDir()}}, args...)
	if ctx.Err() != nil {
		t.Errorf("kafkatui %s did not end within %s (-e must stop at the end)", strings.Join(args, " "), d)
	}
	return r
}

// kafkatuiTxnRecords is `kafkatui consume -e --json` in one isolation.
func kafkatuiTxnRecords(t *testing.T, bootstrap, topic, isolation string) []txnRecord {
	t.Helper()
	r := runWithin(t, 90*time.Second, "-b", bootstrap, "--isolation", isolation, "consume", topic, "-e", "--json")
	r.ok(t)
	var out []txnRecord
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if l == "" {
			continue
		}
		var rec txnRecord
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("not a JSON line: %q: %v", l, err)
		}
		out = append(out, rec)
	}
	return sortTxn(out)
}

var consoleLine = regexp.MustCompile(`Partition:(\d+)\s+Offset:(\d+)\s+(.*)$`)

// consoleTxnRecords is Kafka's console consumer in one isolation level,
// from the beginning until it has seen nothing new for a while (in
// read_committed it waits at the open transaction, as every Java consumer
// does).
func consoleTxnRecords(t *testing.T, bootstrap, topic, isolation string, want int) []txnRecord {
	t.Helper()
	out := testkafka.Tool(t, 2*time.Minute, "kafka-console-consumer",
		"--bootstrap-server", bootstrap, "--topic", topic, "--from-beginning",
		"--isolation-level", isolation, "--timeout-ms", "10000",
		"--property", "print.partition=true", "--property", "print.offset=true")
	var recs []txnRecord
	for _, l := range strings.Split(out, "\n") {
		m := consoleLine.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		p, _ := strconv.ParseInt(m[1], 10, 32)
		o, _ := strconv.ParseInt(m[2], 10, 64)
		recs = append(recs, txnRecord{Partition: int32(p), Offset: o, Value: m[3]})
	}
	if len(recs) != want {
		t.Logf("console consumer output:\n%s", out)
	}
	return sortTxn(recs)
}

func sortTxn(recs []txnRecord) []txnRecord {
	slices.SortFunc(recs, func(a, b txnRecord) int {
		if a.Partition != b.Partition {
			return int(a.Partition - b.Partition)
		}
		return int(a.Offset - b.Offset)
	})
	return recs
}

// perPartition sums up records for the log: "12 (p0 10, p1 2; 3 aborted,
// 3 open)".
func perPartition(recs []txnRecord) string {
	n := map[int32]int{}
	marks := map[string]int{}
	for _, r := range recs {
		n[r.Partition]++
		marks[r.Txn]++
	}
	s := fmt.Sprintf("%d (p0 %d, p1 %d", len(recs), n[0], n[1])
	if marks["aborted"]+marks["open"] > 0 {
		s += fmt.Sprintf("; marked %d aborted, %d open", marks["aborted"], marks["open"])
	}
	return s + ")"
}
