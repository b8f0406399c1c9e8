package faultserver

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// DefaultNumbers are the numbers OK() offers, in order.
func DefaultNumbers() []string {
	return []string{"+14155550100", "+13125550199", "+12125550123"}
}

// Entry is one well-formed entry in the documented shape for e164: a US
// local number with costs, sms and voice, and a state.
func Entry(e164 string) string {
	return `{"phone_number":` + quote(e164) + `,"country_code":"US","number_type":"local",` +
		`"upfront_cost":"1.00","monthly_cost":"1.00","features":["sms","voice"],` +
		`"region_information":[{"region_type":"state","region_name":"CA"}]}`
}

// Data wraps entries (JSON values) in the documented top level,
// {"data": [...]}.
func Data(entries ...string) string {
	return `{"data":[` + strings.Join(entries, ",") + `]}`
}

// quote returns s as a JSON string. Control characters are escaped
// (\u001b), as JSON requires; C1 characters and invalid UTF-8 are written
// as they are, so they reach the client's decoder raw.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// HostileText holds every C0 control character, DEL, every C1 control
// character (as UTF-8), the bidi overrides and the escape sequences a
// terminal acts on: CSI (clear screen, colour, cursor moves), OSC 52 (write
// the clipboard), OSC 0 (set the title), an OSC 8 hyperlink, DCS, and the
// 8-bit C1 forms of CSI and OSC. Text built around it must print as
// nothing but its visible words.
var HostileText = func() string {
	var b strings.Builder
	b.WriteString("A")
	for c := 0; c < 0x20; c++ {
		b.WriteByte(byte(c))
	}
	b.WriteByte(0x7f)
	b.WriteString("\u202e\u2066B")
	for r := rune(0x80); r <= 0x9f; r++ {
		b.WriteRune(r)
	}
	b.WriteString("\x1b[2J\x1b[H\x1b[31;1m\x1b[?1049h")                 // CSI: clear, home, colour, alt screen
	b.WriteString("\x1b]52;c;cm0gLXJmIH4K\x07")                         // OSC 52: clipboard write
	b.WriteString("\x1b]0;pwned\x1b\\")                                 // OSC 0: window title
	b.WriteString("\x1b]8;;https://evil.example/\x1b\\C\x1b]8;;\x1b\\") // OSC 8 link around C
	b.WriteString("\x1bP+q544e\x1b\\")                                  // DCS: XTGETTCAP
	b.WriteString("\u009b2J\u009d0;pwned\u009c")                        // 8-bit CSI and OSC
	b.WriteString("D")
	return b.String()
}()

// HostileVisible is what HostileText should look like once cleaned: its
// visible letters, A B C D (a cleaner may put spaces for tab, newline and
// carriage return between A and B). Each letter stands where a terminal
// would print it: after a complete sequence, never inside an unterminated
// control string.
const HostileVisible = "ABCD"

// Hostile answers 200 with entries that carry HostileText in every string
// field (and as a key), around the numbers in DefaultNumbers. The phone
// numbers themselves are clean in the first entries; the last entry hides
// the text in its phone number too.
func Hostile() Behaviour {
	h := quote(HostileText)
	var entries []string
	for _, n := range DefaultNumbers() {
		entries = append(entries, `{"phone_number":`+quote(n)+`,"friendly_name":`+h+
			`,"country_code":`+h+`,"number_type":`+h+
			`,"upfront_cost":`+h+`,"monthly_cost":`+h+`,"currency":`+h+
			`,"features":[`+h+`,"sms",{"name":`+h+`}]`+
			`,"region_information":[{"region_type":`+h+`,"region_name":`+h+`}],`+
			`"locality":`+h+`,"rate_center":`+h+`,"address_requirements":`+h+
			`,"regulatory_requirements":[{"label":`+h+`,"description":`+h+`},`+h+`]`+
			`,`+h+`:`+h+`,"provider_note":{"nested":[`+h+`]}}`)
	}
	entries = append(entries, `{"phone_number":`+quote("+1415555"+HostileText+"0101")+`}`)
	return JSON(http.StatusOK, Data(entries...)).named("hostile text in every string field")
}

