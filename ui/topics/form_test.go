package topics

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// clearField deletes what the focused single-line field holds.
func clearField(t *testing.T, m *Model) {
	t.Helper()
	for range m.form.value(m.form.focus) {
		press(t, m, "backspace")
	}
}

func TestCreateFormValidatesOnTheFields(t *testing.T) {
	f := &fakeBackend{topics: sampleTopics()}
	m := loaded(t, f, false)
	press(t, m, "c")
	if m.mode != modeCreate || !m.InputFocused() || m.UnsavedWork() != "" || m.Title() != "topics / create" {
		t.Fatalf("c: mode %d, focused %v, unsaved %q, title %q", m.mode, m.InputFocused(), m.UnsavedWork(), m.Title())
	}
	press(t, m, "enter")
	if got := m.form.errs[fName]; got != "a name is required" {
		t.Errorf("empty name: %q", got)
	}
	if !strings.Contains(m.View(), "✗ a name is required") {
		t.Errorf("the error should show under the field:\n%s", m.View())
	}
	cases := []struct{ typed, want string }{
		{"bad name", "' ' is not allowed"},
		{"Orders", "already exists"},
		{"orders_dlq", "collides with topic orders.dlq"},
		{"..", `"." and ".." are not allowed`},
		{strings.Repeat("x", 250), "at most 249 characters"},
		{"orders.v2", ""},
	}
	for _, c := range cases {
		clearField(t, m)
		press(t, m, c.typed)
		// A field showing an error is checked again as it is edited.
		if got := m.form.errs[fName]; !strings.Contains(got, c.want) || (c.want == "") != (got == "") {
			t.Errorf("name %q: error %q, want %q", c.typed, got, c.want)
		}
	}
	if m.UnsavedWork() == "" {
		t.Errorf("typed form should count as unsaved work")
	}
	press(t, m, "tab", "abc", "tab", "0", "tab", "retention.ms")
	press(t, m, "enter") // in the configs field: a new line, not a submit
	press(t, m, "ctrl+s")
	if len(f.created) != 0 {
		t.Fatalf("an invalid form was sent: %v", f.created)
	}
	if m.form.focus != fPartitions {
		t.Errorf("focus should move to the first bad field, is on %d", m.form.focus)
	}
	if !strings.Contains(m.form.errs[fPartitions], "whole number") || !strings.Contains(m.form.errs[fRF], "whole number") {
		t.Errorf("count errors: %q / %q", m.form.errs[fPartitions], m.form.errs[fRF])
	}
	if !strings.Contains(m.form.errs[fConfigs], `"retention.ms" is not key=value`) {
		t.Errorf("configs error %q", m.form.errs[fConfigs])
	}
	if m.form.value(fName) != "orders.v2" {
		t.Errorf("the name typed was lost: %q", m.form.value(fName))
	}
	// One esc keeps what was typed and says so; any other key stays; a
	// second esc in a row discards it.
	press(t, m, "esc")
	if m.mode != modeCreate || !strings.Contains(ansi.Strip(m.View()), "esc again to discard what you typed") {
		t.Fatalf("one esc closed the form holding typed text:\n%s", ansi.Strip(m.View()))
	}
	press(t, m, "tab", "esc")
	if m.mode != modeCreate {
		t.Fatal("esc after another key closed the form")
	}
	press(t, m, "esc")
	if m.mode != modeList || m.form != nil {
		t.Errorf("a second esc should close the form")
	}
	// An untouched form closes on one esc.
	press(t, m, "c", "esc")
	if m.mode != modeList {
		t.Errorf("esc on an empty form should close it")
	}
}

