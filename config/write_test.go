package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// userFile is laid out the way people write by hand: comments everywhere,
// blank lines, flow lists, a quoted value.
const userFile = `# kafkatui clusters (synced from dotfiles)

current_cluster: staging   # the one I use most

defaults:
  refresh: 5s

clusters:
  # staging first: the switcher lists in this order
  - name: staging
    brokers: [b1:9092, b2:9092]   # two of six
    read_only: true

  - name: "prod eu"
    brokers:
      - p1:9092
    color: "#ff0000"
`

func TestSetCurrentKeepsTheFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.yaml")
	mkfile(t, p, userFile)
	if err := os.Chmod(p, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := SetCurrent(p, "prod eu", Options{}); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, p)
	want := strings.Replace(userFile, "current_cluster: staging   #", `current_cluster: "prod eu"   #`, 1)
	if got != want {
		t.Fatalf("only the value should change:\n%s\nwant\n%s", got, want)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %o, want the file's own 0640", st.Mode().Perm())
	}
	// Back again, and the quoted style the value now has is kept.
	if err := SetCurrent(p, "staging", Options{}); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, p); got != strings.Replace(userFile, "current_cluster: staging", `current_cluster: "staging"`, 1) {
		t.Fatalf("second edit:\n%s", got)
	}
}

func TestSetCurrentAddsTheSetting(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.yaml")
	src := strings.Replace(userFile, "current_cluster: staging   # the one I use most\n", "", 1)
	mkfile(t, p, strings.TrimSuffix(src, "\n")) // no final newline either
	if err := SetCurrent(p, "staging", Options{}); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, p); got != src+"current_cluster: staging\n" {
		t.Fatalf("got:\n%s", got)
	}
}

func TestSetCurrentFixesAMissingCluster(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.yaml")
	// current_cluster names a cluster that was removed: the file does not
	// load, and `config use` is how it is fixed.
	mkfile(t, p, strings.Replace(userFile, "current_cluster: staging", "current_cluster: 'old'", 1))
	if _, err := Load(p, Options{}); err == nil {
		t.Fatal("a missing current cluster loaded")
	}
	if err := SetCurrent(p, "staging", Options{}); err != nil {
		t.Fatal(err)
	}
	if f, err := Load(p, Options{}); err != nil || f.Current != "staging" {
		t.Fatalf("after: %v", err)
	}
	if !strings.Contains(readFile(t, p), "current_cluster: 'staging'   # the one I use most") {
		t.Errorf("single quotes kept:\n%s", readFile(t, p))
	}
}

func TestSetCurrentRefuses(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.yaml")
	mkfile(t, p, userFile)
	if err := SetCurrent(p, "nope", Options{}); err == nil || err.Error() != `no cluster "nope" in `+p+` (clusters: staging, prod eu)` {
		t.Errorf("unknown name: %v", err)
	}
	mkfile(t, p, userFile+"  - nme: x\n")
	if err := SetCurrent(p, "staging", Options{}); err == nil || !strings.Contains(err.Error(), `unknown key "nme"`) {
		t.Errorf("broken file: %v", err)
	}
	if got := readFile(t, p); got != userFile+"  - nme: x\n" {
		t.Error("a refused edit changed the file")
	}
}

func TestSetCurrentFollowsLinks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "dotfiles", "kafkatui.yaml")
	mkfile(t, target, userFile)
	link := filepath.Join(dir, "config.yaml")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := SetCurrent(link, "prod eu", Options{}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if !strings.Contains(readFile(t, target), `current_cluster: "prod eu"`) {
		t.Error("the link's target was not edited")
	}
}

func TestSetCurrentFlowDocument(t *testing.T) {
	// A flow mapping cannot be edited in place: the node tree is written
	// again instead.
	dir := t.TempDir()
	p := filepath.Join(dir, "config.yaml")
	mkfile(t, p, "{current_cluster: a, clusters: [{name: a, brokers: [a:9092]}, {name: b, brokers: [b:9092]}]}\n")
	if err := SetCurrent(p, "b", Options{}); err != nil {
		t.Fatal(err)
	}
	if f, err := Load(p, Options{}); err != nil || f.Current != "b" || len(f.Clusters) != 2 {
		t.Fatalf("after: %v\n%s", err, readFile(t, p))
	}
}

