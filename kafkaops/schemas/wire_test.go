package schemas

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/sr"
)

func TestFramed(t *testing.T) {
	id, rest, ok := Framed([]byte{0, 0, 1, 0, 2, 9, 8})
	if !ok || id != 65538 || !bytes.Equal(rest, []byte{9, 8}) {
		t.Fatalf("Framed = %d %v %v", id, rest, ok)
	}
	for _, b := range [][]byte{nil, {0, 0, 0, 1}, {1, 0, 0, 0, 1}, []byte(`{"a":1}`)} {
		if _, _, ok := Framed(b); ok {
			t.Errorf("Framed(%x) says framed", b)
		}
	}
}

func TestMessageIndexes(t *testing.T) {
	for _, tc := range []struct {
		in      []byte
		want    []int
		rest    []byte
		wantErr string
	}{
		{in: []byte{0, 7}, want: []int{0}, rest: []byte{7}},             // the shortcut for [0]
		{in: []byte{2, 2}, want: []int{1}, rest: []byte{}},              // count 1, index 1 (zig-zag)
		{in: []byte{4, 2, 0, 5}, want: []int{1, 0}, rest: []byte{5}},    // nested: [1, 0]
		{in: []byte{4, 2}, wantErr: "cut short"},                        // second index missing
		{in: nil, wantErr: "cut short"},                                 // nothing after the header
		{in: []byte{1, 0}, wantErr: "claims -1 entries"},                // negative count
		{in: []byte{0xfe, 0xff, 0xff, 0x0f}, wantErr: "claims"},         // a huge count
		{in: []byte{2, 1}, wantErr: "message index -1 is out of range"}, // negative index
	} {
		got, rest, err := messageIndexes(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("messageIndexes(%x) error %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) || !bytes.Equal(rest, tc.rest) {
			t.Errorf("messageIndexes(%x) = %v %x %v, want %v %x", tc.in, got, rest, err, tc.want, tc.rest)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("messageIndexes(%x) = %v, want %v", tc.in, got, tc.want)
			}
		}
		// franz-go's encoder writes what this reads.
		if enc, _ := new(sr.ConfluentHeader).AppendEncode(nil, 1, tc.want); !bytes.HasPrefix(tc.in, enc[5:]) {
			t.Errorf("franz-go encodes %v as %x, not %x", tc.want, enc[5:], tc.in)
		}
	}
}

// A server that answers a web page where the registry should be is named as such, not as
// unreachable.
func TestDecodeRegistryAnswersHTML(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>login</body></html>"))
	}))
	t.Cleanup(srv.Close)
	cl, err := sr.NewClient(sr.URLs(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewDecoder(cl).Decode(testCtx(t), frame(3, nil, []byte{2}))
	if err == nil || !strings.HasPrefix(err.Error(), "schema 3: the registry's answer is not a schema: ") {
		t.Fatalf("error %v", err)
	}
}
