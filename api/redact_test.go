package api

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// leakKey looks like a real key and shares no run of four characters with
// the text around it in these tests, so any four of its characters in a
// row in an output are a leak.
const leakKey = "idc_Q7vK2mX9pL4tR8wZ1nB6cY3hJ5dF0sGu"

// leaks returns the first run of four characters of the key's secret part
// that out shows, or "".
func leaks(out string) string {
	secret := leakKey[len("idc_"):]
	for i := 0; i+4 <= len(secret); i++ {
		if strings.Contains(out, secret[i:i+4]) {
			return secret[i : i+4]
		}
	}
	return ""
}

// spellings are ways a server's echo may write the key: as it is, broken
// by markup or white space between its characters, or with characters as
// JSON and HTML escapes. Each should be seen as the key.
func spellings(k string) map[string]string {
	return map[string]string{
		"plain":         k,
		"wbr":           k[:10] + "<wbr>" + k[10:],
		"spans":         k[:6] + `</span><span class="tok">` + k[6:20] + "<!-- x -->" + k[20:],
		"spaces":        k[:8] + " " + k[8:16] + "\n\t" + k[16:],
		"soft hyphens":  k[:9] + "&shy;" + k[9:18] + "\u00ad" + k[18:27] + "&#8203;" + k[27:],
		"zero width":    k[:12] + "\u200b" + k[12:24] + "\ufeff" + k[24:],
		"html entities": "&#105;" + k[1:3] + "&lowbar;&#x51;" + k[5:30] + "&#X64;" + k[31:],
		"json escapes":  k[:4] + `\u0051` + k[5:20] + `\n` + k[20:],
		// HTML takes a numeric reference without its semicolon (found by
		// FuzzRedact).
		"bare references": "&#105" + k[1:6] + "&#118" + k[7:21] + "&#8203" + k[21:],
		// A key around a tag that holds another key (FuzzRedact).
		"nested":      k[:10] + "<a title=" + k[:12] + "<wbr>" + k[12:] + ">" + k[10:],
		"escape seqs": k[:10] + "\x1b[0m" + k[10:20] + "\x1b]8;;x\x07" + k[20:],
	}
}

func TestRedactSpellings(t *testing.T) {
	red := redactor{key: leakKey}
	for name, sp := range spellings(leakKey) {
		for _, text := range []string{sp, "key " + sp + " rejected", "<p>key=" + sp + "</p>"} {
			got := red.redact(text, false)
			if l := leaks(got); l != "" || !strings.Contains(got, redactedText) {
				t.Errorf("%s: redact(%q) = %q", name, text, got)
			}
		}
	}
	for _, text := range []string{
		"nothing secret here",
		leakKey[:20] + "-" + leakKey[20:], // a character between: another string
		leakKey[:20] + "<" + strings.Repeat("x", 300) + ">" + leakKey[20:],
		strings.ToUpper(leakKey),
		"idc_ idc_Q7 idc_Q7vK2",
	} {
		if got := red.redact(text, false); got != text {
			t.Errorf("redact(%q) = %q, want it unchanged", text, got)
		}
	}
	if got := (redactor{key: "ab"}).clean("abc"); got != "abc" {
		t.Errorf("a too-short key should not be redacted: %q", got)
	}
}

// TestRedactCutTail: a text cut inside the key loses the start of the key
// that is left, also when the cut falls in markup or an escape between
// its characters; an uncut text keeps it (it is not the key).
func TestRedactCutTail(t *testing.T) {
	red := redactor{key: leakKey}
	for name, sp := range spellings(leakKey) {
		for n := 1; n < len(sp); n++ {
			text := "error: " + sp[:n]
			got := red.redact(text, true)
			if got != "error: " {
				t.Errorf("%s cut after %d bytes: %q → %q", name, n, text, got)
				break
			}
		}
	}
	if got := red.redact("error: idc_Q7vK", false); got != "error: idc_Q7vK" {
		t.Errorf("uncut: %q", got)
	}
	if got := red.redact("error: idc_Q7vK is not it", true); got != "error: idc_Q7vK is not it" {
		t.Errorf("a start of the key in the middle of a cut text: %q", got)
	}
}

