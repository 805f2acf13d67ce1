package kafkaops

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/twmb/franz-go/pkg/kadm"
)

// TestResetTargetRelativeTimes: a reset takes the same times as the
// tail's start position: relative (time:-1h, @-15m) and written without a
// zone (read in the local zone).
func TestResetTargetRelativeTimes(t *testing.T) {
	now := time.Date(2026, 12, 5, 16, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"time:-1h":          now.Add(-time.Hour),
		"@-15m":             now.Add(-15 * time.Minute),
		"time:@-15m":        time.Time{}, // not a form: '@' belongs before the time only without "time:"
		"time:2026-01-02":   time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		"time: -2h30m":      now.Add(-150 * time.Minute),
		"@2026-12-01T10:00": time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC),
	} {
		got, err := ParseResetTargetAt(in, now)
		if want.IsZero() {
			if err == nil {
				t.Errorf("%q parsed as %v", in, got)
			}
			continue
		}
		if err != nil || got.Kind != ResetTime || !got.Time.Equal(want) {
			t.Errorf("%q: %+v, %v; want %v", in, got, err, want)
		}
		if back, err := ParseResetTargetAt(got.String(), now); err != nil || !back.Time.Equal(want) {
			t.Errorf("%q: String %q reads back as %v, %v", in, got.String(), back, err)
		}
	}
}

func TestParseResetTarget(t *testing.T) {
	at := time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)
	good := map[string]ResetTarget{
		"earliest":                  {Kind: ResetEarliest},
		"LATEST":                    {Kind: ResetLatest},
		"offset:42":                 {Kind: ResetOffset, Offset: 42},
		"time:2026-01-02T15:04:05Z": {Kind: ResetTime, Time: at},
		"shift:+5":                  {Kind: ResetShift, Shift: 5},
		"shift:-100":                {Kind: ResetShift, Shift: -100},
	}
	for in, want := range good {
		got, err := ParseResetTarget(in)
		if err != nil || !got.Time.Equal(want.Time) || got.Kind != want.Kind || got.Offset != want.Offset || got.Shift != want.Shift {
			t.Errorf("%q: %+v, %v; want %+v", in, got, err, want)
		}
		if back, _ := ParseResetTarget(got.String()); back.Kind != got.Kind || back.Offset != got.Offset || back.Shift != got.Shift || !back.Time.Equal(got.Time) {
			t.Errorf("%q: String %q does not parse back", in, got.String())
		}
	}
	// Every refusal says what was wrong with what was typed and what is
	// accepted, in the reset's own syntax: no strconv or time.Parse text,
	// nothing of the tail's forms (beginning, end, s@).
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for in, want := range map[string]string{
		"":                            `nothing to reset to; use earliest, latest, offset:N, time:-1h (or time:2026-01-02T15:04:05Z) or shift:-N/+N`,
		"begin":                       `"begin" is not a reset target; use earliest, latest, offset:N, time:-1h (or time:2026-01-02T15:04:05Z) or shift:-N/+N`,
		"earlist":                     `"earlist" is not a reset target; use earliest`,
		"last:5":                      `"last:5": "last" is not a kind of reset target; use earliest`,
		"earliest:3":                  `"earliest:3": earliest takes nothing after it; write earliest alone`,
		"offset:":                     `"offset:" needs the offset after it, like offset:1200`,
		"offset:-1":                   `"offset:-1": offsets start at 0; to move back from the commit use shift:-1`,
		"offset:x":                    `"offset:x": "x" is not an offset; use a number from 0, like offset:1200`,
		"offset:99999999999999999999": `"offset:99999999999999999999": 99999999999999999999 is too large for an offset`,
		"shift:5":                     `"shift:5": a shift needs its direction, like shift:-5 (back) or shift:+5 (forward)`,
		"shift:+":                     `"shift:+": "+" is not a number of records; use shift:-100 (back) or shift:+100 (forward)`,
		"shift:":                      `"shift:" needs a signed number of records after it, like shift:-100 or shift:+100`,
		"shift:-1e3":                  `"shift:-1e3": "-1e3" is not a number of records`,
		"time:yesterday":              `"time:yesterday" is not a time; use time:-15m, time:-2h30m or time:-1d (back from now), time:2026-01-02T15:04:05Z, or time:2026-01-02 15:04 (local time)`,
		"time:2026-13-01":             `"time:2026-13-01" is not a time; use time:-15m`,
		"time:-1x":                    `"time:-1x": "1x" is not a time back from now; use minutes, hours or days, like time:-15m, time:-2h30m or time:-1d`,
		"time:-99999999999d":          `"time:-99999999999d" goes back further than a time can be written`,
		"time:1960-01-01":             `"time:1960-01-01" is before 1970, which Kafka cannot look up`,
		"time:+1h":                    `"time:+1h" is in the future; a reset moves to a time before now, like time:-1h`,
		"time:":                       `"time:" needs a time after it; use time:-15m`,
		"@":                           `"@" needs a time after it; use time:-15m`,
	} {
		_, err := ParseResetTargetAt(in, now)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q:\n got %v\nwant %s…", in, err, want)
			continue
		}
		for _, bad := range []string{"strconv", "parsing", "invalid syntax", "beginning", "s@", "start position", "@-"} {
			if strings.Contains(err.Error(), bad) {
				t.Errorf("%q: %q says %q, which is not the reset's language", in, err, bad)
			}
		}
	}
}

