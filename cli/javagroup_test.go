package cli

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// TestJavaConsumerGroup runs Kafka's own console consumer (a real Java
// consumer group) and checks `kafkatui group describe` against Kafka's own
// kafka-consumer-groups command, partition by partition. It needs a real
// cluster with Kafka's tools (scripts/integration.sh).
//
// To make the state stable while both tools look at it, the group first
// consumes part of the data and commits it (a console consumer that stops
// after 120 messages and commits on close), and then two console consumers
// join with auto-commit off: they read everything but never commit, so the
// committed offsets and lag stay put while the group has live members.
func TestJavaConsumerGroup(t *testing.T) {
	testkafka.RequireTools(t)
	t.Run("classic protocol", func(t *testing.T) { javaGroupCase(t, "classic") })
	t.Run("consumer protocol", func(t *testing.T) {
		if !testkafka.VersionAtLeast(4, 0) {
			t.Skipf("Kafka %s does not enable the KIP-848 consumer protocol by default", testkafka.Version())
		}
		javaGroupCase(t, "consumer")
	})
}

// javaGroupCase runs the scenario with the Java consumers' group.protocol
// set to protocol ("classic", the Java default, or "consumer").
func javaGroupCase(t *testing.T, protocol string) {
	brokers := testkafka.Brokers(t)
	b := strings.Join(brokers, ",")
	topic := testkafka.Topic(t, brokers, 3)
	const perPartition, total = 100, 300
	var recs []*kgo.Record
	for p := range int32(3) {
		for i := range perPartition {
			recs = append(recs, &kgo.Record{Topic: topic, Partition: p, Value: fmt.Appendf(nil, "p%d-%d", p, i)})
		}
	}
	testkafka.Produce(t, brokers, recs...)
	group := "jg-" + topic
	props := func(kv ...string) []string {
		var args []string
		for _, p := range append([]string{"group.protocol=" + protocol}, kv...) {
			args = append(args, "--consumer-property", p)
		}
		return args
	}
	consumer := func(clientID string, extra ...string) []string {
		args := []string{"--bootstrap-server", b, "--topic", topic, "--group", group, "--from-beginning"}
		return append(append(args, extra...), props("client.id="+clientID)...)
	}

	// 1. Consume 120 messages, commit on close, leave: an empty group
	// with lag. Small polls keep what is committed close to what was read.
	first := testkafka.StartTool(t, "kafka-console-consumer",
		append(consumer("kt-java-first", "--max-messages", "120"), props("enable.auto.commit=true", "max.poll.records=10")...)...)
	if err := first.Wait(90 * time.Second); err != nil {
		t.Fatalf("console consumer: %v\nstderr:\n%s", err, first.Stderr())
	}
	if n := strings.Count(first.Stdout(), "\n"); n < 120 {
		t.Fatalf("console consumer printed %d lines, want 120:\n%s", n, first.Stderr())
	}

	d, ref := settledEmpty(t, b, group)
	committed := 0
	for _, o := range ref {
		if o.current >= 0 {
			committed += int(o.current)
		}
	}
	if committed < 120 || committed >= total {
		t.Fatalf("the console consumer committed %d of %d offsets, want part of them (at least the 120 it printed):\n%v", committed, total, ref)
	}
	t.Logf("after the first consumer left: state %q, %d members, lag %d, note %q", d.State, len(d.Members), d.TotalLag, d.Note)
	if d.Note == "" && d.State != "Empty" {
		t.Errorf("state %q, want Empty", d.State)
	}
	if len(d.Members) != 0 {
		t.Errorf("members %+v, want none", d.Members)
	}
	compareOffsets(t, d, ref, topic)

	// 2. Two live members that never commit.
	var live []*testkafka.Process
	for _, id := range []string{"kt-java-a", "kt-java-b"} {
		live = append(live, testkafka.StartTool(t, "kafka-console-consumer", append(consumer(id), props("enable.auto.commit=false")...)...))
	}
	liveMembers := func(d javaGroupJSON) bool {
		owned := map[int32]bool{}
		for _, m := range d.Members {
			if len(m.Assigned) == 0 {
				return false
			}
			for _, a := range m.Assigned {
				owned[a.Partition] = true
			}
		}
		return d.State == "Stable" && len(d.Members) == 2 && len(owned) == 3
	}
	if protocol == "consumer" {
		// Kafka 4's classic DescribeGroups does not describe a KIP-848
		// group; kafkatui's ConsumerGroupDescribe must, as fully as a
		// classic one, once both members have their assignment.
		waitForJavaMembers(t, b, group, live, 2)
	}
	d, ref = stableDescribe(t, b, group, live, liveMembers)
	t.Logf("live %s group: state %q, %d members, note %q", protocol, d.State, len(d.Members), d.Note)
	if d.Note != "" {
		t.Errorf("note %q: the group was not described fully", d.Note)
	}
	compareOffsets(t, d, ref, topic)
	compareMembers(t, d, kafkaGroupMembers(t, b, group, topic), protocol)
}

