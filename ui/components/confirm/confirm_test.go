package confirm

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
)

func typeText(d *Model, s string) {
	for _, r := range s {
		d.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func TestSubmitsOnlyTheExactName(t *testing.T) {
	c := common.NewCommon(themes.Plain())
	d := New(c, Options{Title: "Delete group billing", Lines: []string{"This deletes the group."}, Want: "billing", Target: "t"})
	typeText(d, "billin")
	if act, _ := d.Update(tea.KeyMsg{Type: tea.KeyEnter}); act != None || d.Err() != mismatch {
		t.Fatalf("a prefix of the name: action %v, err %q", act, d.Err())
	}
	typeText(d, "g")
	if act, _ := d.Update(tea.KeyMsg{Type: tea.KeyEnter}); act != Submit || d.Err() != "" {
		t.Fatalf("the exact name: action %v, err %q", act, d.Err())
	}
	if d.Target() != "t" || d.Title() != "Delete group billing" {
		t.Errorf("target %q title %q", d.Target(), d.Title())
	}
	d.SetBusy(true)
	if act, _ := d.Update(tea.KeyMsg{Type: tea.KeyEnter}); act != None {
		t.Error("enter while the action runs submitted again")
	}
	if v := ansi.Strip(d.View(60, 12)); !strings.Contains(v, "deleting…") {
		t.Errorf("no running line:\n%s", v)
	}
	if act, _ := d.Update(tea.KeyMsg{Type: tea.KeyEsc}); act != Cancel {
		t.Error("esc does not cancel while busy")
	}
}

func TestViewSaysWhatToTypeAndEscapesErrors(t *testing.T) {
	c := common.NewCommon(themes.Plain())
	d := New(c, Options{Title: "Delete offsets of orders", Lines: []string{"This deletes them."}, Want: "ord\u200bers"})
	d.SetErr("delete: \x1b]0;pwned\x07 refused")
	raw := d.View(80, 12)
	if strings.Contains(raw, "\x1b]0;") {
		t.Fatalf("a terminal control from the error reached the view: %q", raw)
	}
	v := ansi.Strip(raw)
	for _, want := range []string{"Delete offsets of orders", "This deletes them.", `Type ord\u200bers to confirm:`, "✗ delete:"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	p := New(c, Options{Title: "x", Want: "a", Prompt: "Type the topic name to confirm:", Verb: "wipe", Running: "wiping…"})
	if !strings.Contains(ansi.Strip(p.View(80, 12)), "Type the topic name to confirm:") || p.ShortHelp()[0].Help().Desc != "wipe" {
		t.Error("prompt or verb not taken")
	}
}
