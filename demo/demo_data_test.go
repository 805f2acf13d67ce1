package demo

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/twmb/franz-go/pkg/kadm"
)

// Checks of the demo's data and groups, as an independent client sees them.

func checkTopics(t *testing.T, adm *kadm.Client) {
	md, err := adm.BrokerMetadata(reqCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(md.Brokers) != NumBrokers || md.Cluster != ClusterID {
		t.Errorf("cluster %q with %d brokers, want %q with %d", md.Cluster, len(md.Brokers), ClusterID, NumBrokers)
	}
	tds, err := adm.ListTopics(reqCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	// Partitions and replication factors as the demo promises them.
	layout := map[string][2]int{
		TopicOrders: {6, 3}, TopicPayments: {3, 3}, TopicClickstream: {12, 2},
		TopicAppLogs: {3, 2}, TopicSensorReadings: {2, 1}, TopicCustomerProfiles: {3, 3},
		TopicPaymentsAvro: {3, 3}, TopicShipmentsProto: {3, 2}, TopicAuditJSONSchema: {2, 3},
	}
	var names []string
	for name, want := range layout {
		names = append(names, name)
		td, ok := tds[name]
		switch {
		case !ok:
			t.Errorf("topic %s missing", name)
		case len(td.Partitions) != want[0] || td.Partitions.NumReplicas() != want[1]:
			t.Errorf("%s has %d partitions with %d replicas, want %d with %d", name, len(td.Partitions), td.Partitions.NumReplicas(), want[0], want[1])
		}
	}
	want := map[string]map[string]string{
		TopicOrders:           {"retention.ms": "604800000", "min.insync.replicas": "2"},
		TopicPayments:         {"retention.ms": "2592000000"},
		TopicClickstream:      {"retention.ms": "3600000", "retention.bytes": "4194304"},
		TopicAppLogs:          {"retention.ms": "259200000"},
		TopicSensorReadings:   {"retention.ms": "86400000"},
		TopicCustomerProfiles: {"cleanup.policy": "compact", "delete.retention.ms": "86400000"},
		TopicPaymentsAvro:     {"retention.ms": "2592000000"},
		TopicShipmentsProto:   {"retention.ms": "1209600000"},
		TopicAuditJSONSchema:  {"retention.ms": "31536000000"},
	}
	rcs, err := adm.DescribeTopicConfigs(reqCtx(t), names...)
	if err != nil {
		t.Fatal(err)
	}
	for _, rc := range rcs {
		if rc.Err != nil {
			t.Errorf("describe configs of %s: %v", rc.Name, rc.Err)
		}
		got := map[string]string{}
		for _, cfg := range rc.Configs {
			if cfg.Value != nil {
				got[cfg.Key] = *cfg.Value
			}
		}
		for k, v := range want[rc.Name] {
			if got[k] != v {
				t.Errorf("%s: %s = %q, want %q", rc.Name, k, got[k], v)
			}
		}
	}
}

func checkHistory(t *testing.T, brokers []string, adm *kadm.Client) {
	now := time.Now()
	ends := endOffsets(t, adm, TopicOrders, TopicPayments, TopicClickstream, TopicAppLogs, TopicSensorReadings, TopicCustomerProfiles)
	for topic, least := range map[string]int64{
		TopicOrders: 2000, TopicPayments: 1000, TopicClickstream: historyClicks, TopicAppLogs: historyLogs,
		TopicSensorReadings: historySensors, TopicCustomerProfiles: 300,
	} {
		if n := sum(ends, topic); n < least {
			t.Errorf("%s holds %d records, want at least %d of history", topic, n, least)
		}
	}

	// History spreads over hours, so a time position splits it.
	at, err := adm.ListOffsetsAfterMilli(reqCtx(t), now.Add(-15*time.Minute).UnixMilli(), TopicOrders)
	if err != nil {
		t.Fatal(err)
	}
	if before, n := sum(at, TopicOrders), sum(ends, TopicOrders); before < n/2 || before >= n {
		t.Errorf("orders: offsets at @-15m sum to %d of %d; want most history before 15 minutes ago", before, n)
	}

	// Payments first: every payment read then has its order already written.
	payments := readAll(t, brokers, adm, TopicPayments, 1<<20)
	orders := readAll(t, brokers, adm, TopicOrders, 1<<20)
	orderIDs := map[string]bool{}
	oldest := now
	for _, r := range orders {
		var ev struct {
			OrderID   string `json:"order_id"`
			EventType string `json:"event_type"`
			Status    string `json:"status"`
			Customer  struct {
				ID   string `json:"id"`
				Tier string `json:"tier"`
			} `json:"customer"`
			Items []json.RawMessage `json:"items"`
			Total float64           `json:"total"`
		}
		if err := json.Unmarshal(r.Value, &ev); err != nil {
			t.Fatalf("orders/%d@%d: %v: %s", r.Partition, r.Offset, err, r.Value)
		}
		if ev.OrderID != string(r.Key) || ev.Customer.ID == "" || ev.Customer.Tier == "" || len(ev.Items) == 0 || ev.Total <= 0 || ev.Status == "" {
			t.Fatalf("orders/%d@%d: incomplete event for key %q: %s", r.Partition, r.Offset, r.Key, r.Value)
		}
		if header(r, "content-type") != "application/json" || len(header(r, "trace-id")) != 32 || header(r, "source") == "" || header(r, "event-type") != ev.EventType {
			t.Fatalf("orders/%d@%d: headers %v", r.Partition, r.Offset, r.Headers)
		}
		orderIDs[ev.OrderID] = true
		if r.Timestamp.Before(oldest) {
			oldest = r.Timestamp
		}
	}
	if age := now.Sub(oldest); age < 4*time.Hour || age > spanOrders+time.Minute {
		t.Errorf("oldest order event is %v old, want history reaching back about %v", age.Round(time.Second), spanOrders)
	}

	for _, r := range payments {
		var ev struct {
			OrderID   string  `json:"order_id"`
			PaymentID string  `json:"payment_id"`
			Currency  string  `json:"currency"`
			Amount    float64 `json:"amount"`
		}
		if err := json.Unmarshal(r.Value, &ev); err != nil {
			t.Fatalf("payments/%d@%d: %v", r.Partition, r.Offset, err)
		}
		if ev.OrderID != string(r.Key) || !orderIDs[ev.OrderID] || ev.PaymentID == "" || ev.Amount <= 0 || ev.Currency == "" {
			t.Fatalf("payments/%d@%d: not a payment of a known order: %s", r.Partition, r.Offset, r.Value)
		}
	}

	for _, r := range readAll(t, brokers, adm, TopicClickstream, 100) {
		var ev struct {
			SessionID string `json:"session_id"`
			Page      string `json:"page"`
		}
		if err := json.Unmarshal(r.Value, &ev); err != nil || ev.SessionID != string(r.Key) || ev.Page == "" {
			t.Fatalf("clickstream/%d@%d: %v: %s", r.Partition, r.Offset, err, r.Value)
		}
	}

	var ansi, bell, multiline int
	for _, r := range readAll(t, brokers, adm, TopicAppLogs, 1<<20) {
		if !utf8.Valid(r.Value) || len(r.Key) == 0 {
			t.Fatalf("app-logs/%d@%d: key %q, value %q", r.Partition, r.Offset, r.Key, r.Value)
		}
		switch v := string(r.Value); {
		case strings.Contains(v, "\x1b[") && strings.ContainsAny(v, "\a\r"):
			ansi++
			bell++
		case strings.Contains(v, "\x1b["):
			ansi++
		case strings.Contains(v, "\n\tat "):
			multiline++
		}
	}
	if ansi == 0 || bell == 0 || multiline == 0 {
		t.Errorf("app-logs: %d lines with ANSI codes, %d with other control characters, %d stack traces; want some of each", ansi, bell, multiline)
	}

	for _, r := range readAll(t, brokers, adm, TopicSensorReadings, 500) {
		v := r.Value
		if len(v) != sensorRecordSize || string(v[:2]) != "SR" || v[2] != 1 ||
			binary.BigEndian.Uint32(v[32:]) != crc32.ChecksumIEEE(v[:32]) ||
			int64(binary.BigEndian.Uint64(v[8:])) != r.Timestamp.UnixMilli() ||
			string(r.Key) != fmt.Sprintf("sensor-%04d", binary.BigEndian.Uint32(v[4:])) {
			t.Fatalf("sensor-readings/%d@%d: key %q, bad reading % x", r.Partition, r.Offset, r.Key, v)
		}
	}

	// Compacted: updates per key, tombstones, and gaps where older values
	// were cleaned.
	var tombstones, gaps int
	perKey := map[string]int{}
	last := map[int32]int64{}
	for _, r := range readAll(t, brokers, adm, TopicCustomerProfiles, 1<<20) {
		if r.Value == nil {
			tombstones++
		} else if !json.Valid(r.Value) {
			t.Fatalf("customer-profiles/%d@%d: %s", r.Partition, r.Offset, r.Value)
		}
		perKey[string(r.Key)]++
		if prev, ok := last[r.Partition]; ok && r.Offset > prev+1 {
			gaps++
		}
		last[r.Partition] = r.Offset
	}
	var updated int
	for _, n := range perKey {
		if n > 1 {
			updated++
		}
	}
	if tombstones == 0 || updated == 0 || gaps == 0 {
		t.Errorf("customer-profiles: %d tombstones, %d keys with several versions, %d compaction gaps; want some of each", tombstones, updated, gaps)
	}
}

func checkGroups(t *testing.T, adm *kadm.Client) {
	lags := func() kadm.DescribedGroupLags {
		l, err := adm.Lag(reqCtx(t), GroupOrderService, GroupAnalytics, GroupBillingReplay, GroupFraudDetector)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	waitFor(t, 20*time.Second, func() (bool, string) {
		l := lags()
		for _, g := range l {
			if err := g.Error(); err != nil {
				return false, fmt.Sprintf("group %s: %v", g.Group, err)
			}
		}
		os, an, br, fd := l[GroupOrderService], l[GroupAnalytics], l[GroupBillingReplay], l[GroupFraudDetector]
		switch {
		case os.State != "Stable" || len(os.Members) != 2:
			return false, fmt.Sprintf("order-service %s with %d members", os.State, len(os.Members))
		case len(os.Lag[TopicOrders]) != 6 || os.Lag.Total() > 20:
			return false, fmt.Sprintf("order-service has lag on %d partitions, total %d", len(os.Lag[TopicOrders]), os.Lag.Total())
		case an.State != "Stable" || len(an.Members) != 2 || an.Lag.Total() <= 0:
			return false, fmt.Sprintf("analytics %s with %d members, lag %d", an.State, len(an.Members), an.Lag.Total())
		case len(an.Lag[TopicClickstream]) != 12:
			return false, fmt.Sprintf("analytics has lag on %d clickstream partitions, want 12", len(an.Lag[TopicClickstream]))
		case br.State != "Empty" || len(br.Members) != 0 || br.Lag.Total() < 1000:
			return false, fmt.Sprintf("billing-replay %s with %d members, lag %d", br.State, len(br.Members), br.Lag.Total())
		case fd.State != "Stable" || len(fd.Members) != 4:
			return false, fmt.Sprintf("fraud-detector %s with %d members", fd.State, len(fd.Members))
		}
		for _, l := range an.Lag[TopicClickstream] {
			if l.Commit.At < 0 || l.Lag <= 0 {
				return false, fmt.Sprintf("analytics on clickstream/%d: committed %d, lag %d", l.Partition, l.Commit.At, l.Lag)
			}
		}
		idle, assigned := 0, 0
		for _, m := range fd.Members {
			a, _ := m.Assigned.AsConsumer()
			n := 0
			if a != nil {
				for _, tp := range a.Topics {
					n += len(tp.Partitions)
				}
			}
			if n == 0 {
				idle++
			}
			assigned += n
		}
		return idle == 1 && assigned == 3, fmt.Sprintf("fraud-detector: %d idle members, %d partitions assigned", idle, assigned)
	})

	// clickstream-archive's commits are below the log start everywhere.
	l, err := adm.Lag(reqCtx(t), GroupClickstreamArchive)
	if err != nil {
		t.Fatal(err)
	}
	ca := l[GroupClickstreamArchive]
	if err := ca.Error(); err != nil || ca.State != "Empty" || len(ca.Lag[TopicClickstream]) != 12 {
		t.Fatalf("clickstream-archive: %v, state %s, %d partitions", err, ca.State, len(ca.Lag[TopicClickstream]))
	}
	for _, o := range ca.Lag[TopicClickstream] {
		if o.Commit.At >= o.Start.Offset {
			t.Errorf("clickstream-archive on clickstream/%d: commit %d not below the log start %d", o.Partition, o.Commit.At, o.Start.Offset)
		}
	}

	// log-shipper is a KIP-848 group: the broker assigns app-logs'
	// partitions between its two members.
	waitFor(t, 20*time.Second, func() (bool, string) {
		gs, err := adm.DescribeConsumerGroups(reqCtx(t), GroupLogShipper)
		if err != nil {
			return false, err.Error()
		}
		g := gs[GroupLogShipper]
		n := 0
		for _, m := range g.Members {
			m.Assignment.Each(func(string, int32) { n++ })
		}
		return g.Err == nil && g.State == "Stable" && len(g.Members) == 2 && n == 3,
			fmt.Sprintf("log-shipper %s (%v) with %d members, %d partitions assigned", g.State, g.Err, len(g.Members), n)
	})

	// email-notifier is a share group: two members sharing orders.
	waitFor(t, 20*time.Second, func() (bool, string) {
		gs, err := adm.DescribeShareGroups(reqCtx(t), GroupEmailNotifier)
		if err != nil {
			return false, err.Error()
		}
		g := gs[GroupEmailNotifier]
		return g.Err == nil && g.GroupState == "Stable" && len(g.Members) == 2,
			fmt.Sprintf("email-notifier %s (%v) with %d members", g.GroupState, g.Err, len(g.Members))
	})

	// analytics falls further behind: over several commit intervals its lag
	// grows by a good share of what is produced. (A group that keeps up
	// has a lag that saws between zero and one commit interval's worth.)
	type sample struct {
		at       time.Time
		lag, end int64
	}
	take := func() sample {
		an := lags()[GroupAnalytics]
		s := sample{at: time.Now(), lag: an.Lag.Total()}
		for _, m := range an.Lag[TopicClickstream] {
			s.end += m.End.Offset
		}
		return s
	}
	first := take()
	waitFor(t, 15*time.Second, func() (bool, string) {
		now := take()
		produced, grew := now.end-first.end, now.lag-first.lag
		return now.at.Sub(first.at) >= 4*time.Second && produced > 0 && grew*10 >= produced*3,
			fmt.Sprintf("analytics lag grew by %d while %d records were produced; want at least 30%%", grew, produced)
	})
}
