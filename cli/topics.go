package cli

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kafkatui/kafkatui/kafkaops"
)

func (a *app) topicsCommand() *cobra.Command {
	var asJSON, all bool
	cmd := &cobra.Command{
		Use:   "topics",
		Short: "List topics with partitions, replication, messages and health",
		Long: "List topics: partitions, replication factor, messages held (high minus low\n" +
			"watermark, summed over partitions), under-replicated and offline partitions.\n" +
			"Internal topics (__consumer_offsets...) are hidden unless --all is given.",
		Args: cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			cl, err := a.open()
			if err != nil {
				return err
			}
			defer cl.Close()
			topics, err := cl.ListTopics(cmd.Context())
			if err != nil {
				return err
			}
			shown := visibleTopics(topics, all)
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, shown)
			}
			return topicsTable(shown).write(out)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	cmd.Flags().BoolVarP(&all, "all", "a", false, "include internal topics")
	return cmd
}

// visibleTopics sorts topics by name, leaving out internal ones unless all.
func visibleTopics(topics []kafkaops.TopicSummary, all bool) []kafkaops.TopicSummary {
	shown := make([]kafkaops.TopicSummary, 0, len(topics))
	for _, t := range topics {
		if all || !t.Internal {
			shown = append(shown, t)
		}
	}
	sort.Slice(shown, func(i, j int) bool { return shown[i].Name < shown[j].Name })
	return shown
}

func topicsTable(topics []kafkaops.TopicSummary) *table {
	t := newTable(topicsHeader...)
	for _, tp := range topics {
		name := tp.Name
		if tp.Internal {
			name += " (internal)"
		}
		t.add(name, num(tp.Partitions), num(tp.ReplicationFactor), num(tp.Messages),
			num(tp.UnderReplicated), num(tp.Offline))
	}
	return t
}

func (a *app) topicCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "topic",
		Short: "Describe, create or delete one topic",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(a.topicDescribeCommand(), a.topicCreateCommand(), a.topicDeleteCommand())
	return cmd
}

// topicDescription is the JSON shape of `topic describe`.
type topicDescription struct {
	kafkaops.TopicDetail
	Configs []kafkaops.ConfigEntry `json:"configs"`
}

func (a *app) topicDescribeCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:               "describe TOPIC",
		Short:             "Show a topic's partitions (leader, replicas, ISR, watermarks) and configs",
		Args:              exactArgs("TOPIC"),
		ValidArgsFunction: firstArg(a.completeTopics),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			cl, err := a.open()
			if err != nil {
				return err
			}
			defer cl.Close()
			ctx := cmd.Context()
			detail, err := cl.DescribeTopic(ctx, args[0])
			if err != nil {
				return err
			}
			configs, err := cl.TopicConfigs(ctx, args[0])
			if err != nil {
				return err
			}
			sort.Slice(detail.Partitions, func(i, j int) bool { return detail.Partitions[i].ID < detail.Partitions[j].ID })
			for i := range detail.Partitions {
				p := &detail.Partitions[i]
				p.Replicas, p.ISR, p.OfflineReplicas = orEmpty(p.Replicas), orEmpty(p.ISR), orEmpty(p.OfflineReplicas)
			}
			detail.Partitions = orEmpty(detail.Partitions)
			out := cmd.OutOrStdout()
			if asJSON {
				configs = orEmpty(configs)
				sort.Slice(configs, func(i, j int) bool { return configs[i].Name < configs[j].Name })
				return writeJSON(out, topicDescription{TopicDetail: detail, Configs: configs})
			}
			return writeTopicDescription(out, detail, configs)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON object")
	return cmd
}

