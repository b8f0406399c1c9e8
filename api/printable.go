package api

import (
	"strings"
	"unicode/utf8"
)

// Printable returns s made safe to write to a terminal on one line: every
// escape sequence (CSI, OSC, DCS, SOS, PM, APC, in their 7-bit ESC forms and
// their 8-bit C1 forms) is removed whole, so an OSC 52 clipboard write or a
// title change hidden in provider text does nothing; other C0 and C1 control
// characters and DEL are dropped, except that tab, newline and carriage
// return become a space; bidirectional overrides are dropped; invalid UTF-8
// becomes U+FFFD. Every string that came from the network passes through
// Printable (or PrintableLines) before it reaches a terminal.
func Printable(s string) string { return clean(s, false) }

// PrintableLines is Printable but keeps newlines, for multi-line text such as
// indented JSON. Tabs become a space and carriage returns are dropped.
func PrintableLines(s string) string { return clean(s, true) }

// isSafeASCII reports whether s is plain printable ASCII, the common case,
// which needs no copy.
func isSafeASCII(s string, keepNL bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			continue
		}
		if keepNL && c == '\n' {
			continue
		}
		return false
	}
	return true
}

const (
	c1CSI = 0x9b
	c1OSC = 0x9d
	c1DCS = 0x90
	c1SOS = 0x98
	c1PM  = 0x9e
	c1APC = 0x9f
	c1ST  = 0x9c
)

func clean(s string, keepNL bool) string {
	if isSafeASCII(s, keepNL) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			i++
			continue
		}
		switch {
		case r == 0x1b: // ESC: drop the whole sequence it starts
			i = skipEscape(s, i+1)
			continue
		case r == c1CSI:
			i = skipCSI(s, i+size)
			continue
		case r == c1OSC || r == c1DCS || r == c1SOS || r == c1PM || r == c1APC:
			i = skipString(s, i+size)
			continue
		case r == '\n' && keepNL:
			b.WriteByte('\n')
		case r == '\t', r == '\n' && !keepNL, r == '\r' && !keepNL:
			b.WriteByte(' ')
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			// other control characters: dropped
		case isBidiControl(r):
			// dropped: they reorder what follows on screen
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// IsControl reports whether a terminal would act on r rather than show it:
// a C0 or C1 control character, DEL, or a bidirectional override. These
// are what Printable removes (ESC with the sequence it starts).
func IsControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidiControl(r)
}

func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// skipEscape returns the index just past the escape sequence whose ESC was
// at i-1.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// nF sequences: intermediates 0x20-0x2f then one final byte.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips parameter and intermediate bytes and the final byte of a CSI
// sequence. A byte that cannot be part of it ends the sequence unconsumed.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		switch {
		case c >= 0x20 && c <= 0x3f:
			i++
		case c >= 0x40 && c <= 0x7e:
			return i + 1
		default:
			return i
		}
	}
	return i
}

// skipString skips a control string (OSC, DCS, SOS, PM, APC) up to and
// including its terminator: BEL, ESC \, or the C1 ST. An unterminated
// string runs to the end of s.
func skipString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i // a new sequence starts here; the caller drops it too
		case s[i] == 0xc2 && i+1 < len(s) && s[i+1] == c1ST:
			return i + 2
		}
		i++
	}
	return i
}
