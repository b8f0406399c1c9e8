package results

import "iter"

// Rows is a list of rows of a Set, as indices into it (what Set.View
// returns: the rows that match a filter, in a sort's order). It is
// read-only: nothing outside this package can change its indices, so a
// Rows can be shared. A View without a filter is the sort's cached order
// itself, which every Set of a Sharer's index (every SSH session of
// numbrowse serve showing the same result) shares; a filtered one is the
// Set's own. Four bytes a row. The zero Rows is empty.
type Rows struct {
	idx []int32 // never written once a Rows holds it
}

// RowsOf returns the indices idx as Rows. The Rows keep idx (it is not
// copied): the caller must not modify it afterwards.
func RowsOf(idx []int32) Rows { return Rows{idx: idx[:len(idx):len(idx)]} }

// Len returns the number of rows.
func (r Rows) Len() int { return len(r.idx) }

// At returns the k-th row (an index into the Set), 0 <= k < Len.
func (r Rows) At(k int) int { return int(r.idx[k]) }

// All yields each position and its row, in order.
func (r Rows) All() iter.Seq2[int, int] {
	return func(yield func(k, i int) bool) {
		for k, i := range r.idx {
			if !yield(k, int(i)) {
				return
			}
		}
	}
}

// Head returns the first n rows (all of them when there are fewer).
func (r Rows) Head(n int) Rows {
	if n < 0 || n >= len(r.idx) {
		return r
	}
	return Rows{idx: r.idx[:n:n]}
}

// Equal reports whether r and o are the same rows in the same order: at
// once when they are one list (the same order twice), else row by row.
func (r Rows) Equal(o Rows) bool {
	if len(r.idx) != len(o.idx) {
		return false
	}
	if len(r.idx) == 0 || &r.idx[0] == &o.idx[0] {
		return true
	}
	for k, i := range r.idx {
		if o.idx[k] != i {
			return false
		}
	}
	return true
}

// SharesRows reports whether a and b are one list of rows, not copies
// (for tests: two sessions' unfiltered views of one order are).
func SharesRows(a, b Rows) bool {
	return a.Len() > 0 && a.Len() == b.Len() && &a.idx[0] == &b.idx[0]
}

// AppendTo appends the rows to dst and returns it: a copy the caller
// owns.
func (r Rows) AppendTo(dst []int32) []int32 { return append(dst, r.idx...) }