// TestPartitionListErrors: a partition list that cannot be read says
// which entry and why, and what a list may be.
func TestPartitionListErrors(t *testing.T) {
	const forms = "; use numbers and ranges like 0,2,4-7 (empty or all for every partition)"
	for in, want := range map[string]string{
		"1-x":         `"1-x" is not a partition number` + forms,
		"x":           `"x" is not a partition number` + forms,
		"0, 2,y":      `"y" is not a partition number` + forms,
		"+1":          `"+1" is not a partition number` + forms,
		"-1":          `"-1": partition numbers start at 0` + forms,
		"0,,2":        `"0,,2" has an empty entry between commas` + forms,
		"1,":          `"1," has an empty entry between commas` + forms,
		"5-2":         `"5-2" runs backwards; write the lower partition first, like 2-5`,
		"4-":          `"4-" is a range without its end, like 4-7` + forms,
		"1-2-3":       `"1-2-3" is not a partition number` + forms,
		"99999999999": `"99999999999": 99999999999 is too large for a partition number`,
		"0-2000000":   `"0-2000000" lists more than 100000 partitions, more than a topic can have`,
	} {
		ps, err := ParsePartitionList(in)
		if err == nil || err.Error() != want {
			t.Errorf("%q: %v, %v\nwant %s", in, ps, err, want)
		}
	}
	for in, want := range map[string][]int32{"": nil, "all": nil, " ALL ": nil, "3, 1-2": {1, 2, 3}} {
		if ps, err := ParsePartitionList(in); err != nil || !reflect.DeepEqual(ps, want) {
			t.Errorf("%q: %v, %v; want %v", in, ps, err, want)
		}
	}
}

// committedOffsets reads group's commits on topic with kadm.
func committedOffsets(t *testing.T, adm *kadm.Client, group, topic string) map[int32]int64 {
	t.Helper()
	os, err := adm.FetchOffsets(produceCtx(t), group)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int32]int64{}
	for p, o := range os[topic] {
		if o.Err != nil {
			t.Fatalf("%s/%d: %v", topic, p, o.Err)
		}
		out[p] = o.At
	}
	return out
}

