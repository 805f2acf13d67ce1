package topics

import (
	"fmt"

	"github.com/kafkatui/kafkatui/internal/numfmt"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/confirm"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// newDeleteConfirm asks for the topic's name (as shown, safe to print) to
// be typed before deleting t: a single keypress must never destroy a topic
// on a production cluster. The dialog is the one every pane uses; its
// Target is the topic's name as Kafka knows it.
func newDeleteConfirm(c *common.Common, t kafkaops.TopicSummary, shown string) *confirm.Model {
	return confirm.New(c, confirm.Options{
		Title: "Delete topic " + shown,
		Lines: []string{
			fmt.Sprintf("This deletes every record (%s offsets) in %s on every broker.", numfmt.Group(t.Messages), table.Counted(t.Partitions, "partition")),
			"It cannot be undone. Clients using it get errors, or recreate it empty",
			"if the cluster auto-creates topics.",
		},
		Want:   shown,
		Shown:  shown,
		Prompt: "Type the topic name to confirm:",
		Target: t.Name,
		Limit:  maxNameLen + 64,
	})
}
