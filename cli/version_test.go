package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// TestDescribeBuild covers where each part of the version comes from: the
// linker's stamp wins, then the toolchain's build information (go install
// of a tagged version, a build in a git checkout), then "devel".
func TestDescribeBuild(t *testing.T) {
	vcs := func(rev, at, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "-compiler", Value: "gc"}, {Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: at}, {Key: "vcs.modified", Value: modified}}
	}
	cases := []struct {
		name    string
		stamped build
		bi      *debug.BuildInfo
		want    string
	}{
		{"release build", build{version: "v1.2.3", commit: "0123456789abcdef0123456789abcdef01234567", date: "2026-01-02T03:04:05Z"},
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"v1.2.3 (commit 0123456789ab, built 2026-01-02T03:04:05Z, go1.26.8)"},
		{"go install @v1.2.3", build{},
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/kafkatui/kafkatui", Version: "v1.2.3"}},
			"v1.2.3 (go1.26.8)"},
		{"checkout", build{},
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("fedcba9876543210fedc", "2026-02-03T04:05:06Z", "false")},
			"devel (commit fedcba987654, committed 2026-02-03T04:05:06Z, go1.26.8)"},
		{"checkout with changes, tagged by go", build{},
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.4-0.20260203040506-fedcba987654+dirty"}, Settings: vcs("fedcba9876543210fedc", "2026-02-03T04:05:06Z", "true")},
			"v1.2.4-0.20260203040506-fedcba987654+dirty (commit fedcba987654 (modified), committed 2026-02-03T04:05:06Z, go1.26.8)"},
		{"stamped version only", build{version: "v2.0.0"},
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("abc", "2026-02-03T04:05:06Z", "false")},
			"v2.0.0 (commit abc, committed 2026-02-03T04:05:06Z, go1.26.8)"},
		{"no build information", build{}, nil, "devel"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := describeBuild(tc.stamped, tc.bi).String(); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestVersionFlag runs --version in process: one line naming the program,
// the version and the platform, on stdout, exit 0.
func TestVersionFlag(t *testing.T) {
	r := run(t, "--version").ok(t)
	platform := runtime.GOOS + "/" + runtime.GOARCH
	if !strings.HasPrefix(r.stdout, "kafkatui version ") || strings.Count(r.stdout, "\n") != 1 ||
		!strings.Contains(r.stdout, platform) || !strings.Contains(r.stdout, runtime.Version()) {
		t.Errorf("--version printed %q", r.stdout)
	}
}

// TestVersionStampedByLinker builds the real binary with the -X flags the
// release configuration uses, so renaming a variable breaks this test
// rather than silently unstamping releases.
func TestVersionStampedByLinker(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	ldflags := readLdflags(t)
	bin := filepath.Join(t.TempDir(), "kafkatui")
	build := exec.Command("go", "build", "-ldflags", ldflags, "-o", bin, ".")
	build.Dir = ".."
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatalf("--version: %v", err)
	}
	want := "kafkatui version v9.8.7 (commit 0123456789ab, built 2026-01-02T03:04:05Z, "
	if !strings.HasPrefix(string(out), want) {
		t.Errorf("--version printed %q, want it to start %q", out, want)
	}
}

// readLdflags takes the -X flags from .goreleaser.yaml and gives them this
// test's values, so the test checks the names the release really uses.
func readLdflags(t *testing.T) string {
	t.Helper()
	cfg, err := os.ReadFile("../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]string{
		"cli.buildVersion": "v9.8.7",
		"cli.buildCommit":  "0123456789abcdef0123456789abcdef01234567",
		"cli.buildDate":    "2026-01-02T03:04:05Z",
	}
	var flags []string
	for _, line := range strings.Split(string(cfg), "\n") {
		_, x, ok := strings.Cut(line, "-X ")
		if !ok {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimSpace(x), "=")
		for suffix, v := range values {
			if strings.HasSuffix(name, "/"+suffix) {
				flags = append(flags, "-X "+name+"="+v)
				delete(values, suffix)
			}
		}
	}
	if len(values) > 0 {
		t.Fatalf(".goreleaser.yaml does not stamp %v", values)
	}
	return strings.Join(flags, " ")
}
