package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// The release build stamps these with the linker (see .goreleaser.yaml):
//
//	-X github.com/kafkatui/kafkatui/cli.buildVersion=v1.2.3
//	-X github.com/kafkatui/kafkatui/cli.buildCommit=<full commit hash>
//	-X github.com/kafkatui/kafkatui/cli.buildDate=<RFC 3339 time>
//
// Left empty, the Go toolchain's own build information fills in: the module
// version for `go install github.com/kafkatui/kafkatui@v1.2.3`, the commit
// and its time for a build in a git checkout.
var (
	buildVersion string
	buildCommit  string
	buildDate    string
)

// build describes the running binary, for --version and bug reports.
type build struct {
	version string
	commit  string
	date    string
	// committed marks date as the commit's time (from the toolchain's VCS
	// stamp) rather than the build's.
	committed bool
	modified  bool // built from a checkout with uncommitted changes
	goVer     string
	platform  string
}

// currentBuild is the running binary's build.
func currentBuild() build {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	b := describeBuild(build{version: buildVersion, commit: buildCommit, date: buildDate}, bi)
	b.platform = runtime.GOOS + "/" + runtime.GOARCH
	if b.goVer == "" {
		b.goVer = runtime.Version()
	}
	return b
}

// describeBuild fills what the linker did not stamp from bi (nil when the
// binary carries no build information).
func describeBuild(stamped build, bi *debug.BuildInfo) build {
	b := stamped
	if bi == nil {
		if b.version == "" {
			b.version = "devel"
		}
		return b
	}
	b.goVer = bi.GoVersion
	if b.version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		b.version = bi.Main.Version
	}
	if b.version == "" {
		b.version = "devel"
	}
	if b.commit == "" {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.commit = s.Value
			case "vcs.time":
				if b.date == "" {
					b.date, b.committed = s.Value, true
				}
			case "vcs.modified":
				b.modified = s.Value == "true"
			}
		}
	}
	return b
}

// String is the one line --version prints (after the program name):
// version, then commit, date, Go version and platform when known.
func (b build) String() string {
	var extra []string
	if c := b.commit; c != "" {
		if len(c) > 12 {
			c = c[:12]
		}
		if b.modified {
			c += " (modified)"
		}
		extra = append(extra, "commit "+c)
	}
	switch {
	case b.date != "" && b.committed:
		extra = append(extra, "committed "+b.date)
	case b.date != "":
		extra = append(extra, "built "+b.date)
	}
	for _, s := range []string{b.goVer, b.platform} {
		if s != "" {
			extra = append(extra, s)
		}
	}
	if len(extra) == 0 {
		return b.version
	}
	return fmt.Sprintf("%s (%s)", b.version, strings.Join(extra, ", "))
}
