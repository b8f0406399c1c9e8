package api

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"slices"
	"strings"
)

const (
	// maxErrorBodyBytes caps how much of an error response is read.
	maxErrorBodyBytes = 64 << 10
	// maxMessages and maxMessageLen bound what an error body can put into
	// an *Error.
	maxMessages   = 10
	maxMessageLen = 300
	// maxSnippetLen bounds Error.Snippet.
	maxSnippetLen = 120
)

// readErrorBody reads an error response body up to maxErrorBodyBytes and
// takes the key out of it, on the whole of what was read and before
// anything else is done with it. A body that fills the cap may have been
// cut, so a start of the key at its very end is removed too: the cut may
// have fallen inside the key. The error is the reader's, if any.
func readErrorBody(r io.Reader, red redactor) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxErrorBodyBytes))
	if red.active() {
		b = []byte(red.redact(string(b), len(b) == maxErrorBodyBytes))
	}
	return b, err
}

// parseErrorBody extracts the server's messages from an error response:
// {"error": "..."}, {"errors": ["...", ...]}, errors given as objects with a
// message (or detail/title), or {"message": "..."}. A body with no message
// (HTML, text, unexpected JSON) gives a short cleaned snippet instead.
func parseErrorBody(body []byte, red redactor) (msgs []string, snippet string) {
	// The whole body first: markup that htmlText drops could otherwise
	// hide a key's halves from each other until the tags are gone.
	body = bytes.TrimSpace([]byte(red.redact(string(body), false)))
	if len(body) == 0 {
		return nil, ""
	}
	if (body[0] == '{' || body[0] == '[') && json.Valid(body) {
		var raw []string
		if body[0] == '{' {
			var m map[string]json.RawMessage
			if json.Unmarshal(body, &m) == nil {
				raw = append(raw, messagesFrom(m["error"], 0)...)
				raw = append(raw, messagesFrom(m["errors"], 0)...)
				if len(raw) == 0 {
					raw = messagesFrom(m["message"], 0)
				}
			}
		} else {
			raw = messagesFrom(body, 0)
		}
		if msgs = boundMessages(raw, red.clean); len(msgs) > 0 {
			return msgs, ""
		}
		var compact bytes.Buffer
		if json.Compact(&compact, body) == nil {
			body = compact.Bytes()
		}
		return nil, truncate(red.clean(string(body)), maxSnippetLen)
	}
	return nil, truncate(red.clean(htmlText(string(body))), maxSnippetLen)
}

// boundMessages cleans the server's messages with clean and keeps the
// first maxMessages that are not empty, each cut to maxMessageLen.
func boundMessages(raw []string, clean func(string) string) []string {
	var msgs []string
	for _, s := range raw {
		if len(msgs) == maxMessages {
			break // the rest would only be cleaned to be dropped
		}
		if s = clean(s); s != "" {
			msgs = append(msgs, truncate(s, maxMessageLen))
		}
	}
	return msgs
}

// messagesFrom turns one JSON value into messages: a string, a list of
// messages, or an object with message/detail/title (or error), or a
// Rails-style object of field → messages.
func messagesFrom(raw json.RawMessage, depth int) []string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || depth > 3 {
		return nil
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil && strings.TrimSpace(s) != "" {
			return []string{s}
		}
	case '[':
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) != nil {
			return nil
		}
		var out []string
		for _, v := range list {
			out = append(out, messagesFrom(v, depth+1)...)
		}
		return out
	case '{':
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return nil
		}
		for _, k := range []string{"message", "detail", "error", "title"} {
			if msgs := messagesFrom(m[k], depth+1); len(msgs) > 0 {
				if k == "detail" {
					if t := messagesFrom(m["title"], depth+1); len(t) == 1 {
						return []string{t[0] + ": " + msgs[0]}
					}
				}
				return msgs
			}
		}
		// {"errors": {"country": ["is invalid"]}}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var out []string
		for _, k := range keys {
			for _, msg := range messagesFrom(m[k], depth+1) {
				out = append(out, k+": "+msg)
			}
		}
		return out
	}
	return nil
}

// htmlText reduces an HTML (or plain text) page to its visible words:
// script and style contents and tags are dropped, entities decoded and
// whitespace collapsed.
func htmlText(s string) string {
	low := asciiLower(s) // same byte offsets as s
	var b strings.Builder
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			b.WriteString(s[i:])
			break
		}
		b.WriteString(s[i : i+lt])
		b.WriteByte(' ')
		i += lt
		for _, tag := range []string{"script", "style"} {
			if strings.HasPrefix(low[i+1:], tag) {
				end := strings.Index(low[i:], "</"+tag)
				if end < 0 {
					i = len(s)
				} else {
					i += end
				}
				break
			}
		}
		gt := strings.IndexByte(s[i:], '>')
		if gt < 0 {
			break
		}
		i += gt + 1
	}
	return collapse(html.UnescapeString(b.String()))
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// collapse replaces every run of white space with one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