func TestCreateTopicSendsSpecAndSelectsIt(t *testing.T) {
	f := &fakeBackend{topics: sampleTopics()}
	m := loaded(t, f, false)
	press(t, m, "c", "events", "tab", "6", "tab", "3", "tab",
		"retention.ms=1000, cleanup.policy=compact,delete", "enter", "min.insync.replicas = 2")
	out := press(t, m, "ctrl+s")
	if len(f.created) != 1 {
		t.Fatalf("created %v", f.created)
	}
	want := kafkaops.TopicSpec{Name: "events", Partitions: 6, ReplicationFactor: 3, Configs: map[string]string{
		"retention.ms": "1000", "cleanup.policy": "compact,delete", "min.insync.replicas": "2",
	}}
	got := f.created[0]
	if got.Name != want.Name || got.Partitions != want.Partitions || got.ReplicationFactor != want.ReplicationFactor || !maps.Equal(got.Configs, want.Configs) {
		t.Errorf("spec %+v, want %+v", got, want)
	}
	if s := statusOf(t, out, common.StatusSuccess); s != "created topic events" {
		t.Errorf("status %q", s)
	}
	if m.mode != modeList || m.selectedName() != "events" {
		t.Errorf("after create: mode %d, cursor on %q; want the list on the new topic", m.mode, m.selectedName())
	}
}

func TestCreateWithDefaults(t *testing.T) {
	f := &fakeBackend{topics: sampleTopics()}
	m := loaded(t, f, false)
	press(t, m, "c", "events", "enter")
	if len(f.created) != 1 || f.created[0].Partitions != 0 || f.created[0].ReplicationFactor != 0 || f.created[0].Configs != nil {
		t.Errorf("empty fields should mean broker defaults: %+v", f.created)
	}
}

func TestCreateBrokerErrorKeepsInput(t *testing.T) {
	cases := []struct {
		name  string
		err   error
		field field
		want  string
	}{
		{"rf", errors.New("invalid replication factor: Replication factor: 5 larger than available brokers: 3."), fRF, "larger than available"},
		{"exists", kafkaops.ErrTopicExists, fName, "topic already exists"},
		{"config", errors.New("invalid config: Unknown topic config name: retention.msx"), fConfigs, "Unknown topic config name"},
		{"partitions", errors.New("invalid partitions: Number of partitions must be larger than 0."), fPartitions, "Number of partitions"},
		{"other", errors.New("cluster authorization failed"), numFields, "cluster authorization failed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &fakeBackend{topics: sampleTopics(), createErr: fmt.Errorf("create topic %q: %w", "events", c.err)}
			m := loaded(t, f, false)
			press(t, m, "c", "events", "tab", "3", "tab", "5", "tab", "retention.msx=1")
			out := press(t, m, "ctrl+s")
			if len(f.created) != 1 {
				t.Fatalf("not sent")
			}
			if m.mode != modeCreate || m.form.submitting {
				t.Fatalf("the form should stay open after a broker error (mode %d)", m.mode)
			}
			for fl, v := range map[field]string{fName: "events", fPartitions: "3", fRF: "5", fConfigs: "retention.msx=1"} {
				if m.form.value(fl) != v {
					t.Errorf("field %d lost what was typed: %q", fl, m.form.value(fl))
				}
			}
			got := m.form.formErr
			if c.field != numFields {
				got = m.form.errs[c.field]
				if m.form.focus != c.field {
					t.Errorf("focus on %d, want the field of the error %d", m.form.focus, c.field)
				}
			}
			if !strings.Contains(got, c.want) || strings.Contains(got, `create topic "events"`) {
				t.Errorf("error shown %q, want %q without the request prefix", got, c.want)
			}
			if !strings.Contains(m.View(), c.want) {
				t.Errorf("view lacks the error:\n%s", m.View())
			}
			if _, ok := find[common.StatusMsg](out); ok {
				t.Errorf("the error belongs in the open form, not also in the status line")
			}
			// Fixing and sending again works with what is there.
			f.createErr = nil
			press(t, m, "ctrl+s")
			if len(f.created) != 2 || m.mode != modeList {
				t.Errorf("second try: %d creates, mode %d", len(f.created), m.mode)
			}
		})
	}
}

