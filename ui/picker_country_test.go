package ui

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
)

// pkKey builds a key press the way Bubble Tea reports it: "enter", "up",
// "ctrl+u", or a single printable character.
func pkKey(s string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "backspace": {Code: tea.KeyBackspace},
		"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "pgup": {Code: tea.KeyPgUp},
		"pgdown": {Code: tea.KeyPgDown}, "home": {Code: tea.KeyHome}, "end": {Code: tea.KeyEnd},
		"tab": {Code: tea.KeyTab}, "space": {Code: tea.KeySpace, Text: " "},
		"ctrl+u": {Code: 'u', Mod: tea.ModCtrl}, "ctrl+w": {Code: 'w', Mod: tea.ModCtrl},
		"ctrl+n": {Code: 'n', Mod: tea.ModCtrl}, "ctrl+p": {Code: 'p', Mod: tea.ModCtrl},
		"ctrl+c": {Code: 'c', Mod: tea.ModCtrl}, "alt+j": {Code: 'j', Mod: tea.ModAlt},
	}
	if k, ok := special[s]; ok {
		return k
	}
	r := []rune(s)
	if len(r) != 1 {
		panic("pkKey: unknown key " + s)
	}
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// pkStyles are the three style sets the pickers must work with.
func pkStyles() map[string]*Styles {
	color := NewStyles(true, colorprofile.ANSI256, false)
	noColor := NewStyles(true, colorprofile.NoTTY, false)
	ascii := NewStyles(false, colorprofile.ANSI, true)
	return map[string]*Styles{"color": &color, "nocolor": &noColor, "ascii": &ascii}
}

// pkKeys is the default key map.
func pkKeys() *KeyMap {
	km := defaultKeys()
	return &km
}

// newTestCountryPicker opens a picker on the country with the code current
// ("" for none).
func newTestCountryPicker(current string, recent ...string) countryPicker {
	st := pkStyles()["color"]
	p := newCountryPicker(st, pkKeys())
	p.SetSize(80, 24)
	c, _ := api.LookupCountry(current)
	var cur api.CountryList
	if c.Code != "" {
		cur = api.CountryList{c}
	}
	return p.Open(cur, recent)
}

// pkType sends each rune of s as a key press; a name in braces ("{up}")
// sends that key.
func pkType(t *testing.T, p countryPicker, s string) (countryPicker, tea.Cmd) {
	t.Helper()
	var cmd tea.Cmd
	for s != "" {
		k := string([]rune(s)[0])
		rest := s[len(k):]
		if end := strings.IndexByte(s, '}'); k == "{" && end > 0 {
			k, rest = s[1:end], s[end+1:]
		}
		s = rest
		p, cmd = p.Update(pkKey(k))
	}
	return p, cmd
}

// pkRun runs a command and returns its message (nil for a nil command).
func pkRun(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	return cmd()
}

func TestCountryPickerRanking(t *testing.T) {
	tests := []struct {
		query, first string
		also         []string // must match too
	}{
		{"ger", "DE", []string{"DZ", "NE", "NG"}},
		{"Ger", "DE", nil},
		{"+44", "GB", []string{"GG", "IM", "JE"}},
		{"44", "GB", []string{"GG", "IM", "JE"}},
		{"+1", "US", []string{"CA", "JM"}},
		{"1", "US", []string{"CA"}},
		{"gb", "GB", nil},
		{"GB", "GB", nil},
		{"uk", "GB", []string{"UA"}},
		{"usa", "US", nil},
		{"america", "US", []string{"AS"}},
		{"united", "AE", []string{"GB", "US"}},
		{"united k", "GB", nil},
		{"kingdom", "GB", nil},
		{"turk", "TR", []string{"TM", "TC"}},
		{"türk", "TR", nil},
		{"TÜRKIYE", "TR", nil},
		{"holland", "NL", nil},
		{"cote", "CI", nil},
		{"côte d'iv", "CI", nil},
		{"ivory", "CI", nil},
		{"aland", "AX", nil},
		{"åland", "AX", nil},
		{"de", "DE", []string{"BD"}},
		{"in", "IN", []string{"ID", "CN"}},
		{"niger", "NE", []string{"NG"}},
		{"arab em", "AE", nil},
		{"+358", "FI", []string{"AX"}},
		{"  spain  ", "ES", nil},
		{"keeling", "CC", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			p := newTestCountryPicker("")
			p, _ = p.Update(tea.PasteMsg{Content: tt.query})
			c, ok := p.Selected()
			if !ok || c.Code != tt.first {
				t.Fatalf("query %q: highlighted %v (%v), want %s; list %v", tt.query, c.Code, ok, tt.first, pkCodes(p, 8))
			}
			if p.cursor != 0 {
				t.Errorf("cursor %d, want the first match", p.cursor)
			}
			all := pkCodes(p, len(p.matches))
			for _, code := range tt.also {
				if !slices.Contains(all, code) {
					t.Errorf("query %q: %s missing from %v", tt.query, code, all)
				}
			}
		})
	}
}

