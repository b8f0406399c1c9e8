package api

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// Small helpers for JSON values the decoder has already read (and so
// validated): strings, numbers, null.

// unquote appends the value of the JSON string v to dst (v itself, quotes
// dropped, when it has no escapes). Anything that is not a string gives
// dst unchanged.
func unquote(dst, v []byte) []byte {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return dst
	}
	if inner := v[1 : len(v)-1]; bytes.IndexByte(inner, '\\') < 0 {
		return append(dst, inner...)
	}
	out, err := jsontext.AppendUnquote(dst, v)
	if err != nil {
		return dst
	}
	return out
}

// jsonString returns the value of the JSON string v.
func jsonString(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	if inner := v[1 : len(v)-1]; bytes.IndexByte(inner, '\\') < 0 {
		return string(inner), true
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return "", false
	}
	return s, true
}

func isNull(v []byte) bool { return string(v) == "null" }

// isNumber reports whether v is a JSON number.
func isNumber(v []byte) bool { return len(v) > 0 && (v[0] == '-' || (v[0] >= '0' && v[0] <= '9')) }

// scalarText returns the text of a string or number (a number's literal
// text). null and other values report false.
func scalarText(v []byte) (string, bool) {
	if isNumber(v) {
		return string(v), true
	}
	return jsonString(v)
}

// isPlainText reports whether b is printable ASCII no longer than
// maxTextBytes, which text would return unchanged (but for trimming).
func isPlainText(b []byte) bool {
	if len(b) > maxTextBytes {
		return false
	}
	for _, c := range b {
		if c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// lowerASCII lower-cases s.
func lowerASCII(s string) string { return strings.ToLower(s) }

// appendInt appends i in decimal.
func appendInt(b []byte, i int) []byte { return strconv.AppendInt(b, int64(i), 10) }

// maxTextBytes caps one provider string (a region name, a label). Real
// ones are short; a hostile megabyte-long one would otherwise cost every
// filter keystroke and every redraw.
const maxTextBytes = 1024

// text makes provider text safe to store: Printable, trimmed, and cut to
// maxTextBytes (at a character boundary, marked with "…").
func text(s string) string {
	if len(s) <= maxTextBytes {
		return strings.TrimSpace(Printable(s))
	}
	cut := len(s) > 4*maxTextBytes
	if cut {
		s = s[:4*maxTextBytes] // cleaning a megabyte only to drop it costs too much
	}
	s = strings.TrimSpace(Printable(s))
	if len(s) > maxTextBytes {
		i := maxTextBytes
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s, cut = s[:i], true
	}
	if cut {
		s += "…"
	}
	return s
}

// decimalValue reads a cost from a string or JSON number, keeping its text;
// null and "" give the zero Decimal. It reports false for anything else.
func decimalValue(v []byte) (Decimal, bool) {
	if isNull(v) {
		return Decimal{}, true
	}
	s, ok := scalarText(v)
	if !ok {
		return Decimal{}, false
	}
	if strings.TrimSpace(s) == "" {
		return Decimal{}, true
	}
	dec, err := ParseDecimal(s)
	return dec, err == nil
}

// sortedSet sorts ss and drops repeats and empty strings.
func sortedSet(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	slices.Sort(ss)
	out := ss[:1]
	for _, s := range ss[1:] {
		if s != out[len(out)-1] {
			out = append(out, s)
		}
	}
	if out[0] == "" {
		out = out[1:]
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
