package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol/listgroups"
)

// BrokerFailure is one broker that did not answer a cluster-wide request.
type BrokerFailure struct {
	Broker int32
	Addr   string
	Err    error
}

// PartialError reports that some brokers failed a cluster-wide request while
// others answered. It is returned together with what the others answered
// (possibly nothing), so a caller can show the rows it has and say that some
// are missing, while a caller that only checks err != nil never mistakes a
// partial list for a whole one.
type PartialError struct {
	// Op is what was being done, e.g. "list groups".
	Op       string
	Failures []BrokerFailure
}

// Error names every broker that failed and why.
func (e *PartialError) Error() string {
	return fmt.Sprintf("%s: incomplete: %s", e.Op, describeFailures(e.Failures))
}

func describeFailures(fs []BrokerFailure) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("broker %d (%s): %v", f.Broker, f.Addr, f.Err)
	}
	return strings.Join(parts, "; ")
}

// Unwrap gives errors.Is/As access to each broker's error.
func (e *PartialError) Unwrap() []error {
	errs := make([]error, len(e.Failures))
	for i, f := range e.Failures {
		errs[i] = f.Err
	}
	return errs
}

// ListGroups lists every group of the cluster with its state and member
// count, sorted by id.
//
// Each broker lists the groups it coordinates, so ListGroups asks every
// broker separately (kafka-go's Client.ListGroups fails as a whole if one
// broker does), then describes the groups in one batched request per
// coordinator. If every broker fails, it returns only an error. If some
// fail, it returns the groups of the others together with a *PartialError
// naming the failed brokers; a failed describe leaves those groups listed
// with an empty State and is reported the same way. Groups of the KIP-848
// consumer protocol, which Kafka's classic DescribeGroups does not
// describe, are described by ConsumerGroupDescribe (one request per
// coordinator too); where that fails they keep an empty State.
func (c *Cluster) ListGroups(ctx context.Context) ([]GroupSummary, error) {
	const op = "list groups"
	md, err := c.client.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{}})
	if err != nil {
		return nil, fmt.Errorf("%s: read cluster metadata: %w", op, c.connErr(ctx, err))
	}
	if len(md.Brokers) == 0 {
		return nil, fmt.Errorf("%s: the cluster metadata lists no brokers", op)
	}
	c.brokers.learnClient(md.Brokers)
	addrs := make(map[int32]string, len(md.Brokers))
	for _, b := range md.Brokers {
		addrs[int32(b.ID)] = fmt.Sprintf("%s:%d", b.Host, b.Port)
	}

	type listed struct {
		broker int32
		groups []listgroups.ResponseGroup
		err    error
	}
	results := make([]listed, len(md.Brokers))
	var wg sync.WaitGroup
	for i, b := range md.Brokers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := int32(b.ID)
			gs, err := c.listGroupsOn(ctx, id)
			results[i] = listed{broker: id, groups: gs, err: err}
		}()
	}
	wg.Wait()

	var failures []BrokerFailure
	byID := make(map[string]*GroupSummary)
	byCoordinator := make(map[int32][]string)
	for _, r := range results {
		if r.err != nil {
			failures = append(failures, BrokerFailure{Broker: r.broker, Addr: addrs[r.broker], Err: unwrapKafkaGo(r.err)})
			continue
		}
		for _, g := range r.groups {
			if _, dup := byID[g.GroupID]; dup {
				continue // listed twice while its coordinator moves
			}
			byID[g.GroupID] = &GroupSummary{ID: g.GroupID, ProtocolType: g.ProtocolType, Coordinator: r.broker}
			if g.ProtocolType == "share" {
				c.shareGroups.Store(g.GroupID, true)
			} else {
				c.shareGroups.Delete(g.GroupID)
			}
			byCoordinator[r.broker] = append(byCoordinator[r.broker], g.GroupID)
		}
	}
	if len(failures) == len(results) {
		all := &PartialError{Failures: failures}
		return nil, fmt.Errorf("%s: %w", op, &explainedErr{
			msg:   "no broker answered: " + describeFailures(failures),
			cause: errors.Join(all.Unwrap()...),
		})
	}

	failures = append(failures, c.fillGroupStates(ctx, byCoordinator, byID, addrs)...)

	out := make([]GroupSummary, 0, len(byID))
	for _, g := range byID {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if len(failures) > 0 {
		sort.Slice(failures, func(i, j int) bool { return failures[i].Broker < failures[j].Broker })
		return out, &PartialError{Op: op, Failures: failures}
	}
	return out, nil
}

// fillGroupStates describes the listed groups, one request per coordinator,
// and sets their state and member count.
func (c *Cluster) fillGroupStates(ctx context.Context, byCoordinator map[int32][]string, byID map[string]*GroupSummary, addrs map[int32]string) []BrokerFailure {
	var (
		mu       sync.Mutex
		failures []BrokerFailure
		wg       sync.WaitGroup
	)
	for broker, ids := range byCoordinator {
		wg.Add(1)
		go func() {
			defer wg.Done()
			described, err := c.describeGroupsOn(ctx, broker, ids)
			if err != nil {
				mu.Lock()
				failures = append(failures, BrokerFailure{Broker: broker, Addr: addrs[broker], Err: fmt.Errorf("describe %d groups: %w", len(ids), unwrapKafkaGo(err))})
				mu.Unlock()
				return
			}
			var kip848, share []string // for ConsumerGroupDescribe, ShareGroupDescribe
			mu.Lock()
			for _, d := range described {
				g := byID[d.GroupID]
				switch {
				case g == nil:
				case g.ProtocolType == "share":
					share = append(share, d.GroupID)
				case d.ErrorCode == 0 && consumerProtocolShape(d.GroupState, d.ProtocolType, len(d.Members)):
					g.State = d.GroupState // stands if the next describe fails
					kip848 = append(kip848, d.GroupID)
				case d.ErrorCode != 0 || d.GroupState == "Dead":
					// The group keeps its listed row, its state not
					// known: it is loading or moving, or it is a KIP-848
					// group, which Kafka 4 lists but whose classic
					// describe says Dead or not found.
					kip848 = append(kip848, d.GroupID)
				default:
					g.State = d.GroupState
					g.Members = len(d.Members)
					if d.ProtocolType != "" {
						g.ProtocolType = d.ProtocolType
					}
				}
			}
			mu.Unlock()
			// Best effort: a broker without KIP-848 or share groups, or a
			// group that moved, leaves the rows as they are.
			if len(kip848) > 0 {
				if cgs, err := c.describeConsumerGroupsOn(ctx, broker, kip848); err == nil {
					mu.Lock()
					for _, cg := range cgs {
						if g := byID[cg.Group]; g != nil && cg.ErrorCode == 0 && cg.State != "Dead" {
							g.State, g.Members, g.ProtocolType = cg.State, len(cg.Members), "consumer"
						}
					}
					mu.Unlock()
				}
			}
			if len(share) > 0 {
				if sgs, err := c.describeShareGroupsOn(ctx, broker, share); err == nil {
					mu.Lock()
					for _, sg := range sgs {
						if g := byID[sg.GroupID]; g != nil && sg.ErrorCode == 0 && sg.GroupState != "Dead" {
							g.State, g.Members = sg.GroupState, len(sg.Members)
						}
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return failures
}
