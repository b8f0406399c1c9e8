package results

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"numbrowse/api"
)

// fuzzNumbers is the small set FuzzParseFilter views: the matching
// fixture and random numbers from the property test's pools.
func fuzzNumbers() []api.Number {
	nums := append(fixture(), richFixture()...)
	return append(nums, randomNumbers(rand.New(rand.NewPCG(3, 4)), 40)...)
}

// FuzzParseFilter checks the filter parser and View on any query: parsing
// never panics; the descriptions of invalid terms are printable; the
// canonical String() parses back, with no invalid term, to the same
// canonical form and the same matches; and View over a small set (first
// after a prefix of the query, as typing does, then from scratch) agrees
// with the property test's naive reference. The seed corpus is in
// testdata/fuzz/FuzzParseFilter.
func FuzzParseFilter(f *testing.F) {
	for _, q := range []string{"", "sms", "^415 00$ !fax", "<=1.50 >$0.5", "chicago !münchen", "1-800-FLOWERS",
		"^+44 +1415$", "<abc ^ $ ! !! ---", "\x1b[31m ^4*", "Toll-Free !=1 FLOWERS$",
		// The typed terms, wildcards and quotes of issue 14.
		"state:IL city:chicago rc:chi zip:96720 postal:967 lata:358 region:united",
		"type:toll_free feature:emergency feature:HD-Voice flag:quickship flag:best-effort docs !docs",
		"quickship reservable best-effort up<1 mo<=2 UP>=0.5 cur:EUR !cur:usd",
		"^415***0100$ 555%00$ * ? % ^%$ +1*** 5%%5 ^07700*",
		`city:"new york" "san jose" city:"x "chi HI WA ork`,
		`foo:bar state: type:car flag:cheap cur:€ abc<2 new"york "" city:"a"b`,
	} {
		f.Add(q, uint8(0), false)
	}
	nums := fuzzNumbers()
	rf := newRef(nums)
	f.Fuzz(func(t *testing.T, q string, col uint8, desc bool) {
		fl := ParseFilter(q)
		if fl.Query() != q {
			t.Fatalf("Query() = %q, want %q", fl.Query(), q)
		}
		for _, s := range fl.Invalid() {
			if !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
				t.Errorf("Invalid() holds %q, which is not printable", s)
			}
		}
		if len(fl.Invalid())+len(fl.terms) != len(fl.Words()) {
			t.Errorf("%d terms and %d invalid for %d words", len(fl.terms), len(fl.Invalid()), len(fl.Words()))
		}
		end := 0
		for _, w := range fl.Words() {
			if w.Start < end || w.End <= w.Start || q[w.Start:w.End] != w.Text || strings.TrimSpace(w.Text) == "" {
				t.Fatalf("word %+v of %q", w, q)
			}
			end = w.End
		}
		if strings.TrimSpace(q) != "" && len(fl.Words()) == 0 && !strings.ContainsRune(q, '"') {
			t.Errorf("no words in %q", q)
		}
		canon := fl.String()
		again := ParseFilter(canon)
		if len(again.Invalid()) > 0 || again.String() != canon {
			t.Fatalf("String() %q of %q parses to %q, invalid %q", canon, q, again.String(), again.Invalid())
		}
		if len(again.terms) != len(fl.terms) {
			t.Fatalf("String() %q of %q has %d terms, want %d", canon, q, len(again.terms), len(fl.terms))
		}
		for k := range fl.terms {
			if !again.terms[k].same(fl.terms[k]) {
				t.Fatalf("term %d of %q is %+v, its String() %q parses to %+v", k, q, fl.terms[k], canon, again.terms[k])
			}
		}

		so := Sort{Col: Column(int(col) % int(numColumns)), Desc: desc}
		want := rf.view(fl, so)
		set := NewSet(nums)
		set.View(ParseFilter(q[:len(q)/2]), so) // the state typing leaves
		if got := set.View(fl, so); !slices.Equal(ints(got), want) {
			t.Fatalf("View(%q, %v) after typing = %v, want %v", q, so, got, want)
		}
		if got := NewSet(nums).View(fl, so); !slices.Equal(ints(got), want) {
			t.Fatalf("View(%q, %v) = %v, want %v", q, so, got, want)
		}
		if got := NewSet(nums).View(again, so); !slices.Equal(ints(got), want) {
			t.Fatalf("the canonical %q matches %v, the query %q matches %v", canon, got, q, want)
		}
	})
}
