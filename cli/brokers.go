package cli

import (
	"fmt"
	"sort"

	"github.com/spf13/cobra"
)

func (a *app) brokersCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "brokers",
		Short: "List the cluster's brokers, its id and its controller",
		Args:  cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			cl, err := a.open()
			if err != nil {
				return err
			}
			defer cl.Close()
			info, err := cl.DescribeCluster(cmd.Context())
			if err != nil {
				return err
			}
			info.Brokers = orEmpty(info.Brokers)
			sort.Slice(info.Brokers, func(i, j int) bool { return info.Brokers[i].ID < info.Brokers[j].ID })
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, info)
			}
			clusterID := info.ClusterID
			if clusterID == "" {
				clusterID = "(not reported)"
			}
			fmt.Fprintf(out, "Cluster:    %s\n", oneLine(clusterID))
			if info.ControllerID >= 0 {
				fmt.Fprintf(out, "Controller: %d\n", info.ControllerID)
			} else {
				fmt.Fprintln(out, "Controller: (none)")
			}
			fmt.Fprintln(out)
			t := newTable("ID>", "HOST", "PORT>", "RACK", "CONTROLLER")
			for _, b := range info.Brokers {
				rack, ctrl := b.Rack, ""
				if rack == "" {
					rack = "-"
				}
				if b.ID == info.ControllerID {
					ctrl = "*"
				}
				t.add(id(b.ID), b.Host, fmt.Sprint(b.Port), rack, ctrl)
			}
			return t.write(out)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON object")
	return cmd
}