// TestOffsetResetEachTarget plans and executes a reset for every target
// kind on an Empty group, checking the preview and then the commits kadm
// reads back.
func TestOffsetResetEachTarget(t *testing.T) {
	brokers := testkafka.Brokers(t)
	base := time.UnixMilli(1_700_000_000_000).UTC()
	topic := timedTopic(t, brokers, 2, 10, base)
	adm, _ := testkafka.Admin(t, brokers)
	group := testkafka.TopicName(t) + "-g"
	dropGroupAtCleanup(t, brokers, group)
	commitAdmin(t, adm, group, topic, map[int32]int64{0: 5})
	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)

	steps := []struct {
		to    string
		parts []int32
		want  map[int32]int64 // partition -> new offset
	}{
		{"earliest", nil, map[int32]int64{0: 0, 1: 0}},
		{"latest", []int32{1}, map[int32]int64{1: 10}},
		{"offset:7", nil, map[int32]int64{0: 7, 1: 7}},
		{"offset:500", []int32{0}, map[int32]int64{0: 10}}, // clamped to the log end
		{"time:" + base.Add(4*time.Second).Format(time.RFC3339), nil, map[int32]int64{0: 4, 1: 4}},
		{"time:" + base.Add(time.Hour).Format(time.RFC3339), []int32{1}, map[int32]int64{1: 10}},
		{"shift:-3", nil, map[int32]int64{0: 1, 1: 7}},
		{"shift:-50", []int32{0}, map[int32]int64{0: 0}}, // clamped to the log start
		{"shift:+2", nil, map[int32]int64{0: 2, 1: 9}},
	}
	current := map[int32]int64{0: 5}
	for _, s := range steps {
		to, err := ParseResetTarget(s.to)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := c.PlanOffsetReset(ctx, ResetRequest{Group: group, Topic: topic, Partitions: s.parts, To: to})
		if err != nil {
			t.Fatalf("%s: %v", s.to, err)
		}
		if plan.State != "Empty" || plan.Group != group || plan.Topic != topic || len(plan.Rows) != len(s.want) {
			t.Fatalf("%s: plan %+v", s.to, plan)
		}
		for _, r := range plan.Rows {
			cur, has := current[r.Partition]
			want := ResetRow{Topic: topic, Partition: r.Partition, Current: cur, HasCurrent: has, New: s.want[r.Partition], LogStart: 0, LogEnd: 10, LagAfter: 10 - s.want[r.Partition]}
			if has {
				want.LagBefore = 10 - cur
			}
			if r != want {
				t.Errorf("%s: row %+v, want %+v", s.to, r, want)
			}
		}
		if err := c.ResetOffsets(ctx, plan); err != nil {
			t.Fatalf("%s: execute: %v", s.to, err)
		}
		for p, o := range s.want {
			current[p] = o
		}
		if got := committedOffsets(t, adm, group, topic); !reflect.DeepEqual(got, current) {
			t.Fatalf("%s: kadm reads %v, want %v", s.to, got, current)
		}
	}

	// A partition that does not exist, and a topic that does not: each a
	// RequestError naming the part of the request it is about, in the
	// words a consume uses for the same cases.
	_, err := c.PlanOffsetReset(ctx, ResetRequest{Group: group, Topic: topic, Partitions: []int32{7}, To: ResetTarget{Kind: ResetEarliest}})
	var re *RequestError
	if !errors.As(err, &re) || re.Field != FieldPartitions || re.Msg != "partition 7 does not exist (topic has 2 partitions: 0-1)" {
		t.Errorf("missing partition: %v", err)
	}
	_, err = c.PlanOffsetReset(ctx, ResetRequest{Group: group, Topic: topic + "-nope", To: ResetTarget{Kind: ResetEarliest}})
	if !errors.As(err, &re) || re.Field != FieldTopic || re.Msg != "topic "+topic+"-nope does not exist" || !errors.Is(err, ErrTopicNotFound) {
		t.Errorf("missing topic: %v", err)
	}
}