func pkCodes(p countryPicker, n int) []string {
	var out []string
	for _, i := range p.matches[:min(n, len(p.matches))] {
		out = append(out, p.entries[i].Code)
	}
	return out
}

func TestCountryPickerRankOrder(t *testing.T) {
	tests := []struct {
		query  string
		recent []string
		want   []string // the first codes, in order
	}{
		{"uk", nil, []string{"GB", "UA"}},                   // alias exact before name prefix
		{"ger", nil, []string{"DE", "DZ", "NE", "NG"}},      // prefix, then substrings by name
		{"turk", nil, []string{"TR", "TM", "TC"}},           // name prefixes by name
		{"+44", nil, []string{"GB", "GG", "IM", "JE"}},      // main country of +44 first
		{"+44", []string{"JE"}, []string{"JE", "GB", "GG"}}, // recent wins the tie
		{"f", []string{"FR"}, []string{"FR", "FK", "FO"}},   // recent boosted within prefix tier
		{"ger", []string{"DZ"}, []string{"DE", "DZ", "NE"}}, // but not above a better tier
		{"4", nil, []string{"RO", "CH", "AT", "GB"}},        // calling codes in numeric order
		{"united k", nil, []string{"GB"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.query, tt.recent), func(t *testing.T) {
			p := newTestCountryPicker("", tt.recent...)
			p, _ = p.Update(tea.PasteMsg{Content: tt.query})
			if got := pkCodes(p, len(tt.want)); !slices.Equal(got, tt.want) {
				t.Errorf("query %q recent %v: got %v, want %v", tt.query, tt.recent, got, tt.want)
			}
		})
	}
}

func TestCountryPickerEmptyQueryRecentFirst(t *testing.T) {
	p := newTestCountryPicker("FR", "JP", "DE", "XX", "jp")
	if got := pkCodes(p, 5); !slices.Equal(got, []string{"JP", "DE", "EEA", "EU", "AF"}) {
		t.Fatalf("recent first, then the groups, then by name: got %v", got)
	}
	if len(p.matches) != len(p.entries) {
		t.Errorf("%d rows for %d countries: recent ones must not repeat", len(p.matches), len(p.entries))
	}
	if c, _ := p.Selected(); c.Code != "FR" {
		t.Errorf("cursor on %s, want the current country FR", c.Code)
	}
	// Names sort by their folded form: Åland sits with the A's.
	if got := pkCodes(p, 7)[4:]; !slices.Equal(got, []string{"AF", "AX", "AL"}) {
		t.Errorf("alphabetical part starts %v, want AF AX AL", got)
	}
	if v := ansi.Strip(p.View()); !strings.Contains(v, "  ✓ FR  France") {
		t.Errorf("view should show the current country, marked:\n%s", v)
	}
	p = p.Open(nil, []string{"JP"})
	if v := ansi.Strip(p.View()); !strings.Contains(v, "JP  Japan") || !strings.Contains(v, "recent") {
		t.Errorf("view should start with the recent country, tagged:\n%s", v)
	}
}

