package cli

import (
	"fmt"
	"io"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// noteReadings says on w which words of letters found numbers by their
// keypad digits, as the browser's status line does: letters usually mean
// a place, so a script's author should know when they meant digits. It
// also names the bare numbers that start a postal code of the results,
// which match the phone number's digits only, with the zip: term for the
// postal code, as the browser's filter line does.
func noteReadings(w io.Writer, set *results.Set, f results.Filter) {
	words := f.Words()
	for _, word := range words {
		if zip := set.PostalPrefix(word); zip != "" {
			fmt.Fprintf(w, "numbrowse: note: --filter %q matches digits in the phone number; for the postal code use zip:%s\n", zip, zip)
		}
	}
	readings := set.Readings(f)
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
