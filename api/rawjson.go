package api

import (
	"bytes"
	"encoding/json"
	"strings"
)

// This file walks JSON values that encoding/json has already validated (an
// entry decoded into a json.RawMessage), without allocating: objects are
// split into key and value spans, arrays into element spans. The functions
// stay defensive anyway: on anything unexpected they stop and report false
// rather than index out of range.

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// scanString returns the index just past the string that starts at b[i]
// (a '"'), or -1.
func scanString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// scanValue returns the index just past the value that starts at b[i], or -1.
func scanValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return scanString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				k := scanString(b, j)
				if k < 0 {
					return -1
				}
				j = k - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) {
		switch b[j] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return j
		}
		j++
	}
	return j
}

// eachMember calls fn with each member of the object b: the key as its JSON
// string (quotes included) and the value's span. It reports false when b is
// not an object.
func eachMember(b []byte, fn func(key, val []byte)) bool {
	return walk(b, '{', '}', func(b []byte, i int) (int, bool) {
		if b[i] != '"' {
			return -1, false
		}
		ke := scanString(b, i)
		if ke < 0 {
			return -1, false
		}
		j := skipWS(b, ke)
		if j >= len(b) || b[j] != ':' {
			return -1, false
		}
		j = skipWS(b, j+1)
		ve := scanValue(b, j)
		if ve < 0 {
			return -1, false
		}
		fn(b[i:ke], b[j:ve])
		return ve, true
	})
}

// eachElement calls fn with each element of the array b. It reports false
// when b is not an array.
func eachElement(b []byte, fn func(val []byte)) bool {
	return walk(b, '[', ']', func(b []byte, i int) (int, bool) {
		ve := scanValue(b, i)
		if ve < 0 {
			return -1, false
		}
		fn(b[i:ve])
		return ve, true
	})
}

// walk iterates the comma-separated items between open and close; item
// consumes one item at i and returns the index after it.
func walk(b []byte, open, close byte, item func(b []byte, i int) (int, bool)) bool {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != open {
		return false
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == close {
		return true
	}
	for i < len(b) {
		end, ok := item(b, i)
		if !ok {
			return false
		}
		i = skipWS(b, end)
		if i >= len(b) {
			return false
		}
		if b[i] == close {
			return true
		}
		if b[i] != ',' {
			return false
		}
		i = skipWS(b, i+1)
	}
	return false
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

// keyIs reports whether the JSON string k (quotes included) equals s.
func keyIs(k []byte, s string) bool {
	if len(k) == len(s)+2 && string(k[1:len(k)-1]) == s {
		return true
	}
	if bytes.IndexByte(k, '\\') < 0 {
		return false
	}
	u, ok := jsonString(k)
	return ok && u == s
}

// keyName returns the unescaped name of a key (for keys with escapes).
func keyName(k []byte) string {
	if s, ok := jsonString(k); ok {
		return s
	}
	return strings.Trim(string(k), `"`)
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