// javaGroupJSON is what `group describe --json` prints, decoded.
type javaGroupJSON struct {
	State   string `json:"state"`
	Note    string `json:"note"`
	Members []struct {
		ID       string `json:"member_id"`
		ClientID string `json:"client_id"`
		Host     string `json:"host"`
		Assigned []struct {
			Topic     string `json:"topic"`
			Partition int32  `json:"partition"`
		} `json:"assigned"`
	} `json:"members"`
	Offsets []struct {
		Topic     string `json:"topic"`
		Partition int32  `json:"partition"`
		Committed *int64 `json:"committed"`
		LogEnd    int64  `json:"log_end"`
		Lag       *int64 `json:"lag"`
		MemberID  string `json:"member_id"`
		ClientID  string `json:"client_id"`
		Host      string `json:"host"`
	} `json:"offsets"`
	TotalLag int64 `json:"total_lag"`
}

func describeJSON(t *testing.T, b, group string) javaGroupJSON {
	t.Helper()
	d, err := tryDescribeJSON(t, b, group)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// tryDescribeJSON runs `group describe --json`, returning a failed run as
// an error, for polling.
func tryDescribeJSON(t *testing.T, b, group string) (javaGroupJSON, error) {
	t.Helper()
	var d javaGroupJSON
	r := run(t, "-b", b, "group", "describe", group, "--json")
	if r.code != 0 {
		return d, fmt.Errorf("group describe --json: exit %d: %s", r.code, r.stderr)
	}
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		return d, fmt.Errorf("group describe --json: %v\n%s", err, r.stdout)
	}
	return d, nil
}

// stableDescribe waits until kafkatui's view satisfies ready, then reads
// Kafka's view, then kafkatui's again; it returns both once the group did not
// rebalance in between (same members before and after).
func stableDescribe(t *testing.T, b, group string, live []*testkafka.Process, ready func(javaGroupJSON) bool) (javaGroupJSON, map[int32]kafkaOffsetRow) {
	t.Helper()
	memberIDs := func(d javaGroupJSON) string {
		var ids []string
		for _, m := range d.Members {
			ids = append(ids, m.ID+"="+fmt.Sprint(m.Assigned))
		}
		slices.Sort(ids)
		return d.State + " " + strings.Join(ids, ",")
	}
	// Generous: JVMs start slowly on a loaded 2-core machine.
	const settle = 3 * time.Minute
	deadline := time.Now().Add(settle)
	var last any
	for time.Now().Before(deadline) {
		checkRunning(t, live)
		before, err := tryDescribeJSON(t, b, group)
		if err != nil || !ready(before) {
			last = before
			if err != nil {
				last = err // a slow broker answers late; try again
			}
			time.Sleep(250 * time.Millisecond) // waiting on the group's rebalance; no event to wait on
			continue
		}
		ref := kafkaGroupOffsets(t, b, group)
		after, err := tryDescribeJSON(t, b, group)
		if err == nil && memberIDs(before) == memberIDs(after) {
			return after, ref
		}
	}
	t.Fatalf("the group did not settle within %s; last described as %+v", settle, last)
	return javaGroupJSON{}, nil
}

// settledEmpty describes a group whose last member has left, with
// kafkatui and Kafka's tool, until two readings of Kafka's tool taken
// around kafkatui's agree: a commit the leaving consumer sent last can
// land after the process ended, between the two tools' readings.
func settledEmpty(t *testing.T, b, group string) (javaGroupJSON, map[int32]kafkaOffsetRow) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		before := kafkaGroupOffsets(t, b, group)
		d := describeJSON(t, b, group)
		after := kafkaGroupOffsets(t, b, group)
		if maps.Equal(before, after) || time.Now().After(deadline) {
			return d, after
		}
		t.Logf("the committed offsets moved while they were read (%v, then %v); reading again", before, after)
	}
}

// ptr is *v, or "none" for nil.
func ptr(v *int64) any {
	if v == nil {
		return "none"
	}
	return *v
}

// checkRunning fails the test if one of the live consumers has exited.
func checkRunning(t *testing.T, live []*testkafka.Process) {
	t.Helper()
	for _, p := range live {
		select {
		case <-p.Done():
			t.Fatalf("a console consumer exited early:\n%s", p.Stderr())
		default:
		}
	}
}

