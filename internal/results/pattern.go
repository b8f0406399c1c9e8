package results

import "strings"

// Digit patterns: digits, wildOne (any one digit) and wildRun (any run of
// digits, also none), matched against a number's digits. Patterns without
// wildcards take strings' fast paths.

// pattern is a digit pattern split at its runs, so that matching does not
// allocate.
type pattern struct {
	segs []string // the pattern's parts between runs; one part: no run
}

// compilePattern splits p at its runs.
func compilePattern(p string) pattern { return pattern{segs: strings.Split(p, string(wildRun))} }

// match reports whether the pattern matches s: at its start when start,
// at its end when end, else anywhere.
func (pt pattern) match(s string, start, end bool) bool {
	if len(pt.segs) == 1 {
		return matchSegment(s, pt.segs[0], start, end)
	}
	// The first part must match at the start (when anchored) or as early
	// as possible; each middle part as early as possible after the one
	// before; the last at the end (when anchored) after them. Taking the
	// earliest place for each is never worse: the parts have fixed
	// lengths and the runs between them take anything.
	first, last := pt.segs[0], pt.segs[len(pt.segs)-1]
	pos := 0
	if start {
		if !segmentAt(s, 0, first) {
			return false
		}
		pos = len(first)
	} else if first != "" {
		i := indexSegment(s, first)
		if i < 0 {
			return false
		}
		pos = i + len(first)
	}
	for _, seg := range pt.segs[1 : len(pt.segs)-1] {
		i := indexSegment(s[pos:], seg)
		if i < 0 {
			return false
		}
		pos += i + len(seg)
	}
	if end {
		return len(s)-pos >= len(last) && segmentAt(s, len(s)-len(last), last)
	}
	return indexSegment(s[pos:], last) >= 0
}

// matchSegment matches a pattern without runs.
func matchSegment(s, p string, start, end bool) bool {
	switch {
	case start && end:
		return len(s) == len(p) && segmentAt(s, 0, p)
	case start:
		return segmentAt(s, 0, p)
	case end:
		return len(s) >= len(p) && segmentAt(s, len(s)-len(p), p)
	}
	return indexSegment(s, p) >= 0
}

// segmentAt reports whether seg (digits and wildOne) matches s at i.
func segmentAt(s string, i int, seg string) bool {
	if i < 0 || len(s)-i < len(seg) {
		return false
	}
	for j := 0; j < len(seg); j++ {
		if c := seg[j]; c != wildOne && c != s[i+j] {
			return false
		}
	}
	return true
}

// indexSegment is the first index where seg matches in s, or -1.
func indexSegment(s, seg string) int {
	if strings.IndexByte(seg, wildOne) < 0 {
		return strings.Index(s, seg)
	}
	for i := 0; i+len(seg) <= len(s); i++ {
		if segmentAt(s, i, seg) {
			return i
		}
	}
	return -1
}

// generalises reports whether every string q (digits and wildOne, no runs)
// matches at a place, p (likewise) matches there too: p is no longer and
// has q's digit or wildOne at each place.
func generalises(p, q string) bool {
	if len(p) > len(q) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] != wildOne && p[i] != q[i] {
			return false
		}
	}
	return true
}
