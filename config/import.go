package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// ImportResult says what ImportKaf did.
type ImportResult struct {
	// Path is the kafkatui file written.
	Path string
	// Added are the clusters written, Skipped those the file already had
	// (by name), both in kaf's order.
	Added, Skipped []string
	// Created is set when the file did not exist before.
	Created bool
}

// ImportKaf writes kaf's clusters (from kafPath) into kafkatui's file at
// dest. A new file gets every cluster and kaf's current cluster, with mode
// 0600 since kaf keeps passwords as they are. An existing file is left
// alone unless merge is set; then the clusters it has no cluster of the same
// name for are appended to it, and nothing it already holds (clusters,
// current cluster, comments) changes. Relative file paths in kaf's file are
// made absolute against the working directory, where kaf reads them from.
func ImportKaf(kafPath, dest string, merge bool, opts Options) (ImportResult, error) {
	res := ImportResult{Path: dest}
	kf, err := LoadKaf(kafPath, opts)
	if err != nil {
		return res, err
	}
	if len(kf.Clusters) == 0 {
		return res, fmt.Errorf("%s has no clusters to import", kafPath)
	}
	_, err = os.Lstat(dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return importNew(kf, dest, opts)
	case err != nil:
		return res, fmt.Errorf("config file: %w", err)
	case !merge:
		return res, fmt.Errorf("%s already exists: use --force to add the kaf clusters whose names it does not have (nothing already in it changes)", dest)
	}
	return importMerge(kf, dest, opts)
}

func importNew(kf *File, dest string, opts Options) (ImportResult, error) {
	res := ImportResult{Path: dest, Created: true}
	root := &yaml.Node{Kind: yaml.MappingNode, HeadComment: fmt.Sprintf(
		"kafkatui configuration, imported from %s.\n"+
			"Secrets were copied as they are: consider password_env or password_cmd instead.", kf.Path)}
	if kf.Current != "" {
		root.Content = append(root.Content, strNode("current_cluster"), strNode(kf.Current))
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	for _, c := range kf.Clusters {
		n, err := clusterNode(c)
		if err != nil {
			return res, err
		}
		seq.Content = append(seq.Content, n)
		res.Added = append(res.Added, c.Name)
	}
	root.Content = append(root.Content, strNode("clusters"), seq)
	out, err := encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}})
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	if _, err := Parse(dest, out, opts); err != nil {
		return res, fmt.Errorf("import: the written file would not read back: %w", err)
	}
	return res, writeFileAtomic(dest, out, 0o600)
}

func importMerge(kf *File, dest string, opts Options) (ImportResult, error) {
	res := ImportResult{Path: dest}
	real, data, mode, err := readForWrite(dest)
	if err != nil {
		return res, err
	}
	existing, err := Parse(dest, data, opts)
	if err != nil {
		return res, err
	}
	doc, root, err := topNode(data)
	if err != nil {
		return res, fmt.Errorf("%s: %w", dest, err)
	}
	if root == nil {
		root = &yaml.Node{Kind: yaml.MappingNode}
		doc = &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
	}
	seq := value(root, "clusters")
	if seq == nil || isNull(seq) {
		seq = &yaml.Node{Kind: yaml.SequenceNode}
		root.Content = append(root.Content, strNode("clusters"), seq)
	}
	if seq.Kind != yaml.SequenceNode {
		return res, fmt.Errorf("%s: clusters is not a list that can be added to", dest)
	}
	seq.Style &^= yaml.FlowStyle
	for _, c := range kf.Clusters {
		if _, ok := existing.Cluster(c.Name); ok {
			res.Skipped = append(res.Skipped, c.Name)
			continue
		}
		n, err := clusterNode(c)
		if err != nil {
			return res, err
		}
		seq.Content = append(seq.Content, n)
		res.Added = append(res.Added, c.Name)
	}
	if len(res.Added) == 0 {
		return res, nil
	}
	out, err := encode(doc)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	if nf, err := Parse(dest, out, opts); err != nil || len(nf.Clusters) != len(existing.Clusters)+len(res.Added) {
		return res, fmt.Errorf("import: the merged file would not read back as expected (left unchanged): %v", err)
	}
	return res, writeFileAtomic(real, out, mode)
}

func strNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

// fileCluster is a cluster as kafkatui's file writes it.
type fileCluster struct {
	Name    string    `yaml:"name"`
	Brokers []string  `yaml:"brokers,flow"`
	SASL    *fileSASL `yaml:"sasl,omitempty"`
	TLS     *fileTLS  `yaml:"tls,omitempty"`
	// SchemaRegistry is kaf's schema-registry-url and credentials.
	SchemaRegistry *fileRegistry `yaml:"schema_registry,omitempty"`
}

type fileRegistry struct {
	URL      string `yaml:"url"`
	Username string `yaml:"username,omitempty"`
	Password string `yaml:"password,omitempty"`
}

type fileSASL struct {
	Mechanism    string   `yaml:"mechanism"`
	Username     string   `yaml:"username,omitempty"`
	Password     string   `yaml:"password,omitempty"`
	TokenURL     string   `yaml:"token_url,omitempty"`
	ClientID     string   `yaml:"client_id,omitempty"`
	ClientSecret string   `yaml:"client_secret,omitempty"`
	Scopes       []string `yaml:"scopes,flow,omitempty"`
	Token        string   `yaml:"token,omitempty"`
}

type fileTLS struct {
	Enabled            bool   `yaml:"enabled"`
	CAFile             string `yaml:"ca_file,omitempty"`
	CertFile           string `yaml:"cert_file,omitempty"`
	KeyFile            string `yaml:"key_file,omitempty"`
	InsecureSkipVerify bool   `yaml:"insecure_skip_verify,omitempty"`
}

// clusterNode turns one of kaf's clusters into a node of kafkatui's file.
// kaf has only literal secrets, so only those are written.
func clusterNode(c Cluster) (*yaml.Node, error) {
	fc := fileCluster{Name: c.Name, Brokers: c.Brokers}
	if c.SASL.Mechanism != "" {
		fc.SASL = &fileSASL{
			Mechanism: c.SASL.Mechanism, Username: c.SASL.Username, Password: c.SASL.Password.value,
			TokenURL: c.SASL.TokenURL, ClientID: c.SASL.ClientID, ClientSecret: c.SASL.ClientSecret.value,
			Scopes: c.SASL.Scopes, Token: c.SASL.Token.value,
		}
	}
	if r := c.SchemaRegistry; !r.IsZero() {
		fc.SchemaRegistry = &fileRegistry{URL: r.URL, Username: r.Username, Password: r.Password.value}
	}
	if c.TLS.Enabled {
		fc.TLS = &fileTLS{Enabled: true, InsecureSkipVerify: c.TLS.InsecureSkipVerify}
		for _, p := range []struct{ src, dst *string }{{&c.TLS.CAFile, &fc.TLS.CAFile}, {&c.TLS.CertFile, &fc.TLS.CertFile}, {&c.TLS.KeyFile, &fc.TLS.KeyFile}} {
			if *p.src == "" {
				continue
			}
			abs, err := filepath.Abs(*p.src)
			if err != nil {
				return nil, fmt.Errorf("import cluster %q: %w", c.Name, err)
			}
			*p.dst = abs
		}
	}
	var n yaml.Node
	if err := n.Encode(fc); err != nil {
		return nil, fmt.Errorf("import cluster %q: %w", c.Name, err)
	}
	return &n, nil
}