// TestOffsetResetNewGroup resets a group that does not exist yet, which
// creates it, and refuses a shift where nothing is committed.
func TestOffsetResetNewGroup(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := groupsTopic(t, brokers, 2, 3)
	adm, _ := testkafka.Admin(t, brokers)
	group := testkafka.TopicName(t) + "-g"
	dropGroupAtCleanup(t, brokers, group)
	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)

	_, err := c.PlanOffsetReset(ctx, ResetRequest{Group: group, Topic: topic, To: ResetTarget{Kind: ResetShift, Shift: 1}})
	var re *RequestError
	if !errors.As(err, &re) || re.Field != FieldTarget || !strings.HasPrefix(re.Msg, "partition 0 of "+topic+" has no committed offset to shift from") {
		t.Errorf("shift without commit: %v", err)
	}
	plan, err := c.PlanOffsetReset(ctx, ResetRequest{Group: group, Topic: topic, To: ResetTarget{Kind: ResetLatest}})
	if err != nil {
		t.Fatal(err)
	}
	if plan.State != "Dead" || len(plan.Rows) != 2 || plan.Rows[0].HasCurrent || plan.Rows[1].New != 3 {
		t.Errorf("plan: %+v", plan)
	}
	if err := c.ResetOffsets(ctx, plan); err != nil {
		t.Fatal(err)
	}
	if got := committedOffsets(t, adm, group, topic); !reflect.DeepEqual(got, map[int32]int64{0: 3, 1: 3}) {
		t.Errorf("commits %v", got)
	}
}

// TestOffsetChangesRefusedWithMembers checks that resets and offset
// deletion are refused while a consumer is in the group, and that deleting
// a topic's offsets works once it has left.
func TestOffsetChangesRefusedWithMembers(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := groupsTopic(t, brokers, 2, 5)
	adm, _ := testkafka.Admin(t, brokers)
	group := testkafka.TopicName(t) + "-g"
	dropGroupAtCleanup(t, brokers, group)
	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)

	// A plan made while the group is empty...
	commitAdmin(t, adm, group, topic, map[int32]int64{0: 1, 1: 2})
	plan, err := c.PlanOffsetReset(ctx, ResetRequest{Group: group, Topic: topic, To: ResetTarget{Kind: ResetEarliest}})
	if err != nil {
		t.Fatal(err)
	}
	cl := startKgoConsumer(t, brokers, group, topic)
	waitGroupState(t, adm, group, "Stable")

	_, err = c.PlanOffsetReset(ctx, ResetRequest{Group: group, Topic: topic, To: ResetTarget{Kind: ResetEarliest}})
	want := "the group is Stable with 1 member(s): offsets can only be changed while no consumer of the group runs (stop its consumers first)"
	if err == nil || !errors.Is(err, ErrGroupActive) || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("plan with a member: %v", err)
	}
	// ...is not executed once a consumer has joined.
	if err := c.ResetOffsets(ctx, plan); err == nil || !errors.Is(err, ErrGroupActive) {
		t.Errorf("execute with a member: %v", err)
	}
	if err := c.DeleteGroupOffsets(ctx, group, topic); err == nil || !errors.Is(err, ErrGroupActive) {
		t.Errorf("delete offsets with a member: %v", err)
	}
	if got := committedOffsets(t, adm, group, topic); !reflect.DeepEqual(got, map[int32]int64{0: 1, 1: 2}) {
		t.Errorf("commits changed while refused: %v", got)
	}

	cl.Close()
	waitGroupState(t, adm, group, "Empty")
	if err := c.DeleteGroupOffsets(ctx, group, topic); err != nil {
		t.Fatal(err)
	}
	if got := committedOffsets(t, adm, group, topic); len(got) != 0 {
		t.Errorf("commits left after delete: %v", got)
	}
	if err := c.DeleteGroupOffsets(ctx, group, topic); err == nil || !strings.Contains(err.Error(), "no committed offsets for this topic") {
		t.Errorf("delete again: %v", err)
	}
}

