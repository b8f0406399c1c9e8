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
func noteReadings(w io.Writer, set *results.Set, f results.Filter, idx results.Rows) {
	var n readingNotes
	n.add(set, f, set.ReadingsOf(f, idx))
	n.write(w)
}

// readingNotes gathers noteReadings' findings over the batches of a
// streamed search, so that each note is said once, at the end.
type readingNotes struct {
	words    []results.Word
	zips     []string          // per word: the postal code it starts, or ""
	readings []results.Reading // per word: how it matched, over every batch
}

// add takes a batch's findings: rds is how each word matched it (Readings
// or ReadingsOf).
func (n *readingNotes) add(set *results.Set, f results.Filter, rds []results.Reading) {
	if n.words == nil {
		n.words = f.Words()
		n.zips = make([]string, len(n.words))
		n.readings = make([]results.Reading, len(n.words))
	}
	for i, word := range n.words {
		if n.zips[i] == "" {
			n.zips[i] = set.PostalPrefix(word)
		}
	}
	for i, rd := range rds {
		if i < len(n.readings) {
			n.readings[i] |= rd
		}
	}
}

func (n *readingNotes) write(w io.Writer) {
	for _, zip := range n.zips {
		if zip != "" {
			fmt.Fprintf(w, "numbrowse: note: --filter %q matches digits in the phone number; for the postal code use zip:%s\n", zip, zip)
		}
	}
	for i, rd := range n.readings {
		if rd&results.ReadKeypad == 0 {
			continue
		}
		how := "as keypad digits " + n.words[i].Keypad()
		if rd&results.ReadRegion != 0 {
			how = "as a place name and as keypad digits " + n.words[i].Keypad()
		}
		fmt.Fprintf(w, "numbrowse: note: --filter %q matched %s\n", api.Printable(n.words[i].Text), how)
	}
}
