package ui

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
)

var sizes = []struct{ w, h int }{{100, 30}, {80, 24}}

// shellAt is the shell connected, two panes deep, with an error in the
// status line, at w x h.
func shellAt(t *testing.T, w, h int, readOnly bool) *Model {
	t.Helper()
	m, _ := newTestModel(t, newTestPane("topics"), Options{ClusterName: "prod-eu", Settings: common.Settings{ReadOnly: readOnly}})
	pump(t, m, m.Init(), 2)
	send(m, common.PushMsg{Pane: newTestPane("orders")})
	send(m, common.PushMsg{Pane: newTestPane("partitions")})
	send(m, common.StatusMsg{Kind: common.StatusError, Text: "describe topic orders: leader not available"})
	send(m, tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

func TestGoldenShell(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			m := shellAt(t, sz.w, sz.h, true)
			v := screen(m)
			checkFrame(t, v, sz.w, sz.h)
			golden(t, fmt.Sprintf("shell_%dx%d", sz.w, sz.h), v)

			send(m, keyMsg("?"))
			v = screen(m)
			checkFrame(t, v, sz.w, sz.h)
			golden(t, fmt.Sprintf("shell_help_%dx%d", sz.w, sz.h), v)

			send(m, keyMsg("?"))
			send(m, keyMsg(":"))
			typeText(m, "b")
			v = screen(m)
			checkFrame(t, v, sz.w, sz.h)
			golden(t, fmt.Sprintf("shell_cmdbar_%dx%d", sz.w, sz.h), v)
		})
	}
}

func TestGoldenBrokers(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			m, _ := newTestModel(t, newTestPane("topics"), Options{Brokers: []string{"127.0.0.1:39092", "127.0.0.1:39093"}})
			pump(t, m, m.Init(), 2)
			send(m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			runLine(t, m, "brokers")
			v := screen(m)
			checkFrame(t, v, sz.w, sz.h)
			golden(t, fmt.Sprintf("brokers_%dx%d", sz.w, sz.h), v)
		})
	}
}

func TestGoldenTooSmall(t *testing.T) {
	m, _ := newTestModel(t, newTestPane("topics"), Options{})
	send(m, tea.WindowSizeMsg{Width: 59, Height: 20})
	v := screen(m)
	checkFrame(t, v, 59, 20)
	golden(t, "too_small_59x20", v)
}