func TestCountryPickerKeys(t *testing.T) {
	tests := []struct {
		name, keys string
		wantQuery  string
		wantCode   string // highlighted afterwards ("" = none)
	}{
		{"typing filters at once", "ger", "ger", "DE"},
		{"q types, not quits", "q", "q", "QA"},
		{"j and k type", "jk", "jk", ""},
		{"backspace edits", "gerx{backspace}", "ger", "DE"},
		{"backspace on empty is harmless", "{backspace}{backspace}", "", "FR"},
		{"ctrl+u clears and returns to current", "ger{ctrl+u}", "", "FR"},
		{"ctrl+w deletes a word", "united kin{ctrl+w}", "united ", "AE"},
		{"space types", "united{space}s", "united s", "US"},
		{"down moves", "ger{down}", "ger", "DZ"},
		{"ctrl+n and ctrl+p move", "ger{ctrl+n}{ctrl+n}{ctrl+p}", "ger", "DZ"},
		{"up clamps at the top", "ger{up}{up}", "ger", "DE"},
		{"down clamps at the bottom", "ger{end}{down}{down}", "ger", "NG"},
		{"home and end", "ger{end}{home}", "ger", "DE"},
		{"alt+j neither types nor moves", "ger{alt+j}", "ger", "DE"},
		{"tab does nothing", "ger{tab}", "ger", "DE"},
		{"typing after moving re-ranks", "g{down}{down}er", "ger", "DE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestCountryPicker("FR")
			p, cmd := pkType(t, p, tt.keys)
			if msg := pkRun(cmd); msg != nil {
				t.Errorf("unexpected message %#v", msg)
			}
			if p.Query() != tt.wantQuery {
				t.Errorf("query %q, want %q", p.Query(), tt.wantQuery)
			}
			c, ok := p.Selected()
			if tt.wantCode == "" && ok {
				t.Errorf("highlighted %s, want nothing", c.Code)
			}
			if tt.wantCode != "" && c.Code != tt.wantCode {
				t.Errorf("highlighted %q, want %s", c.Code, tt.wantCode)
			}
		})
	}
}

func TestCountryPickerPaging(t *testing.T) {
	p := newTestCountryPicker("")
	rows := p.layout().rows
	p, _ = pkType(t, p, "{pgdown}")
	if p.cursor != rows-1 {
		t.Errorf("pgdown: cursor %d, want %d (one page less the overlap)", p.cursor, rows-1)
	}
	p, _ = pkType(t, p, "{pgup}{pgup}")
	if p.cursor != 0 {
		t.Errorf("pgup: cursor %d, want 0", p.cursor)
	}
	p, _ = pkType(t, p, "{end}")
	if p.cursor != len(p.matches)-1 || p.offset != len(p.matches)-rows {
		t.Errorf("end: cursor %d offset %d", p.cursor, p.offset)
	}
	p, _ = p.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if p.cursor != len(p.matches)-2 {
		t.Errorf("wheel up: cursor %d", p.cursor)
	}
}

func TestCountryPickerMessages(t *testing.T) {
	tests := []struct {
		keys string
		want tea.Msg
	}{
		{"ger{enter}", countryChosenMsg{Country: mustCountry("DE")}},
		{"+44{enter}", countryChosenMsg{Country: mustCountry("GB")}},
		{"ger{down}{enter}", countryChosenMsg{Country: mustCountry("DZ")}},
		{"{enter}", countryChosenMsg{Country: mustCountry("FR")}}, // the current country
		{"ger{esc}", pickerClosedMsg{}},
		{"{esc}", pickerClosedMsg{}},
		{"zzz{enter}", nil}, // nothing to choose
	}
	for _, tt := range tests {
		t.Run(tt.keys, func(t *testing.T) {
			p := newTestCountryPicker("FR")
			_, cmd := pkType(t, p, tt.keys)
			if got := pkRun(cmd); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestCountryPickerOpenResets(t *testing.T) {
	p := newTestCountryPicker("FR")
	p, _ = pkType(t, p, "ger{down}")
	p = p.Open(api.CountryList{mustCountry("JP")}, []string{"GB"})
	if p.Query() != "" {
		t.Errorf("query %q survived Open", p.Query())
	}
	if c, _ := p.Selected(); c.Code != "JP" {
		t.Errorf("cursor on %s, want JP", c.Code)
	}
	if v := ansi.Strip(p.View()); !strings.Contains(v, "Japan") {
		t.Errorf("the current country must be on screen:\n%s", v)
	}
}

func TestCountryPickerPasteIsSanitized(t *testing.T) {
	p := newTestCountryPicker("")
	p, _ = p.Update(tea.PasteMsg{Content: "ger\x1b]52;c;aGk=\x07\nmany"})
	if q := p.Query(); strings.ContainsAny(q, "\x1b\x07\n") {
		t.Fatalf("control characters kept in the query: %q", q)
	}
	p, _ = p.Update(tea.PasteMsg{Content: strings.Repeat("x", 500)})
	if n := len([]rune(p.Query())); n > countryQueryMax {
		t.Errorf("query of %d runes, want at most %d", n, countryQueryMax)
	}
}
