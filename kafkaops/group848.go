package kafkaops

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/segmentio/kafka-go/protocol"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Groups of the KIP-848 consumer protocol (Kafka 4's group.protocol=consumer)
// are described only by ConsumerGroupDescribe (API 69): the classic
// DescribeGroups answers "not found" for them. kafka-go knows no API past
// 51, so the request is encoded with franz-go's kmsg and exchanged over one
// of the Transport's own connections (TLS and SASL done) through
// protocol.RawExchanger, as direct.go does for kafka-go's own types.

// errAPIUnsupported says the broker does not offer an API (it did not list
// it in its ApiVersions answer).
var errAPIUnsupported = errors.New("the broker does not support this request")

// maxRawResponse bounds a raw response: a describe of many large groups is
// megabytes, anything near this is a broken stream.
const maxRawResponse = 256 << 20

// kmsgRequest is a kmsg request sent to one broker over the Transport.
type kmsgRequest struct {
	req      kmsg.Request
	clientID string
	broker   int32

	// route, when set, picks the broker instead of broker: a fetch goes to
	// the partition's leader as the Transport's metadata names it.
	route func(protocol.Cluster) (protocol.Broker, error)
	// version, when set, chooses the request's version from the versions
	// the connection negotiated (kafka-go's cached ApiVersions answer):
	// false means none that works, and the request is not sent.
	version func(versions map[protocol.ApiKey]int16) bool
	// body, when it is large enough, receives the response in place of a
	// new buffer (the response aliases it). A fetch loop reuses one.
	body []byte

	supported bool
	resp      kmsg.Response // set by RawExchange
}

// kmsgResponse stands for the kmsg response on its way through the
// Transport, which must not inspect it.
type kmsgResponse struct{ key protocol.ApiKey }

func (r *kmsgResponse) ApiKey() protocol.ApiKey { return r.key }

func (r *kmsgRequest) ApiKey() protocol.ApiKey { return protocol.ApiKey(r.req.Key()) }

// Required notes whether the broker offers the API (kafka-go records every
// key the broker lists) and asks for the raw exchange either way, so that
// an unsupported API fails here with a clear error.
func (r *kmsgRequest) Required(versions map[protocol.ApiKey]int16) bool {
	_, r.supported = versions[r.ApiKey()]
	if r.supported && r.version != nil {
		r.supported = r.version(versions)
	}
	return true
}

func (r *kmsgRequest) Broker(cluster protocol.Cluster) (protocol.Broker, error) {
	if r.route != nil {
		return r.route(cluster)
	}
	return brokerByID(cluster, r.broker)
}

// RawExchange writes the request and reads its response on the connection.
// An API the broker does not offer is not sent, and not an error here:
// kafka-go closes a connection whose exchange fails, and nothing is wrong
// with this one (sendKmsg reports it).
func (r *kmsgRequest) RawExchange(rw io.ReadWriter) (protocol.Message, error) {
	if !r.supported {
		return &kmsgResponse{key: r.ApiKey()}, nil
	}
	buf := kmsg.NewRequestFormatter(kmsg.FormatterClientID(r.clientID)).AppendRequest(nil, r.req, kmsgCorrelationID)
	if _, err := rw.Write(buf); err != nil {
		return nil, err
	}
	var head [8]byte // size, correlation id
	if _, err := io.ReadFull(rw, head[:]); err != nil {
		return nil, err
	}
	size := int64(binary.BigEndian.Uint32(head[:4]))
	if size < 4 || size > maxRawResponse {
		return nil, fmt.Errorf("api %d: response of %d bytes", r.req.Key(), size)
	}
	if id := int32(binary.BigEndian.Uint32(head[4:])); id != kmsgCorrelationID {
		return nil, fmt.Errorf("api %d: response has correlation id %d, want %d", r.req.Key(), id, kmsgCorrelationID)
	}
	body := r.body
	if int64(cap(body)) >= size-4 {
		body = body[:size-4]
	} else {
		body = make([]byte, size-4)
	}
	r.body = body
	if _, err := io.ReadFull(rw, body); err != nil {
		return nil, err
	}
	if r.req.IsFlexible() {
		var err error
		if body, err = skipTaggedFields(body); err != nil {
			return nil, fmt.Errorf("api %d: response header: %w", r.req.Key(), err)
		}
	}
	if err := kmsgSkeleton(r.req.Key(), r.req.GetVersion(), body); err != nil {
		return nil, fmt.Errorf("the broker sent a malformed %s reply: %w (%w)", kmsg.NameForKey(r.req.Key()), err, errMalformedReply)
	}
	resp := r.req.ResponseKind()
	resp.SetVersion(r.req.GetVersion())
	if err := resp.ReadFrom(body); err != nil {
		return nil, fmt.Errorf("api %d: decode response: %w", r.req.Key(), err)
	}
	r.resp = resp
	return &kmsgResponse{key: r.ApiKey()}, nil
}

