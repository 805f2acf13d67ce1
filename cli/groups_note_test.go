package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// A group kafkatui cannot fully describe (KIP-848 members on Kafka 4) must
// say so in both outputs, or an empty state and no members read as facts.
func TestGroupDescribeShowsNote(t *testing.T) {
	g := kafkaops.GroupDetail{ID: "g", ProtocolType: "consumer", Note: "its state and members are not shown"}
	var text bytes.Buffer
	if err := writeGroupDescription(&text, g); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "Note:        its state and members are not shown\n") {
		t.Errorf("text output lacks the note:\n%s", text.String())
	}
	out, err := json.Marshal(groupJSON(g))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"note":"its state and members are not shown"`) {
		t.Errorf("JSON lacks the note: %s", out)
	}
	g.Note = ""
	if out, _ = json.Marshal(groupJSON(g)); strings.Contains(string(out), `"note"`) {
		t.Errorf("JSON has a note without one: %s", out)
	}
}
