package cli

import (
	"bytes"
	"context"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionStamp(t *testing.T) {
	goLine := "go      go1.26.8 " + runtime.GOOS + "/" + runtime.GOARCH
	vcs := func(rev, time, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: time}, {Key: "vcs.modified", Value: modified}}
	}
	for _, tt := range []struct {
		name  string
		build Build
		bi    *debug.BuildInfo
		want  []string
	}{
		{"a release: everything from -ldflags",
			Build{Version: "1.2.3", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-12-01T10:00:00Z"},
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("ffff", "2000-01-01T00:00:00Z", "true")},
			[]string{"numbrowse 1.2.3", "commit  0123456789abcdef0123456789abcdef01234567", "date    2026-12-01T10:00:00Z", goLine}},
		{"go install of a tagged version",
			Build{},
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}, Settings: vcs("abcdef0123456789abcdef0123456789abcdef01", "2026-11-30T09:00:00Z", "false")},
			[]string{"numbrowse v1.2.3", "commit  abcdef0123456789abcdef0123456789abcdef01", "date    2026-11-30T09:00:00Z", goLine}},
		{"go build in a checkout with changes",
			Build{},
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261130090000-abcdef012345+dirty"}, Settings: vcs("abcdef0123456789abcdef0123456789abcdef01", "2026-11-30T09:00:00Z", "true")},
			[]string{"numbrowse v0.0.0-20261130090000-abcdef012345+dirty", "commit  abcdef0123456789abcdef0123456789abcdef01 (with uncommitted changes)", "date    2026-11-30T09:00:00Z", goLine}},
		{"a snapshot GoReleaser could not read git for",
			Build{Version: "0.0.1-next+none", Commit: "none", Date: "0001-01-01T00:00:00Z"},
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			[]string{"numbrowse 0.0.1-next+none", "commit  unknown: built without version control information", goLine}},
		{"go build -buildvcs=false says so",
			Build{},
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			[]string{"numbrowse devel", "commit  unknown: built without version control information", goLine}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.build.stamp(tt.bi).String()
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	if st := (Build{}).stamp(nil); st.Version != "devel" || st.Commit != "" {
		t.Errorf("no build information: %+v", st)
	}
}

func TestVersionFlag(t *testing.T) {
	b := testBuild()
	b.Version, b.Commit, b.Date = "1.2.3", "0123456789abcdef0123456789abcdef01234567", "2026-12-01T10:00:00Z"
	for _, flag := range []string{"--version", "-v"} {
		var out, errb bytes.Buffer
		code := run(context.Background(), b, []string{flag}, stdio{in: strings.NewReader(""), out: &out, err: &errb},
			func(string) string { return "" })
		want := "numbrowse 1.2.3\ncommit  0123456789abcdef0123456789abcdef01234567\ndate    2026-12-01T10:00:00Z\ngo      " +
			runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
		if code != 0 || out.String() != want || errb.String() != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want\n%s", flag, code, out.String(), errb.String(), want)
		}
	}
}
