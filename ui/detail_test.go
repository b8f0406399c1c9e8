package ui

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
)

// u3Styles are the style sets the detail pane and export dialog must work
// with: colour, no colour, ASCII, and plain (no attributes at all, so any
// escape byte in a view came from the data).
func u3Styles() map[string]*Styles {
	color := NewStyles(true, colorprofile.ANSI256, false)
	noColor := NewStyles(false, colorprofile.NoTTY, false)
	ascii := NewStyles(true, colorprofile.ANSI, true)
	plain := u3PlainStyles()
	return map[string]*Styles{"color": &color, "nocolor": &noColor, "ascii": &ascii, "plain": &plain}
}

// u3PlainStyles clears every style but keeps the borders and padding.
func u3PlainStyles() Styles {
	s := NewStyles(true, colorprofile.NoTTY, false)
	v := reflect.ValueOf(&s).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Type() == reflect.TypeFor[lipgloss.Style]() {
			f.Set(reflect.ValueOf(lipgloss.NewStyle()))
		}
	}
	frame := lipgloss.NewStyle().Border(s.Glyphs.Border).Padding(0, 1)
	s.Pane, s.PaneFocused, s.Dialog = frame, frame, frame
	return s
}

// u3Keys is the default key map.
func u3Keys() *KeyMap {
	km := defaultKeys()
	return &km
}

// u3Key builds a key press as Bubble Tea reports it.
func u3Key(s string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "backspace": {Code: tea.KeyBackspace},
		"delete": {Code: tea.KeyDelete}, "tab": {Code: tea.KeyTab}, "left": {Code: tea.KeyLeft},
		"right": {Code: tea.KeyRight}, "home": {Code: tea.KeyHome}, "end": {Code: tea.KeyEnd},
		"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "pgup": {Code: tea.KeyPgUp},
		"pgdown": {Code: tea.KeyPgDown}, "space": {Code: tea.KeySpace, Text: " "},
		"ctrl+u": {Code: 'u', Mod: tea.ModCtrl}, "ctrl+d": {Code: 'd', Mod: tea.ModCtrl},
		"ctrl+w": {Code: 'w', Mod: tea.ModCtrl}, "ctrl+k": {Code: 'k', Mod: tea.ModCtrl},
		"ctrl+a": {Code: 'a', Mod: tea.ModCtrl}, "ctrl+c": {Code: 'c', Mod: tea.ModCtrl},
	}
	if k, ok := special[s]; ok {
		return k
	}
	if utf8.RuneCountInString(s) != 1 {
		panic("u3Key: unknown key " + s)
	}
	r, _ := utf8.DecodeRuneInString(s)
	return tea.KeyPressMsg{Code: r, Text: s}
}

