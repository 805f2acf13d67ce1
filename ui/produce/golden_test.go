package produce

import (
	"fmt"
	"testing"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// TestGolden draws the form in its main states at both sizes.
func TestGolden(t *testing.T) {
	states := map[string]func(t *testing.T, m *Model){
		"empty": func(t *testing.T, m *Model) {},
		"filled_sent": func(t *testing.T, m *Model) {
			typeText(t, m, "order-42")
			focusField(t, m, fValue)
			typeText(t, m, `{"id":42,"total":99.5}`)
			focusField(t, m, fHeaders)
			typeText(t, m, "source=kafkatui")
			press(t, m, keySend)
		},
		"errors": func(t *testing.T, m *Model) {
			focusField(t, m, fPartition)
			typeText(t, m, "7")
			focusField(t, m, fHeaders)
			typeText(t, m, "oops")
			focusField(t, m, fValue)
			typeText(t, m, `{"id":`)
			press(t, m, keySend)
		},
		"reproduce": nil,
		"large_paste": func(t *testing.T, m *Model) {
			typeText(t, m, "order-42")
			focusField(t, m, fValue)
			press(t, m, pasteMsg(sampleText(1<<20)))
		},
	}
	for name, fill := range states {
		for _, size := range [][2]int{{100, 30}, {80, 24}} {
			t.Run(fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), func(t *testing.T) {
				var m *Model
				if fill == nil {
					m = NewFromRecord(newCommon(), newFake(), kafkaops.Record{Topic: "orders", Key: []byte("k\x07"),
						Value: []byte("line one\nline two"), Headers: []kafkaops.Header{{Key: "trace", Value: []byte("abc")}}}, WithHistoryFile(""))
					m.SetSize(size[0], size[1])
					feed(t, m, m.Init())
				} else {
					m = newForm(t, newFake(), "orders")
					m.SetSize(size[0], size[1])
					fill(t, m)
				}
				v := m.View()
				uitest.CheckFrame(t, v, size[0], size[1])
				uitest.Golden(t, fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), plain(v))
			})
		}
	}
}
