package results

import (
	"iter"
	"reflect"
	"slices"
	"testing"

	"numbrowse/api"
)

func TestViewFilter(t *testing.T) {
	s := NewSet(fixture())
	const (
		chi   = "+13125550199"
		sf    = "+14155550100"
		tor   = "+14165550123"
		tf    = "+18003569377"
		lon   = "+442071838750"
		gbMob = "+447700900123"
		muc   = "+4989123456"
	)
	all := []string{chi, sf, tor, tf, lon, gbMob, muc}
	tests := []struct {
		q    string
		want []string
	}{
		{"", all},
		{"<abc", all}, // invalid terms are ignored
		{"555", []string{chi, sf, tor}},
		{"+1 (415) 555-0100", []string{sf}},
		{"4155550100", []string{sf}},
		// ^ anchors on the national significant number.
		{"^415", []string{sf}},
		{"^416", []string{tor}},            // +1 shared by CA
		{"^1", []string{chi, sf, tor, tf}}, // US/CA trunk prefix "1"
		{"^1415", []string{sf}},
		{"^7700", []string{gbMob}},
		{"^07700", []string{gbMob}}, // GB trunk prefix "0"
		{"^89", []string{muc}},
		{"^089", []string{muc}},
		{"^44", nil},
		{"^+44", []string{lon, gbMob}},
		{"+44", []string{lon, gbMob}},
		{"44", []string{lon, gbMob}}, // unanchored: anywhere
		{"0100$", []string{sf}},
		{"^4155550100$", []string{sf}},
		{"^14155550100$", []string{sf}},
		{"^415555010$", nil},
		{"+14155550100$", []string{sf}},
		{"!^1", []string{lon, gbMob, muc}},
		// Letters: region text or keypad digits.
		{"FLOWERS", []string{tf}},
		{"flowers$", []string{tf}},
		{"1800FLOWERS", []string{tf}},
		{"^800flowers", []string{tf}},
		{"chicago", []string{chi}},
		{"CHICAGO zone", []string{chi}},
		{"münchen", []string{muc}},
		{"MUNCHEN", []string{muc}},
		{"bayern", []string{muc}},
		{"united", []string{tf, gbMob}}, // country names: summaries without a place
		{"il", []string{chi}},           // IL; two letters are not keypad digits (45 is in +4989123456)
		{"!chicago", []string{sf, tor, tf, lon, gbMob, muc}},
		// Keywords.
		{"sms", []string{chi, sf, tor, gbMob}},
		{"SMS voice", []string{chi, sf, tor}},
		{"fax", []string{lon}},
		{"!fax", []string{chi, sf, tor, tf, gbMob, muc}},
		{"mobile", []string{gbMob}},
		{"toll-free", []string{tf}},
		{"tollfree", []string{tf}},
		{"national", nil},
		{"local !sms", []string{lon, muc}},
		// Cost bounds (exact decimals; no cost never matches).
		{"<1.1", []string{sf, tor}},
		{"<=1.10", []string{chi, sf, tor, muc}},
		{"=1.1", []string{chi, muc}},
		{"=1.100", []string{chi, muc}},
		{">=1.5", []string{tf, gbMob}},
		{">1.5", []string{tf}},
		{"<$2", []string{chi, sf, tor, gbMob, muc}},
		{"!<2", []string{tf, lon}}, // negation keeps numbers without a cost
		{">0", []string{chi, sf, tor, tf, gbMob, muc}},
		{"<0.0000001", nil}, // inexact bound: Decimal.Cmp path
		{">0.0000001", []string{chi, sf, tor, tf, gbMob, muc}},
		// Everything together.
		{"sms <1.5 !chicago ^4", []string{sf, tor}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			f := ParseFilter(tt.q)
			fresh := NewSet(fixture()) // no narrowing state
			got := e164s(fresh, fresh.View(f, Sort{}))
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("View(%q) = %v, want %v", tt.q, got, tt.want)
			}
			for i := range s.Len() {
				want := slices.Contains(tt.want, s.At(i).E164)
				if s.Match(i, f) != want {
					t.Errorf("Match(%s, %q) = %v, want %v", s.At(i).E164, tt.q, !want, want)
				}
			}
		})
	}
}

