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
