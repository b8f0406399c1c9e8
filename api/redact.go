package api

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// redactor removes the API key (and anything that is not printable) from
// text that came from the network before it goes into an *Error.
//
// A server that echoes the key does not always echo it verbatim. An HTML
// page may break it with markup (`idc_ab<wbr>cd…`) or wrap it across
// lines, a JSON body may spell a character as `\u0061` and a page as
// `&#97;`, and a cut (the error-body cap, a message's length) may fall in
// the middle of it. What a reader could still piece together into the key
// counts as the key: the redactor matches the key's characters in order,
// each written as itself or as a JSON or HTML escape, with any filler
// between two of them that a reader would look past (white space, HTML
// tags and invisible entities, format and control characters, escape
// sequences), and it runs on the whole text before anything is cut.
type redactor struct{ key string }

// minRedactLen keeps a (bogus) one- or two-letter key from turning every
// message into asterisks.
const minRedactLen = 4

// redactedText replaces the key.
const redactedText = "[redacted]"

// maxFiller bounds the filler between two characters of the key, so a
// match is found in time linear in the text.
const maxFiller = 256

func (r redactor) active() bool { return len(r.key) >= minRedactLen }

// clean makes s printable and removes the key from it, also where markup
// or spacing splits it.
func (r redactor) clean(s string) string {
	return strings.TrimSpace(r.redact(Printable(s), false))
}