func TestViewNarrowing(t *testing.T) {
	// Typing character by character reuses the previous matches; the result
	// must equal a fresh view at every step, including when a term changes
	// kind ("sm" text → "sms" keyword) or widens ("!chic" → "!chica").
	seqs := []string{"chicago", "sms", "^4155", "!chica", "<1.5", "FLOWERS$", "+4477", "^0770", "local sms !f"}
	for _, seq := range seqs {
		s := NewSet(fixture())
		for k := 1; k <= len(seq); k++ {
			q := seq[:k]
			got := s.View(ParseFilter(q), Sort{Col: Monthly})
			want := NewSet(fixture()).View(ParseFilter(q), Sort{Col: Monthly})
			if !slices.Equal(ints(got), ints(want)) {
				t.Errorf("after typing %q: %v, want %v", q, got, want)
			}
		}
		for k := len(seq) - 1; k >= 0; k-- { // and deleting back
			q := seq[:k]
			got := s.View(ParseFilter(q), Sort{Col: Monthly})
			want := NewSet(fixture()).View(ParseFilter(q), Sort{Col: Monthly})
			if !slices.Equal(ints(got), ints(want)) {
				t.Errorf("after deleting to %q: %v, want %v", q, got, want)
			}
		}
	}
}

func TestImplies(t *testing.T) {
	s := NewSet(fixture()) // trunks "", "1", "0"
	tests := []struct {
		next, prev string
		want       bool
	}{
		{"chicago", "chic", true},
		{"chicago", "cago", false}, // text matches at the start of a word
		{"chic", "chicago", false},
		{"!chica", "!chic", false},
		{"sms", "sm", false}, // keyword vs text
		{"^4155", "^415", true},
		{"^07", "^0", true},
		{"^415$", "^415", false},
		{"5550100", "555", true},
		{"0100$", "00$", true},
		{"<1", "<2", true},
		{"<2", "<1", false},
		{"<1", "<=1", false},
		{">2", ">1", true},
		{"=1.10", "=1.1", true},
		{"+4477", "+44", true},
		{"+4477", "^44", false},
		{"flowers", "flow", true},
		{"mun", "mu", false}, // "mun" may match by keypad 686 alone; "mu" is region text only
		{"mu", "m", true},    // two letters or fewer are region text only
		{"state:il", "state:i", true},
		{"state:il", "region:i", false},
		{"^415*5", "^415", true},
		{"^41*5", "^415", false},
		{"^4155", "^41*", true},
		{"5%5", "5", false},
		{"55*0$", "*0$", true},
		{"up<1", "<2", false},
		{"up<1", "up<2", true},
	}
	for _, tt := range tests {
		n, p := ParseFilter(tt.next).terms[0], ParseFilter(tt.prev).terms[0]
		if got := s.implies(n, p); got != tt.want {
			t.Errorf("implies(%q, %q) = %v, want %v", tt.next, tt.prev, got, tt.want)
		}
	}
	// A trunk prefix longer than the shorter term blocks the implication.
	hu := NewSet(append(fixture(), num("+3612345678", "HU", "local", "", ""))) // HU trunk "06"
	if hu.implies(ParseFilter("^061").terms[0], ParseFilter("^0").terms[0]) {
		t.Error("^061 must not imply ^0 when a trunk prefix is 06")
	}
}

