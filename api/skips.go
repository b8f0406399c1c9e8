package api

import (
	"fmt"
	"strconv"
	"strings"
)

// SkipReason is why an entry of a search response was left out.
type SkipReason uint8

// The reasons, in the order messages list them.
const (
	// SkipNoNumber: the entry has no phone number field (or it is empty).
	SkipNoNumber SkipReason = iota
	// SkipBadNumber: the entry's phone number is not one: too short or too
	// long, letters, a national number that is not valid in its country.
	SkipBadNumber
	// SkipRepeated: an earlier entry had the same number.
	SkipRepeated
	// SkipNotObject: the entry is not a JSON object.
	SkipNotObject
	numSkipReasons
)

var skipText = [numSkipReasons]string{
	SkipNoNumber:  "without a phone number",
	SkipBadNumber: "with a phone number that is not one",
	SkipRepeated:  "repeating an earlier number",
	SkipNotObject: "not an object",
}

// SkipReasons returns every reason, in order.
func SkipReasons() []SkipReason {
	out := make([]SkipReason, numSkipReasons)
	for i := range out {
		out[i] = SkipReason(i)
	}
	return out
}

// String describes the reason as it follows a count ("3 without a phone
// number").
func (r SkipReason) String() string {
	if r >= numSkipReasons {
		return fmt.Sprintf("SkipReason(%d)", uint8(r))
	}
	return skipText[r]
}

// Thousands is a count as people read it, with commas between groups of
// three digits: "1,234", "100,000", "-5", "999".
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Skips counts skipped entries by reason. The zero value counts none.
type Skips struct {
	counts [numSkipReasons]int
}

// Add counts one more entry skipped for reason r.
func (s *Skips) Add(r SkipReason) {
	if r < numSkipReasons {
		s.counts[r]++
	}
}

// Merge adds the counts of o.
func (s *Skips) Merge(o Skips) {
	for i, n := range o.counts {
		s.counts[i] += n
	}
}

// Count returns how many entries were skipped for reason r.
func (s Skips) Count(r SkipReason) int {
	if r >= numSkipReasons {
		return 0
	}
	return s.counts[r]
}

// Total returns how many entries were skipped.
func (s Skips) Total() int {
	n := 0
	for _, c := range s.counts {
		n += c
	}
	return n
}

// String says why, in a fixed order: "2
// without a phone number, 1 repeating an earlier number"; "" for none.
func (s Skips) String() string {
	var parts []string
	for r, n := range s.counts {
		if n > 0 {
			parts = append(parts, Thousands(n)+" "+SkipReason(r).String())
		}
	}
	return strings.Join(parts, ", ")
}