// TestRedactionAtEveryCut puts the key, in every spelling, across every
// place where text from the network is cut: the 64 KiB error-body cap,
// the 300 characters of a message, the 120 of a snippet, the 1 KiB (and
// 4 KiB) of a message of a 2xx body without "data". For every split point
// no four characters of the key may be shown.
func TestRedactionAtEveryCut(t *testing.T) {
	red := redactor{key: leakKey}
	check := func(t *testing.T, what string, out ...string) {
		t.Helper()
		if l := leaks(strings.Join(out, "\n")); l != "" {
			t.Fatalf("%s shows %q of the key: %q", what, l, out)
		}
	}
	pad := func(n int) string { return strings.Repeat(".", n) }
	for name, sp := range spellings(leakKey) {
		t.Run(name, func(t *testing.T) {
			for k := 1; k < len(sp); k++ {
				// The error-body cap: a tag hides the padding, so the
				// text before the cut is all a snippet would show.
				body := "<x " + pad(maxErrorBodyBytes-k-4) + ">" + sp + " more"
				b, _ := readErrorBody(strings.NewReader(body), red)
				msgs, snippet := parseErrorBody(b, red)
				check(t, "the 64 KiB cap", append(msgs, snippet)...)

				// A message cut to maxMessageLen, a snippet to maxSnippetLen.
				msgs, _ = parseErrorBody([]byte(`{"error":"`+pad(maxMessageLen-k)+sp+`"}`), red)
				check(t, "a message's cut", msgs...)
				_, snippet = parseErrorBody([]byte("<p>"+pad(maxSnippetLen-k)+sp+"</p>"), red)
				check(t, "a snippet's cut", snippet)

				// A 2xx body without "data": its messages are cut to
				// maxTextBytes (after a first cut at 4 × that).
				for _, at := range []int{maxTextBytes, 4 * maxTextBytes, maxMessageLen} {
					_, err := decodeSearch(strings.NewReader(`{"message":"`+pad(at-k)+sp+`"}`), gbMobile, red, nil, nil)
					check(t, "a 2xx message's cut", err.Error())
				}
			}
		})
	}
}

// TestErrorBodyCutInsideTheKey is the red team's probe: a 401 whose body
// holds the key across the 64 KiB cap, through the client.
func TestErrorBodyCutInsideTheKey(t *testing.T) {
	for _, k := range []int{1, 5, 20, len(leakKey) - 1} {
		body := "<x " + strings.Repeat(".", maxErrorBodyBytes-k-4) + ">" + leakKey + " and more"
		srv, _ := serve(t, reply(http.StatusUnauthorized, body, "Content-Type", "text/html"))
		c, err := NewClient(WithBaseURL(srv.URL), WithAPIKey(leakKey), WithRetry(1, 0))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Search(context.Background(), gbMobile)
		if err == nil {
			t.Fatal("no error")
		}
		if l := leaks(err.Error()); l != "" {
			t.Errorf("cut after %d characters of the key: %q shows %q", k, err, l)
		}
	}
}

// FuzzRedact checks the redactor on any text, with the key put into it
// whole, split by filler, and cut: the cleaned text never holds the key,
// nor, when the text was cut inside it, any start of it at its end.
func FuzzRedact(f *testing.F) {
	for _, sp := range spellings(leakKey) {
		f.Add(sp, uint16(7), true)
	}
	f.Add("plain text", uint16(0), false)
	f.Add("<p>idc_Q7vK</p>", uint16(3), true)
	f.Fuzz(func(t *testing.T, s string, at uint16, cut bool) {
		red := redactor{key: leakKey}
		i := int(at) % (len(s) + 1)
		for _, text := range []string{s, s[:i] + leakKey + s[i:], s[:i] + leakKey[:12] + "<wbr>" + leakKey[12:] + s[i:]} {
			out := red.clean(text)
			if strings.Contains(out, leakKey) || strings.Contains(Printable(htmlText(out)), leakKey) {
				t.Fatalf("clean(%q) = %q holds the key", text, out)
			}
			if red.redact(out, false) != out {
				t.Fatalf("redact is not idempotent on %q", out)
			}
		}
		// A text that holds none of the key's characters, cut inside a
		// key that follows it, keeps no four of them in a row.
		if cut && !strings.ContainsAny(s, leakKey) {
			tail := red.redact(s+leakKey[:1+int(at)%(len(leakKey)-1)], true)
			if l := leaks(Printable(htmlText(tail))); l != "" {
				t.Fatalf("a cut text shows %q of the key: %q", l, tail)
			}
		}
	})
}