// waitForJavaMembers waits until Kafka's own tool shows n members that
// have partitions, for groups kafkatui cannot describe the members of.
func waitForJavaMembers(t *testing.T, b, group string, live []*testkafka.Process, n int) {
	t.Helper()
	waitFor(t, 3*time.Minute, fmt.Sprintf("%d members with partitions in Kafka's view", n), func() bool {
		checkRunning(t, live)
		members := kafkaGroupMembers(t, b, group, "")
		with := 0
		for _, m := range members {
			if len(m.assigned) > 0 {
				with++
			}
		}
		return len(members) == n && with == n
	})
}

// kafkaOffsetRow is one row of `kafka-consumer-groups --describe`; -1
// stands for its "-".
type kafkaOffsetRow struct {
	current, logEnd, lag   int64
	consumer, host, client string
}

// kafkaGroupOffsets runs `kafka-consumer-groups --describe` and parses its
// table by the header's column names, which are the same in 3.9 and 4.x.
func kafkaGroupOffsets(t *testing.T, b, group string) map[int32]kafkaOffsetRow {
	t.Helper()
	out := testkafka.Tool(t, time.Minute, "kafka-consumer-groups", "--bootstrap-server", b, "--describe", "--group", group)
	rows := map[int32]kafkaOffsetRow{}
	num := func(s string) int64 {
		if s == "-" {
			return -1
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("kafka-consumer-groups: %q is not a number in:\n%s", s, out)
		}
		return n
	}
	for _, row := range parseKafkaTable(t, out, "PARTITION") {
		p := num(row["PARTITION"])
		rows[int32(p)] = kafkaOffsetRow{
			current: num(row["CURRENT-OFFSET"]), logEnd: num(row["LOG-END-OFFSET"]), lag: num(row["LAG"]),
			consumer: toolValue(row["CONSUMER-ID"]), host: toolValue(row["HOST"]), client: toolValue(row["CLIENT-ID"]),
		}
	}
	if len(rows) == 0 {
		t.Fatalf("kafka-consumer-groups --describe shows no partitions:\n%s", out)
	}
	return rows
}

// kafkaMember is one row of `kafka-consumer-groups --describe --members
// --verbose`.
type kafkaMember struct {
	client, host string
	assigned     []string // "topic:partition", sorted
}

// assignmentRE matches one topic's partitions in the assignment column:
// "orders:0,1" in 4.x, "(0,1)" in 3.9, whose tool leaves out the topic.
var assignmentRE = regexp.MustCompile(`([^\s:(),]+:|\()([0-9,]+)\)?`)

// kafkaGroupMembers runs `kafka-consumer-groups --describe --members
// --verbose`; topic stands for the topic the 3.9 tool does not name.
func kafkaGroupMembers(t *testing.T, b, group, topic string) map[string]kafkaMember {
	t.Helper()
	out := testkafka.Tool(t, time.Minute, "kafka-consumer-groups", "--bootstrap-server", b, "--describe", "--group", group, "--members", "--verbose")
	members := map[string]kafkaMember{}
	for _, row := range parseKafkaTable(t, out, "CONSUMER-ID") {
		col := row["CURRENT-ASSIGNMENT"] // 4.x
		if _, ok := row["CURRENT-ASSIGNMENT"]; !ok {
			col = row["ASSIGNMENT"] // 3.9
		}
		var assigned []string
		for _, m := range assignmentRE.FindAllStringSubmatch(col, -1) {
			tp := strings.TrimSuffix(m[1], ":")
			if tp == "(" {
				tp = topic
			}
			for _, p := range strings.Split(m[2], ",") {
				if p != "" {
					assigned = append(assigned, tp+":"+p)
				}
			}
		}
		slices.Sort(assigned)
		members[row["CONSUMER-ID"]] = kafkaMember{client: row["CLIENT-ID"], host: toolValue(row["HOST"]), assigned: assigned}
	}
	return members
}

// parseKafkaTable parses the whitespace-aligned table Kafka's tools print:
// a header line starting with GROUP and containing column, then one row
// per line. Values never contain spaces here (the test picks its ids), and
// trailing empty columns are allowed.
func parseKafkaTable(t *testing.T, out, column string) []map[string]string {
	t.Helper()
	var header []string
	var rows []map[string]string
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if f[0] == "GROUP" && slices.Contains(f, column) {
			header = f
			continue
		}
		if header == nil {
			continue
		}
		if len(f) > len(header) {
			t.Fatalf("kafka tool row %q has more columns than its header %q", line, header)
		}
		row := map[string]string{}
		for i, v := range f {
			row[header[i]] = v
		}
		rows = append(rows, row)
	}
	if header == nil {
		t.Fatalf("no table with a %s column in:\n%s", column, out)
	}
	return rows
}

