package serve

import (
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// The ultraviolet go.mod requires is the one internal/third_party/ultraviolet
// patches: a new version in go.mod without the patch redone fails here.
func TestUltravioletPatch(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	patch, err := os.ReadFile("../third_party/ultraviolet/PATCH.md")
	if err != nil {
		t.Fatal(err)
	}
	req := regexp.MustCompile(`(?m)^\s*github\.com/charmbracelet/ultraviolet (v\S+)`).FindSubmatch(mod)
	if req == nil {
		t.Fatal("go.mod requires no github.com/charmbracelet/ultraviolet: drop internal/third_party/ultraviolet and its replace")
	}
	up := regexp.MustCompile(`(?m)^Upstream: github\.com/charmbracelet/ultraviolet (v\S+)$`).FindSubmatch(patch)
	if up == nil || string(up[1]) != string(req[1]) {
		t.Errorf("go.mod requires ultraviolet %s but internal/third_party/ultraviolet is a patched copy of %q: "+
			"redo the patch on the new version (internal/third_party/ultraviolet/PATCH.md says how)", req[1], up)
	}
	if !strings.Contains(string(mod), "replace github.com/charmbracelet/ultraviolet => ./internal/third_party/ultraviolet\n") {
		t.Error("go.mod no longer replaces ultraviolet with ./internal/third_party/ultraviolet")
	}
}

// A session's terminal readers share one key table: upstream, each
// builds its own (0.14 MB live, 0.3 MB allocated), twice a session.
func TestTerminalReadersShareTheKeyTable(t *testing.T) {
	newDecoder := terminalDecoder("xterm-256color")
	newDecoder(strings.NewReader("")) // the table is built once, here or before
	const n = 20
	keep := make([]decoder, 0, n)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range n {
		keep = append(keep, newDecoder(strings.NewReader("")))
	}
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(keep)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > 64<<10 {
		t.Errorf("a terminal reader allocates %d bytes: it builds its own key table again "+
			"(internal/third_party/ultraviolet/PATCH.md)", per)
	}
}
