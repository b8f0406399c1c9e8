package cli

import (
	"os"
	"sync"

	"numbrowse/ui"
)

// defaultKeys is the binary's default key map, read from the golden file
// the root keymap_test.go keeps in step with keymap.go.
var defaultKeys = sync.OnceValue(func() ui.KeyMap {
	data, err := os.ReadFile("../../ui/testdata/default_keymap.golden")
	if err != nil {
		panic(err)
	}
	var km ui.KeyMap
	if err := km.UnmarshalText(data); err != nil {
		panic(err)
	}
	return km
})

// testBuild is what the binary hands the command layer, for the tests.
func testBuild() Build { return Build{Version: "", Keys: defaultKeys()} }