// toolValue maps the tools' "-" (none) to "" and drops the "/" Java puts before
// an address, which kafkatui does not show.
func toolValue(s string) string {
	if s == "-" {
		return ""
	}
	return strings.TrimPrefix(s, "/")
}

// compareOffsets checks kafkatui's committed offset, log end, lag and owner
// of every partition of topic against Kafka's own tool.
func compareOffsets(t *testing.T, d javaGroupJSON, ref map[int32]kafkaOffsetRow, topic string) {
	t.Helper()
	seen := map[int32]bool{}
	var total int64
	for _, o := range d.Offsets {
		if o.Topic != topic {
			t.Errorf("offsets of another topic: %+v", o)
			continue
		}
		seen[o.Partition] = true
		want, ok := ref[o.Partition]
		if !ok {
			t.Errorf("partition %d: kafkatui shows it (committed %v, lag %v), Kafka's tool does not", o.Partition, ptr(o.Committed), ptr(o.Lag))
			continue
		}
		committed, lag := int64(-1), int64(-1)
		if o.Committed != nil {
			committed = *o.Committed
		}
		if o.Lag != nil {
			lag = *o.Lag
			total += lag
		}
		if committed != want.current || o.LogEnd != want.logEnd || lag != want.lag {
			t.Errorf("partition %d: kafkatui committed %d, log end %d, lag %d; kafka-consumer-groups %d, %d, %d",
				o.Partition, committed, o.LogEnd, lag, want.current, want.logEnd, want.lag)
			continue
		}
		if d.Note == "" && (o.MemberID != want.consumer || o.ClientID != want.client || o.Host != want.host) {
			t.Errorf("partition %d: kafkatui owner %q (client %q, host %q); kafka-consumer-groups %q (%q, %q)",
				o.Partition, o.MemberID, o.ClientID, o.Host, want.consumer, want.client, want.host)
			continue
		}
		t.Logf("partition %d: committed %d, log end %d, lag %d, owner %q: same as kafka-consumer-groups", o.Partition, committed, o.LogEnd, lag, o.ClientID)
	}
	for p := range ref {
		if !seen[p] {
			t.Errorf("partition %d: Kafka's tool shows it, kafkatui does not", p)
		}
	}
	if total != d.TotalLag {
		t.Errorf("total lag %d, sum of partitions %d", d.TotalLag, total)
	}
}

// compareMembers checks kafkatui's members, client ids, hosts and
// assignments against `kafka-consumer-groups --members --verbose`.
func compareMembers(t *testing.T, d javaGroupJSON, ref map[string]kafkaMember, protocol string) {
	t.Helper()
	if len(d.Members) != len(ref) {
		t.Errorf("kafkatui shows %d members, kafka-consumer-groups %d: %v", len(d.Members), len(ref), slices.Sorted(maps.Keys(ref)))
	}
	clients := map[string]bool{}
	for _, m := range d.Members {
		clients[m.ClientID] = true
		want, ok := ref[m.ID]
		if !ok {
			t.Errorf("member %s: not in kafka-consumer-groups' view", m.ID)
			continue
		}
		var assigned []string
		for _, a := range m.Assigned {
			assigned = append(assigned, fmt.Sprintf("%s:%d", a.Topic, a.Partition))
		}
		slices.Sort(assigned)
		if m.ClientID != want.client || m.Host != want.host || !slices.Equal(assigned, want.assigned) {
			t.Errorf("member %s: kafkatui client %q, host %q, assigned %v; kafka-consumer-groups %q, %q, %v",
				m.ID, m.ClientID, m.Host, assigned, want.client, want.host, want.assigned)
			continue
		}
		// Classic Java members are named after their client id; KIP-848
		// member ids are UUIDs.
		if protocol == "classic" && !strings.HasPrefix(m.ID, m.ClientID+"-") {
			t.Errorf("member id %q does not start with its client id %q, as Java's do", m.ID, m.ClientID)
		}
		t.Logf("member %s (%s): %v, same as kafka-consumer-groups", m.ID, m.ClientID, assigned)
	}
	if !clients["kt-java-a"] || !clients["kt-java-b"] {
		t.Errorf("client ids %v, want kt-java-a and kt-java-b", slices.Sorted(maps.Keys(clients)))
	}
}