// decodeTestdata decodes one of the api package's canned responses.
func decodeTestdata(t *testing.T, name string, q api.Query) []api.Number {
	t.Helper()
	f, err := os.Open("../api/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := api.DecodeSearch(f, q)
	if err != nil {
		t.Fatal(err)
	}
	return res.Numbers
}

func plainNumber() *api.Number {
	return &api.Number{
		E164: "+442079460958", Country: "GB", Type: api.Local,
		Upfront: api.MustDecimal("0"), Monthly: api.MustDecimal("1.1"), UpfrontCurrency: "GBP", MonthlyCurrency: "GBP",
		Features: []string{"hd_voice", "sms", "voice"},
		Regions:  []api.Region{{Type: "locality", Name: "London"}, {Type: "rate_center", Name: "LONDON"}},
	}
}

// contentText is the pane's content without styling, one string.
func contentText(st *Styles, n *api.Number, w int) string {
	return ansi.Strip(strings.Join(detailContent(st, n, "", "", w), "\n"))
}

func TestDetailContent(t *testing.T) {
	st := u3Styles()["color"]
	telnyx := decodeTestdata(t, "telnyx.json", api.Query{Country: "US", Type: api.Local})
	extra := plainNumber()
	extra.Extra = []api.Field{
		{Key: "metadata", Value: json.RawMessage(`{"carrier":"BT","ports":[1,2]}`)},
		{Key: "note", Value: json.RawMessage(`not json {`)},
	}
	tests := []struct {
		name      string
		n         *api.Number
		want, not []string
	}{
		{"nil", nil, []string{"No number selected"}, []string{"Number"}},
		{"plain", plainNumber(), []string{
			"Number", "E.164          +442079460958", "International  +44 20 7946 0958",
			"National       020 7946 0958", "Country        United Kingdom (GB, +44)", "Type           local",
			"Cost", "Upfront        0.00 GBP", "Monthly        1.10 GBP",
			"Features", "SMS (S), Voice (V), Hd Voice",
			"Region", "locality       London", "rate center    London",
		}, []string{"Provider flags", "Requirements", "Provider fields", "Display"}},
		{"telnyx quickship", &telnyx[0], []string{
			"Monthly        1.50 USD", "SMS (S), Voice (V), MMS (M)", "rate center    Denver",
			"state          CO", "Provider flags", "quickship, reservable", "Provider fields", "record_type",
			`  "available_phone_number"`,
		}, []string{"Requirements", "country        United States"}}, // the Number section says the country
		{"a country region that is not the number's", &api.Number{E164: "+15550001234", Country: "US",
			Regions: []api.Region{{Type: "country_code", Name: "CA"}, {Type: "state", Name: "ON"}}}, []string{
			"country        Canada", "state          ON",
		}, nil},
		{"the number's country as its only region", &api.Number{E164: "+18005550100", Country: "US",
			Regions: []api.Region{{Type: "country_code", Name: "US"}}}, []string{
			"Region", "country        United States",
		}, nil},
		{"telnyx requirements", &telnyx[1], []string{
			"Country        United States (US, +1)", "International  +49 30 123456789", "Monthly        0.90 EUR", "Features", "Voice",
			"best effort (BE), documents required (DOC)", "Requirements", "Address in Berlin",
			"  A local address in the number's area code", "Proof of identity",
		}, nil},
		{"unknown fields", extra, []string{
			"Provider fields", "metadata", "  {", `    "carrier": "BT",`, `    "ports": [`, "      1,", "  }",
			"note", "  not json {",
		}, nil},
		// A value of one line goes beside its key, as the region's rows
		// do; a key too wide for the label column keeps it under.
		{"one-line fields beside their keys", &api.Number{E164: "+15550001234", Country: "US", Extra: []api.Field{
			{Key: "beta", Value: json.RawMessage(`false`)},
			{Key: "record_type", Value: json.RawMessage(`"available_phone_number"`)},
			{Key: "a_key_wider_than_the_labels", Value: json.RawMessage(`1`)},
		}}, []string{
			"beta           false", `record_type    "available_phone_number"`, "a_key_wider_than_the_labels\n  1",
		}, []string{"beta\n"}},
		{"missing costs", &api.Number{E164: "+15550001234", Country: "XX"}, []string{
			"Upfront        —", "Monthly        —", "Country        XX", "Type           —",
		}, []string{"Features", "Region"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := contentText(st, tt.n, 60)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in:\n%s", w, got)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("unexpected %q in:\n%s", w, got)
				}
			}
		})
	}
}

func TestDetailSectionOrder(t *testing.T) {
	n := decodeTestdata(t, "telnyx.json", api.Query{Country: "US", Type: api.Local})[1]
	n.Extra = append(n.Extra, api.Field{Key: "k", Value: json.RawMessage(`1`)})
	got := contentText(u3Styles()["plain"], &n, 80)
	last := -1
	for _, h := range []string{"\nNumber", "\nCost", "\nFeatures", "\nProvider flags", "\nRegion", "\nRequirements", "\nProvider fields"} {
		i := strings.Index("\n"+got, h)
		if i <= last {
			t.Fatalf("section %q out of order (at %d, previous at %d):\n%s", h[1:], i, last, got)
		}
		last = i
	}
}

