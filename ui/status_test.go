package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/header"
)

// A long message wraps in the status area, whole, at 80 columns: the body
// gives up the rows, and the footer stays where it is.
func TestLongStatusWrapsWhole(t *testing.T) {
	m := topicsHome(t)
	send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	body := m.stack.Height()
	text := "cannot set retention.ms on orders: the broker refused with POLICY_VIOLATION, " +
		"a policy of the cluster which kafkatui does not change (kafka-configs.sh or the broker's " +
		"create.topic.policy.class.name decides)"
	send(m, common.StatusMsg{Kind: common.StatusError, Text: text})
	checkFrame(t, screen(m), 80, 24)
	lines := strings.Split(screen(m), "\n")
	rows := m.frame.StatusHeight()
	if rows < 2 {
		t.Fatalf("status takes %d rows for a %d-character message at 80 columns", rows, len(text))
	}
	if m.stack.Height() != body-(rows-1) {
		t.Errorf("body %d rows with a %d-row message, want %d", m.stack.Height(), rows, body-(rows-1))
	}
	status := lines[header.Height+m.stack.Height() : header.Height+m.stack.Height()+rows]
	var words []string
	for _, l := range status {
		words = append(words, strings.Fields(l)...)
	}
	if got, want := strings.Join(words, " "), "error: "+text; got != want {
		t.Errorf("status area shows\n%q\nwant the whole message\n%q", got, want)
	}
	if foot := footerLines(t, m); len(foot) != 1 || !strings.Contains(foot[0], "q quit") {
		t.Errorf("footer moved or lost: %q", foot)
	}
}
