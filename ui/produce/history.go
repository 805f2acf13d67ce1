package produce

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// historyPerTopic is how many sent messages are kept per topic.
const historyPerTopic = 50

// entry is one sent message in the history file (one JSON object per
// line). Key and value keep null apart from empty: JSON null and "".
type entry struct {
	Topic     string    `json:"topic"`
	Partition int32     `json:"partition"` // -1: chosen by key
	Key       []byte    `json:"key"`
	Value     []byte    `json:"value"`
	Headers   []header  `json:"headers,omitempty"`
	Time      time.Time `json:"time"`
}

type header struct {
	Key   string `json:"key"`
	Value []byte `json:"value"`
}

func entryOf(msg kafkaops.Message, at time.Time) entry {
	e := entry{Topic: msg.Topic, Partition: msg.Partition, Key: msg.Key, Value: msg.Value, Time: at}
	for _, h := range msg.Headers {
		e.Headers = append(e.Headers, header{Key: h.Key, Value: h.Value})
	}
	return e
}

func (e entry) headers() []kafkaops.Header {
	var out []kafkaops.Header
	for _, h := range e.Headers {
		out = append(out, kafkaops.Header{Key: h.Key, Value: h.Value})
	}
	return out
}

// history is the sent messages per topic, oldest first.
type history struct {
	byTopic map[string][]entry
}

func (h *history) add(e entry) {
	list := append(h.byTopic[e.Topic], e)
	if len(list) > historyPerTopic {
		list = list[len(list)-historyPerTopic:]
	}
	h.byTopic[e.Topic] = list
}

// defaultHistoryPath is produce-history.jsonl in the user's state
// directory ($XDG_STATE_HOME, else ~/.local/state), "" when there is no
// home directory (the history then lives in memory only).
func defaultHistoryPath() string {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return ""
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "kafkatui", "produce-history.jsonl")
}

// fileMu serialises the read-modify-write of history files: two forms
// sending at once must not lose each other's entries.
var fileMu sync.Mutex

// readHistory reads the file at path. A missing file is an empty history;
// lines that do not parse are skipped and counted in the warning, so a
// corrupt file costs its bad lines, not the form.
func readHistory(path string) (history, string, error) {
	h := history{byTopic: map[string][]entry{}}
	if path == "" {
		return h, "", nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return h, "", nil
	}
	if err != nil {
		return h, "", fmt.Errorf("read produce history: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 64<<20)
	bad, firstBad, n := 0, 0, 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var e entry
		if err := json.Unmarshal(line, &e); err != nil || e.Topic == "" {
			if bad == 0 {
				firstBad = n
			}
			bad++
			continue
		}
		h.add(e)
	}
	if err := sc.Err(); err != nil {
		return h, "", fmt.Errorf("read produce history %s: %w", path, err)
	}
	var warn string
	if bad > 0 {
		warn = fmt.Sprintf("produce history %s: %d unreadable line(s) skipped (first: line %d)", path, bad, firstBad)
	}
	return h, warn, nil
}

// appendHistory adds e to the file at path, keeping the last 50 entries
// per topic. The file is rewritten through a temporary file and renamed,
// so a crash leaves the old or the new file, never half of one. It is
// private to the user (0600): messages can hold anything.
func appendHistory(path string, e entry) error {
	if path == "" {
		return nil
	}
	fileMu.Lock()
	defer fileMu.Unlock()
	h, _, err := readHistory(path)
	if err != nil {
		return err
	}
	h.add(e)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Oldest first across topics, so the file reads as a log.
	var all []entry
	for _, list := range h.byTopic {
		all = append(all, list...)
	}
	sortByTime(all)
	for _, x := range all {
		if err := enc.Encode(x); err != nil {
			return fmt.Errorf("save produce history: %w", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("save produce history: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".produce-history-*")
	if err != nil {
		return fmt.Errorf("save produce history: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("save produce history: %w", err)
	}
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return fmt.Errorf("save produce history: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save produce history: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save produce history: %w", err)
	}
	return nil
}

func sortByTime(es []entry) {
	// Stable: entries of the same instant keep their per-topic order.
	slices.SortStableFunc(es, func(a, b entry) int { return a.Time.Compare(b.Time) })
}