// hostileNumber carries escape sequences in every provider string.
func hostileNumber() *api.Number {
	seqs := "\x1b]52;c;cHduZWQ=\x07\x1b[2J\x1b]0;title\x1b\\\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\" +
		"\x1bPdcs\x1b\\\u009b31m\u009d52;c;x\u009c\u0085\u0090q\u009c\x07\x1b[31m"
	return &api.Number{
		E164: "+15550009999" + seqs, Display: "Free" + seqs, Country: "US", Type: api.NumberType("mobile" + seqs),
		Monthly: api.MustDecimal("1"), UpfrontCurrency: "USD", MonthlyCurrency: "USD" + seqs,
		Features: []string{"sms" + seqs, "voice"},
		Regions:  []api.Region{{Type: "state" + seqs, Name: "CA" + seqs}, {Type: seqs, Name: strings.Repeat(seqs, 50)}},
		Flags:    api.Flags{AddressRequirement: "local" + seqs},
		Requirements: []api.Requirement{
			{Label: "proof" + seqs, Detail: "of address" + seqs},
		},
		Extra: []api.Field{
			{Key: "key" + seqs, Value: json.RawMessage(`"` + "\\u001b]52;c;eA==\\u0007 x" + `"`)},
			{Key: "raw", Value: json.RawMessage("\x1b]52;c;eA==\x07{bad" + seqs)},
			{Key: "nested", Value: json.RawMessage(`{"a":"\u009b2J` + "\u009b2J" + `"}`)},
		},
	}
}

// checkSafe fails if s holds ESC, BEL or a C1 control character.
func checkSafe(t *testing.T, s string) {
	t.Helper()
	for i, r := range s {
		if r == 0x1b || r == 0x07 || (r >= 0x80 && r <= 0x9f) {
			t.Fatalf("control %U at byte %d: %q", r, i, s[max(i-20, 0):min(i+20, len(s))])
		}
	}
}

// checkOnlySGR fails if s holds an escape sequence other than SGR
// (ESC [ params m), or BEL or C1 controls.
func checkOnlySGR(t *testing.T, s string) {
	t.Helper()
	rest := s
	for {
		i := strings.IndexByte(rest, 0x1b)
		if i < 0 {
			break
		}
		j := i + 2
		if j > len(rest) || rest[i+1] != '[' {
			t.Fatalf("non-CSI escape: %q", rest[i:min(i+20, len(rest))])
		}
		for j < len(rest) && (rest[j] >= '0' && rest[j] <= '9' || rest[j] == ';' || rest[j] == ':') {
			j++
		}
		if j >= len(rest) || rest[j] != 'm' {
			t.Fatalf("non-SGR sequence: %q", rest[i:min(j+1, len(rest))])
		}
		rest = rest[:i] + rest[j+1:]
	}
	checkSafe(t, rest)
}

