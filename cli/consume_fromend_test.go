package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// TestConsumeLastNCountsRecords: `consume -o -N` prints N records on a
// partition where transaction markers take every other offset, and the
// help says -N counts records and how far it looks.
func TestConsumeLastNCountsRecords(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 1)
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.TransactionalID(topic+"-txn"), kgo.DefaultProduceTopic(topic))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// m0@0 marker@1 m1@2 ... m9@18 marker@19.
	for i := range 10 {
		if err := cl.BeginTransaction(); err != nil {
			t.Fatal(err)
		}
		if err := cl.ProduceSync(ctx, &kgo.Record{Value: []byte(fmt.Sprint("m", i))}).FirstErr(); err != nil {
			t.Fatal(err)
		}
		if err := cl.EndTransaction(ctx, kgo.TryCommit); err != nil {
			t.Fatal(err)
		}
	}
	adm, _ := testkafka.Admin(t, brokers)
	waitFor(t, 30*time.Second, "the last transaction marker", func() bool {
		ends, err := adm.ListEndOffsets(ctx, topic)
		o, ok := ends.Lookup(topic, 0)
		return err == nil && ok && o.Offset == 20
	})

	r := run(t, "-b", cluster(t), "consume", topic, "-o", "-4", "-e").ok(t)
	if r.stdout != "m6\nm7\nm8\nm9\n" || r.stderr != "" {
		t.Fatalf("-4: stdout %q, stderr %q; want m6-m9 and no note", r.stdout, r.stderr)
	}
	r = run(t, "-b", cluster(t), "consume", topic, "-o", "-12", "-e").ok(t)
	if strings.Count(r.stdout, "\n") != 10 || r.stderr != "kafkatui: note: "+topic+"/0: only 10 records held; starting at the log start 0\n" {
		t.Fatalf("-12: stdout %q, stderr %q", r.stdout, r.stderr)
	}

	r = run(t, "consume", "--help").ok(t)
	for _, want := range []string{"messages, not offsets", "at most 1,000,000 offsets beyond N"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("consume --help lacks %q:\n%s", want, r.stdout)
		}
	}
}
