package cli

import (
	"fmt"
	"io"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// noteReadings says on w which words of letters found numbers by their
// keypad digits, as the browser's status line does: letters usually mean
// a place, so a script's author should know when they meant digits.
func noteReadings(w io.Writer, f results.Filter, readings []results.Reading) {
	words := f.Words()
	for i, rd := range readings {
		if rd&results.ReadKeypad == 0 || i >= len(words) {
			continue
		}
		how := "as keypad digits " + words[i].Keypad()
		if rd&results.ReadRegion != 0 {
			how = "as a place name and as keypad digits " + words[i].Keypad()
		}
		fmt.Fprintf(w, "numbrowse: note: --filter %q matched %s\n", api.Printable(words[i].Text), how)
	}
}
