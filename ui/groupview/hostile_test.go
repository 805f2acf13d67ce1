package groupview

import (
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// TestResetFormKeepsTheExactTopic: the reset form opened on a topic whose
// name holds control characters plans the reset of that topic, not of the
// one the text input shows ("orders" for "orders\a").
func TestResetFormKeepsTheExactTopic(t *testing.T) {
	f := newResetForm(newCommon(false), "orders\x07", "")
	req, ok := f.request("g")
	if !ok || req.Topic != "orders\x07" {
		t.Fatalf("request = %+v, %v; want topic %q", req, ok, "orders\x07")
	}
}

// TestResetPreviewEscapesTheState: the preview quotes the group's state,
// which a broker supplies, escaped.
func TestResetPreviewEscapesTheState(t *testing.T) {
	plan := kafkaops.ResetPlan{Group: "g", Topic: "t", State: "Empty\x1b]2;PWNED\x07"}
	out := newResetPreview(newCommon(false), plan).view(100, 20)
	if strings.Contains(out, "\x1b]") || strings.Contains(out, "\x07") {
		t.Fatalf("preview shows the state raw: %q", out)
	}
	if !strings.Contains(out, `group Empty\x1b]2;PWNED\x07.`) {
		t.Fatalf("preview lacks the escaped state: %q", out)
	}
}

// TestAssignmentShowsHostileTopics: the members table's assignment (the
// CLI's formatter, kafkaops.FormatAssignment) shows a topic name with an
// escape sequence, and one with a zero-width space, as escapes: neither
// reaches the terminal, and "orders\u200b" never passes for "orders".
func TestAssignmentShowsHostileTopics(t *testing.T) {
	f := sampleFake()
	f.Details["hostile"] = kafkaops.GroupDetail{
		ID: "hostile", State: "Stable", ProtocolType: "consumer", Coordinator: 1,
		Members: []kafkaops.GroupMember{{
			ID: "m-1", ClientID: "c-1", Host: "10.0.0.7",
			Assigned: []kafkaops.TopicPartition{
				{Topic: "orders\u200b", Partition: 3},
				{Topic: "evil\x1b]2;PWNED\x07", Partition: 1},
				{Topic: "evil\x1b]2;PWNED\x07", Partition: 0},
			},
		}},
	}
	m := opened(t, f, "hostile", false, 1)
	m.SetSize(120, 36)
	press(t, m, "tab")
	v := m.View()
	if strings.ContainsAny(v, "\x1b\x07\u200b") {
		t.Fatalf("members view shows a topic name raw: %q", v)
	}
	if want := `evil\x1b]2;PWNED\x07[0-1] orders\u200b[3]`; !strings.Contains(v, want) {
		t.Fatalf("members view lacks %q:\n%s", want, v)
	}
}
