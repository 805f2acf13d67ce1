package kafkaops

import (
	"encoding/binary"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kmsg"
)

func strPtr(s string) *string { return &s }

// TestDecodeSubscriptionVersions encodes each subscription version with
// franz-go's kmsg (an independent implementation of the Java format) and
// checks every field decodes.
func TestDecodeSubscriptionVersions(t *testing.T) {
	owned := []kmsg.ConsumerMemberMetadataOwnedPartition{
		{Topic: "orders", Partitions: []int32{2, 0}},
		{Topic: "payments", Partitions: []int32{1}},
	}
	for v := int16(0); v <= 3; v++ {
		m := kmsg.ConsumerMemberMetadata{
			Version:         v,
			Topics:          []string{"orders", "payments"},
			UserData:        []byte("sticky-state"),
			OwnedPartitions: owned,
			Generation:      7,
			Rack:            strPtr("eu-west-1a"),
		}
		got, err := decodeSubscription(m.AppendTo(nil))
		if err != nil {
			t.Fatalf("v%d: %v", v, err)
		}
		want := consumerSubscription{
			Version:    v,
			Topics:     []string{"orders", "payments"},
			UserData:   []byte("sticky-state"),
			Generation: -1,
		}
		if v >= 1 {
			want.OwnedPartitions = []TopicPartition{{"orders", 2}, {"orders", 0}, {"payments", 1}}
		}
		if v >= 2 {
			want.Generation = 7
		}
		if v >= 3 {
			want.Rack = "eu-west-1a"
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("v%d:\n got %+v\nwant %+v", v, got, want)
		}
	}
}

func TestDecodeSubscriptionNulls(t *testing.T) {
	m := kmsg.ConsumerMemberMetadata{Version: 3, Topics: []string{"a"}, UserData: nil, Generation: -1, Rack: nil}
	got, err := decodeSubscription(m.AppendTo(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got.UserData != nil || got.Rack != "" || got.Generation != -1 || len(got.OwnedPartitions) != 0 {
		t.Errorf("nulls: got %+v", got)
	}
	// Empty bytes are a member without metadata, not an error.
	if _, err := decodeSubscription(nil); err != nil {
		t.Errorf("empty metadata: %v", err)
	}
}

// TestDecodeSubscriptionFutureVersion checks Java's forward-compatibility
// rule: a newer version is read as the newest known one and fields appended
// after it are ignored.
func TestDecodeSubscriptionFutureVersion(t *testing.T) {
	m := kmsg.ConsumerMemberMetadata{Version: 3, Topics: []string{"orders"}, Generation: 3, Rack: strPtr("r1")}
	b := m.AppendTo(nil)
	binary.BigEndian.PutUint16(b, 9)                  // claim version 9
	b = append(b, 0, 0, 0, 2, 0xde, 0xad, 0xbe, 0xef) // unknown trailing fields
	got, err := decodeSubscription(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 9 || got.Rack != "r1" || got.Generation != 3 || !reflect.DeepEqual(got.Topics, []string{"orders"}) {
		t.Errorf("got %+v", got)
	}
}

func TestDecodeAssignmentVersions(t *testing.T) {
	for v := int16(0); v <= 4; v++ {
		a := kmsg.ConsumerMemberAssignment{
			Version: v,
			Topics: []kmsg.ConsumerMemberAssignmentTopic{
				{Topic: "orders", Partitions: []int32{0, 2}},
				{Topic: "payments", Partitions: []int32{}},
			},
			UserData: []byte{1, 2, 3},
		}
		b := a.AppendTo(nil)
		if v >= 1 {
			b = append(b, 0, 0, 0, 0) // trailing bytes a newer client might add
		}
		got, err := decodeAssignment(b)
		if err != nil {
			t.Fatalf("v%d: %v", v, err)
		}
		want := consumerAssignment{Version: v, Partitions: []TopicPartition{{"orders", 0}, {"orders", 2}}, UserData: []byte{1, 2, 3}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("v%d:\n got %+v\nwant %+v", v, got, want)
		}
	}
	if a, err := decodeAssignment(nil); err != nil || len(a.Partitions) != 0 {
		t.Errorf("empty assignment: %+v, %v", a, err)
	}
}

// TestDecodeGarbage feeds truncated and corrupt bytes: every case must return
// a clear error, never panic or allocate absurdly.
func TestDecodeGarbage(t *testing.T) {
	full := (&kmsg.ConsumerMemberMetadata{
		Version: 3, Topics: []string{"orders", "payments"}, UserData: []byte("x"),
		OwnedPartitions: []kmsg.ConsumerMemberMetadataOwnedPartition{{Topic: "orders", Partitions: []int32{1}}},
		Generation:      2, Rack: strPtr("rack"),
	}).AppendTo(nil)
	for n := 1; n < len(full); n++ {
		if _, err := decodeSubscription(full[:n]); err == nil {
			t.Errorf("subscription truncated to %d of %d bytes: no error", n, len(full))
		} else if !errors.Is(err, errGroupProtoTruncated) {
			t.Errorf("subscription truncated to %d bytes: want a truncation error, got %v", n, err)
		}
	}
	asg := (&kmsg.ConsumerMemberAssignment{Version: 1, Topics: []kmsg.ConsumerMemberAssignmentTopic{{Topic: "orders", Partitions: []int32{0, 1}}}}).AppendTo(nil)
	for n := 1; n < len(asg); n++ {
		if _, err := decodeAssignment(asg[:n]); err == nil {
			t.Errorf("assignment truncated to %d of %d bytes: no error", n, len(asg))
		}
	}

	cases := map[string][]byte{
		"negative version":      {0xff, 0xfe, 0, 0, 0, 0},
		"huge topic count":      {0, 0, 0x7f, 0xff, 0xff, 0xff, 0, 1, 'a'},
		"negative topic count":  {0, 0, 0xff, 0xff, 0xff, 0xfe},
		"negative string len":   {0, 0, 0, 0, 0, 1, 0xff, 0xf0},
		"string past the end":   {0, 0, 0, 0, 0, 1, 0, 9, 'a'},
		"negative bytes length": {0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xf0},
		"text, not a protocol":  []byte("hello, this is not kafka"),
	}
	for name, b := range cases {
		if _, err := decodeSubscription(b); err == nil {
			t.Errorf("subscription %s: no error", name)
		} else if !strings.Contains(err.Error(), "subscription metadata") {
			t.Errorf("subscription %s: error does not say what was decoded: %v", name, err)
		}
		if _, err := decodeAssignment(b); err == nil {
			t.Errorf("assignment %s: no error", name)
		}
	}
}

// FuzzDecodeConsumerProtocol checks that no input panics; run with
// go test -fuzz FuzzDecodeConsumerProtocol ./kafkaops.
func FuzzDecodeConsumerProtocol(f *testing.F) {
	f.Add((&kmsg.ConsumerMemberMetadata{Version: 3, Topics: []string{"t"}, Rack: strPtr("r")}).AppendTo(nil))
	f.Add((&kmsg.ConsumerMemberAssignment{Version: 3, Topics: []kmsg.ConsumerMemberAssignmentTopic{{Topic: "t", Partitions: []int32{1}}}}).AppendTo(nil))
	f.Add([]byte{0, 1, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodeSubscription(b)
		_, _ = decodeAssignment(b)
	})
}