// skipTaggedFields steps over the tagged fields that end a flexible
// response header.
func skipTaggedFields(b []byte) ([]byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 {
		return nil, errors.New("bad tag count")
	}
	b = b[k:]
	for range n {
		if _, k = binary.Uvarint(b); k <= 0 {
			return nil, errors.New("bad tag")
		}
		b = b[k:]
		size, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < size {
			return nil, errors.New("bad tag size")
		}
		b = b[k+int(size):]
	}
	return b, nil
}

// sendKmsg sends req to broker and returns its response.
func (c *Cluster) sendKmsg(ctx context.Context, broker int32, req kmsg.Request) (kmsg.Response, error) {
	resp, err := c.roundTripKmsg(ctx, &kmsgRequest{req: req, clientID: c.cfg.clientID(), broker: broker})
	if err != nil && !errors.Is(err, errAPIUnsupported) {
		return nil, c.connErr(ctx, err)
	}
	return resp, err
}

// roundTripKmsg sends r, prepared by the caller, and returns its response.
// Errors are kafka-go's as they are: a caller that retries (a fetch loop)
// classifies them itself, without connErr's probing.
func (c *Cluster) roundTripKmsg(ctx context.Context, r *kmsgRequest) (kmsg.Response, error) {
	req := r.req
	ctx, cancel := context.WithTimeout(ctx, c.cfg.timeout())
	defer cancel()
	if _, err := c.roundTrip(ctx, r); err != nil {
		// The broker may have restarted as another version: ask again.
		c.apiVersions.Delete(r.broker)
		return nil, err
	}
	if !r.supported {
		return nil, errAPIUnsupported
	}
	if r.resp == nil {
		return nil, fmt.Errorf("api %d: no response", req.Key())
	}
	return r.resp, nil
}

// describeConsumerGroupsOn describes groups of the KIP-848 consumer protocol
// coordinated by broker. Groups it cannot describe (a classic group, one
// that moved) come back with their error code set.
func (c *Cluster) describeConsumerGroupsOn(ctx context.Context, broker int32, groups []string) ([]kmsg.ConsumerGroupDescribeResponseGroup, error) {
	req := kmsg.NewPtrConsumerGroupDescribeRequest()
	req.Version = 0 // Kafka 4.0 and kfake; later versions add only member types
	req.Groups = groups
	resp, err := c.sendKmsg(ctx, broker, req)
	if err != nil {
		return nil, err
	}
	gs := resp.(*kmsg.ConsumerGroupDescribeResponse).Groups
	if err := c.nameAssignedTopics(ctx, broker, gs); err != nil {
		return nil, err
	}
	return gs, nil
}

