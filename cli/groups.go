package cli

import (
	"fmt"
	"io"
	"slices"
	"sort"

	"github.com/spf13/cobra"

	"github.com/kafkatui/kafkatui/kafkaops"
)

func (a *app) groupsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "groups",
		Short: "List consumer groups with state, protocol type and members",
		Args:  cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			cl, err := a.open()
			if err != nil {
				return err
			}
			defer cl.Close()
			groups, err := cl.ListGroups(cmd.Context())
			if err != nil {
				return err
			}
			groups = orEmpty(groups)
			sort.Slice(groups, func(i, j int) bool { return groups[i].ID < groups[j].ID })
			lags, err := groupsLag(cmd.Context(), cl, groups)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, lags)
			}
			// EXPIRED (lag removed before the group read it) shows only
			// when some group lost records.
			t := newTable(groupsHeader...)
			for _, g := range lags {
				lag, expired := "-", ""
				if g.TotalLag != nil {
					lag = num(*g.TotalLag)
				}
				if g.TotalExpired != nil && *g.TotalExpired > 0 {
					expired = num(*g.TotalExpired)
				}
				t.add(g.ID, dash(g.State), dash(g.ProtocolType), num(g.Members), id(g.Coordinator), lag, expired, g.Error)
			}
			return t.write(out)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	return cmd
}

func (a *app) groupCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "group",
		Short: "Describe or delete one consumer group",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(a.groupDescribeCommand(), a.groupDeleteCommand(), a.groupResetCommand(), a.groupDeleteOffsetsCommand())
	return cmd
}

// partitionLagJSON is PartitionLag for --json: committed and lag are null
// when the group has no commit on the partition, rather than a made-up 0.
type partitionLagJSON struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Committed *int64 `json:"committed"`
	LogStart  int64  `json:"log_start"`
	LogEnd    int64  `json:"log_end"`
	Lag       *int64 `json:"lag"`
	// Expired is how much of Lag was removed before the group read it
	// (log start minus committed when the commit is below the log start);
	// null without a commit, like Lag.
	Expired  *int64 `json:"expired"`
	MemberID string `json:"member_id,omitempty"`
	ClientID string `json:"client_id,omitempty"`
	Host     string `json:"host,omitempty"`
	Metadata string `json:"metadata,omitempty"`
	Error    string `json:"error,omitempty"`
}

// groupDescriptionJSON is the JSON shape of `group describe`.
type groupDescriptionJSON struct {
	ID           string                 `json:"group"`
	State        string                 `json:"state"`
	ProtocolType string                 `json:"protocol_type"`
	Protocol     string                 `json:"protocol"`
	Coordinator  int32                  `json:"coordinator"`
	Members      []kafkaops.GroupMember `json:"members"`
	Offsets      []partitionLagJSON     `json:"offsets"`
	TotalLag     int64                  `json:"total_lag"`
	TotalExpired int64                  `json:"total_expired"`
	// Note says what kafkatui could not describe (e.g. the members of a
	// KIP-848 group), so that an empty state is not taken for a fact.
	Note string `json:"note,omitempty"`
}

func groupJSON(g kafkaops.GroupDetail) groupDescriptionJSON {
	out := groupDescriptionJSON{
		ID: g.ID, State: g.State, ProtocolType: g.ProtocolType, Protocol: g.Protocol,
		Coordinator: g.Coordinator, Members: orEmpty(g.Members), TotalLag: g.TotalLag, TotalExpired: g.TotalExpired, Note: g.Note,
		Offsets: make([]partitionLagJSON, 0, len(g.Offsets)),
	}
	for i := range out.Members {
		out.Members[i].Assigned = orEmpty(out.Members[i].Assigned)
	}
	for _, o := range g.Offsets {
		j := partitionLagJSON{
			Topic: o.Topic, Partition: o.Partition, LogStart: o.LogStart, LogEnd: o.LogEnd,
			MemberID: o.MemberID, ClientID: o.ClientID, Host: o.Host, Metadata: o.Metadata, Error: o.Error,
		}
		if o.HasCommit {
			committed, lag, expired := o.Committed, o.Lag, o.Expired
			j.Committed, j.Lag, j.Expired = &committed, &lag, &expired
		}
		out.Offsets = append(out.Offsets, j)
	}
	return out
}

