package cli

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/config"
	"github.com/kafkatui/kafkatui/themes"
)

// configHome makes a home directory whose kafkatui config file holds src
// (mode 0600), and returns the environment that points at it.
func configHome(t *testing.T, src string) map[string]string {
	t.Helper()
	home := t.TempDir()
	writeConfig(t, filepath.Join(home, ".config", "kafkatui", "config.yaml"), src)
	return map[string]string{"HOME": home}
}

func writeConfig(t *testing.T, p, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
}

func ownConfig(env map[string]string) string {
	return filepath.Join(env["HOME"], ".config", "kafkatui", "config.yaml")
}

// precedenceFile has defaults, a current cluster and another cluster, all
// on ports where nothing listens: the runs fail to connect at once, after
// logging what they would connect with.
const precedenceFile = `current_cluster: staging
defaults:
  timeout: 7s
  refresh: 2s
  tail_buffer: 20000
  theme: light
  isolation: committed
clusters:
  - name: staging
    brokers: [127.0.0.1:1]
    client_id: from-file
    timeout: 9s
    read_only: true
    sasl:
      mechanism: SCRAM-SHA-512
      username: alice
      password_env: STAGING_PASS
  - name: other
    brokers: [127.0.0.1:2]
    tls: {enabled: true}
`

// debugRun runs kafkatui with a debug log and returns the run and the
// log's "connect:" and "settings:" lines.
func debugRun(t *testing.T, env map[string]string, args ...string) (result, string, string) {
	t.Helper()
	log := filepath.Join(t.TempDir(), "debug.log")
	r := runWith(t, runOpts{env: env}, append([]string{"--debug", log}, args...)...)
	b, _ := os.ReadFile(log)
	var connect, settings string
	for _, l := range strings.Split(string(b), "\n") {
		if i := strings.Index(l, "connect: "); i >= 0 {
			connect = l[i+len("connect: "):]
		}
		if i := strings.Index(l, "settings: "); i >= 0 {
			settings = l[i+len("settings: "):]
		}
	}
	return r, connect, settings
}

func TestPrecedence(t *testing.T) {
	env := configHome(t, precedenceFile)
	env["STAGING_PASS"] = "pw"
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range env {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	for _, tc := range []struct {
		name     string
		env      map[string]string
		args     []string
		connect  []string // substrings of the connect line
		absent   []string
		settings string
	}{
		{"file's current cluster", env, nil,
			[]string{"cluster staging brokers=127.0.0.1:1 client-id=from-file timeout=9s sasl=SCRAM-SHA-512 user=\"alice\" password=<secret: $STAGING_PASS>"}, nil,
			"read-only=true theme=light refresh=2s tail-buffer=20000 isolation=committed"},
		{"variable over file", with(map[string]string{"KAFKATUI_TIMEOUT": "3s", "KAFKATUI_READ_ONLY": "false", "KAFKATUI_THEME": "none", "KAFKATUI_ISOLATION": "read_uncommitted"}), nil,
			[]string{"cluster staging", "timeout=3s"}, nil, "read-only=false theme=none refresh=2s tail-buffer=20000 isolation=uncommitted"},
		{"flag over variable", with(map[string]string{"KAFKATUI_TIMEOUT": "3s", "KAFKATUI_REFRESH": "3s", "KAFKATUI_ISOLATION": "uncommitted"}), []string{"--timeout", "4s", "--refresh", "4s", "--tail-buffer", "500", "--isolation", "committed"},
			[]string{"cluster staging", "timeout=4s"}, nil, "refresh=4s tail-buffer=500 isolation=committed"},
		{"flag over file", env, []string{"--isolation", "uncommitted"},
			[]string{"cluster staging"}, nil, "isolation=uncommitted"},
		{"a flag overrides one field", env, []string{"--sasl-username", "bob", "--client-id", "cli"},
			[]string{"cluster staging", "client-id=cli", "sasl=SCRAM-SHA-512 user=\"bob\" password=<secret: $STAGING_PASS>"}, nil, ""},
		{"-b without --cluster ignores the clusters", env, []string{"-b", "127.0.0.1:3"},
			[]string{"cluster (command line) brokers=127.0.0.1:3 client-id=kafkatui timeout=7s"}, []string{"sasl", "alice", "tls"},
			"read-only=false theme=light refresh=2s tail-buffer=20000 isolation=committed"},
		{"KAFKATUI_BROKERS too", with(map[string]string{"KAFKATUI_BROKERS": "127.0.0.1:3"}), nil,
			[]string{"cluster (command line) brokers=127.0.0.1:3"}, []string{"alice"}, "read-only=false"},
		{"--cluster", env, []string{"--cluster", "other"},
			[]string{"cluster other brokers=127.0.0.1:2 client-id=kafkatui timeout=7s tls"}, []string{"alice"}, "read-only=false"},
		{"KAFKATUI_CLUSTER", with(map[string]string{"KAFKATUI_CLUSTER": "other"}), nil,
			[]string{"cluster other"}, nil, ""},
		{"--cluster over KAFKATUI_CLUSTER", with(map[string]string{"KAFKATUI_CLUSTER": "other"}), []string{"--cluster", "staging"},
			[]string{"cluster staging"}, nil, ""},
		{"--cluster with -b keeps the cluster's credentials", env, []string{"--cluster", "staging", "-b", "127.0.0.1:4"},
			[]string{"cluster staging brokers=127.0.0.1:4", "user=\"alice\""}, nil, "read-only=true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, connect, settings := debugRun(t, tc.env, append(tc.args, "topics")...)
			if r.code != ExitError {
				t.Fatalf("exit %d (nothing listens, so it must fail to connect): %s", r.code, r.stderr)
			}
			for _, want := range tc.connect {
				if !strings.Contains(connect, want) {
					t.Errorf("connect line %q lacks %q", connect, want)
				}
			}
			for _, no := range tc.absent {
				if strings.Contains(connect, no) {
					t.Errorf("connect line %q has %q", connect, no)
				}
			}
			if !strings.Contains(settings, tc.settings) {
				t.Errorf("settings %q lack %q", settings, tc.settings)
			}
		})
	}
}

