package ui

import "math/bits"

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
// It is nil when nothing is marked.
func (t resultsTable) Marked() []int {
	if t.nMarks == 0 {
		return nil
	}
	out := make([]int, 0, t.nMarks)
	seen := make([]uint64, len(t.marks))
	for _, i := range t.idx {
		if t.marked(i) {
			out = append(out, i)
			seen[i>>6] |= 1 << (uint(i) & 63)
		}
	}
	for w, m := range t.marks {
		for rest := m &^ seen[w]; rest != 0; rest &= rest - 1 {
			out = append(out, w<<6|bits.TrailingZeros64(rest))
		}
	}
	return out
}

// SetRented tells the table which numbers are rented (bought in this
// session): their rows show Glyphs.Check in the gutter and are dimmed.
// rented is asked only for the rows on screen, once per row per frame, so
// it must be cheap (a map lookup). Call SetRented again whenever its
// answer changes for some number; nil means none is rented.
func (t *resultsTable) SetRented(rented func(e164 string) bool) { t.rented = rented }
