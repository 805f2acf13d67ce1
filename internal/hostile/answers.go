package hostile

import (
	"encoding/binary"
	"hash/crc32"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// nodeID is the one broker that answers; ghostID is a second broker the
// metadata lists, at a hostile host nobody can reach, leading nothing.
const (
	nodeID  = 1
	ghostID = 2
)

// answer builds the reply to req: a plausible one, with Mark in every
// string. Requests it does not know get kmsg's default (empty) reply.
func (s *Server) answer(req kmsg.Request) kmsg.Response {
	switch r := req.(type) {
	case *kmsg.ApiVersionsRequest:
		return apiVersions()
	case *kmsg.MetadataRequest:
		return s.metadata(r)
	case *kmsg.DescribeClusterRequest:
		return s.describeCluster()
	case *kmsg.DescribeConfigsRequest:
		return describeConfigs(r)
	case *kmsg.FindCoordinatorRequest:
		return s.findCoordinator(r)
	case *kmsg.ListGroupsRequest:
		return listGroups()
	case *kmsg.DescribeGroupsRequest:
		return describeGroups(r)
	case *kmsg.ConsumerGroupDescribeRequest:
		return describe848(r)
	case *kmsg.OffsetFetchRequest:
		return offsetFetch(r)
	case *kmsg.ListOffsetsRequest:
		return listOffsets(r)
	case *kmsg.FetchRequest:
		return s.fetch(r)
	case *kmsg.ProduceRequest:
		return produce(r)
	case *kmsg.CreateTopicsRequest:
		resp := r.ResponseKind().(*kmsg.CreateTopicsResponse)
		for _, t := range r.Topics {
			rt := kmsg.NewCreateTopicsResponseTopic()
			rt.Topic, rt.ErrorCode, rt.ErrorMessage = t.Topic, 44, str(Mark("create refused")) // POLICY_VIOLATION
			resp.Topics = append(resp.Topics, rt)
		}
		return resp
	case *kmsg.DeleteTopicsRequest:
		resp := r.ResponseKind().(*kmsg.DeleteTopicsResponse)
		for _, t := range r.Topics {
			rt := kmsg.NewDeleteTopicsResponseTopic()
			rt.Topic, rt.ErrorCode, rt.ErrorMessage = t.Topic, 44, str(Mark("delete refused"))
			resp.Topics = append(resp.Topics, rt)
		}
		for _, name := range r.TopicNames {
			rt := kmsg.NewDeleteTopicsResponseTopic()
			rt.Topic, rt.ErrorCode, rt.ErrorMessage = str(name), 44, str(Mark("delete refused"))
			resp.Topics = append(resp.Topics, rt)
		}
		return resp
	}
	return req.ResponseKind()
}

func apiVersions() kmsg.Response {
	resp := kmsg.NewPtrApiVersionsResponse()
	for k := int16(0); k <= kmsg.MaxKey; k++ {
		req := kmsg.RequestForKey(k)
		if req == nil {
			continue
		}
		ak := kmsg.NewApiVersionsResponseApiKey()
		ak.ApiKey, ak.MinVersion, ak.MaxVersion = k, 0, req.MaxVersion()
		resp.ApiKeys = append(resp.ApiKeys, ak)
	}
	return resp
}

func (s *Server) metadata(r *kmsg.MetadataRequest) kmsg.Response {
	resp := r.ResponseKind().(*kmsg.MetadataResponse)
	b := kmsg.NewMetadataResponseBroker()
	b.NodeID, b.Host, b.Port, b.Rack = nodeID, s.host, s.port, str(Mark("rack"))
	ghost := kmsg.NewMetadataResponseBroker()
	ghost.NodeID, ghost.Host, ghost.Port, ghost.Rack = ghostID, Mark("host"), 9092, str(Mark("rack2"))
	resp.Brokers = []kmsg.MetadataResponseBroker{b, ghost}
	resp.ClusterID = str(Mark("cluster"))
	resp.ControllerID = nodeID
	want := topics()
	if r.Topics != nil {
		want = want[:0:0]
		for _, t := range r.Topics {
			if t.Topic != nil {
				want = append(want, *t.Topic)
			}
		}
	}
	known := map[string]bool{}
	for _, t := range topics() {
		known[t] = true
	}
	for i, name := range want {
		rt := kmsg.NewMetadataResponseTopic()
		rt.Topic = str(name)
		rt.TopicID = [16]byte{byte(i + 1), 0x42}
		if !known[name] {
			rt.ErrorCode = 3 // UNKNOWN_TOPIC_OR_PARTITION
			resp.Topics = append(resp.Topics, rt)
			continue
		}
		for p := range int32(Partitions) {
			rp := kmsg.NewMetadataResponseTopicPartition()
			rp.Partition, rp.Leader = p, nodeID
			rp.Replicas, rp.ISR = []int32{nodeID, ghostID}, []int32{nodeID}
			rt.Partitions = append(rt.Partitions, rp)
		}
		resp.Topics = append(resp.Topics, rt)
	}
	return resp
}

func (s *Server) describeCluster() kmsg.Response {
	resp := kmsg.NewPtrDescribeClusterResponse()
	resp.ClusterID, resp.ControllerID = Mark("cluster"), nodeID
	b := kmsg.NewDescribeClusterResponseBroker()
	b.NodeID, b.Host, b.Port, b.Rack = nodeID, s.host, s.port, str(Mark("rack"))
	ghost := kmsg.NewDescribeClusterResponseBroker()
	ghost.NodeID, ghost.Host, ghost.Port, ghost.Rack = ghostID, Mark("host"), 9092, str(Mark("rack2"))
	resp.Brokers = []kmsg.DescribeClusterResponseBroker{b, ghost}
	return resp
}

func describeConfigs(r *kmsg.DescribeConfigsRequest) kmsg.Response {
	resp := r.ResponseKind().(*kmsg.DescribeConfigsResponse)
	for _, res := range r.Resources {
		rr := kmsg.NewDescribeConfigsResponseResource()
		rr.ResourceType, rr.ResourceName = res.ResourceType, res.ResourceName
		for _, kv := range [][2]string{
			{"cleanup.policy", Mark("delete")},
			{"retention.ms", Mark("604800000")},
			{Mark("config.name"), Mark("config value")},
			{"message.timestamp.type", Mark("CreateTime")},
		} {
			c := kmsg.NewDescribeConfigsResponseResourceConfig()
			c.Name, c.Value, c.Source = kv[0], str(kv[1]), kmsg.ConfigSourceDynamicTopicConfig
			c.Documentation = str(Mark("documentation"))
			syn := kmsg.NewDescribeConfigsResponseResourceConfigConfigSynonym()
			syn.Name, syn.Value, syn.Source = Mark("synonym"), str(Mark("synonym value")), kmsg.ConfigSourceDefaultConfig
			c.ConfigSynonyms = append(c.ConfigSynonyms, syn)
			rr.Configs = append(rr.Configs, c)
		}
		resp.Resources = append(resp.Resources, rr)
	}
	return resp
}

func (s *Server) findCoordinator(r *kmsg.FindCoordinatorRequest) kmsg.Response {
	resp := r.ResponseKind().(*kmsg.FindCoordinatorResponse)
	resp.NodeID, resp.Host, resp.Port = nodeID, s.host, s.port
	keys := r.CoordinatorKeys
	if len(keys) == 0 {
		keys = []string{r.CoordinatorKey}
	}
	for _, k := range keys {
		c := kmsg.NewFindCoordinatorResponseCoordinator()
		c.Key, c.NodeID, c.Host, c.Port = k, nodeID, s.host, s.port
		resp.Coordinators = append(resp.Coordinators, c)
	}
	return resp
}

func listGroups() kmsg.Response {
	resp := kmsg.NewPtrListGroupsResponse()
	classic := kmsg.NewListGroupsResponseGroup()
	classic.Group, classic.ProtocolType, classic.GroupState, classic.GroupType = ClassicGroup, "consumer", State, "classic"
	g848 := kmsg.NewListGroupsResponseGroup()
	g848.Group, g848.ProtocolType, g848.GroupState, g848.GroupType = Group848, "consumer", State, "consumer"
	idle := kmsg.NewListGroupsResponseGroup()
	idle.Group, idle.ProtocolType, idle.GroupState, idle.GroupType = IdleGroup, "consumer", IdleState, "classic"
	resp.Groups = []kmsg.ListGroupsResponseGroup{classic, g848, idle}
	return resp
}

// assignment is both partitions of the hostile topic.
func assignment() []byte {
	a := kmsg.NewConsumerMemberAssignment()
	t := kmsg.NewConsumerMemberAssignmentTopic()
	t.Topic, t.Partitions = Topic, []int32{0, 1}
	a.Topics = []kmsg.ConsumerMemberAssignmentTopic{t}
	a.UserData = []byte(Payload)
	return a.AppendTo(nil)
}

func describeGroups(r *kmsg.DescribeGroupsRequest) kmsg.Response {
	resp := r.ResponseKind().(*kmsg.DescribeGroupsResponse)
	for _, id := range r.Groups {
		g := kmsg.NewDescribeGroupsResponseGroup()
		g.Group = id
		if id == IdleGroup {
			g.State, g.ProtocolType = IdleState, "consumer"
			resp.Groups = append(resp.Groups, g)
			continue
		}
		if id != ClassicGroup {
			// The KIP-848 group, asked the classic way: Kafka says it
			// is a consumer-protocol group.
			g.ErrorCode, g.ErrorMessage = 69, str(Mark("not a classic group")) // GROUP_ID_NOT_FOUND
			resp.Groups = append(resp.Groups, g)
			continue
		}
		g.State, g.ProtocolType, g.Protocol = State, "consumer", Mark("range")
		meta := kmsg.NewConsumerMemberMetadata()
		meta.Topics = []string{Topic}
		meta.UserData = []byte(Payload)
		m := kmsg.NewDescribeGroupsResponseGroupMember()
		m.MemberID, m.InstanceID, m.ClientID, m.ClientHost = Mark("member"), str(Mark("instance")), Mark("client"), Mark("/10.0.0.1")
		m.ProtocolMetadata, m.MemberAssignment = meta.AppendTo(nil), assignment()
		g.Members = []kmsg.DescribeGroupsResponseGroupMember{m}
		resp.Groups = append(resp.Groups, g)
	}
	return resp
}

func describe848(r *kmsg.ConsumerGroupDescribeRequest) kmsg.Response {
	resp := r.ResponseKind().(*kmsg.ConsumerGroupDescribeResponse)
	for _, id := range r.Groups {
		g := kmsg.NewConsumerGroupDescribeResponseGroup()
		g.Group = id
		if id != Group848 {
			g.ErrorCode, g.ErrorMessage = 69, str(Mark("not a consumer-protocol group"))
			resp.Groups = append(resp.Groups, g)
			continue
		}
		g.State, g.AssignorName, g.Epoch, g.AssignmentEpoch = State, Mark("uniform"), 3, 3
		m := kmsg.NewConsumerGroupDescribeResponseGroupMember()
		m.MemberID, m.InstanceID, m.RackID, m.ClientID, m.ClientHost = Mark("member848"), str(Mark("instance848")), str(Mark("memberrack")), Mark("client848"), Mark("/10.0.0.2")
		m.MemberEpoch, m.SubscribedTopics, m.SubscribedTopicRegex = 3, []string{Topic}, str(Mark("regex"))
		tp := kmsg.NewAssignmentTopicPartition()
		tp.TopicID, tp.Topic, tp.Partitions = [16]byte{1, 0x42}, Topic, []int32{0, 1}
		m.Assignment.TopicPartitions = []kmsg.AssignmentTopicPartition{tp}
		m.TargetAssignment.TopicPartitions = []kmsg.AssignmentTopicPartition{tp}
		g.Members = []kmsg.ConsumerGroupDescribeResponseGroupMember{m}
		resp.Groups = append(resp.Groups, g)
	}
	return resp
}

// committed is every group's committed offset on every partition.
const committed = 2

func offsetFetch(r *kmsg.OffsetFetchRequest) kmsg.Response {
	resp := r.ResponseKind().(*kmsg.OffsetFetchResponse)
	offsetTopics := func(asked []string) []kmsg.OffsetFetchResponseTopic {
		if asked == nil {
			asked = []string{Topic}
		}
		var out []kmsg.OffsetFetchResponseTopic
		for _, t := range asked {
			rt := kmsg.NewOffsetFetchResponseTopic()
			rt.Topic = t
			for p := range int32(Partitions) {
				rp := kmsg.NewOffsetFetchResponseTopicPartition()
				rp.Partition, rp.Offset, rp.Metadata = p, committed, str(Mark("commit metadata"))
				rt.Partitions = append(rt.Partitions, rp)
			}
			out = append(out, rt)
		}
		return out
	}
	if r.Version >= 8 {
		for _, g := range r.Groups {
			rg := kmsg.NewOffsetFetchResponseGroup()
			rg.Group = g.Group
			var asked []string
			if g.Topics != nil {
				asked = []string{}
				for _, t := range g.Topics {
					asked = append(asked, t.Topic)
				}
			}
			for _, t := range offsetTopics(asked) {
				gt := kmsg.NewOffsetFetchResponseGroupTopic()
				gt.Topic = t.Topic
				for _, p := range t.Partitions {
					gp := kmsg.NewOffsetFetchResponseGroupTopicPartition()
					gp.Partition, gp.Offset, gp.Metadata = p.Partition, p.Offset, p.Metadata
					gt.Partitions = append(gt.Partitions, gp)
				}
				rg.Topics = append(rg.Topics, gt)
			}
			resp.Groups = append(resp.Groups, rg)
		}
		return resp
	}
	var asked []string
	if r.Topics != nil {
		asked = []string{}
		for _, t := range r.Topics {
			asked = append(asked, t.Topic)
		}
	}
	resp.Topics = offsetTopics(asked)
	return resp
}

func listOffsets(r *kmsg.ListOffsetsRequest) kmsg.Response {
	resp := r.ResponseKind().(*kmsg.ListOffsetsResponse)
	for _, t := range r.Topics {
		rt := kmsg.NewListOffsetsResponseTopic()
		rt.Topic = t.Topic
		for _, p := range t.Partitions {
			rp := kmsg.NewListOffsetsResponseTopicPartition()
			rp.Partition, rp.LeaderEpoch = p.Partition, 0
			switch p.Timestamp {
			case -2: // earliest
				rp.Offset = 0
			case -1: // latest
				rp.Offset = Records
			default:
				rp.Offset, rp.Timestamp = 1, p.Timestamp
			}
			rp.OldStyleOffsets = []int64{rp.Offset}
			rt.Partitions = append(rt.Partitions, rp)
		}
		resp.Topics = append(resp.Topics, rt)
	}
	return resp
}

func (s *Server) fetch(r *kmsg.FetchRequest) kmsg.Response {
	resp := r.ResponseKind().(*kmsg.FetchResponse)
	any := false
	for _, t := range r.Topics {
		rt := kmsg.NewFetchResponseTopic()
		rt.Topic, rt.TopicID = t.Topic, t.TopicID
		for _, p := range t.Partitions {
			rp := kmsg.NewFetchResponseTopicPartition()
			rp.Partition, rp.HighWatermark, rp.LastStableOffset, rp.LogStartOffset = p.Partition, Records, Records, 0
			if p.FetchOffset < Records {
				rp.RecordBatches = batch(max(p.FetchOffset, 0))
				any = true
			}
			rt.Partitions = append(rt.Partitions, rp)
		}
		resp.Topics = append(resp.Topics, rt)
	}
	if !any {
		s.wait(r.MaxWaitMillis)
	}
	return resp
}

// batch is one uncompressed record batch (magic 2) of the records from
// first to the end, each with a hostile key, value and header.
func batch(first int64) []byte {
	const ts = 1_767_225_600_000 // 2026-01-01
	var recs []byte
	n := int32(0)
	for off := first; off < Records; off++ {
		var rec []byte
		rec = append(rec, 0)                                 // attributes
		rec = binary.AppendVarint(rec, 0)                    // timestamp delta
		rec = binary.AppendVarint(rec, off-first)            // offset delta
		rec = appendVarBytes(rec, []byte(Mark("key")))       // key
		rec = appendVarBytes(rec, []byte(Mark("value")))     // value
		rec = binary.AppendVarint(rec, 1)                    // headers
		rec = appendVarBytes(rec, []byte(Mark("header")))    // header key
		rec = appendVarBytes(rec, []byte(Mark("hdr value"))) // header value
		recs = binary.AppendVarint(recs, int64(len(rec)))
		recs = append(recs, rec...)
		n++
	}
	// From attributes on, the part the CRC covers.
	var tail []byte
	tail = binary.BigEndian.AppendUint16(tail, 0)           // attributes
	tail = binary.BigEndian.AppendUint32(tail, uint32(n-1)) // last offset delta
	tail = binary.BigEndian.AppendUint64(tail, ts)          // first timestamp
	tail = binary.BigEndian.AppendUint64(tail, ts)          // max timestamp
	tail = binary.BigEndian.AppendUint64(tail, ^uint64(0))  // producer id -1
	tail = binary.BigEndian.AppendUint16(tail, ^uint16(0))  // producer epoch -1
	tail = binary.BigEndian.AppendUint32(tail, ^uint32(0))  // base sequence -1
	tail = binary.BigEndian.AppendUint32(tail, uint32(n))   // records
	tail = append(tail, recs...)
	var b []byte
	b = binary.BigEndian.AppendUint64(b, uint64(first))
	b = binary.BigEndian.AppendUint32(b, uint32(4+1+4+len(tail))) // length after this field
	b = binary.BigEndian.AppendUint32(b, 0)                       // partition leader epoch
	b = append(b, 2)                                              // magic
	b = binary.BigEndian.AppendUint32(b, crc32.Checksum(tail, crc32.MakeTable(crc32.Castagnoli)))
	return append(b, tail...)
}

func appendVarBytes(b, v []byte) []byte {
	b = binary.AppendVarint(b, int64(len(v)))
	return append(b, v...)
}

// produce refuses every write with an error message of its own.
func produce(r *kmsg.ProduceRequest) kmsg.Response {
	if r.Acks == 0 {
		return nil
	}
	resp := r.ResponseKind().(*kmsg.ProduceResponse)
	for _, t := range r.Topics {
		rt := kmsg.NewProduceResponseTopic()
		rt.Topic, rt.TopicID = t.Topic, t.TopicID
		for _, p := range t.Partitions {
			rp := kmsg.NewProduceResponseTopicPartition()
			rp.Partition, rp.ErrorCode, rp.BaseOffset = p.Partition, 87, -1 // INVALID_RECORD
			rp.ErrorMessage = str(Mark("record refused"))
			e := kmsg.NewProduceResponseTopicPartitionErrorRecord()
			e.ErrorMessage = str(Mark("bad record"))
			rp.ErrorRecords = append(rp.ErrorRecords, e)
			rt.Partitions = append(rt.Partitions, rp)
		}
		resp.Topics = append(resp.Topics, rt)
	}
	return resp
}
