package results

import "slices"

// Follow keeps a table cursor on its record when the view changes (a new
// filter or sort): given the old view, the cursor's position in it and the
// new view, it returns the position in cur of the same record. When that
// record is gone it returns the position of the first record after it in
// old that is still in cur (what moved up into its place), else of the
// last one before it, else 0. pos is clamped to old's range. Views hold
// indices into one Set, as View returns them. It is O(len(old)+len(cur)).
func Follow(old, cur []int, pos int) int {
	if len(cur) == 0 || len(old) == 0 {
		return 0
	}
	pos = min(max(pos, 0), len(old)-1)
	if p := slices.Index(cur, old[pos]); p >= 0 {
		return p
	}
	where := make([]int32, slices.Max(cur)+1) // position+1 in cur; 0: absent
	for p, i := range cur {
		if i >= 0 {
			where[i] = int32(p + 1)
		}
	}
	at := func(i int) int {
		if i < 0 || i >= len(where) {
			return -1
		}
		return int(where[i]) - 1
	}
	for _, i := range old[pos+1:] {
		if p := at(i); p >= 0 {
			return p
		}
	}
	for k := pos - 1; k >= 0; k-- {
		if p := at(old[k]); p >= 0 {
			return p
		}
	}
	return 0
}
