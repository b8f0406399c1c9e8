package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinaryIsLean builds numbrowse and reads its symbols: it must not link
// libphonenumber or the protocol buffers it decodes its metadata with
// (internal/phone replaces them), and no text/template may be executed
// anywhere (reflect's MethodByName reachable makes the linker keep every
// exported method of every type: 2.8 MB of the release binary).
func TestBinaryIsLean(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "numbrowse")
	if out, err := exec.Command("go", "build", "-trimpath", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command("go", "tool", "nm", bin).Output()
	if err != nil {
		t.Fatalf("go tool nm: %v", err)
	}
	syms := string(out)
	if !strings.Contains(syms, "numbrowse/internal/phone.Parse") {
		t.Fatal("the binary has no internal/phone.Parse: are symbols read?")
	}
	for _, bad := range []string{" github.com/nyaruka/phonenumbers.", " google.golang.org/protobuf/", " reflect.Value.MethodByName"} {
		if strings.Contains(syms, bad) {
			t.Errorf("numbrowse links%s", strings.TrimSuffix(bad, "."))
		}
	}
}
