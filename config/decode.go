package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Problem is one thing wrong in a file, at a line.
type Problem struct {
	File string
	Line int
	// Path is where in the document: "clusters[1].sasl".
	Path string
	Msg  string
}

func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Error is everything wrong with a file, in the order found.
type Error struct {
	Problems []Problem
	// More counts the problems found beyond those listed.
	More int
}

// Error is the first problem, and how many more there are: one line, for
// the command line's one-line errors.
func (e *Error) Error() string {
	if len(e.Problems) == 0 {
		return "invalid configuration"
	}
	s := e.Problems[0].Error()
	if n := len(e.Problems) - 1 + e.More; n > 0 {
		s += fmt.Sprintf(" (and %d more %s)", n, plural(n, "problem", "problems"))
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// maxAliasDepth bounds alias and merge-key chains while walking a document.
const maxAliasDepth = 16

// maxEntries bounds the mapping entries walked in one document. Anchors and
// merge keys can make a small file expand exponentially (each level merging
// the one below several times); a real config is far below this.
const maxEntries = 1 << 18

// decoder walks a document and collects problems instead of stopping at
// the first, so a user fixing a file sees what else is wrong.
type decoder struct {
	file     string
	problems []Problem
	// currentNode and currentKey locate the current cluster setting, which
	// is checked once every cluster is known.
	currentNode *yaml.Node
	currentKey  string
	// entries counts the mapping entries walked, against maxEntries.
	entries int
	// dropped counts the problems beyond maxProblems.
	dropped int
}

// maxProblems bounds the problems kept; the rest are only counted.
const maxProblems = 100

// addf records a problem at node n (nil: no line).
func (d *decoder) addf(n *yaml.Node, path, format string, a ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	d.add(line, path, fmt.Sprintf(format, a...))
}

func (d *decoder) add(line int, path, msg string) {
	if len(d.problems) >= maxProblems {
		d.dropped++
		return
	}
	d.problems = append(d.problems, Problem{File: d.file, Line: line, Path: path, Msg: msg})
}

func (d *decoder) err() error {
	if len(d.problems) == 0 {
		return nil
	}
	return &Error{Problems: d.problems, More: d.dropped}
}

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxAliasDepth; i++ {
		n = n.Alias
	}
	return n
}

// kindName names a node's kind for messages. A scalar's text is not
// shown: a value in the wrong place may be a secret.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a single value"
	}
	return "nothing"
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// expect returns the node v stands for when it is of kind; nil when it is
// null (not given), or of another kind, which is a problem: want names
// what was expected.
func (d *decoder) expect(v *yaml.Node, path string, kind yaml.Kind, want string) *yaml.Node {
	v = resolve(v)
	if isNull(v) {
		return nil
	}
	if v.Kind != kind {
		d.addf(v, path, "want %s, got %s", want, kindName(v))
		return nil
	}
	return v
}

// pair is a key and its value in a mapping.
type pair struct {
	key, value *yaml.Node
}

// pairs lists a mapping's entries with merge keys (<<) applied: a key
// written in the mapping wins over a merged one, and an earlier merged
// mapping over a later one, as YAML's merge key says.
func (d *decoder) pairs(n *yaml.Node, path string, depth int) []pair {
	if d.entries > maxEntries {
		return nil
	}
	if d.entries += len(n.Content) / 2; d.entries > maxEntries {
		d.addf(n, path, "anchors and merge keys expand the document to more than %d entries", maxEntries)
		return nil
	}
	var own, merged []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k == nil || k.Kind != yaml.ScalarNode {
			d.addf(n.Content[i], path, "a key must be a plain name")
			continue
		}
		if k.Tag != "!!merge" {
			own = append(own, pair{k, v})
			continue
		}
		if depth >= maxAliasDepth {
			d.addf(k, path, "merge keys (<<) nest too deeply")
			continue
		}
		src := resolve(v)
		var maps []*yaml.Node
		switch {
		case src != nil && src.Kind == yaml.MappingNode:
			maps = []*yaml.Node{src}
		case src != nil && src.Kind == yaml.SequenceNode:
			for _, m := range src.Content {
				maps = append(maps, resolve(m))
			}
		}
		for _, m := range maps {
			if m == nil || m.Kind != yaml.MappingNode {
				d.addf(k, path, "<< must merge a mapping or a list of mappings")
				continue
			}
			merged = append(merged, d.pairs(m, path, depth+1)...)
		}
	}
	out := own
	seen := make(map[string]bool, len(own))
	for _, p := range own {
		seen[p.key.Value] = true
	}
	for _, p := range merged {
		if !seen[p.key.Value] {
			seen[p.key.Value] = true
			out = append(out, p)
		}
	}
	return out
}