// err returns err unchanged unless its text holds the key, in which case
// the text is replaced (the chain is kept for errors.Is).
func (r redactor) err(err error) error {
	if err == nil || !r.active() {
		return err
	}
	msg := err.Error()
	if red := r.redact(msg, false); red != msg {
		return &redactedError{msg: red, err: err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact replaces every occurrence of the key in s with [redacted]. When
// cut is true, s was cut at its end (more text followed), and an
// occurrence that the cut interrupted, the start of the key up to the end
// of s, is removed as well. It repeats until nothing is left to replace:
// a key split around a tag that held another key ("ab<x key>cd") only
// shows once the inner one is replaced. Each round shortens s, so it ends.
func (r redactor) redact(s string, cut bool) string {
	if !r.active() {
		return s
	}
	for {
		next := r.redactOnce(s, cut)
		if next == s {
			return s
		}
		s = next
	}
}

// redactOnce is one round of redact.
func (r redactor) redactOnce(s string, cut bool) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != r.key[0] && c != '\\' && c != '&' {
			continue
		}
		end, full, open := r.match(s, i, cut)
		switch {
		case full:
			b.WriteString(s[last:i])
			b.WriteString(redactedText)
			last = end
			i = end - 1
		case cut && open:
			b.WriteString(s[last:i])
			return b.String()
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// match tries the key at s[i:]. full reports a whole occurrence, ending at
// end; open reports that s ended (or holds an unfinished escape or tag at
// its end) after a start of the key, before it could be told apart from
// one. When s was cut, a character reference that runs to its end
// ("&#10") may have been cut too, and counts as unfinished.
func (r redactor) match(s string, i int, cut bool) (end int, full, open bool) {
	j := i
	for k := 0; k < len(r.key); k++ {
		if k > 0 {
			next, stop := skipFiller(s, j)
			if stop {
				return 0, false, true
			}
			j = next
		}
		if j == len(s) {
			return 0, false, true
		}
		c, n, partial := keyUnit(s[j:])
		if partial && (n == 0 || cut) {
			return 0, false, true
		}
		if n == 0 || c != rune(r.key[k]) {
			return 0, false, false
		}
		j += n
	}
	return j, true, false
}

// skipFiller returns the index past the filler that starts at s[i:]: what
// a reader looks past between two characters. stop reports that the text
// ends inside it (an unclosed tag or escape sequence, or the end of s).
func skipFiller(s string, i int) (next int, stop bool) {
	start := i
	for i < len(s) && i-start <= maxFiller {
		c := s[i]
		switch {
		case c == '<':
			gt := strings.IndexByte(s[i:], '>')
			if gt < 0 {
				return i, len(s)-i <= maxFiller
			}
			if i+gt+1-start > maxFiller || strings.IndexByte(s[i+1:i+gt], '<') >= 0 || !isTagStart(s[i+1:i+gt]) {
				return i, false
			}
			i += gt + 1
		case c == '&':
			r, n, partial := entity(s[i:])
			if partial {
				return i, true
			}
			if n == 0 || !isInvisible(r) {
				return i, false
			}
			i += n
		case c == '\\':
			r, n, partial := jsonEscape(s[i:])
			if partial {
				return i, true
			}
			if n == 0 || !isInvisible(r) {
				return i, false
			}
			i += n
		case c == 0x1b:
			i = skipEscape(s, i+1)
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == c1CSI:
				i = skipCSI(s, i+n)
			case r == c1OSC || r == c1DCS || r == c1SOS || r == c1PM || r == c1APC:
				i = skipString(s, i+n)
			case r == utf8.RuneError && n == 1 && !utf8.FullRuneInString(s[i:]):
				return i, true // a character cut off by the end of s
			case isInvisible(r):
				i += n
			default:
				return i, false
			}
		}
	}
	return i, i >= len(s)
}

// isTagStart reports whether the inside of <…> looks like markup: a tag
// name, a closing tag, a comment or a declaration.
func isTagStart(inner string) bool {
	if inner == "" {
		return false
	}
	c := inner[0]
	return c == '/' || c == '!' || c == '?' || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

// isInvisible reports whether a reader looks past r: white space, a
// control or a format character (soft hyphen, zero-width space and
// joiners, bidirectional marks, byte order mark).
func isInvisible(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// keyUnit decodes one character of the key at the start of s: itself, a
// JSON escape (\u0061) or an HTML character reference (&#97; &#x61;
// &lowbar;). partial reports an escape cut off by the end of s.
func keyUnit(s string) (r rune, n int, partial bool) {
	switch s[0] {
	case '\\':
		return jsonEscape(s)
	case '&':
		if r, n, partial := entity(s); n > 0 || partial {
			return r, n, partial
		}
	}
	r, n = utf8.DecodeRuneInString(s)
	return r, n, false
}

// jsonEscape decodes a JSON escape at the start of s; n is 0 when there
// is none.
func jsonEscape(s string) (r rune, n int, partial bool) {
	if len(s) < 2 {
		return 0, 0, true
	}
	switch s[1] {
	case 'u':
		if len(s) < 6 {
			return 0, 0, allHex(s[2:])
		}
		v := 0
		for _, c := range []byte(s[2:6]) {
			d := hexVal(c)
			if d < 0 {
				return 0, 0, false
			}
			v = v<<4 | d
		}
		return rune(v), 6, false
	case 'n':
		return '\n', 2, false
	case 't':
		return '\t', 2, false
	case 'r':
		return '\r', 2, false
	case 'b':
		return '\b', 2, false
	case 'f':
		return '\f', 2, false
	case '/', '"', '\\':
		return rune(s[1]), 2, false
	}
	return 0, 0, false
}

// maxEntity bounds an HTML character reference (the longest names are
// about 30 letters).
const maxEntity = 40

// entity decodes an HTML character reference at the start of s (&#97;,
// &#x61;, &shy;, and &#97 without its semicolon, which HTML accepts) that
// stands for one character; n is 0 when there is none. partial reports
// that s ends inside it (or right after its digits, which might have gone
// on).
func entity(s string) (r rune, n int, partial bool) {
	if len(s) >= 2 && s[1] == '#' {
		return numericRef(s)
	}
	// A named reference without its semicolon (&amp, &nbsp) decodes only
	// to punctuation or a space, never to a character of a key.
	semi := strings.IndexByte(s[:min(len(s), maxEntity)], ';')
	if semi < 0 {
		// "&#9" or "&sh" at the very end may be the start of one.
		return 0, 0, len(s) < maxEntity && isEntityBody(s[1:])
	}
	if !isEntityBody(s[1:semi]) {
		return 0, 0, false
	}
	u := html.UnescapeString(s[:semi+1])
	if u == s[:semi+1] || utf8.RuneCountInString(u) != 1 {
		return 0, 0, false
	}
	r, _ = utf8.DecodeRuneInString(u)
	return r, semi + 1, false
}

// numericRef decodes &#NNN or &#xHHH, with or without the semicolon.
func numericRef(s string) (r rune, n int, partial bool) {
	i, base := 2, 10
	if i < len(s) && s[i]|0x20 == 'x' {
		i, base = 3, 16
	}
	start, v := i, 0
	for ; i < len(s) && i-start < 8; i++ {
		d := hexVal(s[i])
		if d < 0 || d >= base {
			break
		}
		v = v*base + d
	}
	switch {
	case i == start:
		return 0, 0, i >= len(s) // "&#" or "&#x" at the end
	case i == len(s):
		return rune(v), i, true // the digits may go on past the end
	case s[i] == ';':
		i++
	}
	return rune(v), i, false
}

func isEntityBody(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '#' || (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z')) {
			return false
		}
	}
	return true
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if hexVal(s[i]) < 0 {
			return false
		}
	}
	return true
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c|0x20 >= 'a' && c|0x20 <= 'f':
		return int(c|0x20-'a') + 10
	}
	return -1
}