func TestBuiltinDefaults(t *testing.T) {
	// No config file at all: the built-in defaults.
	_, connect, settings := debugRun(t, map[string]string{"HOME": t.TempDir()}, "-b", "127.0.0.1:1", "topics")
	if !strings.Contains(connect, "cluster (command line) brokers=127.0.0.1:1 client-id=kafkatui timeout=10s") {
		t.Errorf("connect %q", connect)
	}
	if settings != "read-only=false theme=auto refresh=5s tail-buffer=10000 isolation=uncommitted" {
		t.Errorf("settings %q", settings)
	}
}

func TestReadOnlyFromTheFile(t *testing.T) {
	env := configHome(t, precedenceFile)
	env["STAGING_PASS"] = "pw"
	r := runWith(t, runOpts{env: env}, "produce", "orders", "v")
	r.failed(t, "produce refused: read-only mode")
	// Another cluster, or the flag, lifts it; the write then fails only
	// because nothing listens there.
	r = runWith(t, runOpts{env: env}, "--cluster", "other", "--timeout", "1s", "produce", "orders", "v")
	r.failed(t, "127.0.0.1:2")
	r = runWith(t, runOpts{env: env}, "--read-only=false", "--timeout", "1s", "produce", "orders", "v")
	r.failed(t, "127.0.0.1:1")
}

func TestConfigChoiceErrors(t *testing.T) {
	env := configHome(t, precedenceFile)
	runWith(t, runOpts{env: env}, "--cluster", "nope", "topics").
		usage(t, `--cluster nope: no such cluster in `+ownConfig(env)+` (clusters: staging, other)`)
	runWith(t, runOpts{env: map[string]string{"HOME": env["HOME"], "KAFKATUI_CLUSTER": "nope"}}, "topics").
		usage(t, `KAFKATUI_CLUSTER nope: no such cluster`)
	// The password variable is not set: the error names the setting.
	runWith(t, runOpts{env: env}, "topics").
		failed(t, ownConfig(env)+`:17: cluster "staging": sasl.password_env: environment variable STAGING_PASS is not set`)
	home := t.TempDir()
	runWith(t, runOpts{env: map[string]string{"HOME": home}}, "--cluster", "x", "topics").
		usage(t, "--cluster x: "+filepath.Join(home, ".config", "kafkatui", "config.yaml")+" does not exist")
	runWith(t, runOpts{env: map[string]string{"HOME": home}}, "--config", filepath.Join(home, "nope.yaml"), "topics").
		failed(t, "config file "+filepath.Join(home, "nope.yaml")+" does not exist")
	run(t, "demo", "--cluster", "x").usage(t, "--cluster does not apply to the demo")

	// Clusters but no current one: the message lists them.
	env = configHome(t, strings.Replace(precedenceFile, "current_cluster: staging\n", "", 1))
	runWith(t, runOpts{env: env}, "topics").
		usage(t, "no brokers given: use -b host:port or set KAFKATUI_BROKERS, or choose a cluster of "+ownConfig(env)+
			" with --cluster NAME or kafkatui config use NAME (clusters: staging, other)")
}

