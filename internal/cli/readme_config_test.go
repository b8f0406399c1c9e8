package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeConfigTable checks the README's settings table against the
// browser's flags: a merge of two branches once left the table with
// conflict markers in it (and rows on both sides of them), which
// rendered as three stray lines and split the table in two. Every row
// is a four-column row naming a flag the browser has, and no line of the
// README is a conflict marker.
func TestReadmeConfigTable(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for i, line := range strings.Split(text, "\n") {
		for _, m := range []string{"<<<<<<< ", "=======", ">>>>>>> "} {
			if strings.HasPrefix(line, m) {
				t.Errorf("README.md:%d is a merge conflict marker: %q", i+1, line)
			}
		}
	}
	start := strings.Index(text, "\n## Configuration\n")
	if start < 0 {
		t.Fatal("README has no Configuration section")
	}
	text = text[start:]
	table := text[strings.Index(text, "\n| flag |")+1:]
	table = table[:strings.Index(table, "\n\n")]
	help := runCLI(t, nil, "--help")
	if help.code != 0 {
		t.Fatalf("--help: exit %d: %s", help.code, help.stderr)
	}
	flag := regexp.MustCompile("^`(--[a-z-]+)")
	rows := 0
	for _, line := range strings.Split(table, "\n")[2:] {
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if !strings.HasPrefix(line, "| ") || len(cells) != 4 {
			t.Errorf("README configuration table: %q is not a row of four cells", line)
			continue
		}
		rows++
		m := flag.FindStringSubmatch(strings.TrimSpace(cells[0]))
		if m == nil {
			t.Errorf("README configuration table: %q names no flag", line)
			continue
		}
		if !strings.Contains(help.stdout, m[1]+" ") {
			t.Errorf("README configuration table: %s is not a flag of numbrowse --help", m[1])
		}
	}
	if rows < 15 {
		t.Errorf("README configuration table: %d rows", rows)
	}
}
