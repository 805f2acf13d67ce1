package produce

import (
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// TestValueNoteWrapsAt80 is defect 5 in the produce form: at 80 columns
// the JSON hint under the value lost its end ("(line 1, column …"), the
// part that says where the error is. It wraps under itself onto a second
// line, the value field giving up a line for it so that the form keeps
// its last line; the keys of a value too large to edit wrap too.
func TestValueNoteWrapsAt80(t *testing.T) {
	m := newForm(t, newFake(), "orders")
	m.SetSize(80, 24)
	focusField(t, m, fValue)
	h := m.value.Height()
	typeText(t, m, `{"id":`)
	v := plain(m.View())
	uitest.CheckFrame(t, m.View(), 80, 24)
	flat := strings.Join(strings.Fields(v), " ")
	if want := "! not valid JSON: unexpected end of JSON input (line 1, column 6)"; !strings.Contains(flat, want) {
		t.Errorf("the hint is not whole at 80: want %q in\n%s", want, v)
	}
	for _, l := range strings.Split(v, "\n") {
		if strings.HasSuffix(strings.TrimRight(l, " "), "…") {
			t.Errorf("cut at 80: %q", l)
		}
	}
	if got := m.value.Height(); got != h-1 {
		t.Errorf("value height %d with a two-line hint, want %d", got, h-1)
	}
	if !strings.Contains(v, " Repeat ") {
		t.Errorf("the form lost its last field:\n%s", v)
	}
	typeText(t, m, `1}`)
	if got := m.value.Height(); got != h {
		t.Errorf("value height %d once the hint is one line again, want %d", got, h)
	}

	m = newForm(t, newFake(), "orders")
	m.SetSize(80, 24)
	focusField(t, m, fValue)
	press(t, m, pasteMsg(sampleText(1<<20)))
	flat = strings.Join(strings.Fields(plain(m.View())), " ")
	if want := "ctrl+u clears it"; !strings.Contains(flat, want) {
		t.Errorf("the large value's keys are cut at 80: want %q in\n%s", want, plain(m.View()))
	}
}