func TestCreateAnswerAfterFormClosedGoesToStatus(t *testing.T) {
	f := &fakeBackend{topics: sampleTopics(), createErr: errors.New(`create topic "events": policy violation`)}
	m := loaded(t, f, false)
	press(t, m, "c", "events")
	_, cmd := m.Update(keyMsgs("ctrl+s")[0])
	_, answer, ok := uitest.Result[createdMsg](collect(t, cmd))
	if !ok {
		t.Fatal("no create request")
	}
	press(t, m, "esc")
	// A refresh started while the create was on its way does not make
	// its answer stale: writes are answered whatever loads follow.
	press(t, m, "ctrl+r")
	out := send(t, m, answer)
	if s := statusOf(t, out, common.StatusError); !strings.Contains(s, "policy violation") {
		t.Errorf("status %q", s)
	}
}

func TestDeleteNeedsTheNameTyped(t *testing.T) {
	f := &fakeBackend{topics: sampleTopics()}
	m := loaded(t, f, false)
	press(t, m, "j", "j") // orders.dlq
	press(t, m, "D")
	if m.mode != modeDelete || !m.InputFocused() || m.Title() != "topics / delete orders.dlq" {
		t.Fatalf("D: mode %d, title %q", m.mode, m.Title())
	}
	press(t, m, "orders.dl", "enter")
	if len(f.deleted) != 0 {
		t.Fatalf("deleted with a mismatched name: %v", f.deleted)
	}
	if !strings.Contains(m.View(), "does not match") {
		t.Errorf("mismatch not explained:\n%s", m.View())
	}
	press(t, m, "Q", "backspace", "q", "enter")
	if !slices.Equal(f.deleted, []string{"orders.dlq"}) {
		t.Fatalf("deleted %v", f.deleted)
	}
	if m.mode != modeList || slices.Contains(names(m), "orders.dlq") {
		t.Errorf("after delete: mode %d rows %v", m.mode, names(m))
	}
}

func TestDeleteBrokerErrorStaysInDialog(t *testing.T) {
	f := &fakeBackend{topics: sampleTopics(), deleteErr: errors.New(`delete topic "users": topic authorization failed`)}
	m := loaded(t, f, false)
	press(t, m, "G", "D", "users", "enter")
	if m.mode != modeDelete || !strings.Contains(m.View(), "topic authorization failed") {
		t.Errorf("the error should show in the dialog:\n%s", m.View())
	}
	press(t, m, "esc")
	if m.mode != modeList {
		t.Errorf("esc should close the dialog")
	}
}

func TestDeleteInternalTopicRefused(t *testing.T) {
	f := &fakeBackend{topics: sampleTopics()}
	m := loaded(t, f, false)
	press(t, m, "i", "g") // __consumer_offsets sorts first
	if m.selectedName() != "__consumer_offsets" {
		t.Fatalf("cursor on %q", m.selectedName())
	}
	out := press(t, m, "D")
	if m.mode != modeList || !strings.Contains(statusOf(t, out, common.StatusWarning), "internal topic") {
		t.Errorf("D on an internal topic: mode %d", m.mode)
	}
}

func TestParseConfigs(t *testing.T) {
	cases := []struct {
		in      string
		want    map[string]string
		wantErr string
	}{
		{"", nil, ""},
		{"a=1", map[string]string{"a": "1"}, ""},
		{"a=1, b=2\nc=3\n\n", map[string]string{"a": "1", "b": "2", "c": "3"}, ""},
		{"cleanup.policy=compact,delete,retention.ms=5", map[string]string{"cleanup.policy": "compact,delete", "retention.ms": "5"}, ""},
		{"a=", map[string]string{"a": ""}, ""},
		{"a=x=y", map[string]string{"a": "x=y"}, ""},
		{"compact", nil, `"compact" is not key=value`},
		{"a=1\ndelete", nil, `"delete" is not key=value`},
		{"=1", nil, "has no key"},
		{"a=1,a=2", nil, "a is given twice"},
	}
	for _, c := range cases {
		got, err := parseConfigs(c.in)
		if !strings.Contains(err, c.wantErr) || (c.wantErr == "") != (err == "") {
			t.Errorf("parseConfigs(%q) error %q, want %q", c.in, err, c.wantErr)
		}
		if !maps.Equal(got, c.want) {
			t.Errorf("parseConfigs(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
