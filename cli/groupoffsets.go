package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/kafkatui/kafkatui/kafkaops"
)

func (a *app) groupResetCommand() *cobra.Command {
	var (
		topic, to, partitions      string
		allTopics, execute, asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "reset GROUP (--topic TOPIC [--partitions 0,1] | --all-topics) --to TARGET [--execute]",
		Short: "Move a group's committed offsets on a topic or all its topics (dry run unless --execute)",
		Long: "Move the committed offsets of a consumer group on one topic, for all or chosen\n" +
			"partitions, or with --all-topics on every partition of every topic the group has\n" +
			"committed offsets for (as kafka-consumer-groups --all-topics), in one write. TARGET is earliest, latest, offset:N, time:WHEN (the first record at\n" +
			"or after that time; WHEN as after consume's @: -1h, -15m, 2026-01-02T15:04:05Z,\n" +
			"\"2026-01-02 15:04\" in the local zone; @-15m alone works too) or shift:+N /\n" +
			"shift:-N (from the current commit). New offsets\n" +
			"are kept within the log (log start to log end).\n\n" +
			"Without --execute nothing is written: the preview shows the current and new offset\n" +
			"and the lag before and after, per partition. The group must have no members (its\n" +
			"consumers stopped): a running consumer would overwrite the reset.",
		Example: "  kafkatui group reset billing-replay --topic payments --to earliest\n" +
			"  kafkatui group reset billing-replay --topic payments --to time:2026-01-02T15:00:00Z --execute\n" +
			"  kafkatui group reset billing-replay --topic payments --to time:-1h\n" +
			"  kafkatui group reset billing-replay --all-topics --to earliest --execute\n" +
			"  kafkatui group reset analytics --topic clickstream --partitions 0,2 --to shift:-100 --execute",
		Args: exactArgs("GROUP"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			switch {
			case allTopics && topic != "":
				return usagef("--all-topics and --topic cannot be used together: --all-topics resets every topic the group has committed offsets for")
			case allTopics && partitions != "":
				return usagef("--partitions chooses partitions of one --topic; --all-topics resets every partition the group has committed on")
			case !allTopics && topic == "":
				return usagef("--topic is required (or --all-topics for every topic the group has committed offsets for)")
			}
			if to == "" {
				return usagef("--to is required (earliest, latest, offset:N, time:WHEN such as time:-1h, or shift:+N/-N)")
			}
			target, err := kafkaops.ParseResetTarget(to)
			if err != nil {
				return usagef("--to: %v", err)
			}
			parts, err := kafkaops.ParsePartitionList(partitions)
			if err != nil {
				return usagef("--partitions: %v", err)
			}
			if execute {
				if err := a.checkWrite("group reset --execute"); err != nil {
					return err
				}
			}
			cl, err := a.open()
			if err != nil {
				return err
			}
			defer cl.Close()
			plan, err := cl.PlanOffsetReset(cmd.Context(), kafkaops.ResetRequest{Group: args[0], Topic: topic, AllTopics: allTopics, Partitions: parts, To: target})
			if err != nil {
				return resetRefusal(err)
			}
			if execute {
				if err := cl.ResetOffsets(cmd.Context(), plan); err != nil {
					return err
				}
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, resetJSON(plan, execute))
			}
			return writeResetPlan(out, plan, execute)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&topic, "topic", "", "the topic whose offsets move")
	f.StringVar(&to, "to", "", "earliest, latest, offset:N, time:WHEN (time:-1h, time:2026-01-02T15:04Z) or shift:+N/-N")
	f.StringVar(&partitions, "partitions", "", "partitions of --topic to reset, e.g. 0,1,4-6 (default all)")
	f.BoolVar(&allTopics, "all-topics", false, "reset every topic the group has committed offsets for, instead of --topic")
	f.BoolVar(&execute, "execute", false, "write the new offsets (default: preview only)")
	f.BoolVar(&asJSON, "json", false, "print a JSON object")
	cmd.ValidArgsFunction = firstArg(a.completeGroups)
	_ = cmd.RegisterFlagCompletionFunc("topic", a.completeTopics)
	// The prefixed forms need their number typed after them: no space.
	_ = cmd.RegisterFlagCompletionFunc("to", cobra.FixedCompletions([]cobra.Completion{
		"earliest", "latest", "offset:\tan absolute offset", "time:\ta time, e.g. time:-1h or time:2026-01-02T15:04:05Z",
		"shift:-\tN back from the commit", "shift:+\tN forward from the commit",
	}, cobra.ShellCompDirectiveNoFileComp|cobra.ShellCompDirectiveNoSpace))
	return cmd
}

// resetFlags name the flag that holds each part of a reset request.
var resetFlags = map[kafkaops.RequestField]string{
	kafkaops.FieldTopic:      "--topic",
	kafkaops.FieldPartitions: "--partitions",
	kafkaops.FieldTarget:     "--to",
}

// resetRefusal says Kafka's refusal of a flag's value (a topic or
// partition it does not have, a target it cannot resolve) after the flag,
// in the words the reset form shows under the same field, as the flags'
// own parse errors are; other errors are left as they are.
func resetRefusal(err error) error {
	var re *kafkaops.RequestError
	if !errors.As(err, &re) || resetFlags[re.Field] == "" {
		return err
	}
	return fmt.Errorf("%s: %w", resetFlags[re.Field], re)
}

