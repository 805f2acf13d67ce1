package cli

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/kafkatui/kafkatui/kafkaops"
)

func TestTopics(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	b := cluster(t)
	topic := testkafka.Topic(t, brokers, 3)
	var recs []*kgo.Record
	for i := range 7 {
		recs = append(recs, &kgo.Record{Topic: topic, Partition: int32(i % 3), Value: []byte("v")})
	}
	testkafka.Produce(t, brokers, recs...)

	r := run(t, "-b", b, "topics").ok(t)
	lines := strings.Split(r.stdout, "\n")
	if fields := strings.Fields(lines[0]); strings.Join(fields, " ") != "NAME PARTITIONS RF OFFSETS UNDER-REPL OFFLINE" {
		t.Fatalf("header %q", lines[0])
	}
	var row []string
	for _, l := range lines[1:] {
		if f := strings.Fields(l); len(f) > 0 && f[0] == topic {
			row = f
		}
		if strings.HasPrefix(l, "__") {
			t.Errorf("internal topic listed without --all: %q", l)
		}
	}
	if strings.Join(row, " ") != topic+" 3 1 7 0 0" {
		t.Fatalf("row for %s: %q\n%s", topic, row, r.stdout)
	}

	r = run(t, "-b", b, "topics", "--json").ok(t)
	var list []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("topics --json: %v\n%s", err, r.stdout)
	}
	var found map[string]any
	for _, m := range list {
		if m["name"] == topic {
			found = m
		}
		if m["internal"] == true {
			t.Errorf("internal topic in --json without --all: %v", m["name"])
		}
	}
	want := map[string]any{"name": topic, "partitions": 3.0, "replication_factor": 1.0, "messages": 7.0,
		"under_replicated": 0.0, "offline": 0.0, "internal": false}
	if !equalJSON(found, want) {
		t.Fatalf("topics --json entry %v, want %v", found, want)
	}

	// --all shows internal topics. kfake reports none, so this part runs
	// against a real cluster (KAFKATUI_TEST_BROKERS); TestVisibleTopics
	// covers the filter itself.
	adm, _ := testkafka.Admin(t, brokers)
	ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
	defer cancel()
	if md, err := adm.Metadata(ctx); err == nil {
		for name, td := range md.Topics {
			if td.IsInternal {
				r = run(t, "-b", b, "topics", "--all").ok(t)
				if !strings.Contains(r.stdout, name+" (internal)") {
					t.Errorf("--all does not list %s:\n%s", name, r.stdout)
				}
				break
			}
		}
	}
}

