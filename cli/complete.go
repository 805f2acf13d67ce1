package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// Shell completion: cobra generates the bash, zsh and fish scripts
// (`kafkatui completion SHELL`); the scripts call back into kafkatui
// (`kafkatui __complete ...`) for arguments, and the functions here answer
// with topic and group names read from the cluster the command line (or
// the environment) points at.

// completionTimeout bounds a completion's calls to the cluster: the shell
// waits on them, and a cluster that cannot answer in this time offers
// nothing rather than a frozen prompt.
const completionTimeout = 2 * time.Second

// completeTopics offers topic names, with their partition count for the
// shells that show descriptions. Internal topics come only once the word
// starts with '_'.
func (a *app) completeTopics(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return a.fromCluster(cmd, func(ctx context.Context, cl *kafkaops.Cluster) ([]cobra.Completion, error) {
		topics, err := cl.ListTopics(ctx)
		if err != nil {
			return nil, err
		}
		sort.Slice(topics, func(i, j int) bool { return topics[i].Name < topics[j].Name })
		var out []cobra.Completion
		for _, t := range topics {
			if !strings.HasPrefix(t.Name, toComplete) || t.Internal && !strings.HasPrefix(toComplete, "_") {
				continue
			}
			out = append(out, cobra.CompletionWithDesc(t.Name, plural(t.Partitions, "partition")))
		}
		return out, nil
	})
}

// completeGroups offers consumer group ids with their state and members.
func (a *app) completeGroups(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return a.fromCluster(cmd, func(ctx context.Context, cl *kafkaops.Cluster) ([]cobra.Completion, error) {
		groups, err := cl.ListGroups(ctx)
		if err != nil {
			return nil, err
		}
		sort.Slice(groups, func(i, j int) bool { return groups[i].ID < groups[j].ID })
		var out []cobra.Completion
		for _, g := range groups {
			if !strings.HasPrefix(g.ID, toComplete) {
				continue
			}
			desc := plural(g.Members, "member")
			if g.State != "" {
				desc = g.State + ", " + desc
			}
			out = append(out, cobra.CompletionWithDesc(g.ID, desc))
		}
		return out, nil
	})
}

// fromCluster connects the way the command would and runs list within
// completionTimeout. Any failure offers nothing (and no file names): the
// reason goes to cobra's debug log (BASH_COMP_DEBUG_FILE), never into the
// user's command line.
func (a *app) fromCluster(cmd *cobra.Command, list func(context.Context, *kafkaops.Cluster) ([]cobra.Completion, error)) ([]cobra.Completion, cobra.ShellCompDirective) {
	const none = cobra.ShellCompDirectiveNoFileComp
	// Completion skips the pre-run hooks, which read the environment.
	if pre := cmd.Root().PersistentPreRunE; pre != nil {
		if err := pre(cmd, nil); err != nil {
			cobra.CompDebugln(fmt.Sprintf("kafkatui completion: %v", err), false)
			return nil, none
		}
	}
	cl, err := a.open()
	if err != nil {
		cobra.CompDebugln(fmt.Sprintf("kafkatui completion: %v", err), false)
		return nil, none
	}
	defer cl.Close()
	parent := cmd.Context()
	if parent == nil {
		parent = context.Background()
	}
	timeout := completionTimeout
	if a.env.completionTimeout > 0 {
		timeout = a.env.completionTimeout
	}
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	out, err := list(ctx, cl)
	if err != nil {
		cobra.CompDebugln(fmt.Sprintf("kafkatui completion: %v", err), false)
		return nil, none
	}
	return out, none
}

// firstArg completes the first argument with f and nothing after it.
func firstArg(f cobra.CompletionFunc) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return f(cmd, args, toComplete)
	}
}

// fixedValues completes a flag from a fixed list, with descriptions.
func fixedValues(values ...cobra.Completion) cobra.CompletionFunc {
	return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
}

// positionCompletions offers the start positions of consume -o, each with
// what it means; numbers and times are typed, these are examples of each.
var positionCompletions = fixedValues(
	"beginning\tthe start of each partition",
	"end\tonly messages produced from now on",
	"-10\tthe last 10 messages of each partition",
	"@-15m\tfrom 15 minutes ago",
	"@-1d\tfrom a day ago",
)
