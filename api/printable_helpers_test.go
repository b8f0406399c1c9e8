package api

import (
	"testing"
	"unicode/utf8"
)

// assertPrintable fails t when s could do anything but print: a byte below
// 0x20 (a newline too, unless allowNL), DEL, ESC, a C1 control rune, a bidi
// override or invalid UTF-8.
func assertPrintable(t testing.TB, what, s string, allowNL bool) {
	t.Helper()
	for i, r := range s {
		switch {
		case r == '\n' && allowNL:
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f, isBidiControl(r):
			t.Errorf("%s: unsafe rune %U at byte %d in %q", what, r, i, s)
			return
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				t.Errorf("%s: invalid UTF-8 at byte %d in %q", what, i, s)
				return
			}
		}
	}
}

// assertResultPrintable checks every string a Result holds.
func assertResultPrintable(t testing.TB, res *Result) {
	t.Helper()
	for _, n := range res.Numbers {
		for _, s := range []string{n.E164, n.Display, n.Country, string(n.Type), n.Upfront.String(),
			n.Monthly.String(), n.Currency(), n.Flags.AddressRequirement} {
			assertPrintable(t, "number field", s, false)
		}
		for _, f := range n.Features {
			assertPrintable(t, "feature", f, false)
		}
		for _, r := range n.Regions {
			assertPrintable(t, "region type", r.Type, false)
			assertPrintable(t, "region name", r.Name, false)
		}
		for _, r := range n.Requirements {
			assertPrintable(t, "requirement label", r.Label, false)
			assertPrintable(t, "requirement detail", r.Detail, false)
		}
		for _, l := range n.Flags.Labels() {
			assertPrintable(t, "flag label", l, false)
		}
		for _, f := range n.Extra {
			assertPrintable(t, "extra key", f.Key, false)
			assertPrintable(t, "extra value", PrintableLines(string(f.Value)), false)
			assertPrintable(t, "extra value", Printable(string(f.Value)), false)
		}
	}
}