func TestTopicCreateDescribeDelete(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	b := cluster(t)
	adm, _ := testkafka.Admin(t, brokers)
	topic := testkafka.TopicName(t)
	t.Cleanup(func() { _, _ = adm.DeleteTopics(context.Background(), topic) })

	r := run(t, "-b", b, "topic", "create", topic, "--partitions", "2", "--replication-factor", "1",
		"--config", "retention.ms=123456", "--config", "cleanup.policy=compact").ok(t)
	if want := "created topic " + topic + ": 2 partitions, replication factor 1\n"; r.stdout != want {
		t.Fatalf("create said %q, want %q", r.stdout, want)
	}
	waitFor(t, time.Minute, "the topic in metadata", func() bool {
		md, err := adm.Metadata(testkafka.Ctx(t), topic)
		return err == nil && md.Topics[topic].Err == nil && len(md.Topics[topic].Partitions) == 2
	})
	testkafka.Produce(t, brokers,
		&kgo.Record{Topic: topic, Partition: 1, Key: []byte("k"), Value: []byte("a")},
		&kgo.Record{Topic: topic, Partition: 1, Key: []byte("k"), Value: []byte("b")})

	// Creating it again is a Kafka error: one line, exit 1.
	run(t, "-b", b, "topic", "create", topic, "--partitions", "1").failed(t, topic)

	r = run(t, "-b", b, "topic", "describe", topic).ok(t)
	for _, s := range []string{"Topic:              " + topic, "Partitions:         2", "Offsets:            2", "PARTITION", "LEADER", "ISR", "OFFSETS", "Configs:"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("describe lacks %q:\n%s", s, r.stdout)
		}
	}
	// Values set on the topic come before defaults.
	cfgPart := r.stdout[strings.Index(r.stdout, "Configs:"):]
	iRet, iCleanup := strings.Index(cfgPart, "retention.ms"), strings.Index(cfgPart, "cleanup.policy")
	if iRet < 0 || iCleanup < 0 || !strings.Contains(cfgPart, "123456") {
		t.Fatalf("configs lack the values set:\n%s", cfgPart)
	}
	checkConfigOrder(t, cfgPart)

	r = run(t, "-b", b, "topic", "describe", topic, "--json").ok(t)
	var d struct {
		Name       string `json:"name"`
		Internal   *bool  `json:"internal"`
		Partitions []struct {
			Partition       *int32  `json:"partition"`
			Leader          *int32  `json:"leader"`
			Replicas        []int32 `json:"replicas"`
			ISR             []int32 `json:"isr"`
			OfflineReplicas []int32 `json:"offline_replicas"`
			Low             *int64  `json:"low_watermark"`
			High            *int64  `json:"high_watermark"`
		} `json:"partitions"`
		Configs []struct {
			Name    string `json:"name"`
			Value   string `json:"value"`
			Default bool   `json:"default"`
			Source  string `json:"source"`
		} `json:"configs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatalf("describe --json: %v\n%s", err, r.stdout)
	}
	if d.Name != topic || d.Internal == nil || *d.Internal || len(d.Partitions) != 2 {
		t.Fatalf("describe --json: %s", r.stdout)
	}
	for i, p := range d.Partitions {
		if p.Partition == nil || int(*p.Partition) != i || p.Leader == nil || *p.Leader < 0 ||
			len(p.Replicas) != 1 || len(p.ISR) != 1 || p.OfflineReplicas == nil || p.Low == nil || p.High == nil {
			t.Errorf("partition %d: %+v", i, p)
		}
	}
	if *d.Partitions[1].High != 2 || *d.Partitions[0].High != 0 {
		t.Errorf("high watermarks %d, %d; want 0, 2", *d.Partitions[0].High, *d.Partitions[1].High)
	}
	cfg := map[string]string{}
	for _, c := range d.Configs {
		cfg[c.Name] = c.Value
		if c.Name == "retention.ms" && c.Default {
			t.Errorf("retention.ms marked default: %+v", c)
		}
	}
	if cfg["retention.ms"] != "123456" || cfg["cleanup.policy"] != "compact" {
		t.Errorf("configs %v", cfg)
	}

	r = run(t, "-b", b, "topic", "delete", topic, "--yes").ok(t)
	if r.stdout != "deleted topic "+topic+"\n" {
		t.Fatalf("delete said %q", r.stdout)
	}
	waitFor(t, time.Minute, "the topic to go", func() bool {
		md, err := adm.Metadata(testkafka.Ctx(t))
		_, ok := md.Topics[topic]
		return err == nil && !ok
	})
	run(t, "-b", b, "topic", "describe", topic).failed(t, topic)
	run(t, "-b", b, "topic", "delete", topic, "--yes").failed(t, topic)
}

// checkConfigOrder checks the Configs table of `topic describe`: the two
// values the test set on the topic are there with source "dynamic topic",
// and every value not from Kafka's built-in defaults (set on the topic or
// inherited from the brokers, e.g. min.insync.replicas, which Kafka 4
// reports as a dynamic cluster-wide default) comes before the defaults, each
// group sorted by name. As in Java's ConfigEntry.isDefault, only source
// DEFAULT_CONFIG is a default.
func checkConfigOrder(t *testing.T, cfgPart string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(cfgPart, "\n"), "\n")
	if len(lines) < 3 {
		t.Fatalf("no config table:\n%s", cfgPart)
	}
	header := lines[1]
	iValue, iSource := strings.Index(header, "VALUE"), strings.Index(header, "SOURCE")
	if !strings.HasPrefix(header, "NAME") || iValue < 0 || iSource < iValue {
		t.Fatalf("config table header %q", header)
	}
	var names []string
	sources := map[string]string{}
	defaultsFrom := -1
	for _, l := range lines[2:] {
		if len(l) < iSource {
			t.Fatalf("config row %q is shorter than its header %q", l, header)
		}
		name, source := strings.TrimSpace(l[:iValue]), strings.TrimSpace(l[iSource:])
		sources[name] = source
		if source == "default" && defaultsFrom < 0 {
			defaultsFrom = len(names)
		}
		if source != "default" && defaultsFrom >= 0 {
			t.Errorf("%s (%s) comes after the defaults:\n%s", name, source, cfgPart)
		}
		names = append(names, name)
	}
	if sources["cleanup.policy"] != "dynamic topic" || sources["retention.ms"] != "dynamic topic" {
		t.Errorf("the values set on the topic are not shown as such:\n%s", cfgPart)
	}
	if defaultsFrom < 0 {
		defaultsFrom = len(names)
	}
	if !slices.IsSorted(names[:defaultsFrom]) || !slices.IsSorted(names[defaultsFrom:]) {
		t.Errorf("configs not sorted by name within each group:\n%s", cfgPart)
	}
}

func TestBrokers(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	b := cluster(t)
	adm, _ := testkafka.Admin(t, brokers)
	ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
	defer cancel()
	md, err := adm.Metadata(ctx)
	if err != nil {
		t.Fatal(err)
	}

	r := run(t, "-b", b, "brokers", "--json").ok(t)
	var info struct {
		ClusterID    string `json:"cluster_id"`
		ControllerID int32  `json:"controller_id"`
		Brokers      []struct {
			ID   int32  `json:"id"`
			Host string `json:"host"`
			Port int    `json:"port"`
		} `json:"brokers"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &info); err != nil {
		t.Fatalf("brokers --json: %v\n%s", err, r.stdout)
	}
	// A KRaft broker reports a random live broker as the controller (the
	// real controllers are not reachable by clients), so on a real cluster
	// two clients may each be told another: there the controller must be
	// one of the brokers, on kfake it must be the same.
	ids := md.Brokers.NodeIDs()
	controllerOK := func(id int32) bool {
		if testkafka.Real() {
			return slices.Contains(ids, id)
		}
		return id == md.Controller
	}
	if info.ClusterID != md.Cluster || !controllerOK(info.ControllerID) || len(info.Brokers) != len(md.Brokers) {
		t.Fatalf("brokers --json %+v, kadm sees cluster %q controller %d, brokers %v", info, md.Cluster, md.Controller, ids)
	}
	for i, br := range md.Brokers.NodeIDs() {
		if info.Brokers[i].ID != br {
			t.Errorf("broker %d: id %d, want %d (sorted)", i, info.Brokers[i].ID, br)
		}
	}

	r = run(t, "-b", b, "brokers").ok(t)
	if !strings.Contains(r.stdout, "Cluster:    "+md.Cluster) {
		t.Errorf("no cluster id:\n%s", r.stdout)
	}
	marked := 0
	for _, l := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(l); len(f) >= 4 && strings.HasSuffix(l, "*") {
			marked++
			if id, err := strconv.ParseInt(f[0], 10, 32); err != nil || !controllerOK(int32(id)) {
				t.Errorf("broker %s marked as controller; kadm sees controller %d, brokers %v", f[0], md.Controller, ids)
			}
		}
	}
	if marked != 1 {
		t.Errorf("%d brokers marked controller:\n%s", marked, r.stdout)
	}
}

func jsonNum(n int32) string { b, _ := json.Marshal(n); return string(b) }

// equalJSON compares decoded JSON values.
func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func TestVisibleTopics(t *testing.T) {
	in := []kafkaops.TopicSummary{{Name: "orders"}, {Name: "__consumer_offsets", Internal: true}, {Name: "audit"}}
	names := func(ts []kafkaops.TopicSummary) string {
		var s []string
		for _, t := range ts {
			s = append(s, t.Name)
		}
		return strings.Join(s, " ")
	}
	if got := names(visibleTopics(in, false)); got != "audit orders" {
		t.Errorf("without --all: %q", got)
	}
	if got := names(visibleTopics(in, true)); got != "__consumer_offsets audit orders" {
		t.Errorf("with --all: %q", got)
	}
	var b strings.Builder
	if err := topicsTable(visibleTopics(in, true)).write(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "__consumer_offsets (internal)") {
		t.Errorf("internal topic not marked:\n%s", b.String())
	}
	if !equalJSON(visibleTopics(nil, false), []any{}) {
		t.Errorf("no topics should be an empty JSON array")
	}
}
