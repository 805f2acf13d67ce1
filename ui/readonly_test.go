package ui

import (
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// TestReadOnlyRefusedOnTheTopicsPane: on the real home pane, in read-only
// mode, D, c and p are refused by the root with its one message (the
// pane lists the disabled bindings in its help; it has no refusal of its
// own), nothing opens, and the footer offers none of them. Read-write,
// the same keys act.
func TestReadOnlyRefusedOnTheTopicsPane(t *testing.T) {
	topics := []kafkaops.TopicSummary{{Name: "orders", Partitions: 3, ReplicationFactor: 1, Messages: 42}}
	home := func(opts Options) *Model {
		m, fc := newTestModel(t, nil, opts)
		fc.topics = topics
		pump(t, m, m.Init(), 3)
		if !strings.Contains(screen(m), "orders") {
			t.Fatalf("topics not loaded:\n%s", screen(m))
		}
		return m
	}
	m := home(Options{Settings: common.Settings{ReadOnly: true}})
	for _, tc := range []struct{ key, want string }{
		{"D", "read-only mode: deleting topics is disabled"},
		{"c", "read-only mode: creating topics is disabled"},
		{"p", "read-only mode: producing is disabled"},
	} {
		msgs := pump(t, m, send(m, keyMsg(tc.key)), 3)
		st, ok := hasMsg[common.StatusMsg](msgs)
		if !ok || st.Text != tc.want || st.Kind != common.StatusWarning {
			t.Errorf("%s in read-only mode said %+v, want %q", tc.key, st, tc.want)
		}
		if m.stack.Len() != 1 || m.stack.Top().Title() != "topics" || m.stack.Top().InputFocused() {
			t.Errorf("%s in read-only mode opened %q (stack %d)", tc.key, m.stack.Top().Title(), m.stack.Len())
		}
		if _, ok := hasMsg[common.OpenMsg](msgs); ok {
			t.Errorf("%s in read-only mode asked to open a pane", tc.key)
		}
	}
	foot := strings.Join(footerLines(t, m), "\n")
	for _, hidden := range []string{"create", "delete", "produce"} {
		if strings.Contains(foot, hidden) {
			t.Errorf("read-only footer offers %q: %q", hidden, foot)
		}
	}

	rw := home(Options{})
	pump(t, rw, send(rw, keyMsg("c")), 3)
	if rw.stack.Top().Title() != "topics / create" {
		t.Errorf("c read-write opened %q, want the create form", rw.stack.Top().Title())
	}
}
