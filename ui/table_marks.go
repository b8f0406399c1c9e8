package ui

import (
	"math/bits"

	"numbrowse/internal/results"
)

// Marks are kept per record (set index), so they survive sorting and
// filtering; a new search (SetData with another set) clears them.

// marked reports whether the number at set index i is marked.
func (t *resultsTable) marked(i int) bool {
	w := i >> 6
	return w < len(t.marks) && t.marks[w]&(1<<(uint(i)&63)) != 0
}

// ToggleMark marks the row under the cursor, or unmarks it. It does
// nothing when there are no rows.
func (t *resultsTable) ToggleMark() {
	i, ok := t.Selected()
	if !ok {
		return
	}
	if t.marks == nil {
		t.marks = make([]uint64, (t.set.Len()+63)/64)
	}
	bit := uint64(1) << (uint(i) & 63)
	t.marks[i>>6] ^= bit
	if t.marks[i>>6]&bit != 0 {
		t.nMarks++
	} else {
		t.nMarks--
	}
}

// ClearMarks unmarks every number.
func (t *resultsTable) ClearMarks() { t.marks, t.nMarks = nil, 0 }

// MarkedCount returns how many numbers are marked, visible or not.
func (t resultsTable) MarkedCount() int { return t.nMarks }

// Marked returns the set indices of the marked numbers: first those
// visible now, in view order, then those the filter hides, in set order
// (an export of "the marked rows" includes every number the user marked).
// It is empty when nothing is marked.
func (t resultsTable) Marked() results.Rows {
	if t.nMarks == 0 {
		return results.Rows{}
	}
	out := make([]int32, 0, t.nMarks)
	seen := make([]uint64, len(t.marks))
	for _, i := range t.idx.All() {
		if t.marked(i) {
			out = append(out, int32(i))
			seen[i>>6] |= 1 << (uint(i) & 63)
		}
	}
	for w, m := range t.marks {
		for rest := m &^ seen[w]; rest != 0; rest &= rest - 1 {
			out = append(out, int32(w<<6|bits.TrailingZeros64(rest)))
		}
	}
	return results.RowsOf(out)
}

// SetRented tells the table which numbers are rented (bought in this
// session): their rows show Glyphs.Check in the gutter and are dimmed.
// rented is asked only for the rows on screen, once per row per frame, so
// it must be cheap (a map lookup). Call SetRented again whenever its
// answer changes for some number; nil means none is rented.
func (t *resultsTable) SetRented(rented func(e164 string) bool) { t.rented = rented }

// MarkVisible marks every visible row (the filtered view) and returns
// how many were not marked before.
func (t *resultsTable) MarkVisible() int {
	if t.set == nil || t.idx.Len() == 0 {
		return 0
	}
	if t.marks == nil {
		t.marks = make([]uint64, (t.set.Len()+63)/64)
	}
	added := 0
	for _, i := range t.idx.All() {
		bit := uint64(1) << (uint(i) & 63)
		if t.marks[i>>6]&bit == 0 {
			t.marks[i>>6] |= bit
			added++
		}
	}
	t.nMarks += added
	return added
}

// MarkedNumbers returns the E.164 forms of the marked numbers, in the
// order of Marked.
func (t resultsTable) MarkedNumbers() []string {
	idx := t.Marked()
	if idx.Len() == 0 {
		return nil
	}
	out := make([]string, idx.Len())
	for k, i := range idx.All() {
		out[k] = t.set.At(i).E164
	}
	return out
}

// MarkNumbers marks the numbers of the set whose E.164 form is in e164s
// (those it does not hold are ignored) and returns how many it marked.
func (t *resultsTable) MarkNumbers(e164s []string) int {
	if t.set == nil || len(e164s) == 0 {
		return 0
	}
	want := make(map[string]bool, len(e164s))
	for _, e := range e164s {
		want[e] = true
	}
	if t.marks == nil {
		t.marks = make([]uint64, (t.set.Len()+63)/64)
	}
	n := 0
	for i := range t.set.Len() {
		if !want[t.set.At(i).E164] {
			continue
		}
		bit := uint64(1) << (uint(i) & 63)
		if t.marks[i>>6]&bit == 0 {
			t.marks[i>>6] |= bit
			t.nMarks++
			n++
		}
	}
	return n
}

// HiddenMarks returns how many marked numbers the filter hides.
func (t resultsTable) HiddenMarks() int {
	if t.nMarks == 0 {
		return 0
	}
	visible := 0
	for _, i := range t.idx.All() {
		if t.marked(i) {
			visible++
		}
	}
	return t.nMarks - visible
}
