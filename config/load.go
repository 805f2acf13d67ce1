package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// Options are what loading needs from the environment.
type Options struct {
	// Home replaces a leading ~ in file paths; empty leaves ~ unexpanded.
	Home string
}

// Load reads the kafkatui configuration file at path.
func Load(path string, opts Options) (*File, error) {
	return load(path, opts, Parse)
}

// LoadKaf reads kaf's configuration file at path.
func LoadKaf(path string, opts Options) (*File, error) {
	return load(path, opts, ParseKaf)
}

func load(path string, opts Options, parse func(string, []byte, Options) (*File, error)) (*File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("config file %s is a directory", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	f, err := parse(path, data, opts)
	if err != nil {
		return nil, err
	}
	f.Mode = st.Mode().Perm()
	return f, nil
}

// Parse decodes a kafkatui configuration file. name is the file's path: it
// starts every message, and relative paths in the file (ca_file...) are
// taken relative to its directory.
func Parse(name string, data []byte, opts Options) (*File, error) {
	f, d := parseFile(name, data, opts)
	if f != nil {
		d.checkCurrent(f)
	}
	if err := d.err(); err != nil {
		return nil, err
	}
	return f, nil
}

// parseFile decodes and checks everything but current_cluster, which
// `config use` must be able to fix.
func parseFile(name string, data []byte, opts Options) (*File, *decoder) {
	d := &decoder{file: name}
	root := d.document(data)
	f := &File{Path: name, Format: FormatKafkatui}
	if root == nil {
		return f, d
	}
	dir := baseDir(name)
	var current *yaml.Node
	d.fields(root, "", []string{"current_cluster", "defaults", "clusters"}, func(key string, v *yaml.Node, path string) {
		switch key {
		case "current_cluster":
			f.Current = d.text(v, path)
			current = resolve(v)
		case "defaults":
			f.Defaults = d.defaults(v, path)
		case "clusters":
			f.Clusters = d.clusters(v, path, dir, opts)
		}
	})
	for i := range f.Clusters {
		if f.Clusters[i].Timeout == 0 {
			f.Clusters[i].Timeout = f.Defaults.Timeout
		}
	}
	d.checkNames(f.Clusters, "clusters", "name")
	d.currentNode, d.currentKey = current, "current_cluster"
	return f, d
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// document parses data and returns its top node, or nil when the file is
// empty. A syntax error is a problem with the line yaml reports.
func (d *decoder) document(data []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		line := 0
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		d.add(line, "", "not valid YAML: "+msg)
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return nil
	}
	return doc.Content[0]
}

func (d *decoder) defaults(v *yaml.Node, path string) Defaults {
	var def Defaults
	d.fields(v, path, []string{"timeout", "refresh", "tail_buffer", "theme", "isolation"}, func(key string, v *yaml.Node, path string) {
		switch key {
		case "timeout":
			def.Timeout = d.duration(v, path)
		case "refresh":
			def.Refresh = d.duration(v, path)
			if def.Refresh != 0 && def.Refresh < MinRefresh {
				d.addf(resolve(v), path, "must be at least %s", MinRefresh)
			}
		case "tail_buffer":
			if n, ok := d.integer(v, path); ok {
				if n < MinTailBuffer || n > MaxTailBuffer {
					d.addf(resolve(v), path, "must be between %d and %d, got %d", MinTailBuffer, MaxTailBuffer, n)
				} else {
					def.TailBuffer = n
				}
			}
		case "theme":
			def.Theme = strings.ToLower(d.text(v, path))
			if def.Theme != "" && !contains(Themes, def.Theme) {
				d.addf(resolve(v), path, "theme %q is not one of %s", def.Theme, strings.Join(Themes, ", "))
			}
		case "isolation":
			if s := d.text(v, path); s != "" {
				iso, err := kafkaops.ParseIsolation(s)
				if err != nil {
					d.addf(resolve(v), path, "%v", err)
				} else {
					def.Isolation = iso.String()
				}
			}
		}
	})
	return def
}

func (d *decoder) clusters(v *yaml.Node, path, dir string, opts Options) []Cluster {
	if v = d.expect(v, path, yaml.SequenceNode, `a list of clusters (lines starting with "- name: ")`); v == nil {
		return nil
	}
	out := make([]Cluster, 0, len(v.Content))
	for i, n := range v.Content {
		out = append(out, d.cluster(n, fmt.Sprintf("%s[%d]", path, i), dir, opts))
	}
	return out
}

var clusterKeys = []string{"name", "brokers", "client_id", "timeout", "read_only", "color", "sasl", "tls", "schema_registry"}

func (d *decoder) cluster(n *yaml.Node, path, dir string, opts Options) Cluster {
	c := Cluster{}
	if r := resolve(n); r != nil {
		c.Line = r.Line
	}
	if isNull(resolve(n)) {
		d.addf(resolve(n), path, "an empty cluster: a \"-\" with nothing after it")
		return c
	}
	var saslGiven, registryGiven map[string]*yaml.Node
	given := d.fields(n, path, clusterKeys, func(key string, v *yaml.Node, p string) {
		switch key {
		case "name":
			c.Name = d.text(v, p)
		case "brokers":
			c.Brokers = d.brokers(v, p)
		case "client_id":
			c.ClientID = d.text(v, p)
		case "timeout":
			c.Timeout = d.duration(v, p)
		case "read_only":
			c.ReadOnly = d.boolean(v, p)
		case "color":
			c.Color = d.color(v, p)
		case "sasl":
			c.SASL, saslGiven = d.sasl(v, p)
		case "tls":
			c.TLS = d.tls(v, p, dir, opts, tlsKeys)
		case "schema_registry":
			c.SchemaRegistry, registryGiven = d.schemaRegistry(v, p, dir, opts)
		}
	})
	if r := resolve(n); r != nil && r.Kind == yaml.MappingNode {
		if c.Name == "" && !d.failedAt(path+".name") {
			d.addf(r, path, "a cluster needs a name")
		}
		if len(c.Brokers) == 0 && !d.failedAt(path+".brokers") {
			d.addf(r, path, "cluster %q needs brokers (host:port)", c.Name)
		}
	}
	line := func(setting string) int {
		if k := saslGiven[setting]; k != nil {
			return k.Line
		}
		if k := given["sasl"]; k != nil {
			return k.Line
		}
		return c.Line
	}
	bindSecrets(&c.SASL, d.file, c.Name, line, func(s string) string { return "sasl." + s })
	registryLine := func(setting string) int {
		if k := registryGiven[setting]; k != nil {
			return k.Line
		}
		if k := given["schema_registry"]; k != nil {
			return k.Line
		}
		return c.Line
	}
	bindSecretList(c.SchemaRegistry.secrets(), d.file, c.Name, registryLine, func(s string) string { return "schema_registry." + s })
	return c
}

// failedAt reports whether a problem was already found at path, so one
// mistake is not reported twice.
func (d *decoder) failedAt(path string) bool {
	for _, p := range d.problems {
		if p.Path == path || strings.HasPrefix(p.Path, path+"[") {
			return true
		}
	}
	return false
}

func (d *decoder) brokers(v *yaml.Node, path string) []string {
	var out []string
	for _, b := range d.list(v, path) {
		addr, err := BrokerAddr(b)
		if err != nil {
			d.addf(resolve(v), path, "%v", err)
			continue
		}
		out = append(out, addr)
	}
	return out
}

var hexColorRE = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

func (d *decoder) color(v *yaml.Node, path string) string {
	s := d.text(v, path)
	if s == "" {
		return ""
	}
	if hexColorRE.MatchString(s) {
		return strings.ToLower(s)
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 255 {
		return strconv.Itoa(n)
	}
	if n, ok := ansiNames[strings.ToLower(s)]; ok {
		return strconv.Itoa(n)
	}
	d.addf(resolve(v), path, "%q is not a colour: want \"#rrggbb\", \"#rgb\", an ANSI colour number 0-255 or name (red, bright-blue...)", s)
	return ""
}

// ansiNames are the 16 ANSI colours' names, as terminal themes give them.
var ansiNames = map[string]int{
	"black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
	"bright-black": 8, "grey": 8, "gray": 8, "bright-red": 9, "bright-green": 10, "bright-yellow": 11,
	"bright-blue": 12, "bright-magenta": 13, "bright-cyan": 14, "bright-white": 15,
}

var tlsKeys = []string{"enabled", "ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify"}

// tls decodes a tls mapping with the keys given: the cluster's, or the
// Schema Registry's (which has no enabled: its URL's scheme says).
func (d *decoder) tls(v *yaml.Node, path, dir string, opts Options, keys []string) (t kafkaops.TLSConfig) {
	given := d.fields(v, path, keys, func(key string, v *yaml.Node, p string) {
		switch key {
		case "enabled":
			t.Enabled = d.boolean(v, p)
		case "ca_file":
			t.CAFile = d.filePath(v, p, dir, opts)
		case "cert_file":
			t.CertFile = d.filePath(v, p, dir, opts)
		case "key_file":
			t.KeyFile = d.filePath(v, p, dir, opts)
		case "server_name":
			t.ServerName = d.text(v, p)
		case "insecure_skip_verify":
			t.InsecureSkipVerify = d.boolean(v, p)
		}
	})
	if (t.CertFile == "") != (t.KeyFile == "") {
		at := given["cert_file"]
		if at == nil {
			at = given["key_file"]
		}
		d.addf(at, path, "a client certificate needs both cert_file and key_file")
	}
	return t
}

// filePath expands ~ and makes a relative path relative to the file's
// directory, where the user keeps it, not wherever kafkatui runs.
func (d *decoder) filePath(v *yaml.Node, path, dir string, opts Options) string {
	p := d.text(v, path)
	if p == "" {
		return ""
	}
	p, err := expandHome(p, opts.Home)
	if err != nil {
		d.addf(resolve(v), path, "%v", err)
		return ""
	}
	if !filepath.IsAbs(p) && dir != "" {
		p = filepath.Join(dir, p)
	}
	return p
}

// expandHome replaces a leading ~ by home.
func expandHome(p, home string) (string, error) {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p, nil
	}
	if home == "" {
		return "", errors.New("~ cannot be expanded: HOME is not set")
	}
	return filepath.Join(home, strings.TrimPrefix(p, "~")), nil
}

// baseDir is the absolute directory of the file name, or "" if unknown.
func baseDir(name string) string {
	abs, err := filepath.Abs(name)
	if err != nil {
		return ""
	}
	return filepath.Dir(abs)
}

// checkNames reports clusters without a unique name.
func (d *decoder) checkNames(cs []Cluster, path, key string) {
	first := map[string]int{}
	for i, c := range cs {
		if c.Name == "" {
			continue
		}
		if line, dup := first[c.Name]; dup {
			d.add(c.Line, fmt.Sprintf("%s[%d].%s", path, i, key), fmt.Sprintf("cluster name %q is already used on line %d", c.Name, line))
			continue
		}
		first[c.Name] = c.Line
	}
}

// checkCurrent reports a current cluster the file does not have.
func (d *decoder) checkCurrent(f *File) {
	if f.Current == "" {
		return
	}
	if _, ok := f.Cluster(f.Current); !ok {
		msg := fmt.Sprintf("current cluster %q is not one of the clusters", f.Current)
		if len(f.Clusters) > 0 {
			msg += " (" + strings.Join(f.Names(), ", ") + ")"
		}
		d.addf(d.currentNode, d.currentKey, "%s", msg)
	}
}
