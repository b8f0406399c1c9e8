package results

import "io"

// WriteJSONL writes the numbers idx of set as JSON Lines: one compact
// Entry object (the shape of WriteJSON's elements) a line, for streams
// and `jq -c`. Characters a terminal would act on are escaped.
func WriteJSONL(w io.Writer, set *Set, idx []int) error {
	return writeJSONLines(w, len(idx), func(i int) any { return newEntry(set.At(idx[i])) })
}

// WriteTSV writes the numbers idx of set with WriteCSV's columns separated
// by tabs, one number a line; tabs and line breaks inside a value become
// spaces.
func WriteTSV(w io.Writer, set *Set, idx []int) error {
	records := make([][]string, 0, len(idx)+1)
	records = append(records, CSVHeader)
	for _, j := range idx {
		records = append(records, csvRecord(set.At(j)))
	}
	return writeTSV(w, records)
}
