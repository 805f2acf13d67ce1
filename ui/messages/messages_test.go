package messages

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

var at = time.Date(2026, 12, 5, 16, 30, 0, 0, time.UTC)

func newCommon() *common.Common {
	c := common.NewCommon(themes.Plain())
	c.Now = func() time.Time { return at }
	return c
}

// TestListsNewestFirstAndShowsTheSelectedWhole: a message the status line
// cut is read whole here, with its time and kind.
func TestListsNewestFirstAndShowsTheSelectedWhole(t *testing.T) {
	long := "error: plan offset reset of group billing-replay on orders: the group is Stable with 3 member(s): offsets can only be changed while no consumer of the group runs (stop its consumers first)"
	m := New(newCommon(), []common.Message{
		{At: at.Add(-time.Minute), Kind: common.StatusInfo, Text: "connected"},
		{At: at, Kind: common.StatusError, Text: long},
	})
	m.SetSize(80, 20)
	v := ansi.Strip(m.View())
	lines := strings.Split(v, "\n")
	if !strings.Contains(lines[1], "16:30:00") || !strings.Contains(lines[1], "error") || !strings.Contains(lines[2], "connected") {
		t.Errorf("not newest first with time and kind:\n%s", v)
	}
	if !strings.Contains(strings.Join(strings.Fields(v), " "), "(stop its consumers first)") {
		t.Errorf("the selected message is not shown whole:\n%s", v)
	}
	uitest.CheckFrame(t, v, 80, 20)
	m.Update(uitest.Key("j"))
	if v := ansi.Strip(m.View()); strings.Contains(v, "(stop its consumers first)") {
		t.Errorf("moving to another message kept the first's text:\n%s", v)
	}
	empty := New(newCommon(), nil)
	empty.SetSize(80, 20)
	if v := ansi.Strip(empty.View()); !strings.Contains(v, "no messages yet") {
		t.Errorf("empty log:\n%s", v)
	}
}

// TestHelpAndClose: the help offers the movement keys the pane answers
// (short: up and down; full: every one), and Close ends the pane's
// context as every pane's base does.
func TestHelpAndClose(t *testing.T) {
	m := New(newCommon(), []common.Message{{At: at, Text: "connected"}})
	var short, full []string
	for _, b := range m.ShortHelp() {
		short = append(short, b.Help().Desc)
	}
	for _, col := range m.FullHelp() {
		for _, b := range col {
			full = append(full, b.Help().Desc)
		}
	}
	if strings.Join(short, ",") != "up,down" || len(full) != 8 {
		t.Errorf("short help %v, full help %v", short, full)
	}
	m.Close()
	if m.Ctx().Err() == nil {
		t.Error("Close did not end the pane's context")
	}
}
