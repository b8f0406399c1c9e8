package results

import (
	"slices"
	"testing"
)

func TestParseFilter(t *testing.T) {
	tests := []struct {
		q       string
		want    string   // String() of the valid terms
		invalid []string // Invalid()
	}{
		{q: "", want: ""},
		{q: "   ", want: ""},
		{q: "555", want: "555"},
		{q: "+44 7700", want: "+44 7700"},
		{q: "(415) 555-0100", want: "415 5550100"},
		{q: "1.415.555", want: "1415555"},
		{q: "^415 00$ ^415$ ^+44 +1415$", want: "^415 00$ ^415$ +44 +1415$"},
		{q: "FLOWERS", want: "flowers"},
		{q: "1800FLOWERS 1-800-flowers", want: "18003569377 18003569377"},
		{q: "^800FLOWERS FLOWERS$", want: "^8003569377 3569377$"},
		{q: "Chicago MÜNCHEN winston-salem O'Fallon", want: "chicago münchen winston-salem o'fallon"},
		// Folding would change these words' meaning (keypad digits, a
		// bound, a keyword), so String() keeps them (found by FuzzParseFilter).
		{q: "AŐ ≮x SMŚ", want: "ao ≮x smś"},
		{q: "SMS !fax Voice mms Toll-Free tollfree mobile LOCAL national",
			want: "sms !fax voice mms toll-free toll-free mobile local national"},
		{q: "<2 <=1.50 >0.5 >=1 =1.10 <$2 >€0.5 <£1 !=1 <1e1", want: "<2 <=1.5 >0.5 >=1 =1.1 <2 >0.5 <1 !=1 <10"},
		{q: "!chicago !^800 !555", want: "!chicago !^800 !555"},
		{q: "sms <abc", want: "sms", invalid: []string{`"<abc": not a number after <`}},
		{q: "<", invalid: []string{`"<": missing amount after <`}},
		{q: "<=$", invalid: []string{`"<=$": missing amount after <=`}},
		{q: "<1,5", invalid: []string{`"<1,5": not a number after <`}},
		{q: "==1", invalid: []string{`"==1": not a number after =`}},
		{q: "^", invalid: []string{`"^": nothing after ^`}},
		{q: "$", invalid: []string{`"$": nothing before $`}},
		{q: "^$", invalid: []string{`"^$": no digits between ^ and $`}},
		{q: "!", invalid: []string{`"!": nothing after !`}},
		{q: "!!fax", invalid: []string{`"!!fax": use a single ! to negate`}},
		{q: "^4* 555%00$ ^415***0100$ * ? % %555% 5%%5 ^%$", want: "^4? 555%00$ ^415???0100$ ? ? % 555 5%5 ^%$"},
		{q: "555#", invalid: []string{`"555#": '#' is not a digit, wildcard (* ? %) or keypad letter`}},
		{q: "^münchen", invalid: []string{`"^münchen": 'ü' is not a digit, wildcard (* ? %) or keypad letter`}},
		{q: "4^1", invalid: []string{`"4^1": ^ may only start a term and $ only end it`}},
		{q: "44+7", invalid: []string{`"44+7": + may only start a number`}},
		{q: "+", invalid: []string{`"+": no digits`}},
		{q: "^+", invalid: []string{`"^+": no digits`}},
		{q: "---", invalid: []string{`"---": nothing to match: no digits or letters`}},
		{q: "()", invalid: []string{`"()": nothing to match: no digits or letters`}},
		{q: "$2", invalid: []string{`"$2": an amount needs <, <=, >, >= or = before it (e.g. <$2)`}},
		{q: "\x1b[31m", invalid: []string{`"\x1b[31m": '\x1b' is a control character`}},
		// 0x1f separates region names in the searched text: as part of a
		// term it matched names by their first letters (FuzzParseFilter).
		{q: "\x1fo o", want: "o", invalid: []string{`"\x1fo": '\x1f' is a control character`}},
		{q: "chi\u009bcago 55\x005 \u202e^415", invalid: []string{`"chi\u009bcago": '\u009b' is a control character`,
			`"55\x005": '\x00' is a control character`, `"\u202e^415": '\u202e' is a control character`}},
		{q: "^4a", want: "^42"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			f := ParseFilter(tt.q)
			if got := f.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := f.Invalid(); !slices.Equal(got, tt.invalid) {
				t.Errorf("Invalid() = %q, want %q", got, tt.invalid)
			}
			if f.Empty() != (tt.want == "") {
				t.Errorf("Empty() = %v", f.Empty())
			}
			if f.Query() != tt.q {
				t.Errorf("Query() = %q", f.Query())
			}
		})
	}
}

func TestParseFilterTerms(t *testing.T) {
	tests := []struct {
		q    string
		want term
	}{
		{"FLOWERS", term{kind: kindText, text: "flowers", digits: "3569377"}},
		{"münchen", term{kind: kindText, text: "munchen", shown: "münchen"}},
		{"st.louis", term{kind: kindText, text: "st.louis", digits: "7856847"}},
		{"o'fallon", term{kind: kindText, text: "o'fallon"}},
		{"1800FLOWERS", term{kind: kindDigits, digits: "18003569377"}},
		{"^415", term{kind: kindDigits, start: anchorNational, digits: "415"}},
		{"^+44", term{kind: kindDigits, start: anchorE164, digits: "44"}},
		{"+44", term{kind: kindDigits, start: anchorE164, digits: "44"}},
		{"00$", term{kind: kindDigits, end: true, digits: "00"}},
		{"!^415$", term{kind: kindDigits, neg: true, start: anchorNational, end: true, digits: "415"}},
		{"!fax", term{kind: kindFeature, neg: true, feat: featureBit("fax")}},
	}
	for _, tt := range tests {
		f := ParseFilter(tt.q)
		if len(f.terms) != 1 || f.terms[0] != tt.want {
			t.Errorf("ParseFilter(%q).terms = %+v, want [%+v]", tt.q, f.terms, tt.want)
		}
	}
}

func TestParseFilterBoundUnits(t *testing.T) {
	for _, q := range []string{"<1.10", "<1.1", "<1.100000"} {
		tm := ParseFilter(q).terms[0]
		if !tm.exact || tm.units != 1_100_000 {
			t.Errorf("%s: units %d exact %v", q, tm.units, tm.exact)
		}
	}
	if tm := ParseFilter("<0.0000001").terms[0]; tm.exact {
		t.Errorf("7 decimals should not be exact at scale %d", costScale)
	}
}