// InvalidUTF8 answers 200 with entries whose strings hold bytes that are
// not UTF-8 (a lone continuation byte, a truncated sequence, an overlong
// encoding, a surrogate, 0xff), raw in the JSON, and a field numbrowse does
// not know (which JSON output passes on as it came) holding 0x9b and 0x9d,
// which some terminals take as a one-byte CSI and OSC.
func InvalidUTF8() Behaviour {
	bad := "Z\x80\xbf\xc3\xe2\x82\xc0\xaf\xed\xa0\x80\xffZ"
	c1 := "a\x9b2Jb\x9d0;title\x07c"
	var entries []string
	for _, n := range DefaultNumbers() {
		entries = append(entries, `{"phone_number":`+quote(n)+`,"currency":`+quote(bad)+
			`,"features":[`+quote(bad)+`],"region_information":[{"region_type":`+quote(bad)+
			`,"region_name":`+quote(bad)+`}],`+quote(bad)+`:`+quote(bad)+`,"raw_c1":`+quote(c1)+`}`)
	}
	return JSON(http.StatusOK, Data(entries...)).named("invalid UTF-8")
}

// LongRegion answers 200 with the default numbers, the first of which has
// a region name of n characters (a million, say).
func LongRegion(n int) Behaviour {
	nums := DefaultNumbers()
	entries := []string{`{"phone_number":` + quote(nums[0]) + `,"region_information":[{"region_type":"rate_center","region_name":"` +
		strings.Repeat("Ab", n/2) + strings.Repeat("A", n%2) + `"}]}`}
	for _, e := range nums[1:] {
		entries = append(entries, Entry(e))
	}
	return JSON(http.StatusOK, Data(entries...)).named(fmt.Sprintf("a %d-character region name", n))
}

// Duplicates answers 200 with the default numbers, the first one sent
// three times (the second and third time with other costs).
func Duplicates() Behaviour {
	nums := DefaultNumbers()
	first := Entry(nums[0])
	cheaper := strings.Replace(first, `"monthly_cost":"1.00"`, `"monthly_cost":"0.01"`, 1)
	return JSON(http.StatusOK, Data(first, Entry(nums[1]), cheaper, first, Entry(nums[2]))).named("duplicate numbers")
}

// NonObjectEntries answers 200 with a data list of values that are not
// objects (a number, a string holding a phone number, null, true, a list,
// a list holding an entry) and one good entry, the last default number.
func NonObjectEntries() Behaviour {
	nums := DefaultNumbers()
	return JSON(http.StatusOK, Data(`1`, quote(nums[0]), `null`, `true`, `[]`, `[`+Entry(nums[1])+`]`,
		Entry(nums[2]))).named("entries that are not objects")
}

// DataNotArray answers 200 with "data" holding one entry object instead of
// a list of them.
func DataNotArray() Behaviour {
	return JSON(http.StatusOK, `{"data":`+Entry(DefaultNumbers()[0])+`}`).named(`"data" not a list`)
}

// Nested answers 200 with a first entry holding a value nested depth lists
// deep (depth 100000 is far past any JSON parser's limit), then the other
// default numbers.
func Nested(depth int) Behaviour {
	nums := DefaultNumbers()
	deep := strings.Repeat(`[`, depth) + strings.Repeat(`]`, depth)
	entries := []string{`{"phone_number":` + quote(nums[0]) + `,"nested":` + deep + `}`}
	for _, e := range nums[1:] {
		entries = append(entries, Entry(e))
	}
	return JSON(http.StatusOK, Data(entries...)).named("JSON nested " + strconv.Itoa(depth) + " deep")
}

// TruncatedJSON answers 200 with the OK() body cut in the middle of an
// entry, and the response otherwise complete.
func TruncatedJSON() Behaviour {
	body := Data(Entry(DefaultNumbers()[0]), Entry(DefaultNumbers()[1]))
	return Truncate(len(body)*3/4, JSON(http.StatusOK, body)).named("truncated JSON")
}