func writeTopicDescription(w io.Writer, d kafkaops.TopicDetail, configs []kafkaops.ConfigEntry) error {
	var msgs int64
	under, offline := 0, 0
	rf := 0
	for _, p := range d.Partitions {
		msgs += p.Messages()
		rf = max(rf, len(p.Replicas))
		if p.Offline() {
			offline++
		} else if p.UnderReplicated() {
			under++
		}
	}
	kind := ""
	if d.Internal {
		kind = " (internal)"
	}
	fmt.Fprintf(w, "Topic:              %s%s\n", oneLine(d.Name), kind)
	fmt.Fprintf(w, "Partitions:         %s\n", num(len(d.Partitions)))
	fmt.Fprintf(w, "Replication factor: %d\n", rf)
	fmt.Fprintf(w, "Offsets:            %s\n", num(msgs))
	if under > 0 || offline > 0 {
		fmt.Fprintf(w, "Health:             %d under-replicated, %d offline\n", under, offline)
	}
	fmt.Fprintln(w)

	t := newTable(partitionsHeader...)
	for _, p := range d.Partitions {
		leader := strconv.Itoa(int(p.Leader))
		status := "ok"
		switch {
		case p.Offline():
			leader, status = "none", "offline"
		case p.UnderReplicated():
			status = "under-replicated"
		}
		if p.Error != "" {
			status = "error: " + p.Error
		}
		offlineReplicas := ""
		if len(p.OfflineReplicas) > 0 {
			offlineReplicas = ids(p.OfflineReplicas)
		}
		t.add(id(p.ID), leader, ids(p.Replicas), ids(p.ISR), offlineReplicas,
			num(p.LowWatermark), num(p.HighWatermark), num(p.Messages()), status)
	}
	if err := t.write(w); err != nil {
		return err
	}

	// Values set on the topic are what a reader came for; defaults follow.
	sort.SliceStable(configs, func(i, j int) bool {
		if configs[i].Default != configs[j].Default {
			return !configs[i].Default
		}
		return configs[i].Name < configs[j].Name
	})
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Configs:")
	if len(configs) == 0 {
		_, err := fmt.Fprintln(w, "  (none reported)")
		return err
	}
	ct := newTable("NAME", "VALUE", "SOURCE")
	for _, c := range configs {
		v := c.Value
		if c.Sensitive {
			v = "(sensitive)"
		}
		src := strings.ToLower(strings.TrimSuffix(c.Source, "_CONFIG"))
		src = strings.ReplaceAll(src, "_", " ")
		if c.Default && src == "" {
			src = "default"
		}
		ct.add(c.Name, v, src)
	}
	return ct.write(w)
}

func (a *app) topicCreateCommand() *cobra.Command {
	var (
		partitions, rf int
		configs        []string
	)
	cmd := &cobra.Command{
		Use:   "create TOPIC --partitions N [--replication-factor R] [--config key=value ...]",
		Short: "Create a topic",
		Example: "  kafkatui topic create orders --partitions 6 --replication-factor 3 \\\n" +
			"      --config retention.ms=604800000 --config cleanup.policy=compact",
		Args: exactArgs("TOPIC"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			if partitions <= 0 {
				return usagef("--partitions must be at least 1")
			}
			cfgs, err := parseKeyValues("--config", configs)
			if err != nil {
				return err
			}
			if err := a.checkWrite("topic create"); err != nil {
				return err
			}
			cl, err := a.open()
			if err != nil {
				return err
			}
			defer cl.Close()
			spec := kafkaops.TopicSpec{Name: args[0], Partitions: partitions, ReplicationFactor: rf, Configs: cfgs}
			if err := cl.CreateTopic(cmd.Context(), spec); err != nil {
				return err
			}
			rfText := "replication factor " + strconv.Itoa(rf)
			if rf <= 0 {
				rfText = "default replication factor"
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "created topic %s: %s, %s\n", oneLine(args[0]), plural(partitions, "partition"), rfText)
			return err
		}),
	}
	cmd.Flags().IntVarP(&partitions, "partitions", "p", 0, "number of partitions (required)")
	cmd.Flags().IntVarP(&rf, "replication-factor", "r", 0, "replicas per partition (default: the broker's default.replication.factor)")
	cmd.Flags().StringArrayVarP(&configs, "config", "c", nil, "topic config key=value, repeatable")
	_ = cmd.MarkFlagRequired("partitions")
	return cmd
}

func (a *app) topicDeleteCommand() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "delete TOPIC [--yes]",
		Short: "Delete a topic and all its messages",
		Long: "Delete a topic and all its messages. On a terminal kafkatui asks you to type\n" +
			"the topic's name first; from a script (standard input not a terminal) it\n" +
			"needs --yes.",
		Args:              exactArgs("TOPIC"),
		ValidArgsFunction: firstArg(a.completeTopics),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			if err := a.checkWrite("topic delete"); err != nil {
				return err
			}
			if !yes {
				if err := a.confirmByName("topic", args[0]); err != nil {
					return err
				}
			}
			cl, err := a.open()
			if err != nil {
				return err
			}
			defer cl.Close()
			if err := cl.DeleteTopic(cmd.Context(), args[0]); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "deleted topic %s\n", oneLine(args[0]))
			return err
		}),
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking")
	return cmd
}

// parseKeyValues parses repeated key=value flag values. A value may contain
// '=' (only the first one splits); a missing '=' is a usage error.
func parseKeyValues(flag string, kvs []string) (map[string]string, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usagef("%s %q: want key=value", flag, kv)
		}
		m[k] = v
	}
	return m, nil
}

// exactArgs is cobra.ExactArgs with a message naming what is missing.
func exactArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) < len(names):
			return fmt.Errorf("missing %s", strings.Join(names[len(args):], " "))
		case len(args) > len(names):
			return fmt.Errorf("too many arguments: want %s, got %d arguments", strings.Join(names, " "), len(args))
		}
		return nil
	}
}

// plural formats a count with its noun: "1 partition", "6 partitions".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return num(n) + " " + noun + "s"
}
