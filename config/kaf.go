package config

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// kaf's configuration (github.com/birdayz/kaf, ~/.kaf/config), with kaf's
// own field names. kaf itself ignores keys it does not know, and so does
// this reader; only what kafkatui uses is declared.
type kafCluster struct {
	Name             string    `yaml:"name"`
	Brokers          yaml.Node `yaml:"brokers"`
	SASL             *kafSASL  `yaml:"SASL"`
	TLS              *kafTLS   `yaml:"TLS"`
	SecurityProtocol string    `yaml:"security-protocol"`
	// SchemaRegistryURL may lack a scheme (kaf's README writes
	// localhost:8085); http is meant then.
	SchemaRegistryURL         string          `yaml:"schema-registry-url"`
	SchemaRegistryCredentials *kafCredentials `yaml:"schema-registry-credentials"`
}

type kafCredentials struct {
	Username string `yaml:"username"`
	Password string `yaml:"password"`
}

// kafRegistryNames are kaf's names for the schema_registry settings.
var kafRegistryNames = map[string]string{
	"url": "schema-registry-url", "username": "schema-registry-credentials.username",
	"password": "schema-registry-credentials.password",
}

type kafSASL struct {
	Mechanism    string   `yaml:"mechanism"`
	Username     string   `yaml:"username"`
	Password     string   `yaml:"password"`
	ClientID     string   `yaml:"clientID"`
	ClientSecret string   `yaml:"clientSecret"`
	TokenURL     string   `yaml:"tokenURL"`
	Scopes       []string `yaml:"scopes"`
	Token        string   `yaml:"token"`
}

type kafTLS struct {
	CAFile        string `yaml:"cafile"`
	ClientFile    string `yaml:"clientfile"`
	ClientKeyFile string `yaml:"clientkeyfile"`
	Insecure      bool   `yaml:"insecure"`
}

// kafNames are kaf's names for kafkatui's SASL settings; the ones kaf does
// not have are absent.
var kafNames = map[string]string{
	"mechanism": "mechanism", "username": "username", "password": "password",
	"token_url": "tokenURL", "client_id": "clientID", "client_secret": "clientSecret",
	"scopes": "scopes", "token": "token",
}

// ParseKaf decodes kaf's configuration file into clusters kafkatui can use.
// TLS is on when the cluster has a TLS section or its security-protocol is
// SSL or SASL_SSL, as in kaf.
func ParseKaf(name string, data []byte, opts Options) (*File, error) {
	d := &decoder{file: name, currentKey: "current-cluster"}
	f := &File{Path: name, Format: FormatKaf}
	root := resolve(d.document(data))
	if root == nil {
		return f, d.err()
	}
	if root.Kind != yaml.MappingNode {
		d.addf(root, "", "want a mapping with current-cluster and clusters, got %s", kindName(root))
		return nil, d.err()
	}
	for _, p := range d.pairs(root, "", 0) {
		switch p.key.Value {
		case "current-cluster":
			f.Current = d.text(p.value, "current-cluster")
			d.currentNode = resolve(p.value)
		case "clusters":
			v := d.expect(p.value, "clusters", yaml.SequenceNode, "a list of clusters")
			if v == nil {
				continue
			}
			for i, n := range v.Content {
				f.Clusters = append(f.Clusters, d.kafCluster(n, fmt.Sprintf("clusters[%d]", i), opts))
			}
		}
	}
	d.checkNames(f.Clusters, "clusters", "name")
	d.checkCurrent(f)
	if err := d.err(); err != nil {
		return nil, err
	}
	return f, nil
}

var (
	yamlTypeErrRE = regexp.MustCompile(`line (\d+): (.*)`)
	yamlValueRE   = regexp.MustCompile(" `[^`]*`")
)

func (d *decoder) kafCluster(n *yaml.Node, path string, opts Options) Cluster {
	n = resolve(n)
	c := Cluster{}
	if n == nil {
		d.addf(nil, path, "an empty cluster")
		return c
	}
	c.Line = n.Line
	var kc kafCluster
	if err := n.Decode(&kc); err != nil {
		for _, m := range yamlTypeErrRE.FindAllStringSubmatch(err.Error(), -1) {
			line, _ := strconv.Atoi(m[1])
			// yaml quotes the value it could not use: it may be a secret.
			d.add(line, path, yamlValueRE.ReplaceAllString(m[2], ""))
		}
		if !d.failedAt(path) {
			d.addf(n, path, "%s", yamlValueRE.ReplaceAllString(strings.TrimPrefix(err.Error(), "yaml: "), ""))
		}
		return c
	}
	c.Name = strings.TrimSpace(kc.Name)
	if c.Name == "" {
		d.addf(n, path, "a cluster needs a name")
	}
	c.Brokers = d.brokers(&kc.Brokers, path+".brokers")
	if len(c.Brokers) == 0 && !d.failedAt(path+".brokers") {
		d.addf(n, path, "cluster %q needs brokers (host:port)", c.Name)
	}
	proto := strings.ToUpper(strings.TrimSpace(kc.SecurityProtocol))
	switch proto {
	case "", "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL":
	default:
		d.addf(n, path+".security-protocol", "%q is not PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL", kc.SecurityProtocol)
	}
	if kc.TLS != nil || proto == "SSL" || proto == "SASL_SSL" {
		c.TLS.Enabled = true
	}
	if t := kc.TLS; t != nil {
		c.TLS.CAFile = d.kafPath(n, path+".TLS.cafile", t.CAFile, opts)
		c.TLS.CertFile = d.kafPath(n, path+".TLS.clientfile", t.ClientFile, opts)
		c.TLS.KeyFile = d.kafPath(n, path+".TLS.clientkeyfile", t.ClientKeyFile, opts)
		c.TLS.InsecureSkipVerify = t.Insecure
		if (c.TLS.CertFile == "") != (c.TLS.KeyFile == "") {
			d.addf(n, path+".TLS", "a client certificate needs both clientfile and clientkeyfile")
		}
	}
	if kc.SASL != nil {
		c.SASL = d.kafSASL(kc.SASL, n, path+".SASL", c.Name)
	}
	c.SchemaRegistry = d.kafRegistry(&kc, n, path, c.Name)
	return c
}

