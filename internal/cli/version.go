package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// noVCS is what --version says of a build that carries no commit: built
// with -buildvcs=false, outside a git checkout, or from a module zip.
const noVCS = "unknown: built without version control information"

// buildStamp is what --version reports: from -ldflags at release time,
// else from the module's build information.
type buildStamp struct {
	Version  string // "devel" when nothing says
	Commit   string // "" when unknown
	Modified bool   // the working tree had uncommitted changes
	Date     string // the commit's date; "" when unknown
	Go       string // toolchain and platform: go1.26.8 linux/amd64
}

// stamp reads b and, for what -ldflags did not set, bi (nil when the
// binary has no build information).
func (b Build) stamp(bi *debug.BuildInfo) buildStamp {
	st := buildStamp{Version: b.Version, Commit: b.Commit, Date: b.Date,
		Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	// GoReleaser stamps "none" and the zero time when it could not read
	// the git state (a snapshot in a clone without a remote): unknown.
	if st.Commit == "none" {
		st.Commit = ""
	}
	if strings.HasPrefix(st.Date, "0001-01-01") {
		st.Date = ""
	}
	if bi == nil {
		if st.Version == "" {
			st.Version = "devel"
		}
		return st
	}
	if bi.GoVersion != "" {
		st.Go = bi.GoVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
	}
	if st.Version == "" {
		// `go install` and `go build` in a git checkout stamp the module
		// version (v1.2.3, or a pseudo-version naming the commit);
		// "(devel)" means nothing did.
		st.Version = bi.Main.Version
		if st.Version == "" || st.Version == "(devel)" {
			st.Version = "devel"
		}
	}
	if st.Commit == "" {
		vcs := map[string]string{}
		for _, kv := range bi.Settings {
			vcs[kv.Key] = kv.Value
		}
		st.Commit = vcs["vcs.revision"]
		st.Modified = vcs["vcs.modified"] == "true"
		if st.Date == "" {
			st.Date = vcs["vcs.time"]
		}
	}
	return st
}

// String is the --version report, one fact a line.
func (st buildStamp) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "numbrowse %s\n", st.Version)
	switch {
	case st.Commit == "":
		fmt.Fprintf(&sb, "commit  %s\n", noVCS)
	case st.Modified:
		fmt.Fprintf(&sb, "commit  %s (with uncommitted changes)\n", st.Commit)
	default:
		fmt.Fprintf(&sb, "commit  %s\n", st.Commit)
	}
	if st.Date != "" {
		fmt.Fprintf(&sb, "date    %s\n", st.Date)
	}
	fmt.Fprintf(&sb, "go      %s", st.Go)
	return sb.String()
}

func (b Build) buildStamp() buildStamp {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return b.stamp(bi)
}

// versionReport is what `numbrowse --version` prints.
func (b Build) versionReport() string { return b.buildStamp().String() }

// userAgentVersion is the version alone, for the User-Agent header and
// the SSH server's identification.
func (b Build) userAgentVersion() string { return b.buildStamp().Version }