func (a *app) groupDeleteOffsetsCommand() *cobra.Command {
	var topic string
	cmd := &cobra.Command{
		Use:   "delete-offsets GROUP --topic TOPIC",
		Short: "Delete a group's committed offsets for one topic",
		Long: "Delete the committed offsets of a consumer group for every partition of one topic,\n" +
			"so that the group forgets the topic (or starts it again by its reset policy).\n" +
			"Kafka refuses while a member of the group is subscribed to the topic.",
		Args: exactArgs("GROUP"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			if topic == "" {
				return usagef("--topic is required")
			}
			if err := a.checkWrite("group delete-offsets"); err != nil {
				return err
			}
			cl, err := a.open()
			if err != nil {
				return err
			}
			defer cl.Close()
			if err := cl.DeleteGroupOffsets(cmd.Context(), args[0], topic); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "deleted offsets of group %s on topic %s\n", oneLine(args[0]), oneLine(topic))
			return err
		}),
	}
	cmd.Flags().StringVar(&topic, "topic", "", "the topic whose committed offsets are deleted")
	cmd.ValidArgsFunction = firstArg(a.completeGroups)
	_ = cmd.RegisterFlagCompletionFunc("topic", a.completeTopics)
	return cmd
}

// resetRowJSON is a ResetRow for --json: current and lag_before are null
// when the partition had no commit.
type resetRowJSON struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Current   *int64 `json:"current"`
	New       int64  `json:"new"`
	LogStart  int64  `json:"log_start"`
	LogEnd    int64  `json:"log_end"`
	LagBefore *int64 `json:"lag_before"`
	LagAfter  int64  `json:"lag_after"`
}

type resetPlanJSON struct {
	Group     string         `json:"group"`
	Topic     string         `json:"topic,omitempty"`
	AllTopics bool           `json:"all_topics"`
	To        string         `json:"to"`
	State     string         `json:"state"`
	Executed  bool           `json:"executed"`
	Rows      []resetRowJSON `json:"partitions"`
}

func resetJSON(p kafkaops.ResetPlan, executed bool) resetPlanJSON {
	out := resetPlanJSON{Group: p.Group, Topic: p.Topic, AllTopics: p.AllTopics, To: p.To.String(), State: p.State, Executed: executed, Rows: make([]resetRowJSON, 0, len(p.Rows))}
	for _, r := range p.Rows {
		j := resetRowJSON{Topic: r.Topic, Partition: r.Partition, New: r.New, LogStart: r.LogStart, LogEnd: r.LogEnd, LagAfter: r.LagAfter}
		if r.HasCurrent {
			cur, lag := r.Current, r.LagBefore
			j.Current, j.LagBefore = &cur, &lag
		}
		out.Rows = append(out.Rows, j)
	}
	return out
}

func writeResetPlan(w io.Writer, p kafkaops.ResetPlan, executed bool) error {
	var before, after int64
	for _, r := range p.Rows {
		before += r.LagBefore
		after += r.LagAfter
	}
	on := oneLine(p.Topic)
	topics := p.Topics()
	if p.AllTopics {
		on = fmt.Sprintf("all its topics (%d)", len(topics))
	}
	if executed {
		fmt.Fprintf(w, "Reset group %s on %s to %s: wrote %s.\n", oneLine(p.Group), on, p.To, plural(len(p.Rows), "partition"))
	} else {
		fmt.Fprintf(w, "Preview: group %s on %s to %s. Nothing written; add --execute to write.\n", oneLine(p.Group), on, p.To)
	}
	// One topic is said above; several get a column, as in the pane.
	several := len(topics) > 1
	header := resetHeader
	if several {
		header = resetAllHeader
	}
	t := newTable(header...)
	for _, r := range p.Rows {
		cur, lag := "-", "-"
		if r.HasCurrent {
			cur, lag = num(r.Current), num(r.LagBefore)
		}
		cells := []string{id(r.Partition), cur, num(r.New), num(r.LogStart), num(r.LogEnd), lag, num(r.LagAfter)}
		if several {
			cells = append([]string{r.Topic}, cells...)
		}
		t.add(cells...)
	}
	if err := t.write(w); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "Total lag: %s -> %s\n", num(before), num(after))
	return err
}

// groupLagJSON is a `groups` row: the summary plus the total lag over the
// committed partitions, null when the group has no commit.
type groupLagJSON struct {
	kafkaops.GroupSummary
	TotalLag *int64 `json:"total_lag"`
	// TotalExpired is how much of TotalLag was removed before the group
	// read it (commits below the log start); null like TotalLag.
	TotalExpired *int64 `json:"total_expired"`
	Error        string `json:"error,omitempty"`
}

// groupsLag adds total lag to the group list, with one batched lag read
// for all the groups.
func groupsLag(ctx context.Context, cl *kafkaops.Cluster, groups []kafkaops.GroupSummary) ([]groupLagJSON, error) {
	ids := make([]string, len(groups))
	for i, g := range groups {
		ids[i] = g.ID
	}
	lags, err := cl.GroupsLag(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]groupLagJSON, len(groups))
	for i, g := range groups {
		out[i].GroupSummary = g
		l := lags[g.ID]
		switch {
		case l.Err != nil:
			out[i].Error = l.Err.Error()
		case len(l.Offsets) > 0:
			total, expired := l.TotalLag, l.TotalExpired
			out[i].TotalLag, out[i].TotalExpired = &total, &expired
		}
	}
	return out, nil
}
