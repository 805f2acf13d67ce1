package clusters

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

func entries() []Entry {
	return []Entry{
		{Name: "local", Brokers: []string{"localhost:9092"}},
		{Name: "staging", Brokers: []string{"kafka-stg-1:9094", "kafka-stg-2:9094"}, Auth: "SCRAM-SHA-512 · TLS"},
		{Name: "production", Brokers: []string{"kafka-prd-1:9094", "kafka-prd-2:9094", "kafka-prd-3:9094"},
			Auth: "SCRAM-SHA-512 · mTLS", ReadOnly: true, Color: "#d70000"},
		{Name: "evil\x1b[2Jname", Brokers: []string{"x:1"}},
	}
}

func newPane(t *testing.T, w, h int) *Model {
	t.Helper()
	m := New(common.NewCommon(themes.Dark()), entries(), "staging")
	m.SetSize(w, h)
	return m
}

func view(m *Model) string { return ansi.Strip(m.View()) }

func TestViewGolden(t *testing.T) {
	for _, size := range [][2]int{{100, 26}, {80, 20}} {
		m := newPane(t, size[0], size[1])
		v := view(m)
		uitest.CheckFrame(t, v, size[0], size[1])
		uitest.Golden(t, fmt.Sprintf("clusters-%dx%d", size[0], size[1]), v)
	}
}

func TestCurrentMarkedAndCursorOnIt(t *testing.T) {
	m := newPane(t, 100, 26)
	v := view(m)
	if !regexp.MustCompile(`(?m)^ \*\s+staging `).MatchString(v) {
		t.Errorf("current cluster not marked:\n%s", v)
	}
	if strings.Contains(v, "\x1b[2J") || !strings.Contains(v, `evil\x1b[2Jname`) {
		t.Errorf("a name's escape sequence is not shown escaped:\n%q", v)
	}
	if !strings.Contains(v, "read-only") || !strings.Contains(v, "plaintext") {
		t.Errorf("mode or auth missing:\n%s", v)
	}
	// enter on the cursor (the current cluster) asks for it.
	msgs := uitest.RunCmd(t, update(m, uitest.Key("enter")))
	if sw, ok := uitest.Has[common.SwitchClusterMsg](msgs); !ok || sw.Name != "staging" {
		t.Errorf("enter gave %v, want a switch to staging", msgs)
	}
}

func TestFilterThenPick(t *testing.T) {
	m := newPane(t, 100, 26)
	update(m, uitest.Key("/"))
	if !m.InputFocused() {
		t.Fatal("/ did not focus the filter")
	}
	for _, k := range uitest.Runes("PROD") {
		m.Update(k)
	}
	update(m, uitest.Key("enter")) // apply the filter
	if got := m.Title(); got != "clusters [/PROD]" {
		t.Errorf("title %q", got)
	}
	v := view(m)
	if strings.Contains(v, "kafka-stg-1") || strings.Contains(v, "localhost") {
		t.Errorf("filter kept other clusters:\n%s", v)
	}
	msgs := uitest.RunCmd(t, update(m, uitest.Key("enter")))
	if sw, ok := uitest.Has[common.SwitchClusterMsg](msgs); !ok || sw.Name != "production" {
		t.Errorf("enter gave %v, want a switch to production", msgs)
	}
	if !m.HandlesEsc() || !strings.Contains(help(m), "esc clear filter") {
		t.Errorf("esc should clear the filter first, and say so: %q", help(m))
	}
	update(m, uitest.Key("esc"))
	if m.HandlesEsc() || !strings.Contains(view(m), "localhost") {
		t.Error("esc did not clear the filter")
	}
	if strings.Contains(help(m), "clear filter") || !strings.Contains(help(m), "enter switch to cluster") {
		t.Errorf("help after esc: %q", help(m))
	}
}

// TestFilterKeysThatChangeNothingKeepTheCursor: rebuilding the rows puts
// the cursor back on the current cluster, so only a key that changed the
// query may do it; and the pane is laid out again as the filter line
// opens and closes.
func TestFilterKeysThatChangeNothingKeepTheCursor(t *testing.T) {
	m := newPane(t, 100, 26)
	update(m, uitest.Key("down")) // from staging to production
	update(m, uitest.Key("/"))
	uitest.CheckFrame(t, view(m), 100, 26)
	update(m, tea.KeyMsg{Type: tea.KeyLeft})
	update(m, tea.KeyMsg{Type: tea.KeyRight})
	update(m, uitest.Key("enter")) // an empty query, applied
	uitest.CheckFrame(t, view(m), 100, 26)
	msgs := uitest.RunCmd(t, update(m, uitest.Key("enter")))
	if sw, ok := uitest.Has[common.SwitchClusterMsg](msgs); !ok || sw.Name != "production" {
		t.Errorf("enter gave %v, want a switch to production", msgs)
	}
}

func update(m *Model, msg tea.Msg) tea.Cmd {
	_, cmd := m.Update(msg)
	return cmd
}

// help is the footer's help as shown: the enabled bindings.
func help(m *Model) string {
	var s []string
	for _, b := range m.ShortHelp() {
		if b.Enabled() {
			s = append(s, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(s, ", ")
}
