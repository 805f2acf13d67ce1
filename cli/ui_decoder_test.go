package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/sr"

	"github.com/kafkatui/kafkatui/ui/common"
)

// The UI gets a decoder for a cluster with a Schema Registry, the first
// one and one switched to alike, and none (nil: nothing decoded, nothing
// paid) for a cluster without.
func TestUIDecoderPerCluster(t *testing.T) {
	f := fakeRegistry(t)
	env := configHome(t, "clusters:\n  - name: plain\n    brokers: [127.0.0.1:1]\n"+
		"  - name: shop\n    brokers: [127.0.0.1:2]\n    schema_registry: {url: \""+f.URL()+"\"}\n")
	// orderV1 is id 1 in fakeRegistry: {"id": 7} in Avro is the zigzag varint 14.
	framed, _ := new(sr.ConfluentHeader).AppendEncode(nil, 1, nil)
	framed = append(framed, 14)
	decodes := func(t *testing.T, dec common.RecordDecoder) {
		t.Helper()
		if dec == nil {
			t.Fatal("no decoder for a cluster with a registry")
		}
		got, err := dec.Decode(context.Background(), framed)
		if err != nil || string(got.JSON) != `{"id":7}` {
			t.Errorf("decoded %s, %v", got.JSON, err)
		}
	}

	a := prepared(t, env, "--cluster", "shop")
	dec, err := a.uiDecoder(context.Background(), a.target.cluster, a.explicit)
	if err != nil {
		t.Fatal(err)
	}
	decodes(t, dec)

	a = prepared(t, env, "--cluster", "plain")
	if dec, err := a.uiDecoder(context.Background(), a.target.cluster, a.explicit); dec != nil || err != nil {
		t.Errorf("cluster without a registry: decoder %v, %v", dec, err)
	}
	ch := a.clusterChoices()
	conn, err := ch[1].Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(conn.Release)
	decodes(t, conn.Decoder)
	conn, err = ch[0].Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(conn.Release)
	if conn.Decoder != nil {
		t.Errorf("switched to a cluster without a registry: decoder %v", conn.Decoder)
	}

	// A registry given on the command line is the first cluster's.
	a = prepared(t, env, "--cluster", "plain", "--schema-registry", f.URL())
	dec, err = a.uiDecoder(context.Background(), a.target.cluster, a.explicit)
	if err != nil {
		t.Fatal(err)
	}
	decodes(t, dec)
	// A bad one is refused before the UI starts.
	a = prepared(t, env, "--cluster", "plain", "--schema-registry", "ftp://x")
	if _, err := a.uiDecoder(context.Background(), a.target.cluster, a.explicit); err == nil || !strings.Contains(err.Error(), "http://") {
		t.Errorf("bad registry URL: %v", err)
	}
}
