package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// plain is provider text or a place name as the terminal can show it: in
// ASCII mode transliterated (toASCII: "München" → "Munchen", "Straße" →
// "Strasse"), else as it is. Make it printable first (api.Printable).
func (st *Styles) plain(s string) string {
	if !st.ASCII {
		return s
	}
	return toASCII(s)
}

// asciiLetters are the letters that do not decompose into an ASCII letter
// and a mark, and the punctuation numbrowse's data uses, with what they
// become in ASCII.
var asciiLetters = map[rune]string{
	'ß': "ss", 'ẞ': "SS", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE", 'ø': "o", 'Ø': "O",
	'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D", 'þ': "th", 'Þ': "Th",
	'ı': "i", 'ħ': "h", 'Ħ': "H", 'ŋ': "ng", 'Ŋ': "NG", 'ĸ': "q", 'ſ': "s",
	'‘': "'", '’': "'", '‚': ",", '“': "\"", '”': "\"", '„': "\"", '«': "\"", '»': "\"",
	'–': "-", '—': "-", '‐': "-", '‑': "-", '−': "-", '…': "...", '·': ".", '•': "*",
	'\u00a0': " ", '\u202f': " ",
}

// toASCII transliterates s to printable ASCII: accents are dropped (the
// text is decomposed, NFD, and its combining marks removed), the letters
// of asciiLetters spelt out, and anything else that has no ASCII form
// (CJK, emoji) becomes "?". ASCII text is returned as it is.
func toASCII(s string) string {
	if isPlainASCII(s) {
		return s
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	stripped, _, err := transform.String(t, s)
	if err != nil {
		stripped = s
	}
	var b strings.Builder
	b.Grow(len(stripped))
	for _, r := range stripped {
		switch {
		case r < utf8.RuneSelf && r >= 0x20 && r != 0x7f:
			b.WriteRune(r)
		case asciiLetters[r] != "":
			b.WriteString(asciiLetters[r])
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
			// controls were Printable's business; never pass one on
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
