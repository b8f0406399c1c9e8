package ui

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
)

// MarshalText writes the key map one action a line, in help order:
// the action's config name, its keys, and its help key and description,
// separated by tabs ("sort\ts\ts\tsort"). The binary's default key map is
// kept in this form in ui/testdata/default_keymap.golden, so the tests of
// every package render from the real defaults, and a change of a default
// shows up in that file.
func (k KeyMap) MarshalText() ([]byte, error) {
	var b bytes.Buffer
	for _, a := range k.Actions() {
		h := a.Binding.Help()
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", a.Name, strings.Join(a.Binding.Keys(), ","), h.Key, h.Desc)
	}
	return b.Bytes(), nil
}

// UnmarshalText reads what MarshalText wrote. Every action must be there
// once; an unknown or repeated action, or a line that is not four fields,
// is an error naming the line.
func (k *KeyMap) UnmarshalText(text []byte) error {
	*k = KeyMap{}
	byName := map[string]*key.Binding{}
	for _, a := range k.Actions() {
		byName[a.Name] = a.Binding
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 {
			return fmt.Errorf("key map line %d: want 4 tab-separated fields, have %d", n, len(f))
		}
		b, ok := byName[f[0]]
		if !ok || seen[f[0]] {
			return fmt.Errorf("key map line %d: unknown or repeated action %q", n, f[0])
		}
		seen[f[0]] = true
		*b = key.NewBinding(key.WithKeys(strings.Split(f[1], ",")...), key.WithHelp(f[2], f[3]))
	}
	if len(seen) != len(byName) {
		return fmt.Errorf("key map: %d of %d actions given", len(seen), len(byName))
	}
	return sc.Err()
}
