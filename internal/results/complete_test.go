package results

import (
	"slices"
	"strings"
	"testing"
)

func TestValues(t *testing.T) {
	s := NewSet(richFixture())
	tests := []struct {
		key  Key
		want []string
	}{
		{KeyState, []string{"Bayern", "HI", "IL", "NY", "WA"}},
		{KeyCity, []string{"Chicago Zone 1", "Hilo", "München", "New York", "Seattle"}},
		{KeyRC, []string{"Chicago Zone 1", "Hilo", "Seattle"}},
		{KeyZip, []string{"10001", "80331", "96720"}},
		{KeyLATA, []string{"358", "834"}},
		{KeyRegion, []string{"10001", "358", "80331", "834", "96720", "Bayern", "Chicago Zone 1", "HI", "Hilo",
			"IL", "München", "New York", "NY", "Seattle", "United Kingdom", "United States", "WA"}},
		{KeyType, []string{"local", "mobile"}},
		{KeyFeature, []string{"emergency", "hd_voice", "mms", "sms", "voice"}},
		{KeyFlag, []string{"quickship", "reservable", "best-effort", "documents", "address"}},
		{KeyCur, []string{"DOLLAR", "EUR", "GBP", "USD"}},
	}
	for _, tt := range tests {
		got := s.Values(tt.key)
		if tt.key == KeyFlag {
			slices.Sort(tt.want)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Values(%s) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func TestComplete(t *testing.T) {
	s := NewSet(richFixture())
	texts := func(cs []Completion) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Text)
		}
		return out
	}
	tests := []struct {
		word string
		want []string
	}{
		{"sta", []string{"state:"}},
		{"St", []string{"state:"}},
		{"s", []string{"state:", "sms"}},
		{"!q", []string{"!quickship"}},
		{"u", []string{"up<"}},
		{"state:", []string{"state:Bayern", "state:HI", "state:IL", "state:NY", "state:WA"}},
		{"state:i", []string{"state:IL"}},
		{"!state:h", []string{"!state:HI"}},
		{"city:n", []string{`city:"New York"`}},
		{`city:"new y`, []string{`city:"New York"`}},
		{"city:york", []string{`city:"New York"`}}, // a word of the name, after the names that start so
		{"city:z", []string{`city:"Chicago Zone 1"`}},
		{"city:q", nil},
		{"zip:9", []string{"zip:96720"}},
		{"feature:e", []string{"feature:emergency"}},
		{"flag:", []string{"flag:address", "flag:best-effort", "flag:documents", "flag:quickship", "flag:reservable"}},
		{"cur:e", []string{"cur:EUR"}},
		{"type:", []string{"type:local", "type:mobile"}},
		{"foo:", nil},
		{"xyz", nil},
	}
	for _, tt := range tests {
		if got := texts(Complete(tt.word, s)); !slices.Equal(got, tt.want) {
			t.Errorf("Complete(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	if got := Complete("state:", nil); got != nil {
		t.Errorf("values without results: %q", got)
	}
	if got := len(Complete("", nil)); got != len(keyDefs)+len(completionWords) {
		t.Errorf("Complete(\"\") offers %d", got)
	}
	// Every completion is a term that parses (values quoted as needed).
	for _, k := range Keys() {
		for _, c := range Complete(string(k)+":", s) {
			if f := ParseFilter(c.Text); len(f.Invalid()) > 0 || len(f.Words()) != 1 {
				t.Errorf("completion %q: %q", c.Text, f.Invalid())
			}
		}
	}
}

func TestMeaning(t *testing.T) {
	tests := []struct{ q, want string }{
		{"sms", "has SMS"},
		{"feature:emergency", "has the feature emergency"},
		{"toll-free", "is a toll-free number"},
		{"docs", "needs documents or an address"},
		{"!quickship", "not: the provider says: quickship"},
		{"up<=1.50", "upfront cost <= 1.5 (in its own currency)"},
		{"<2", "monthly cost < 2 (in its own currency)"},
		{"cur:dollar", "a cost in DOLLAR (not an ISO 4217 code)"},
		{"State:Bayern", "state, province or region starts with Bayern"},
		{`city:"New York"`, "place (locality, location or rate centre) starts with New York"},
		{"+44", "the number starts +44"},
		{"^415***0100$", "the national number is 415???0100 (? any digit)"},
		{"555%00$", "the number ends 555…00 (… any digits)"},
		{"555", "555 is in the number"},
		{"FLOWERS", "a region word starts with FLOWERS, or its keypad digits 3569377 are in the number"},
		{"HI", "a region word starts with HI (fewer than 3 letters: not read as keypad digits)"},
		{`"help"`, "a region word starts with help"},
		{"<abc", "not a number after <"},
		{"\x1b[31m", `'\x1b' is a control character`},
	}
	for _, tt := range tests {
		w := ParseFilter(tt.q).Words()[0]
		if got := w.Meaning(); got != tt.want {
			t.Errorf("Meaning(%q) = %q, want %q", tt.q, got, tt.want)
		}
		if strings.ContainsAny(w.Meaning(), "\x1b\a") {
			t.Errorf("Meaning(%q) holds control characters", tt.q)
		}
	}
}
