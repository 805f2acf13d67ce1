package header

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
)

func TestFitsEveryWidth(t *testing.T) {
	st := common.NewStyles(themes.Plain())
	s := State{
		Cluster: "a-very-long-cluster-name.prod.eu-west-1.example.com:9092", Brokers: 12,
		Conn: common.ConnReconnecting, ReadOnly: true,
		Crumbs: []string{"topics /ord", "orders-with-a-long-name", "partitions"},
	}
	for w := 20; w <= 140; w++ {
		v := View(st, s, w)
		lines := strings.Split(v, "\n")
		if len(lines) != Height {
			t.Fatalf("width %d: %d lines", w, len(lines))
		}
		for _, l := range lines {
			if lw := ansi.StringWidth(l); lw > w {
				t.Fatalf("width %d: line %q is %d wide", w, ansi.Strip(l), lw)
			}
		}
		if w >= 60 && !strings.Contains(lines[0], "reconnecting") {
			t.Errorf("width %d: state lost: %q", w, lines[0])
		}
		if w >= 40 && !strings.HasSuffix(strings.TrimSpace(lines[1]), "partitions") {
			t.Errorf("width %d: breadcrumb lost where the user is: %q", w, lines[1])
		}
	}
	v := View(st, s, 140)
	for _, want := range []string{"12 brokers", "read-only", "topics /ord / orders-with-a-long-name / partitions"} {
		if !strings.Contains(v, want) {
			t.Errorf("wide header lacks %q:\n%s", want, v)
		}
	}
	v = View(st, s, 45)
	if !strings.Contains(v, " … / orders-with-a-long-name / partitions") {
		t.Errorf("narrow breadcrumb does not drop from the left:\n%s", v)
	}
}

func TestHostileClusterName(t *testing.T) {
	v := View(common.NewStyles(themes.Plain()), State{Cluster: "x\x1b]0;t\x07", Brokers: -1}, 100)
	if strings.Contains(v, "\x1b]0;") {
		t.Fatalf("escape reached the header: %q", v)
	}
	if !strings.Contains(v, "? brokers") || !strings.Contains(v, "connecting") {
		t.Errorf("unknown state not shown: %q", v)
	}
}

// A cluster's colour paints its name (so production looks unlike staging),
// except when colour is off; the TLS warning shows either way.
func TestClusterColourAndInsecureWarning(t *testing.T) {
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.TrueColor)
	defer lipgloss.SetColorProfile(prev)
	s := State{Cluster: "production", Color: "#d70000", Insecure: true, Brokers: 3, Conn: common.ConnConnected}

	v := View(common.NewStyles(themes.Dark()), s, 120)
	if !strings.Contains(v, "38;2;215;0;0") {
		t.Errorf("the cluster colour is not used: %q", v)
	}
	if !strings.Contains(ansi.Strip(v), "TLS not verified") {
		t.Errorf("no TLS warning: %q", ansi.Strip(v))
	}
	plain := View(common.NewStyles(themes.Plain()), s, 120)
	if strings.Contains(plain, "215;0;0") || !strings.Contains(ansi.Strip(plain), "TLS not verified") {
		t.Errorf("NO_COLOR: colour used or warning lost: %q", plain)
	}
}

// A cluster without a configured name is called by its bootstrap address.
func TestLabel(t *testing.T) {
	for _, tc := range []struct {
		name      string
		bootstrap []string
		want      string
	}{
		{"prod-eu", []string{"a:9092"}, "prod-eu"},
		{"", nil, "kafka"},
		{"", []string{"a:9092"}, "a:9092"},
		{"", []string{"a:9092", "b:9092", "c:9092"}, "a:9092 (+2)"},
	} {
		if got := Label(tc.name, tc.bootstrap); got != tc.want {
			t.Errorf("Label(%q, %q) = %q, want %q", tc.name, tc.bootstrap, got, tc.want)
		}
	}
}
