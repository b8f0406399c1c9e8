package phone

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"numbrowse/internal/pkginit"
)

// TestNoPackageInit: the package does no work when the program starts (no
// func init, and every package-level variable is constant data or a zero
// value), so a command that never reads a number never pays for one.
func TestNoPackageInit(t *testing.T) {
	pkginit.Check(t, true, "")
}

// TestBinaryDoesNotLinkTheLibrary: numbrowse reads numbers with this
// package only; the library (and the protocol buffers it decodes its
// metadata with when it starts) is for the generator and the tests.
func TestBinaryDoesNotLinkTheLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "numbrowse").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 50 {
		t.Fatalf("go list -deps numbrowse: only %d packages", len(deps))
	}
	for _, d := range deps {
		if strings.HasPrefix(d, "github.com/nyaruka/phonenumbers") || strings.HasPrefix(d, "google.golang.org/protobuf") {
			t.Errorf("numbrowse links %s", d)
		}
	}
}

// TestGeneratedFromThisVersion: metadata.go came from the library version
// go.mod names (after a version change, run go generate).
func TestGeneratedFromThisVersion(t *testing.T) {
	src, err := os.ReadFile("metadata.go")
	if err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(string(src), "\n")
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(mod), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "github.com/nyaruka/phonenumbers" {
			if want := f[0] + " " + f[1] + ";"; !strings.Contains(header, want) {
				t.Errorf("metadata.go says %q; go.mod has %s: run go generate ./internal/phone/", header, f[1])
			}
			return
		}
	}
	t.Error("go.mod does not name github.com/nyaruka/phonenumbers")
}
