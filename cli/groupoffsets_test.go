package cli

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// resetFixture makes a topic of 2 partitions x 10 records and a group with
// a commit at 5 on partition 0 only.
func resetFixture(t *testing.T) (b, topic, group string, adm *kadm.Client) {
	t.Helper()
	brokers := testkafka.Brokers(t)
	topic = testkafka.FilledTopic(t, brokers, 2, 10)
	group = "g-" + topic
	testkafka.CommitGroup(t, brokers, group, topic, map[int32]int64{0: 5})
	adm, _ = testkafka.Admin(t, brokers)
	return cluster(t), topic, group, adm
}

func kadmCommits(t *testing.T, adm *kadm.Client, group, topic string) map[int32]int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
	defer cancel()
	os, err := adm.FetchOffsets(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int32]int64{}
	for p, o := range os[topic] {
		out[p] = o.At
	}
	return out
}

func TestGroupResetPreviewAndExecute(t *testing.T) {
	t.Parallel()
	b, topic, group, adm := resetFixture(t)

	// groups shows the total lag over committed partitions.
	r := run(t, "-b", b, "groups").ok(t)
	var row []string
	for _, l := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == group {
			row = f
		}
	}
	if !strings.Contains(r.stdout, "LAG") || len(row) != 6 || row[5] != "5" {
		t.Fatalf("groups row %q, want lag 5:\n%s", row, r.stdout)
	}

	// A dry run previews and writes nothing.
	r = run(t, "-b", b, "group", "reset", group, "--topic", topic, "--to", "earliest").ok(t)
	for _, s := range []string{"Preview: group " + group + " on " + topic + " to earliest. Nothing written",
		"PARTITION  CURRENT  NEW  LOG-START  LOG-END  LAG-BEFORE  LAG-AFTER",
		"        0        5    0          0       10           5         10",
		"        1        -    0          0       10           -         10",
		"Total lag: 5 -> 20"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("preview lacks %q:\n%s", s, r.stdout)
		}
	}
	if got := kadmCommits(t, adm, group, topic); !reflect.DeepEqual(got, map[int32]int64{0: 5}) {
		t.Errorf("dry run wrote: %v", got)
	}

	// Read-only refuses --execute before connecting; a dry run is allowed.
	run(t, "-b", b, "--read-only", "group", "reset", group, "--topic", topic, "--to", "latest", "--execute").failed(t, "group reset --execute refused: read-only mode")
	run(t, "-b", b, "--read-only", "group", "reset", group, "--topic", topic, "--to", "latest").ok(t)

	r = run(t, "-b", b, "group", "reset", group, "--topic", topic, "--partitions", "1", "--to", "offset:3", "--execute").ok(t)
	if !strings.Contains(r.stdout, "Reset group "+group+" on "+topic+" to offset:3: wrote 1 partition.") {
		t.Errorf("execute output:\n%s", r.stdout)
	}
	if got := kadmCommits(t, adm, group, topic); !reflect.DeepEqual(got, map[int32]int64{0: 5, 1: 3}) {
		t.Errorf("after execute: %v", got)
	}

	r = run(t, "-b", b, "group", "reset", group, "--topic", topic, "--to", "shift:+2", "--json").ok(t)
	var plan struct {
		To       string `json:"to"`
		State    string `json:"state"`
		Executed bool   `json:"executed"`
		Rows     []struct {
			Partition int32  `json:"partition"`
			Current   *int64 `json:"current"`
			New       int64  `json:"new"`
			LagAfter  int64  `json:"lag_after"`
		} `json:"partitions"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil {
		t.Fatalf("--json: %v\n%s", err, r.stdout)
	}
	if plan.To != "shift:+2" || plan.State != "Empty" || plan.Executed || len(plan.Rows) != 2 ||
		plan.Rows[0].New != 7 || plan.Rows[1].New != 5 || plan.Rows[1].LagAfter != 5 || plan.Rows[1].Current == nil || *plan.Rows[1].Current != 3 {
		t.Errorf("--json plan: %+v", plan)
	}

	// Input errors are usage errors, Kafka's refusals are errors.
	run(t, "-b", b, "group", "reset", group, "--topic", topic).usage(t, "--to is required")
	run(t, "-b", b, "group", "reset", group, "--to", "earliest").usage(t, "--topic is required")
	run(t, "-b", b, "group", "reset", group, "--topic", topic, "--to", "yesterday").usage(t, `--to: "yesterday" is not a reset target; use earliest, latest, offset:N`)
	run(t, "-b", b, "group", "reset", group, "--topic", topic, "--to", "latest", "--partitions", "1,x").usage(t, `--partitions: "x" is not a partition number; use numbers and ranges like 0,2,4-7`)
	// Kafka's refusals of what a flag names follow the flag, in the words
	// the reset form shows under the same field
	// (groupview TestResetPlanRefusalsAtTheField).
	run(t, "-b", b, "group", "reset", group, "--topic", topic, "--to", "latest", "--partitions", "1,9").
		failedExactly(t, "kafkatui: --partitions: partition 9 does not exist (topic has 2 partitions: 0-1)\n")
	run(t, "-b", b, "group", "reset", group, "--topic", topic+"-nope", "--to", "latest").
		failedExactly(t, "kafkatui: --topic: topic "+topic+"-nope does not exist\n")
	run(t, "-b", b, "group", "reset", group+"-new", "--topic", topic, "--partitions", "1", "--to", "shift:-1").
		failedExactly(t, "kafkatui: --to: partition 1 of "+topic+" has no committed offset to shift from (reset it to earliest, latest, an offset or a time instead)\n")
}

// failedExactly checks a runtime error whose whole message is want.
func (r result) failedExactly(t *testing.T, want string) {
	t.Helper()
	if r.code != ExitError || r.stderr != want {
		t.Fatalf("exit %d, stderr\n%q\nwant exit %d,\n%q", r.code, r.stderr, ExitError, want)
	}
}

// TestGroupResetAllTopics: --all-topics resets every partition the group
// has committed on, of every topic, in one plan and one write, with a
// TOPIC column; it takes no --topic or --partitions.
func TestGroupResetAllTopics(t *testing.T) {
	t.Parallel()
	b, topic, group, adm := resetFixture(t)
	brokers := testkafka.Brokers(t)
	other := testkafka.Topic(t, brokers, 1)
	testkafka.Produce(t, brokers, &kgo.Record{Topic: other, Value: []byte("a")}, &kgo.Record{Topic: other, Value: []byte("b")})
	commits := make(kadm.Offsets)
	commits.AddOffset(other, 0, 1, -1)
	ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
	defer cancel()
	if resp, err := adm.CommitOffsets(ctx, group, commits); err != nil || resp.Error() != nil {
		t.Fatalf("commit: %v %v", err, resp.Error())
	}
	first, second := topic, other
	if second < first {
		first, second = second, first
	}

	r := run(t, "-b", b, "group", "reset", group, "--all-topics", "--to", "earliest").ok(t)
	for _, s := range []string{"Preview: group " + group + " on all its topics (2) to earliest. Nothing written",
		"TOPIC", "PARTITION  CURRENT  NEW  LOG-START  LOG-END  LAG-BEFORE  LAG-AFTER",
		topic + " ", other + " ", "Total lag: 6 -> 12"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("preview lacks %q:\n%s", s, r.stdout)
		}
	}
	// Partition 1 of topic has no commit: not part of an all-topics reset.
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 5 {
		t.Errorf("want a title, a header, 2 rows and the total:\n%s", r.stdout)
	}

	r = run(t, "-b", b, "group", "reset", group, "--all-topics", "--to", "earliest", "--execute", "--json").ok(t)
	var plan struct {
		AllTopics bool `json:"all_topics"`
		Executed  bool `json:"executed"`
		Rows      []struct {
			Topic     string `json:"topic"`
			Partition int32  `json:"partition"`
			New       int64  `json:"new"`
		} `json:"partitions"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil {
		t.Fatalf("--json: %v\n%s", err, r.stdout)
	}
	if !plan.AllTopics || !plan.Executed || len(plan.Rows) != 2 || plan.Rows[0].Topic != first || plan.Rows[1].Topic != second {
		t.Errorf("--json plan: %+v", plan)
	}
	if got := kadmCommits(t, adm, group, topic); !reflect.DeepEqual(got, map[int32]int64{0: 0}) {
		t.Errorf("%s after --all-topics: %v", topic, got)
	}
	if got := kadmCommits(t, adm, group, other); !reflect.DeepEqual(got, map[int32]int64{0: 0}) {
		t.Errorf("%s after --all-topics: %v", other, got)
	}

	run(t, "-b", b, "group", "reset", group, "--all-topics", "--topic", topic, "--to", "earliest").usage(t, "--all-topics and --topic cannot be used together")
	run(t, "-b", b, "group", "reset", group, "--all-topics", "--partitions", "0", "--to", "earliest").usage(t, "--partitions chooses partitions of one --topic")
	run(t, "-b", b, "group", "reset", group+"-none", "--all-topics", "--to", "earliest").failed(t, "the group has no committed offsets to reset")
}

func TestGroupDeleteOffsets(t *testing.T) {
	t.Parallel()
	b, topic, group, adm := resetFixture(t)
	run(t, "-b", b, "--read-only", "group", "delete-offsets", group, "--topic", topic).failed(t, "group delete-offsets refused: read-only mode")
	run(t, "-b", b, "group", "delete-offsets", group).usage(t, "--topic is required")
	r := run(t, "-b", b, "group", "delete-offsets", group, "--topic", topic).ok(t)
	if r.stdout != "deleted offsets of group "+group+" on topic "+topic+"\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	if got := kadmCommits(t, adm, group, topic); len(got) != 0 {
		t.Errorf("commits left: %v", got)
	}
	run(t, "-b", b, "group", "delete-offsets", group, "--topic", topic).failed(t, "no committed offsets for this topic")
}
