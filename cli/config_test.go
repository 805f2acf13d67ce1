package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const listFile = `# my clusters
current_cluster: staging   # used most
clusters:
  - name: staging
    brokers: [s1:9092, s2:9092]
    read_only: true
    sasl: {mechanism: SCRAM-SHA-512, username: alice, password_cmd: "pass show kafka/staging"}
    tls: {enabled: true}

  - name: cloud
    brokers: [pkc:9092]
    sasl:
      mechanism: OAUTHBEARER
      token_url: https://idp.example.com/token
      client_id: kafkatui
      client_secret_env: CLOUD_SECRET
  - name: local
    brokers: [localhost:9092]
    tls: {ca_file: /ca.pem, cert_file: /c.pem, key_file: /k.pem}
`

func TestConfigList(t *testing.T) {
	env := configHome(t, listFile)
	r := runWith(t, runOpts{env: env}, "config", "list").ok(t)
	want := "Config: " + ownConfig(env) + "\n\n" +
		"CURRENT  NAME     BROKERS          AUTH                                       TLS               READ-ONLY\n" +
		"*        staging  s1:9092,s2:9092  SCRAM-SHA-512 alice                        yes               yes\n" +
		"         cloud    pkc:9092         OAUTHBEARER https://idp.example.com/token  no                no\n" +
		"         local    localhost:9092   -                                          yes, client cert  no\n"
	if r.stdout != want {
		t.Errorf("config list:\n%s\nwant\n%s", r.stdout, want)
	}
	if r.stderr != "" {
		t.Errorf("stderr %q", r.stderr)
	}
	// --cluster moves the mark: it shows what a run would use.
	r = runWith(t, runOpts{env: env}, "--cluster", "local", "config", "list").ok(t)
	if !strings.Contains(r.stdout, "*        local") {
		t.Errorf("--cluster local:\n%s", r.stdout)
	}
	r = runWith(t, runOpts{env: env}, "config", "list", "--json").ok(t)
	var l configListing
	if err := json.Unmarshal([]byte(r.stdout), &l); err != nil {
		t.Fatal(err)
	}
	if l.File != ownConfig(env) || l.Format != "kafkatui" || l.Current != "staging" || len(l.Clusters) != 3 ||
		!l.Clusters[0].Current || l.Clusters[0].Secret != "command" || l.Clusters[1].Secret != "$CLOUD_SECRET" || !l.Clusters[0].ReadOnly {
		t.Errorf("json: %s", r.stdout)
	}
	// No file at all.
	home := t.TempDir()
	r = runWith(t, runOpts{env: map[string]string{"HOME": home}}, "config", "list").ok(t)
	if !strings.HasPrefix(r.stdout, "No config file: kafkatui looked for "+filepath.Join(home, ".config", "kafkatui", "config.yaml")) {
		t.Errorf("no file: %q", r.stdout)
	}
}

func TestConfigUse(t *testing.T) {
	env := configHome(t, listFile)
	r := runWith(t, runOpts{env: env}, "config", "use", "cloud").ok(t)
	if r.stdout != "Current cluster: cloud ("+ownConfig(env)+")\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	b, _ := os.ReadFile(ownConfig(env))
	if string(b) != strings.Replace(listFile, "current_cluster: staging", "current_cluster: cloud", 1) {
		t.Errorf("the file changed beyond current_cluster:\n%s", b)
	}
	r = runWith(t, runOpts{env: env}, "config", "list").ok(t)
	if !strings.Contains(r.stdout, "*        cloud") {
		t.Errorf("after use:\n%s", r.stdout)
	}
	runWith(t, runOpts{env: env}, "config", "use", "nope").failed(t, `no cluster "nope" in `+ownConfig(env)+" (clusters: staging, cloud, local)")
	runWith(t, runOpts{env: env}, "config", "use").usage(t, "missing NAME")

	// With --config, that file is edited.
	other := filepath.Join(t.TempDir(), "other.yaml")
	writeConfig(t, other, listFile)
	runWith(t, runOpts{env: env}, "--config", other, "config", "use", "local").ok(t)
	if b, _ := os.ReadFile(other); !strings.Contains(string(b), "current_cluster: local   # used most") {
		t.Errorf("--config file:\n%s", b)
	}
	// Shell completion offers the names.
	r = runWith(t, runOpts{env: env}, "__complete", "config", "use", "")
	if !strings.HasPrefix(r.stdout, "staging\ncloud\nlocal\n") {
		t.Errorf("completion: %q", r.stdout)
	}
	r = runWith(t, runOpts{env: env}, "__complete", "--cluster", "")
	if !strings.HasPrefix(r.stdout, "staging\ncloud\nlocal\n") {
		t.Errorf("--cluster completion: %q", r.stdout)
	}
}

