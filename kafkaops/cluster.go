package kafkaops

import (
	"context"
	"fmt"
	"sort"
)

var _ ClusterDescriber = (*Cluster)(nil)

// DescribeCluster returns the cluster ID, the controller and the brokers,
// sorted by ID, as a broker sees them now (not from kafka-go's cache). On
// KRaft clusters the controllers are not reachable by clients; brokers then
// report one of themselves as the controller, and that is what ControllerID
// shows.
func (c *Cluster) DescribeCluster(ctx context.Context) (ClusterInfo, error) {
	md, err := c.freshMetadata(ctx, []string{})
	if err != nil {
		return ClusterInfo{}, fmt.Errorf("describe cluster: %w", err)
	}
	info := ClusterInfo{
		ClusterID:    md.ClusterID,
		ControllerID: md.ControllerID,
		Brokers:      make([]Broker, 0, len(md.Brokers)),
	}
	for _, b := range md.Brokers {
		info.Brokers = append(info.Brokers, Broker{ID: b.NodeID, Host: b.Host, Port: int(b.Port), Rack: b.Rack})
	}
	sort.Slice(info.Brokers, func(i, j int) bool { return info.Brokers[i].ID < info.Brokers[j].ID })
	return info, nil
}
