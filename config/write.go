package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// SetCurrent makes name the current cluster of the kafkatui file at path.
// Only that setting changes: the value is replaced in the text itself, so
// comments, blank lines and layout stay as the user wrote them. Where the
// text cannot be edited in place (a multi-line or aliased value, a flow
// mapping), the document's node tree is edited and written again, which
// keeps comments but may reflow the layout.
func SetCurrent(path, name string, opts Options) error {
	real, data, mode, err := readForWrite(path)
	if err != nil {
		return err
	}
	// A current_cluster naming a cluster that is gone is what this fixes,
	// so only that problem is let through.
	f, d := parseFile(path, data, opts)
	if err := d.err(); err != nil {
		return err
	}
	if _, ok := f.Cluster(name); !ok {
		if len(f.Clusters) == 0 {
			return fmt.Errorf("%s has no clusters", path)
		}
		return fmt.Errorf("no cluster %q in %s (clusters: %s)", name, path, strings.Join(f.Names(), ", "))
	}
	out, err := setCurrentText(data, name)
	if err != nil {
		out, err = setCurrentTree(data, name)
	}
	if err != nil {
		return fmt.Errorf("set the current cluster in %s: %w", path, err)
	}
	if nf, err := Parse(path, out, opts); err != nil || nf.Current != name || len(nf.Clusters) != len(f.Clusters) {
		return fmt.Errorf("set the current cluster in %s: the edited file does not read back as expected (left unchanged)", path)
	}
	return writeFileAtomic(real, out, mode)
}

// readForWrite reads the file behind path, following symbolic links so that
// a config kept in a dotfiles repository stays a link to it.
func readForWrite(path string) (real string, data []byte, mode fs.FileMode, err error) {
	real, err = filepath.EvalSymlinks(path)
	if err != nil {
		return "", nil, 0, fmt.Errorf("config file: %w", err)
	}
	st, err := os.Stat(real)
	if err != nil {
		return "", nil, 0, fmt.Errorf("config file: %w", err)
	}
	data, err = os.ReadFile(real)
	if err != nil {
		return "", nil, 0, fmt.Errorf("config file: %w", err)
	}
	return real, data, st.Mode().Perm(), nil
}

// topNode is the document's top mapping, or nil.
func topNode(data []byte) (*yaml.Node, *yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return &doc, nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return &doc, nil, errors.New("the document is not a mapping")
	}
	return &doc, root, nil
}

// value returns the value of key in the mapping m (own keys only).
func value(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// setCurrentText replaces current_cluster's value in place, or appends the
// setting when there is none.
func setCurrentText(data []byte, name string) ([]byte, error) {
	_, root, err := topNode(data)
	if err != nil {
		return nil, err
	}
	if root == nil || root.Style&yaml.FlowStyle != 0 {
		return nil, errors.New("not a block mapping")
	}
	v := value(root, "current_cluster")
	if v == nil {
		if bytes.Contains(data, []byte("\n---")) || bytes.Contains(data, []byte("\n...")) {
			return nil, errors.New("several documents")
		}
		out := bytes.Clone(data)
		if len(out) > 0 && out[len(out)-1] != '\n' {
			out = append(out, '\n')
		}
		return append(out, "current_cluster: "+yamlString(name, 0)+"\n"...), nil
	}
	start, end, ok := scalarSpan(data, v)
	if !ok {
		return nil, errors.New("the value cannot be edited in place")
	}
	var out []byte
	out = append(out, data[:start]...)
	out = append(out, yamlString(name, v.Style)...)
	return append(out, data[end:]...), nil
}

// scalarSpan finds the bytes of a one-line scalar in data.
func scalarSpan(data []byte, v *yaml.Node) (int, int, bool) {
	if v.Kind != yaml.ScalarNode || v.Line < 1 || v.Column < 1 || v.Value == "" {
		return 0, 0, false
	}
	lineStart := 0
	for l := 1; l < v.Line; l++ {
		i := bytes.IndexByte(data[lineStart:], '\n')
		if i < 0 {
			return 0, 0, false
		}
		lineStart += i + 1
	}
	lineEnd := len(data)
	if i := bytes.IndexByte(data[lineStart:], '\n'); i >= 0 {
		lineEnd = lineStart + i
	}
	line := data[lineStart:lineEnd]
	// yaml counts columns in characters.
	col := v.Column - 1
	off := 0
	for n := 0; n < col; n++ {
		if off >= len(line) {
			return 0, 0, false
		}
		_, size := utf8.DecodeRune(line[off:])
		off += size
	}
	rest := line[off:]
	switch v.Style {
	case 0, yaml.TaggedStyle:
		if !bytes.HasPrefix(rest, []byte(v.Value)) {
			return 0, 0, false
		}
		return lineStart + off, lineStart + off + len(v.Value), true
	case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		q := rest[0]
		for i := 1; i < len(rest); i++ {
			switch {
			case q == '"' && rest[i] == '\\':
				i++
			case rest[i] == q && q == '\'' && i+1 < len(rest) && rest[i+1] == '\'':
				i++
			case rest[i] == q:
				return lineStart + off, lineStart + off + i + 1, true
			}
		}
	}
	return 0, 0, false
}

var plainNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]*$`)

// yamlString writes s as a YAML scalar, keeping the quoting style the
// user chose when there was one.
func yamlString(s string, style yaml.Style) string {
	switch style {
	case yaml.SingleQuotedStyle:
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	case yaml.DoubleQuotedStyle:
		return strconv.Quote(s)
	}
	var probe any
	if plainNameRE.MatchString(s) && yaml.Unmarshal([]byte(s), &probe) == nil && probe == s {
		return s
	}
	return strconv.Quote(s)
}

// setCurrentTree sets current_cluster in the node tree and writes it again.
func setCurrentTree(data []byte, name string) ([]byte, error) {
	doc, root, err := topNode(data)
	if err != nil {
		return nil, err
	}
	if root == nil {
		return nil, errors.New("empty document")
	}
	val := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}
	if v := value(root, "current_cluster"); v != nil {
		*v = *val
	} else {
		key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "current_cluster"}
		root.Content = append([]*yaml.Node{key, val}, root.Content...)
	}
	return encode(doc)
}

func encode(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeFileAtomic replaces path with data through a temporary file in the
// same directory, so a crash never leaves half a config.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	return nil
}