// kafRegistry reads kaf's schema-registry-url and credentials. User
// information in the URL becomes the credentials, as kaf's client sends
// it, so that no message shows it.
func (d *decoder) kafRegistry(kc *kafCluster, n *yaml.Node, path, name string) SchemaRegistry {
	raw := strings.TrimSpace(kc.SchemaRegistryURL)
	if raw == "" && kc.SchemaRegistryCredentials == nil {
		return SchemaRegistry{}
	}
	if raw != "" && !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	var r SchemaRegistry
	var user, pass string
	if creds := kc.SchemaRegistryCredentials; creds != nil {
		user, pass = creds.Username, creds.Password
	}
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if user == "" {
			user = u.User.Username()
			pass, _ = u.User.Password()
		}
		u.User = nil
		raw = u.String()
	}
	r.URL, r.Username = raw, user
	if pass != "" {
		r.Password = LiteralSecret(pass, "")
	}
	present := map[string]bool{"url": raw != "", "username": user != "", "password": pass != ""}
	line := func(string) int { return n.Line }
	d.checkRegistry(&r, saslCheck{
		path:    path,
		present: func(k string) bool { return present[k] },
		line:    line,
		name:    func(k string) string { return kafRegistryNames[k] },
	})
	bindSecretList(r.secrets(), d.file, name, line, func(k string) string { return kafRegistryNames[k] })
	return r
}

func (d *decoder) kafSASL(ks *kafSASL, cluster *yaml.Node, path, name string) SASL {
	s := SASL{
		Mechanism: strings.ToUpper(strings.TrimSpace(ks.Mechanism)),
		Username:  ks.Username,
		TokenURL:  ks.TokenURL,
		ClientID:  ks.ClientID,
		Scopes:    ks.Scopes,
	}
	// Without a mechanism kaf's older (sarama) versions used PLAIN.
	if s.Mechanism == "" && (ks.Username != "" || ks.Password != "") {
		s.Mechanism = "PLAIN"
	}
	for base, v := range map[string]string{"password": ks.Password, "client_secret": ks.ClientSecret, "token": ks.Token} {
		if v != "" {
			*s.secret(base) = LiteralSecret(v, "")
		}
	}
	// Lines of the SASL section's keys, for messages.
	lines := map[string]int{}
	for _, p := range d.pairs(cluster, path, 0) {
		if p.key.Value != "SASL" {
			continue
		}
		lines[""] = p.key.Line
		if sv := resolve(p.value); sv != nil && sv.Kind == yaml.MappingNode {
			for _, sp := range d.pairs(sv, path, 0) {
				lines[sp.key.Value] = sp.key.Line
			}
		}
	}
	line := func(setting string) int {
		if l, ok := lines[kafNames[setting]]; ok {
			return l
		}
		if l, ok := lines[""]; ok {
			return l
		}
		return cluster.Line
	}
	present := map[string]bool{
		"mechanism": ks.Mechanism != "", "username": ks.Username != "", "password": ks.Password != "",
		"token_url": ks.TokenURL != "", "client_id": ks.ClientID != "", "client_secret": ks.ClientSecret != "",
		"scopes": len(ks.Scopes) > 0, "token": ks.Token != "",
	}
	d.checkSASL(&s, saslCheck{
		path:    path,
		present: func(k string) bool { return present[k] },
		line:    line,
		name:    func(k string) string { return kafNames[k] },
	})
	bindSecrets(&s, d.file, name, line, func(k string) string { return "SASL." + kafNames[k] })
	return s
}

// kafPath expands ~ in a path of kaf's file; a relative path stays relative
// to the working directory, as kaf reads it.
func (d *decoder) kafPath(n *yaml.Node, path, p string, opts Options) string {
	p = strings.TrimSpace(p)
	out, err := expandHome(p, opts.Home)
	if err != nil {
		d.addf(n, path, "%v", err)
		return ""
	}
	return out
}