func (a *app) groupDescribeCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "describe GROUP",
		Short: "Show a group's members and its lag per partition",
		Long: "Show a consumer group's state, members and assignments, and for every partition\n" +
			"the group has committed to: committed offset, log-end offset and lag (log-end\n" +
			"minus committed). A partition without a commit shows \"-\", not a guess.\n" +
			"When a commit is below the partition's log start (retention or DeleteRecords\n" +
			"removed records before the group read them), EXPIRED says how many of the\n" +
			"lag's offsets are gone (log start minus committed): a consumer resuming there\n" +
			"jumps by its auto.offset.reset, and those records are lost to it.",
		Args:              exactArgs("GROUP"),
		ValidArgsFunction: firstArg(a.completeGroups),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			cl, err := a.open()
			if err != nil {
				return err
			}
			defer cl.Close()
			g, err := cl.DescribeGroup(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			sort.Slice(g.Members, func(i, j int) bool { return g.Members[i].ID < g.Members[j].ID })
			sort.Slice(g.Offsets, func(i, j int) bool {
				if g.Offsets[i].Topic != g.Offsets[j].Topic {
					return g.Offsets[i].Topic < g.Offsets[j].Topic
				}
				return g.Offsets[i].Partition < g.Offsets[j].Partition
			})
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, groupJSON(g))
			}
			return writeGroupDescription(out, g)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON object")
	return cmd
}

func writeGroupDescription(w io.Writer, g kafkaops.GroupDetail) error {
	fmt.Fprintf(w, "Group:       %s\n", oneLine(g.ID))
	fmt.Fprintf(w, "State:       %s\n", oneLine(dash(g.State)))
	proto := dash(g.ProtocolType)
	if g.Protocol != "" {
		proto += " (" + g.Protocol + ")"
	}
	fmt.Fprintf(w, "Protocol:    %s\n", oneLine(proto))
	fmt.Fprintf(w, "Coordinator: %d\n", g.Coordinator)
	fmt.Fprintf(w, "Members:     %d\n", len(g.Members))
	if g.TotalExpired > 0 {
		fmt.Fprintf(w, "Total lag:   %s, of which %s expired unread (commits below the log start)\n", num(g.TotalLag), num(g.TotalExpired))
	} else {
		fmt.Fprintf(w, "Total lag:   %s\n", num(g.TotalLag))
	}
	if g.Note != "" {
		fmt.Fprintf(w, "Note:        %s\n", oneLine(g.Note))
	}

	if len(g.Members) > 0 {
		fmt.Fprintln(w)
		t := newTable(membersHeader...)
		for _, m := range g.Members {
			id := m.ID
			if m.InstanceID != "" {
				id += " (" + m.InstanceID + ")"
			}
			t.add(id, dash(m.ClientID), dash(m.Host), assignment(m.Assigned))
		}
		if err := t.write(w); err != nil {
			return err
		}
	}

	fmt.Fprintln(w)
	if len(g.Offsets) == 0 {
		_, err := fmt.Fprintln(w, "No committed offsets.")
		return err
	}
	// LOG-START and EXPIRED appear only when some partition lost records,
	// so the usual table stays as narrow as kafka-consumer-groups.sh's.
	lost := g.TotalExpired > 0
	cols := slices.Clone(offsetsHeader)
	if lost {
		cols = slices.Insert(cols, 5, "EXPIRED>")
		cols = slices.Insert(cols, 3, "LOG-START>")
	}
	t := newTable(cols...)
	for _, o := range g.Offsets {
		committed, lag, expired := "-", "-", "-"
		if o.HasCommit {
			committed, lag = num(o.Committed), num(o.Lag)
			if o.Expired > 0 {
				expired = num(o.Expired)
			}
		}
		owner := "-"
		if o.MemberID != "" {
			owner = o.MemberID
		}
		row := []string{o.Topic, id(o.Partition), committed, num(o.LogEnd), lag, owner, o.Error}
		if lost {
			row = slices.Insert(row, 5, expired)
			row = slices.Insert(row, 3, num(o.LogStart))
		}
		t.add(row...)
	}
	return t.write(w)
}

// assignment formats assigned partitions compactly: "orders[0-2,5] payments[1]".
func assignment(tps []kafkaops.TopicPartition) string {
	if len(tps) == 0 {
		return "-"
	}
	return kafkaops.FormatAssignment(tps)
}

func (a *app) groupDeleteCommand() *cobra.Command {
	return &cobra.Command{
		Use:               "delete GROUP",
		Short:             "Delete a consumer group and its committed offsets (it must have no members)",
		Args:              exactArgs("GROUP"),
		ValidArgsFunction: firstArg(a.completeGroups),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			if err := a.checkWrite("group delete"); err != nil {
				return err
			}
			cl, err := a.open()
			if err != nil {
				return err
			}
			defer cl.Close()
			if err := cl.DeleteGroup(cmd.Context(), args[0]); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "deleted group %s\n", oneLine(args[0]))
			return err
		}),
	}
}

// dash stands in for an empty value in a table.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
