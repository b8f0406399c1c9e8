package cli

import (
	"strings"
	"testing"
)

// TestSearchSaysKeypadReadings: letters that found numbers by their
// keypad digits are named on stderr, as the browser's status line does;
// letters that found places are not.
func TestSearchSaysKeypadReadings(t *testing.T) {
	r := runCLI(t, nil, "search", "--demo", "--country", "US", "--type", "toll-free", "--filter", "help", "--format", "csv")
	if r.code != 0 || !strings.Contains(r.stderr, `numbrowse: note: --filter "help" matched as keypad digits 4357`) {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if lines := strings.Count(r.stdout, "\n"); lines < 2 {
		t.Fatalf("no numbers:\n%s", r.stdout)
	}
	r = runCLI(t, nil, "search", "--demo", "--country", "US", "--type", "local", "--filter", "chicago HI", "--format", "csv")
	if r.code != 0 || strings.Contains(r.stderr, "keypad") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}
