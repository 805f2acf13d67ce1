package produce

import (
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// TestBrokerRefusalsShownOnTheForm has a broker refuse produce requests
// with the errors an operator meets on a real cluster (too few in-sync
// replicas for acks=all, no ACL to write, no cluster permission) and checks
// that each is explained next to the field it concerns, or in the result
// line when no field is to blame, with what was typed kept. kfake answers
// every other request as a broker does; only its produce answer is set.
func TestBrokerRefusalsShownOnTheForm(t *testing.T) {
	for _, tc := range []struct {
		err   *kerr.Error
		field field // numFields: the result line
		want  string
	}{
		{kerr.NotEnoughReplicas, fAcks, "not enough in-sync replicas for acks=all"},
		{kerr.NotEnoughReplicasAfterAppend, fAcks, "not enough in-sync replicas for acks=all"},
		{kerr.TopicAuthorizationFailed, fTopic, "not authorized to write to the topic"},
		{kerr.ClusterAuthorizationFailed, numFields, "✗ not sent: not authorized by the cluster"},
	} {
		t.Run(tc.err.Message, func(t *testing.T) {
			c := testkafka.NewCluster(t, kfake.NumBrokers(1))
			brokers := c.ListenAddrs()
			topic := testkafka.Topic(t, brokers, 1)
			c.ControlKey(int16(kmsg.Produce), func(r kmsg.Request) (kmsg.Response, error, bool) {
				c.KeepControl()
				req := r.(*kmsg.ProduceRequest)
				resp := req.ResponseKind().(*kmsg.ProduceResponse)
				for _, rt := range req.Topics {
					st := kmsg.NewProduceResponseTopic()
					st.Topic, st.TopicID = rt.Topic, rt.TopicID
					for _, rp := range rt.Partitions {
						sp := kmsg.NewProduceResponseTopicPartition()
						sp.Partition, sp.ErrorCode = rp.Partition, tc.err.Code
						st.Partitions = append(st.Partitions, sp)
					}
					resp.Topics = append(resp.Topics, st)
				}
				return resp, nil, true
			})
			m := New(newCommon(), openCluster(t, brokers), topic, WithHistoryFile(""))
			m.SetSize(100, 30)
			feed(t, m, m.Init())
			focusField(t, m, fValue)
			typeText(t, m, `{"n":1}`)
			press(t, m, keySend)
			got := m.result
			if tc.field != numFields {
				got = m.errs[tc.field]
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("field %v shows %q (result %q, errors %q), want %q", tc.field, got, m.result, m.errs, tc.want)
			}
			if m.value.Value() != `{"n":1}` || m.topicName() != topic {
				t.Errorf("form lost its content: topic %q value %q", m.topicName(), m.value.Value())
			}
			if v := plain(m.View()); !strings.Contains(v, tc.want) {
				t.Errorf("view lacks %q:\n%s", tc.want, v)
			}
		})
	}
}