// nameAssignedTopics fills in the topic names of assignments that give only
// a topic id (Kafka sends both; other brokers may not).
func (c *Cluster) nameAssignedTopics(ctx context.Context, broker int32, gs []kmsg.ConsumerGroupDescribeResponseGroup) error {
	var tps []*kmsg.AssignmentTopicPartition
	for gi := range gs {
		for mi := range gs[gi].Members {
			for ti, t := range gs[gi].Members[mi].Assignment.TopicPartitions {
				if t.Topic == "" {
					tps = append(tps, &gs[gi].Members[mi].Assignment.TopicPartitions[ti])
				}
			}
		}
	}
	if len(tps) == 0 {
		return nil
	}
	names, err := c.topicIDNames(ctx, broker)
	if err != nil {
		return err
	}
	for _, tp := range tps {
		tp.Topic = names[tp.TopicID]
	}
	return nil
}

// topicIDNames maps topic ids to names, from a metadata request that names
// topic ids (v10+, past what kafka-go decodes).
func (c *Cluster) topicIDNames(ctx context.Context, broker int32) (map[[16]byte]string, error) {
	req := kmsg.NewPtrMetadataRequest()
	req.Version = 12 // Kafka 3.1+; topic ids since v10
	req.Topics = nil // every topic
	resp, err := c.sendKmsg(ctx, broker, req)
	if err != nil {
		return nil, fmt.Errorf("topic names: %w", err)
	}
	names := make(map[[16]byte]string)
	for _, t := range resp.(*kmsg.MetadataResponse).Topics {
		if t.Topic != nil {
			names[t.TopicID] = *t.Topic
		}
	}
	return names, nil
}

// sendKmsgNegotiated sends req to broker at the highest version both know
// (apiVersion), for APIs whose versions differ between Kafka releases.
func (c *Cluster) sendKmsgNegotiated(ctx context.Context, broker int32, req kmsg.Request) (kmsg.Response, error) {
	v, err := c.apiVersion(ctx, broker, req)
	if err != nil {
		return nil, err
	}
	req.SetVersion(v)
	return c.sendKmsg(ctx, broker, req)
}

// apiVersion is the version of req's API to send to broker: the highest
// both kmsg and the broker know, from an ApiVersions request made once per
// broker. errAPIUnsupported if the broker does not offer the API.
func (c *Cluster) apiVersion(ctx context.Context, broker int32, req kmsg.Request) (int16, error) {
	var max map[int16]int16
	if v, ok := c.apiVersions.Load(broker); ok {
		max = v.(map[int16]int16)
	} else {
		av := kmsg.NewPtrApiVersionsRequest()
		av.Version = 2 // the last without a flexible response
		resp, err := c.sendKmsg(ctx, broker, av)
		if err != nil {
			return 0, fmt.Errorf("api versions: %w", err)
		}
		r := resp.(*kmsg.ApiVersionsResponse)
		if err := kafkaCodeError(r.ErrorCode); err != nil {
			return 0, fmt.Errorf("api versions: %w", err)
		}
		max = make(map[int16]int16, len(r.ApiKeys))
		for _, k := range r.ApiKeys {
			max[k.ApiKey] = k.MaxVersion
		}
		c.apiVersions.Store(broker, max)
	}
	v, ok := max[req.Key()]
	if !ok {
		return 0, errAPIUnsupported
	}
	return min(v, req.MaxVersion()), nil
}

// consumerGroupMembers turns ConsumerGroupDescribe's members into
// GroupMembers, sorted by id, with their assignments sorted too.
func consumerGroupMembers(ms []kmsg.ConsumerGroupDescribeResponseGroupMember) []GroupMember {
	out := make([]GroupMember, len(ms))
	for i, m := range ms {
		gm := describedMember(m.MemberID, m.ClientID, m.ClientHost, m.RackID, m.SubscribedTopics)
		if m.InstanceID != nil {
			gm.InstanceID = *m.InstanceID
		}
		if m.SubscribedTopicRegex != nil && *m.SubscribedTopicRegex != "" {
			gm.Topics = append(gm.Topics, "/"+*m.SubscribedTopicRegex+"/")
		}
		for _, t := range m.Assignment.TopicPartitions {
			for _, p := range t.Partitions {
				gm.Assigned = append(gm.Assigned, TopicPartition{t.Topic, p})
			}
		}
		sortMember(&gm)
		out[i] = gm
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