// TestViewsShareTheOrder states View's contract: a view without a filter
// is the sort's cached order itself, shared (no copy) between the Sets of
// one index, as the SSH sessions of numbrowse serve are; a filtered view
// is the Set's own; no later View, of this Set or another, changes Rows
// handed out before; and no caller can write through Rows: it exposes no
// slice or pointer of its own, only indices and copies.
func TestViewsShareTheOrder(t *testing.T) {
	sh := NewSharer()
	r := &api.Result{Numbers: fixture()}
	a, b := sh.Set(r), sh.Set(r)
	for _, so := range []Sort{{}, {Col: Monthly}, {Col: Monthly, Desc: true}, {Col: Region}} {
		va, vb := a.View(Filter{}, so), b.View(Filter{}, so)
		if va.Len() != len(fixture()) || &va.idx[0] != &vb.idx[0] || &va.idx[0] != &a.order(so)[0] {
			t.Errorf("%v: the unfiltered views of two sessions are not the one cached order", so)
		}
		if cap(va.idx) != va.Len() {
			t.Errorf("%v: a shared view has room to append into (cap %d, len %d)", so, cap(va.idx), va.Len())
		}
	}

	// A filtered view is the Set's own, and the views handed out before
	// stay as they were, whatever either session does next.
	all := b.View(Filter{}, Sort{Col: Monthly})
	allBefore := ints(all)
	us := a.View(ParseFilter("+1"), Sort{Col: Monthly})
	usBefore := ints(us)
	if us.Len() == 0 || us.Len() == len(fixture()) || &us.idx[0] == &all.idx[0] {
		t.Fatalf("the filtered view %v is not the session's own", usBefore)
	}
	a.View(ParseFilter("+14"), Sort{Col: Monthly})            // narrows
	a.View(ParseFilter("+1"), Sort{Col: Monthly, Desc: true}) // another order
	b.View(ParseFilter("sms"), Sort{Col: Monthly})
	a.View(Filter{}, Sort{})
	if !slices.Equal(ints(us), usBefore) || !slices.Equal(ints(all), allBefore) {
		t.Error("a later View changed rows handed out before")
	}
	if got := ints(b.View(Filter{}, Sort{Col: Monthly})); !slices.Equal(got, allBefore) {
		t.Errorf("the other session's unfiltered view is %v, want %v", got, allBefore)
	}

	// A copy is the caller's: writing it changes no view.
	cp := all.AppendTo(nil)
	cp[0] = 99
	if all.At(0) == 99 || b.View(Filter{}, Sort{Col: Monthly}).At(0) == 99 {
		t.Error("AppendTo's copy aliases the shared order")
	}

	// Rows hands out no way to write its indices: no exported field, and
	// no exported method returns a slice, pointer or map but AppendTo
	// (a copy, above).
	rt := reflect.TypeFor[Rows]()
	for i := range rt.NumField() {
		if rt.Field(i).IsExported() {
			t.Errorf("Rows exports its field %s", rt.Field(i).Name)
		}
	}
	for i := range rt.NumMethod() {
		m := rt.Method(i)
		for k := range m.Type.NumOut() {
			switch out := m.Type.Out(k); out.Kind() {
			case reflect.Slice, reflect.Pointer, reflect.Map, reflect.UnsafePointer, reflect.Chan:
				if m.Name != "AppendTo" {
					t.Errorf("Rows.%s returns a %s, through which a caller could write", m.Name, out)
				}
			case reflect.Func:
				if out != reflect.TypeFor[iter.Seq2[int, int]]() {
					t.Errorf("Rows.%s returns a %s", m.Name, out)
				}
			}
		}
	}
}

func TestEmptySet(t *testing.T) {
	s := NewSet(nil)
	for _, so := range []Sort{{}, {Col: Monthly, Desc: true}, {Col: Region}} {
		if got := s.View(ParseFilter("sms chicago"), so); got.Len() != 0 {
			t.Errorf("View on an empty set = %v", got)
		}
		if got := s.View(Filter{}, so); got.Len() != 0 {
			t.Errorf("View on an empty set = %v", got)
		}
	}
	if s.Len() != 0 {
		t.Errorf("Len = %d", s.Len())
	}
}

func TestFilterPerRowAllocs(t *testing.T) {
	// Matching a row must not allocate: allocations per View must not grow
	// with the number of rows.
	small, large := NewSet(benchNumbers(100)), NewSet(benchNumbers(5000))
	f := ParseFilter("sms !fax <=1.10 ^2 zone 5$ flowers")
	allocs := func(s *Set) float64 {
		s.View(f, Sort{}) // cache the order
		return testing.AllocsPerRun(5, func() {
			s.last = lastView{}
			s.View(f, Sort{})
		})
	}
	a, b := allocs(small), allocs(large)
	if b > a+12 { // the result slices grow by appending: a few more
		t.Errorf("allocations grow with rows: %v for 100, %v for 5000", a, b)
	}
}