// fields decodes the mapping n: each known key's value goes to its
// function; an unknown or repeated key is a problem. It returns the key
// nodes that were given, by name, for checks across keys.
func (d *decoder) fields(n *yaml.Node, path string, known []string, set func(key string, v *yaml.Node, path string)) map[string]*yaml.Node {
	given := map[string]*yaml.Node{}
	if n = d.expect(n, path, yaml.MappingNode, "a mapping (key: value lines)"); n == nil {
		return given
	}
	for _, p := range d.pairs(n, path, 0) {
		key := p.key.Value
		if first, ok := given[key]; ok {
			d.addf(p.key, path, "key %q given twice (first on line %d)", key, first.Line)
			continue
		}
		if path == "" && strings.HasPrefix(key, "x-") {
			continue // a place for anchors, as in docker compose files
		}
		if !contains(known, key) {
			msg := fmt.Sprintf("unknown key %q", key)
			if s := suggest(key, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			d.addf(p.key, path, "%s", msg)
			continue
		}
		given[key] = p.key
		set(key, p.value, join(path, key))
	}
	return given
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// scalar returns a scalar's text; a null is "". Anything else is a problem.
func (d *decoder) scalar(v *yaml.Node, path string) (string, bool) {
	v = resolve(v)
	if isNull(v) {
		return "", true
	}
	if v.Kind != yaml.ScalarNode {
		d.addf(v, path, "want a single value, got %s", kindName(v))
		return "", false
	}
	return v.Value, true
}

// text is scalar for settings that are names or paths: it refuses control
// characters, which have no business in them and would garble the screen.
func (d *decoder) text(v *yaml.Node, path string) string {
	s, ok := d.scalar(v, path)
	if !ok {
		return ""
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		d.addf(resolve(v), path, "must not contain control characters or line breaks")
		return ""
	}
	return strings.TrimSpace(s)
}

func (d *decoder) duration(v *yaml.Node, path string) time.Duration {
	s, ok := d.scalar(v, path)
	if !ok || s == "" {
		return 0
	}
	t, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		d.addf(resolve(v), path, "%q is not a duration (for example 10s, 1m30s)", s)
		return 0
	}
	if t <= 0 {
		d.addf(resolve(v), path, "%q must be positive", s)
		return 0
	}
	return t
}

func (d *decoder) boolean(v *yaml.Node, path string) bool {
	v = resolve(v)
	if isNull(v) {
		return false
	}
	var b bool
	if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
		if v.Kind == yaml.ScalarNode {
			d.addf(v, path, "%q is not true or false", v.Value)
		} else {
			d.addf(v, path, "want true or false, got %s", kindName(v))
		}
		return false
	}
	return b
}

func (d *decoder) integer(v *yaml.Node, path string) (int, bool) {
	s, ok := d.scalar(v, path)
	if !ok || s == "" {
		return 0, false
	}
	i, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), "_", ""))
	if err != nil {
		d.addf(resolve(v), path, "%q is not a whole number", s)
		return 0, false
	}
	return i, true
}

// list decodes a list of values, or one value holding a comma-separated
// list ("b1:9092,b2:9092", as -b takes them).
func (d *decoder) list(v *yaml.Node, path string) []string {
	v = resolve(v)
	if isNull(v) {
		return nil
	}
	var raw []string
	switch v.Kind {
	case yaml.ScalarNode:
		raw = strings.Split(v.Value, ",")
	case yaml.SequenceNode:
		for i, e := range v.Content {
			s := d.text(e, fmt.Sprintf("%s[%d]", path, i))
			raw = append(raw, s)
		}
	default:
		d.addf(v, path, "want a list, got %s", kindName(v))
		return nil
	}
	var out []string
	for _, s := range raw {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// stringMap decodes a mapping of free names to values.
func (d *decoder) stringMap(v *yaml.Node, path string) map[string]string {
	if v = d.expect(v, path, yaml.MappingNode, "a mapping (name: value lines)"); v == nil {
		return nil
	}
	out := map[string]string{}
	for _, p := range d.pairs(v, path, 0) {
		k := p.key.Value
		if _, dup := out[k]; dup {
			d.addf(p.key, path, "key %q given twice", k)
			continue
		}
		out[k] = d.text(p.value, join(path, k))
	}
	return out
}

var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// suggest is the known key closest to key, if it is close enough to be a
// likely typo: the same once case, '_' and '-' are ignored (currentCluster,
// current-cluster), or within a small edit distance.
func suggest(key string, known []string) string {
	norm := func(s string) string {
		return strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(s))
	}
	best, bestDist := "", 0
	for _, k := range known {
		if norm(k) == norm(key) {
			return k
		}
		dist := editDistance(strings.ToLower(key), k)
		if dist <= max(1, min(3, len(k)/3)) && (best == "" || dist < bestDist) {
			best, bestDist = k, dist
		}
	}
	return best
}

// editDistance is the Levenshtein distance, with a swap of two neighbours
// counted as one edit (the commonest typo).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 1 << 20
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
