package main

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite ui/testdata/default_keymap.golden from keymap.go")

// The tests of ui and internal/cli render from default_keymap.golden: it
// must be the binary's real defaults, so a change in keymap.go shows up in
// the golden file (and in the help golden files rendered from it).
func TestDefaultKeyMapGolden(t *testing.T) {
	const path = "ui/testdata/default_keymap.golden"
	got, err := defaultKeyMap().MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v — run go test . -update", err)
	}
	if string(got) != string(want) {
		t.Errorf("keymap.go and %s differ — run go test . -update and review the diff:\ngot:\n%s", path, got)
	}
	km := defaultKeyMap()
	if err := km.UnmarshalText(want); err != nil {
		t.Fatalf("%s does not read back: %v", path, err)
	}
}