func TestBadConfigFile(t *testing.T) {
	env := configHome(t, "current_cluster: a\nclusters:\n  - name: a\n    brokers: [127.0.0.1:1]\n    sasl:\n      mechanism: PLAIN\n      username: u\n      pasword: x\n")
	p := ownConfig(env)
	want := p + `:8: clusters[0].sasl: unknown key "pasword" (did you mean "password"?)`
	for _, args := range [][]string{{"topics"}, {"-b", "127.0.0.1:1", "brokers"}, {"config", "list"}, {"config", "use", "a"}} {
		runWith(t, runOpts{env: env}, args...).failed(t, want)
	}
	// What does not need the file still works.
	r := runWith(t, runOpts{env: env}, "config", "path").ok(t)
	if r.stdout != p+"\n" {
		t.Errorf("config path printed %q", r.stdout)
	}
	runWith(t, runOpts{env: env}, "completion", "bash").ok(t)
	runWith(t, runOpts{env: env}, "config", "--help").ok(t)

	env = configHome(t, "defaults:\n  refresh: 5x\n")
	runWith(t, runOpts{env: env}, "-b", "127.0.0.1:1", "topics").failed(t, ownConfig(env)+`:2: defaults.refresh: "5x" is not a duration`)
	env = configHome(t, "current_cluster: gone\nclusters:\n  - name: a\n    brokers: [x:1]\n")
	runWith(t, runOpts{env: env}, "topics").failed(t, ownConfig(env)+`:1: current_cluster: current cluster "gone" is not one of the clusters (a)`)
}

// TestClusterChoices checks what the UI's cluster switcher is given.
func TestClusterChoices(t *testing.T) {
	f, err := config.Parse("c.yaml", []byte(precedenceFile), config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := &app{
		env:      Env{Getenv: func(k string) string { return map[string]string{"STAGING_PASS": "pw"}[k] }},
		file:     f,
		explicit: map[string]bool{"timeout": true},
	}
	a.conn.timeout = 2 * time.Second
	ch := a.clusterChoices()
	if len(ch) != 2 || ch[0].Name != "staging" || !ch[0].ReadOnly || ch[1].Name != "other" || ch[1].ReadOnly || ch[1].Brokers[0] != "127.0.0.1:2" {
		t.Fatalf("choices %+v", ch)
	}
	cfg, err := openedConfig(t, ch[0])
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SASL.Password != "pw" || cfg.Timeout != 2*time.Second || cfg.SASL.Username != "alice" {
		t.Errorf("staging: user %q timeout %s", cfg.SASL.Username, cfg.Timeout)
	}
	// --read-only given: every cluster is read-only.
	a.explicit["read-only"], a.ui.readOnly = true, true
	if ch := a.clusterChoices(); !ch[1].ReadOnly {
		t.Error("--read-only does not apply to the other clusters")
	}
	// A secret that cannot be resolved is an error at switch time.
	a.env.Getenv = nil
	if _, err := openedConfig(t, a.clusterChoices()[0]); err == nil || !strings.Contains(err.Error(), "STAGING_PASS is not set") {
		t.Errorf("unresolvable secret: %v", err)
	}
}

// TestConfigThemesMatchUI keeps the config file's theme names (config may
// not import the UI) the same as the UI's.
func TestConfigThemesMatchUI(t *testing.T) {
	got := slices.Sorted(slices.Values(config.Themes))
	if !slices.Equal(got, themes.Names()) {
		t.Errorf("config.Themes %v, themes.Names() %v", got, themes.Names())
	}
}

func TestMechanismFlags(t *testing.T) {
	b := "127.0.0.1:1"
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"oauth without a source", []string{"--sasl-mechanism", "OAUTHBEARER"}, "--sasl-mechanism OAUTHBEARER needs --sasl-token-url (with --sasl-client-id and --sasl-client-secret) or --sasl-token-cmd"},
		{"token url without client", []string{"--sasl-mechanism", "oauthbearer", "--sasl-token-url", "https://idp/t"}, "--sasl-token-url needs --sasl-client-id"},
		{"token url without secret", []string{"--sasl-mechanism", "OAUTHBEARER", "--sasl-token-url", "https://idp/t", "--sasl-client-id", "c"}, "needs a client secret: set KAFKATUI_SASL_CLIENT_SECRET"},
		{"no password", []string{"--sasl-mechanism", "SCRAM-SHA-256", "--sasl-username", "u"}, `SASL SCRAM-SHA-256 user "u" has no password: set KAFKATUI_SASL_PASSWORD`},
		{"bad broker", []string{"-b", "SASL_SSL://k:9093"}, "-b: broker \"SASL_SSL://k:9093\": want host:port, without a scheme"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run(t, append(append([]string{"-b", b}, tc.args...), "topics")...).usage(t, tc.want)
		})
	}
	// The flags reach the connection settings.
	_, connect, _ := debugRun(t, map[string]string{"KAFKATUI_SASL_CLIENT_SECRET": "cs", "KAFKATUI_SASL_SCOPES": "kafka,openid"},
		"-b", b, "--timeout", "1s", "--sasl-mechanism", "OAUTHBEARER", "--sasl-token-url", "https://idp/t", "--sasl-client-id", "c", "topics")
	if !strings.Contains(connect, "sasl=OAUTHBEARER token-url=https://idp/t client-id=c client-secret=<secret: literal> scopes=[kafka openid]") {
		t.Errorf("oauth flags: %q", connect)
	}
	_, connect, _ = debugRun(t, nil, "-b", b, "--timeout", "1s", "--sasl-mechanism", "AWS_MSK_IAM", "--aws-region", "eu-west-1", "--aws-profile", "prod", "topics")
	if !strings.Contains(connect, "sasl=AWS_MSK_IAM aws-region=eu-west-1 aws-profile=prod") {
		t.Errorf("aws flags: %q", connect)
	}
	// A token command on the command line replaces the file's token_url.
	env := configHome(t, "current_cluster: o\nclusters:\n  - name: o\n    brokers: [127.0.0.1:1]\n    sasl:\n      mechanism: OAUTHBEARER\n      token_url: https://idp/t\n      client_id: c\n      client_secret_env: CS\n")
	_, connect, _ = debugRun(t, env, "--timeout", "1s", "--sasl-token-cmd", "get-token", "topics")
	if !strings.Contains(connect, "cluster o") || !strings.Contains(connect, "token=<command>") || strings.Contains(connect, "token-url") {
		t.Errorf("--sasl-token-cmd over token_url: %q", connect)
	}
}