func TestConfigPath(t *testing.T) {
	home := t.TempDir()
	own := filepath.Join(home, ".config", "kafkatui", "config.yaml")
	r := runWith(t, runOpts{env: map[string]string{"HOME": home}}, "config", "path").ok(t)
	if r.stdout != own+"\n" || r.stderr != "kafkatui: it does not exist yet\n" {
		t.Errorf("stdout %q stderr %q", r.stdout, r.stderr)
	}
	writeConfig(t, filepath.Join(home, ".kaf", "config"), kafConfig("127.0.0.1:1", ""))
	r = runWith(t, runOpts{env: map[string]string{"HOME": home}}, "config", "path").ok(t)
	if r.stdout != own+"\n" || !strings.Contains(r.stderr, "kaf's "+filepath.Join(home, ".kaf", "config")+" is read instead") {
		t.Errorf("with kaf: stdout %q stderr %q", r.stdout, r.stderr)
	}
	xdg := t.TempDir()
	r = runWith(t, runOpts{env: map[string]string{"HOME": home, "XDG_CONFIG_HOME": xdg}}, "config", "path").ok(t)
	if r.stdout != filepath.Join(xdg, "kafkatui", "config.yaml")+"\n" {
		t.Errorf("XDG: %q", r.stdout)
	}
	r = runWith(t, runOpts{env: map[string]string{"KAFKATUI_CONFIG": "/etc/kafkatui.yaml"}}, "config", "path").ok(t)
	if r.stdout != "/etc/kafkatui.yaml\n" {
		t.Errorf("KAFKATUI_CONFIG: %q", r.stdout)
	}
	run(t, "config", "path").failed(t, "neither XDG_CONFIG_HOME nor HOME is set")
}

// kafConfig is ~/.kaf/config as kaf writes it (yaml.v3, indent 4), with
// a cluster "dev" at broker and, when password is set, SASL PLAIN user
// admin; and a cluster "other".
func kafConfig(broker, password string) string {
	sasl := "      SASL: null\n"
	proto := `""`
	if password != "" {
		sasl = `      SASL:
          mechanism: PLAIN
          username: admin
          password: ` + password + `
          clientID: ""
          clientSecret: ""
          tokenURL: ""
          scopes: []
          token: ""
          version: 0
`
		proto = "SASL_PLAINTEXT"
	}
	return `current-cluster: dev
clusters:
    - name: dev
      version: ""
      brokers:
          - ` + broker + "\n" + sasl + `      TLS: null
      security-protocol: ` + proto + `
      schema-registry-url: ""
      schema-registry-credentials: null
    - name: other
      brokers:
          - 127.0.0.1:1
`
}

func TestImportKafCommand(t *testing.T) {
	home := t.TempDir()
	env := map[string]string{"HOME": home}
	kaf := filepath.Join(home, ".kaf", "config")
	writeConfig(t, kaf, kafConfig("127.0.0.1:9", "kaf-pw"))
	own := filepath.Join(home, ".config", "kafkatui", "config.yaml")

	r := runWith(t, runOpts{env: env}, "config", "list").ok(t)
	if !strings.HasPrefix(r.stdout, "Config: "+kaf+" (kaf's; kafkatui config import-kaf copies it to "+own+")") ||
		!strings.Contains(r.stdout, "*        dev    127.0.0.1:9  PLAIN admin") {
		t.Errorf("kaf's clusters offered:\n%s", r.stdout)
	}
	runWith(t, runOpts{env: env}, "config", "use", "other").failed(t, "the clusters come from kaf's "+kaf+", which kafkatui does not change: run kafkatui config import-kaf first")

	r = runWith(t, runOpts{env: env}, "config", "import-kaf").ok(t)
	if r.stdout != "Wrote "+own+" (mode 0600) with 2 clusters from "+kaf+": dev, other\n" {
		t.Errorf("import: %q", r.stdout)
	}
	if st, err := os.Stat(own); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("written file: %v %v", st, err)
	}
	r = runWith(t, runOpts{env: env}, "config", "list").ok(t)
	if !strings.HasPrefix(r.stdout, "Config: "+own+"\n") || !strings.Contains(r.stdout, "*        dev ") {
		t.Errorf("after import:\n%s", r.stdout)
	}
	runWith(t, runOpts{env: env}, "config", "import-kaf").failed(t, own+" already exists: use --force")

	// --force adds what is new, from another kaf file.
	more := filepath.Join(t.TempDir(), "kaf2")
	writeConfig(t, more, "clusters:\n  - name: dev\n    brokers: [x:1]\n  - name: third\n    brokers: [127.0.0.1:3]\n")
	r = runWith(t, runOpts{env: env}, "config", "import-kaf", "--from", more, "--force").ok(t)
	if r.stdout != "Added 1 clusters from "+more+" to "+own+": third\nKept the file's own clusters of the same name: dev\n" {
		t.Errorf("merge: %q", r.stdout)
	}
	runWith(t, runOpts{env: env}, "config", "import-kaf", "--from", filepath.Join(home, "missing")).failed(t, "missing")
	runWith(t, runOpts{env: env}, "config", "use", "third").ok(t)
}
