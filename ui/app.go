package ui

import (
	"io"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// Options configure the UI.
type Options struct {
	// Settings (read-only mode, refresh period, tail buffer, isolation)
	// go to every pane as they are.
	common.Settings
	// ClusterName is shown in the header; empty means the bootstrap address.
	ClusterName string
	// Brokers are the bootstrap addresses, shown when ClusterName is empty.
	Brokers []string
	// ClusterColor is the header colour configured for this cluster:
	// "#rrggbb", "#rgb" or an ANSI colour number; empty means the theme's.
	ClusterColor string
	// Clusters are the clusters of the config file, in its order, for a
	// cluster switcher; empty when there is no config file.
	Clusters []ClusterChoice
	// Theme is a themes.Get name: auto (""), dark, light or none.
	Theme string
	// DebugLog receives the UI's log (the --debug file); nil discards it.
	// Never the terminal the UI draws on.
	DebugLog io.Writer
	// Insecure warns in the header that broker certificates are not
	// verified (--tls-insecure-skip-verify).
	Insecure bool
	// Warnings about the connection (kafkaops.Config.Warnings) are shown
	// in the status line when the UI starts.
	Warnings []string
	// Decoder reads records framed for the cluster's Schema Registry (the
	// live tail shows them decoded); nil when it has none.
	Decoder common.RecordDecoder
	// Home builds the home pane; nil means the topics pane. For tests.
	Home func(*common.Common) common.Pane
}

// Backend is what the UI needs from the cluster; *kafkaops.Cluster has it all.
type Backend interface {
	kafkaops.ClusterDescriber
	kafkaops.TopicLister
	kafkaops.TopicDescriber
	kafkaops.TopicAdmin
	kafkaops.Consumer
	kafkaops.Producer
	kafkaops.GroupReader
	kafkaops.GroupAdmin
	kafkaops.GroupLagReader
	kafkaops.GroupOffsetAdmin
}