// TestFlagsToOAuthConfig checks the kafkaops settings the new flags give.
func TestFlagsToOAuthConfig(t *testing.T) {
	c := connFlags{brokers: []string{"k"}, timeout: time.Second, saslMechanism: "OAUTHBEARER", saslTokenURL: "https://idp/t",
		saslClientID: "c", saslClientSecret: "cs", saslScopes: []string{"a", "b"}, awsRegion: "r", awsProfile: "p"}
	var cl config.Cluster
	explicit := map[string]bool{}
	for _, n := range envFlagNames {
		explicit[n] = true
	}
	explicit["sasl-token-cmd"] = false
	if err := c.overlay(&cl, explicit); err != nil {
		t.Fatal(err)
	}
	cfg, err := cl.Kafka(context.Background(), config.Resolver{})
	if err != nil {
		t.Fatal(err)
	}
	o := cfg.SASL.OAuth
	if o.TokenURL != "https://idp/t" || o.ClientID != "c" || o.ClientSecret != "cs" || !slices.Equal(o.Scopes, []string{"a", "b"}) ||
		cfg.SASL.AWS.Region != "r" || cfg.SASL.AWS.Profile != "p" || cfg.Brokers[0] != "k:9092" {
		t.Errorf("%+v", cfg.SASL.AWS)
	}
}

// A bad isolation level is a usage error wherever it comes from, and says
// which values there are.
func TestIsolationRefused(t *testing.T) {
	home := map[string]string{"HOME": t.TempDir()}
	r := runWith(t, runOpts{env: home}, "-b", "127.0.0.1:1", "consume", "t", "--isolation", "serializable")
	if r.code != ExitUsage || !strings.Contains(r.stderr, `isolation "serializable": use committed or uncommitted`) {
		t.Errorf("flag: exit %d, stderr %q", r.code, r.stderr)
	}
	env := map[string]string{"HOME": home["HOME"], "KAFKATUI_ISOLATION": "dirty"}
	r = runWith(t, runOpts{env: env}, "-b", "127.0.0.1:1", "consume", "t")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "KAFKATUI_ISOLATION: invalid value") {
		t.Errorf("variable: exit %d, stderr %q", r.code, r.stderr)
	}
	cfg := configHome(t, "defaults:\n  isolation: dirty\n")
	r = runWith(t, runOpts{env: cfg}, "-b", "127.0.0.1:1", "consume", "t")
	if r.code == ExitOK || !strings.Contains(r.stderr, "defaults.isolation") {
		t.Errorf("file: exit %d, stderr %q", r.code, r.stderr)
	}
}
