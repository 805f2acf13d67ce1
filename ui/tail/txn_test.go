package tail

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// The form starts from the configured isolation, and the header says
// which one the running tail uses.
func TestFormIsolationFromSettings(t *testing.T) {
	f := newFake()
	c := newCommon(0)
	c.Isolation = kafkaops.ReadCommitted
	m := New(c, f, "orders")
	m.SetSize(100, 30)
	mustContain(t, view(m), "isolation   committed")
	msgs := press(t, m, "enter")
	_, raw, ok := uitest.Result[openedMsg](msgs)
	if !ok {
		t.Fatalf("no stream opened: %v", msgs)
	}
	m.Update(raw)
	if f.req.Isolation != kafkaops.ReadCommitted {
		t.Errorf("request isolation %v, want committed", f.req.Isolation)
	}
	mustContain(t, view(m), " read_committed · lag 0")
}

// Records of aborted and open transactions get a txn column (which appears
// only once such a record arrives), counts in the header, and keep their
// mark in the export.
func TestAbortedAndOpenMarked(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	feed(t, m, f, order(0, 1), order(0, 2))
	if v := view(m); strings.Contains(v, "txn") || !strings.Contains(v, " read_uncommitted · lag 0") {
		t.Errorf("before any transaction:\n%s", v)
	}
	aborted, open := order(0, 3), order(1, 4)
	aborted.Txn, open.Txn = kafkaops.TxnAborted, kafkaops.TxnOpen
	feed(t, m, f, aborted, open, order(0, 6))
	v := view(m)
	mustContain(t, v, "aborted 1 · open 1", "offset txn     key", "     3 aborted C-3", "     4 open    C-4", "     6         C-6")
	uitest.CheckFrame(t, v, 100, 30)
	uitest.Golden(t, "txn_100x30", v)

	press(t, m, "e")
	path := filepath.Join(t.TempDir(), "out.jsonl")
	m.input.SetValue(path)
	for _, msg := range press(t, m, "enter") {
		_, cmd := m.Update(msg)
		if s, ok := uitest.Has[common.StatusMsg](uitest.RunCmd(t, cmd)); ok && s.Kind == common.StatusError {
			t.Fatalf("export: %s", s.Text)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	if len(lines) != 5 || !strings.HasSuffix(lines[2], `"transaction":"aborted"}`) || !strings.HasSuffix(lines[3], `"transaction":"open"}`) ||
		strings.Contains(lines[4], "transaction") {
		t.Errorf("export lost the marks:\n%s", got)
	}
}
