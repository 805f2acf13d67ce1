package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestHeadersMatchThePanes: a column the UI and the CLI both show carries
// the same label in both. The panes' titles are read from their goldens
// (regenerated from the panes' code with -update), so cli imports no pane;
// the columns only one side has are listed here, and any other title
// missing on the other side is a mismatch (RF vs REPLICAS, MESSAGES vs
// OFFSETS, LAG BEFORE vs LAG-BEFORE).
func TestHeadersMatchThePanes(t *testing.T) {
	cases := []struct {
		golden  string // under ../ui
		line    int    // 0-based line of the header in the golden
		cli     []string
		uiOnly  []string
		cliOnly []string
	}{
		{"topics/testdata/list_100x30.golden", 0, topicsHeader, nil, nil},
		{"partitions/testdata/partitions_100x30.golden", 1, partitionsHeader,
			[]string{"ERROR"}, []string{"OFFLINE-REPLICAS", "STATUS"}},
		{"groups/testdata/list_100x30.golden", 0, groupsHeader,
			[]string{"TOPICS", "HEALTH", "TREND"}, []string{"PROTOCOL-TYPE", "COORDINATOR", "EXPIRED", "ERROR"}},
		{"groupview/testdata/members_100x30.golden", 3, membersHeader, nil, nil},
		// PARTITION: the pane says PART only where the topic names need
		// the room (table.Column.Short; issue 15, defect 7).
		{"groupview/testdata/expired_100x30.golden", 3, append(slices.Clone(offsetsHeader), "LOG-START>", "EXPIRED>"),
			[]string{"BEHIND", "STATUS", "TREND"}, []string{"ERROR", "LOG-START"}},
		{"groupview/testdata/reset_preview_100x30.golden", 3, resetHeader, nil, nil},
		{"groupview/testdata/reset_preview_all_100x30.golden", 3, resetAllHeader, nil, nil},
	}
	for _, c := range cases {
		b, err := os.ReadFile(filepath.Join("..", "ui", filepath.FromSlash(c.golden)))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(b), "\n")
		var ui []string
		for _, f := range strings.Fields(lines[c.line]) {
			f = strings.Trim(f, "↑↓")
			if f == "PART" {
				// PARTITION's short title, which a pane shows only when
				// its columns lack room (table.Column.Short).
				f = "PARTITION"
			}
			ui = append(ui, f)
		}
		cli := newTable(c.cli...).header
		for _, title := range ui {
			if !slices.Contains(cli, title) && !slices.Contains(c.uiOnly, title) {
				t.Errorf("%s: the pane's column %s is not in the CLI's header %v", c.golden, title, cli)
			}
		}
		for _, title := range cli {
			if !slices.Contains(ui, title) && !slices.Contains(c.cliOnly, title) {
				t.Errorf("%s: the CLI's column %s is not in the pane's header %v", c.golden, title, ui)
			}
		}
	}
}