func TestParsePartitionList(t *testing.T) {
	got, err := ParsePartitionList(" 0, 2,4-6 ")
	if err != nil || !reflect.DeepEqual(got, []int32{0, 2, 4, 5, 6}) {
		t.Errorf("got %v %v", got, err)
	}
	if got, err := ParsePartitionList(""); got != nil || err != nil {
		t.Errorf("empty: %v %v", got, err)
	}
	for _, bad := range []string{"a", "-1", "3-1", "1,", "2-x"} {
		if _, err := ParsePartitionList(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	// Sorted without duplicates, spaces allowed around '-'.
	if got, err := ParsePartitionList("4, 1,1, 2 - 3"); err != nil || !reflect.DeepEqual(got, []int32{1, 2, 3, 4}) {
		t.Errorf("got %v %v", got, err)
	}
	// A typo must not allocate gigabytes (8 GB for this one before the cap).
	for _, huge := range []string{"0-2147483647", "0-60000,60000-120000"} {
		if got, err := ParsePartitionList(huge); err == nil || !strings.Contains(err.Error(), "more than 100000 partitions") {
			t.Errorf("%q: %d partitions, %v", huge, len(got), err)
		}
	}
}

// TestOffsetResetAllTopics resets every partition a group has committed
// on, of two topics, in one plan and one write, as kafka-consumer-groups
// --all-topics does: a partition without a commit (b/1) is left alone.
func TestOffsetResetAllTopics(t *testing.T) {
	brokers := testkafka.Brokers(t)
	a := groupsTopic(t, brokers, 2, 6)
	b := groupsTopic(t, brokers, 2, 4)
	adm, _ := testkafka.Admin(t, brokers)
	group := testkafka.TopicName(t) + "-g"
	dropGroupAtCleanup(t, brokers, group)
	commitAdmin(t, adm, group, a, map[int32]int64{0: 5, 1: 2})
	commitAdmin(t, adm, group, b, map[int32]int64{0: 3})
	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)

	plan, err := c.PlanOffsetReset(ctx, ResetRequest{Group: group, AllTopics: true, To: ResetTarget{Kind: ResetShift, Shift: -2}})
	if err != nil {
		t.Fatal(err)
	}
	want := []ResetRow{
		{Topic: a, Partition: 0, Current: 5, HasCurrent: true, New: 3, LogEnd: 6, LagBefore: 1, LagAfter: 3},
		{Topic: a, Partition: 1, Current: 2, HasCurrent: true, New: 0, LogEnd: 6, LagBefore: 4, LagAfter: 6},
		{Topic: b, Partition: 0, Current: 3, HasCurrent: true, New: 1, LogEnd: 4, LagBefore: 1, LagAfter: 3},
	}
	if a > b {
		want = append(want[2:], want[:2]...)
	}
	if !plan.AllTopics || plan.Topic != "" || plan.State != "Empty" || !reflect.DeepEqual(plan.Rows, want) {
		t.Fatalf("plan %+v\nwant rows %+v", plan, want)
	}
	if got := plan.Topics(); len(got) != 2 || got[0] != want[0].Topic || got[2-1] != want[2].Topic {
		t.Errorf("Topics() = %v", got)
	}
	if err := c.ResetOffsets(ctx, plan); err != nil {
		t.Fatal(err)
	}
	if got := committedOffsets(t, adm, group, a); !reflect.DeepEqual(got, map[int32]int64{0: 3, 1: 0}) {
		t.Errorf("%s after the reset: %v", a, got)
	}
	if got := committedOffsets(t, adm, group, b); !reflect.DeepEqual(got, map[int32]int64{0: 1}) {
		t.Errorf("%s after the reset: %v", b, got)
	}

	// All topics with a topic named is a mistake; a group without a
	// commit has no topic to reset.
	if _, err := c.PlanOffsetReset(ctx, ResetRequest{Group: group, AllTopics: true, Topic: a, To: ResetTarget{Kind: ResetEarliest}}); err == nil || !strings.Contains(err.Error(), "all topics takes no topic or partitions") {
		t.Errorf("all topics and a topic: %v", err)
	}
	fresh := group + "-new"
	if _, err := c.PlanOffsetReset(ctx, ResetRequest{Group: fresh, AllTopics: true, To: ResetTarget{Kind: ResetEarliest}}); !errors.Is(err, ErrNoCommits) {
		t.Errorf("all topics of a group without commits: %v", err)
	}
}
