package cli

import (
	"strings"
	"testing"
)

// TestSearchSaysKeypadReadings: letters that found numbers by their
// keypad digits are named on stderr, as the browser's status line does;
// letters that found places are not.
func TestSearchSaysKeypadReadings(t *testing.T) {
	r := runCLI(t, nil, "search", "--demo", "--country", "US", "--type", "mobile", "--filter", "hot", "--format", "csv")
	if r.code != 0 || !strings.Contains(r.stderr, `numbrowse: note: --filter "hot" matched as keypad digits 468`) {
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

// TestSearchOffersZipForAPostalCode: a bare number is a fragment of the
// phone number; when it starts a postal code of the results, search says
// so on stderr and names the zip: term, as the browser's filter line does.
func TestSearchOffersZipForAPostalCode(t *testing.T) {
	r := runCLI(t, nil, "search", "--demo", "--country", "US", "--type", "local", "--filter", "60601", "--format", "csv")
	if r.code != 0 || !strings.Contains(r.stderr, `numbrowse: note: --filter "60601" matches digits in the phone number; for the postal code use zip:60601`) {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	r = runCLI(t, nil, "search", "--demo", "--country", "US", "--type", "local", "--filter", "zip:60601", "--format", "csv")
	if r.code != 0 || strings.Contains(r.stderr, "zip:") || strings.Count(r.stdout, "\n") < 2 {
		t.Fatalf("zip:60601: exit %d, stderr %q, stdout:\n%s", r.code, r.stderr, r.stdout)
	}
	r = runCLI(t, nil, "search", "--demo", "--country", "US", "--type", "local", "--filter", "312", "--format", "csv")
	if r.code != 0 || strings.Contains(r.stderr, "zip:") {
		t.Fatalf("312: exit %d, stderr %q", r.code, r.stderr)
	}
}