func TestImportKaf(t *testing.T) {
	home := t.TempDir()
	kaf := filepath.Join(home, ".kaf", "config")
	mkfile(t, kaf, kafFile)
	dest := filepath.Join(home, ".config", "kafkatui", "config.yaml")
	opts := Options{Home: home}

	res, err := ImportKaf(kaf, dest, false, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || strings.Join(res.Added, ",") != "local,prod,cloud,msk,ssl-only,legacy-plain" || len(res.Skipped) != 0 {
		t.Errorf("result %+v", res)
	}
	if st, _ := os.Stat(dest); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want 0600: it holds kaf's passwords", st.Mode().Perm())
	}
	f, err := Load(dest, opts)
	if err != nil {
		t.Fatalf("the imported file does not load: %v\n%s", err, readFile(t, dest))
	}
	kf, _ := ParseKaf(kaf, []byte(kafFile), opts)
	if f.Current != "prod" || strings.Join(f.Names(), ",") != strings.Join(kf.Names(), ",") {
		t.Errorf("current %q names %v", f.Current, f.Names())
	}
	cwd, _ := os.Getwd()
	for _, kc := range kf.Clusters {
		c, _ := f.Cluster(kc.Name)
		if strings.Join(c.Brokers, ",") != strings.Join(kc.Brokers, ",") || c.SASL.Mechanism != kc.SASL.Mechanism ||
			c.SASL.Username != kc.SASL.Username || c.SASL.TokenURL != kc.SASL.TokenURL || c.TLS.Enabled != kc.TLS.Enabled ||
			c.SASL.Password.value != kc.SASL.Password.value || c.SASL.ClientSecret.value != kc.SASL.ClientSecret.value {
			t.Errorf("%s: imported %+v\nfrom kaf %+v", kc.Name, c, kc)
		}
	}
	if prod, _ := f.Cluster("prod"); prod.TLS.CertFile != filepath.Join(cwd, "certs/client.pem") || prod.TLS.CAFile != filepath.Join(home, "certs/prod-ca.pem") {
		t.Errorf("paths made absolute as kaf would read them: %+v", prod.TLS)
	}
	if !strings.HasPrefix(readFile(t, dest), "# kafkatui configuration, imported from "+kaf) {
		t.Errorf("no header:\n%s", readFile(t, dest))
	}

	// Again: refused without --force, and the file is untouched.
	mkfile(t, dest, "# mine\ncurrent_cluster: local\nclusters:\n  # the first\n  - name: local\n    brokers: [elsewhere:9092]\n")
	before := readFile(t, dest)
	if _, err := ImportKaf(kaf, dest, false, opts); err == nil || !strings.Contains(err.Error(), "already exists: use --force") {
		t.Errorf("second import: %v", err)
	}
	if readFile(t, dest) != before {
		t.Error("a refused import changed the file")
	}
	// --force merges: new names appended, the rest of the file unchanged.
	res, err = ImportKaf(kaf, dest, true, opts)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Skipped, ",") != "local" || len(res.Added) != 5 || res.Created {
		t.Errorf("merge result %+v", res)
	}
	after := readFile(t, dest)
	f, err = Load(dest, opts)
	if err != nil {
		t.Fatalf("merged file: %v\n%s", err, after)
	}
	if l, _ := f.Cluster("local"); f.Current != "local" || l.Brokers[0] != "elsewhere:9092" || len(f.Clusters) != 6 {
		t.Errorf("merge changed what was there:\n%s", after)
	}
	for _, c := range []string{"# mine", "# the first"} {
		if !strings.Contains(after, c) {
			t.Errorf("comment %q lost:\n%s", c, after)
		}
	}
	// Nothing new: nothing written.
	res, err = ImportKaf(kaf, dest, true, opts)
	if err != nil || len(res.Added) != 0 || readFile(t, dest) != after {
		t.Errorf("idempotent merge: %+v %v", res, err)
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