func TestDetailHostile(t *testing.T) {
	hostile := decodeTestdata(t, "hostile.json", api.Query{Country: "US", Type: api.Mobile})
	nums := []*api.Number{hostileNumber(), &hostile[0]}
	for name, st := range u3Styles() {
		for _, n := range nums {
			for _, size := range [][2]int{{120, 40}, {80, 200}, {30, 60}, {12, 10}} { // 120: two columns
				p := newDetailPane(st, u3Keys())
				p.SetSize(size[0], size[1])
				p.SetNumber(n, "", "")
				p.Focus()
				view := p.View()
				if name == "plain" {
					checkSafe(t, view)
				} else {
					checkOnlySGR(t, view)
				}
				checkBlock(t, view, size[0], size[1])
			}
		}
	}
	got := contentText(u3Styles()["plain"], hostileNumber(), 80)
	for _, want := range []string{"CA", "proof", "of address", `"\u001b]52;c;eA==\u0007 x"`, "link"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

// checkBlock fails unless s is exactly h lines of exactly w cells.
func checkBlock(t *testing.T, s string, w, h int) {
	t.Helper()
	if h == 0 || w == 0 {
		if s != "" {
			t.Fatalf("%dx%d: want empty view, got %q", w, h, s)
		}
		return
	}
	lines := strings.Split(s, "\n")
	if len(lines) != h {
		t.Fatalf("%dx%d: %d lines:\n%s", w, h, len(lines), s)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw != w {
			t.Fatalf("%dx%d: line %d is %d cells: %q", w, h, i, lw, l)
		}
	}
}

func TestDetailCJKAndSizes(t *testing.T) {
	cjk := plainNumber()
	cjk.Regions = []api.Region{
		{Type: "地域", Name: "東京都千代田区丸の内一丁目東京都千代田区丸の内一丁目東京都千代田区"},
		{Type: "locality", Name: "서울특별시 중구 세종대로 110 서울특별시청 😀👍🏽 e\u0301"},
	}
	cjk.Extra = []api.Field{{Key: "名前", Value: json.RawMessage(`{"説明":"長い説明長い説明長い説明長い説明長い説明長い説明長い説明"}`)}}
	nums := map[string]*api.Number{"nil": nil, "plain": plainNumber(), "cjk": cjk, "hostile": hostileNumber()}
	widths := []int{0, 1, 2, 3, 4, 5, 7, 9, 13, 20, 40, 80, 250}
	heights := []int{0, 1, 2, 3, 5, 24, 80}
	for name, st := range u3Styles() {
		if name == "nocolor" || name == "plain" {
			continue // the same widths as "color"
		}
		for nn, n := range nums {
			for _, w := range widths {
				for i, l := range detailContent(st, n, "", "", w) {
					if lipgloss.Width(l) > w {
						t.Fatalf("%s/%s w=%d: content line %d is %d cells: %q", name, nn, w, i, lipgloss.Width(l), l)
					}
				}
				p := newDetailPane(st, nil)
				p.SetNumber(n, "", "")
				for _, h := range heights {
					p.SetSize(w, h)
					checkBlock(t, p.View(), w, h)
					p.Focus()
					p, _ = p.Update(u3Key("G"))
					checkBlock(t, p.View(), w, h)
				}
			}
		}
	}
}

func TestDetailLongValues(t *testing.T) {
	n := plainNumber()
	huge := strings.Repeat("Region名", 1_000_000/9)
	n.Regions = []api.Region{{Type: "locality", Name: huge}, {Type: huge, Name: "x"}}
	n.Extra = []api.Field{
		{Key: "blob", Value: json.RawMessage(`"` + strings.Repeat("a", 1_000_000) + `"`)},
		{Key: "deep", Value: json.RawMessage(strings.Repeat("[", 5000) + strings.Repeat("]", 5000))},
	}
	for range 3000 {
		n.Extra = append(n.Extra, api.Field{Key: "k", Value: json.RawMessage(`{"a":1,"b":2}`)})
	}
	st := u3Styles()["color"]
	lines := detailContent(st, n, "", "", 40)
	if len(lines) > detailMaxLines+1 {
		t.Fatalf("%d lines, want at most %d", len(lines), detailMaxLines+1)
	}
	text := strings.Join(strings.Fields(ansi.Strip(strings.Join(lines, "\n"))), " ")
	for _, want := range []string{fmt.Sprintf("(cut, %d bytes in all)", len(huge)), "more fields not shown"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q", want)
		}
	}
	p := newDetailPane(st, nil)
	p.SetSize(40, 20)
	p.SetNumber(n, "", "")
	checkBlock(t, p.View(), 40, 20)
	// At width 1 a 4 KiB value wraps to thousands of lines: still bounded.
	if got := len(detailContent(st, n, "", "", 1)); got > detailMaxLines+1 {
		t.Fatalf("width 1: %d lines", got)
	}
}

func TestDetailScroll(t *testing.T) {
	st := u3Styles()["plain"]
	n := decodeTestdata(t, "telnyx.json", api.Query{Country: "US", Type: api.Local})[1]
	p := newDetailPane(st, u3Keys())
	p.SetSize(40, 10) // 8 content lines, 7 for text and one for the indicator
	p.SetNumber(&n, "", "")
	if !p.Scrollable() {
		t.Fatal("content should be longer than the pane")
	}
	bottomLine := func() string {
		lines := strings.Split(p.View(), "\n")
		return lines[len(lines)-2]
	}
	if got := bottomLine(); !strings.Contains(got, "↓ more · 0%") {
		t.Fatalf("indicator at top: %q", got)
	}
	p, _ = p.Update(u3Key("j"))
	if p.vp.YOffset() != 0 {
		t.Fatal("scrolled while not focused")
	}
	p.Focus()
	steps := []struct {
		key  string
		want func(off, maxOff int) bool
	}{
		{"j", func(o, _ int) bool { return o == 1 }},
		{"down", func(o, _ int) bool { return o == 2 }},
		{"k", func(o, _ int) bool { return o == 1 }},
		{"G", func(o, m int) bool { return o == m }},
		{"g", func(o, _ int) bool { return o == 0 }},
		{"pgdown", func(o, m int) bool { return o == min(7, m) }},
		{"pgup", func(o, _ int) bool { return o == 0 }},
		{"ctrl+d", func(o, m int) bool { return o == min(3, m) }},
		{"ctrl+u", func(o, _ int) bool { return o == 0 }},
		{"end", func(o, m int) bool { return o == m }},
		{"home", func(o, _ int) bool { return o == 0 }},
	}
	maxOff := len(p.lines) - p.vp.Height()
	for _, s := range steps {
		p, _ = p.Update(u3Key(s.key))
		if off := p.vp.YOffset(); !s.want(off, maxOff) {
			t.Fatalf("after %s: offset %d (max %d)", s.key, off, maxOff)
		}
	}
	p, _ = p.Update(u3Key("G"))
	if got := bottomLine(); !strings.Contains(got, "end · 100%") {
		t.Fatalf("indicator at bottom: %q", got)
	}
	p.Blur()
	p, _ = p.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if p.vp.YOffset() != maxOff-detailWheelStep {
		t.Fatalf("wheel up: offset %d", p.vp.YOffset())
	}
	// A new number scrolls to the top; the same one keeps the position
	// and is not rendered again.
	before := &p.lines[0]
	p.SetNumber(&n, "", "")
	if p.vp.YOffset() != maxOff-detailWheelStep || &p.lines[0] != before {
		t.Fatal("same number: position or content changed")
	}
	other := n
	p.SetNumber(&other, "", "")
	if p.vp.YOffset() != 0 {
		t.Fatal("new number: not at the top")
	}
	// A resize keeps the content when the width stays.
	before = &p.lines[0]
	p.SetSize(40, 12)
	if &p.lines[0] != before {
		t.Fatal("height change rendered the content again")
	}
	p.SetSize(50, 12)
	if &p.lines[0] == before {
		t.Fatal("width change did not render the content again")
	}
}

func TestDetailFocusBorder(t *testing.T) {
	st := u3Styles()["color"]
	p := newDetailPane(st, nil)
	p.SetSize(30, 8)
	p.SetNumber(plainNumber(), "", "")
	blurred := p.View()
	p.Focus()
	if !p.Focused() || p.View() == blurred {
		t.Fatal("focus does not show")
	}
	p.Blur()
	if p.Focused() || p.View() != blurred {
		t.Fatal("blur does not restore the view")
	}
}
