package cli

import (
	"strings"
	"testing"
)

func TestTableLayout(t *testing.T) {
	tb := newTable("NAME", "COUNT>", "ERROR?", "NOTE")
	tb.add("orders", num(1234567), "", "x")
	tb.add("a\x1b[31m", "5", "", "")
	var b strings.Builder
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"NAME           COUNT  NOTE\n" +
		"orders     1,234,567  x\n" +
		`a\x1b[31m          5` + "\n"
	if b.String() != want {
		t.Fatalf("table\n%s\nwant\n%s", b.String(), want)
	}
	tb.add("bad", "0", "boom")
	b.Reset()
	_ = tb.write(&b)
	if !strings.Contains(b.String(), "ERROR") || !strings.Contains(b.String(), "boom") {
		t.Fatalf("an optional column with a value is shown:\n%s", b.String())
	}
}

func TestNum(t *testing.T) {
	if got := num(int64(-1234567)); got != "-1,234,567" {
		t.Errorf("num %q", got)
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -100: "-100", -999: "-999", -1000: "-1,000", 123456: "123,456", 1000000: "1,000,000"} {
		if got := num(n); got != want {
			t.Errorf("num(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestQuantitiesGroupedIdentifiersPlain: quantities carry thousands
// separators like the UI's tables; partition numbers and broker ids (typed
// back into commands) do not.
func TestQuantitiesGroupedIdentifiersPlain(t *testing.T) {
	if got := num(int64(1001234567)); got != "1,001,234,567" {
		t.Errorf("num = %q", got)
	}
	if got := id(int32(1001)); got != "1001" {
		t.Errorf("id = %q", got)
	}
}
