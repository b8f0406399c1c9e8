package api

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestPrintable(t *testing.T) {
	tests := []struct {
		name, in, want, lines string // lines: PrintableLines's answer
	}{
		{"plain", "hello world", "hello world", "hello world"},
		{"unicode", "héllo 世界 🎉", "héllo 世界 🎉", "héllo 世界 🎉"},
		{"tab newline cr", "a\tb\nc\rd", "a b c d", "a b\ncd"},
		{"NUL BEL BS", "a\x00b\x07c\x08d", "abcd", "abcd"},
		{"DEL", "a\x7fb", "ab", "ab"},
		{"C1 NEL", "a\u0085b", "ab", "ab"},
		{"SGR", "\x1b[31mred\x1b[0m", "red", "red"},
		{"clear screen", "a\x1b[2Jb", "ab", "ab"},
		{"private CSI", "\x1b[?25lx\x1b[?1049h", "x", "x"},
		{"CSI with intermediates", "\x1b[1 qx", "x", "x"},
		{"CSI cut by a control", "\x1b[31\nx", " x", "\nx"},
		{"unterminated CSI", "x\x1b[31", "x", "x"},
		{"OSC 52 BEL", "a\x1b]52;c;SGVsbG8=\x07b", "ab", "ab"},
		{"OSC 52 ST", "a\x1b]52;c;SGVsbG8=\x1b\\b", "ab", "ab"},
		{"OSC 52 C1 ST", "a\x1b]52;c;SGVsbG8=\u009cb", "ab", "ab"},
		{"OSC 0 title", "\x1b]0;pwned\x07title", "title", "title"},
		{"OSC 2 title", "\x1b]2;pwned\x1b\\x", "x", "x"},
		{"OSC 8 link", "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", "click", "click"},
		{"unterminated OSC", "x\x1b]0;title forever", "x", "x"},
		{"OSC cut by ESC", "\x1b]0;t\x1b[31mx", "x", "x"},
		{"DCS", "\x1bPq#0;2;0;0;0#0~~\x1b\\after", "after", "after"},
		{"SOS PM APC", "\x1bXsos\x1b\\1\x1b^pm\x1b\\2\x1b_apc\x1b\\3", "123", "123"},
		{"ESC c reset", "a\x1bcb", "ab", "ab"},
		{"ESC charset", "\x1b(Bx", "x", "x"},
		{"ESC 7", "\x1b7x\x1b8", "x", "x"},
		{"ESC at end", "abc\x1b", "abc", "abc"},
		{"C1 CSI rune", "\u009b31mX\u009b2J", "X", "X"},
		{"C1 OSC rune BEL", "\u009d52;c;AAAA\x07Z", "Z", "Z"},
		{"C1 OSC rune ST", "\u009d0;title\u009cY", "Y", "Y"},
		{"C1 DCS rune", "\u0090q#0\u009cZ", "Z", "Z"},
		{"C1 APC PM SOS runes", "\u009fa\u009c1\u009eb\u009c2\u0098c\u009c3", "123", "123"},
		{"raw C1 byte", "a\x9b31mb", "a\uFFFD31mb", "a\uFFFD31mb"},
		{"invalid UTF-8", "a\xffb\xc3", "a\uFFFDb\uFFFD", "a\uFFFDb\uFFFD"},
		{"overlong", "\xc0\xaf", "\uFFFD\uFFFD", "\uFFFD\uFFFD"},
		{"bidi override", "\u202eevil\u202c", "evil", "evil"},
		{"bidi isolates", "\u2066a\u2067b\u2068c\u2069", "abc", "abc"},
		{"bidi marks", "\u200ea\u200fb\u061c", "ab", "ab"},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Printable(tt.in); got != tt.want {
				t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := PrintableLines(tt.in); got != tt.lines {
				t.Errorf("PrintableLines(%q) = %q, want %q", tt.in, got, tt.lines)
			}
		})
	}
}

func TestPrintableEveryControl(t *testing.T) {
	for r := rune(0); r < 0xa0; r++ {
		if r >= 0x20 && r < 0x7f {
			continue
		}
		s := "a" + string(r) + "b"
		got := Printable(s)
		assertPrintable(t, "Printable", got, false)
		assertPrintable(t, "PrintableLines", PrintableLines(s), true)
		if !strings.HasPrefix(got, "a") {
			t.Errorf("Printable(%q) = %q lost the text before", s, got)
		}
	}
}

func TestPrintableRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"\x1b", "[", "]", "P", "\\", "\x07", "\u009b", "\u009c", "\u009d", "\u0090",
		"\xc2", "\x9b", "\xff", "\n", "\r", "\t", "a", "1", ";", "m", "\u202e", "é", "\x00", "\x7f"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(20) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		assertPrintable(t, "Printable", Printable(s), false)
		assertPrintable(t, "PrintableLines", PrintableLines(s), true)
		if t.Failed() {
			t.Fatalf("input %q", s)
		}
	}
}

func TestPrintableNoCopyForASCII(t *testing.T) {
	s := strings.Repeat("plain ascii ", 10)
	if n := testing.AllocsPerRun(100, func() { _ = Printable(s) }); n != 0 {
		t.Errorf("Printable allocated %v times for plain ASCII", n)
	}
}

// FuzzPrintable checks the sanitiser's promises on any input: the output is
// valid UTF-8 without C0 (PrintableLines: but \n), DEL, C1, ESC or bidi
// controls; cleaning twice changes nothing; plain ASCII passes unchanged.
// The seed corpus is in testdata/fuzz/FuzzPrintable.
func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"a\x1b]52;c;x\x07b", "\u009b31m", "\xff\xc2", "\x1bP\x1b\\", "a\nb\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, l := Printable(s), PrintableLines(s)
		assertPrintable(t, "Printable", p, false)
		assertPrintable(t, "PrintableLines", l, true)
		if Printable(p) != p {
			t.Errorf("Printable is not idempotent on %q", s)
		}
		if PrintableLines(l) != l {
			t.Errorf("PrintableLines is not idempotent on %q", s)
		}
		if isSafeASCII(s, false) && p != s {
			t.Errorf("Printable changed plain ASCII %q to %q", s, p)
		}
	})
}
