package api

import (
	"errors"
	"slices"
	"testing"
)

func TestParseNumberType(t *testing.T) {
	for in, want := range map[string]NumberType{
		"mobile": Mobile, " Mobile ": Mobile, "LOCAL": Local, "toll-free": TollFree, "tollfree": TollFree,
		"Toll_Free": TollFree, "toll free": TollFree, "national": National,
	} {
		if got, err := ParseNumberType(in); err != nil || got != want {
			t.Errorf("ParseNumberType(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "all", "landline", "mobiles", "\x1b[2Jmobile"} {
		_, err := ParseNumberType(in)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != "type" || ve.Value != in {
			t.Errorf("ParseNumberType(%q) = %v, want a *ValidationError for the type", in, err)
		}
	}
	_, err := ParseNumberType("landline")
	if want := `unknown type "landline" — use one of mobile, local, toll-free, national`; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

func TestParseTypeChoice(t *testing.T) {
	for _, tt := range []struct {
		in          string
		want        TypeChoice
		word, label string
		all         bool
		one         NumberType
		types       []NumberType
	}{
		{in: "all", want: AllTypes, word: "all", label: "all types", all: true, types: NumberTypes()},
		{in: " ALL ", want: AllTypes, word: "all", label: "all types", all: true, types: NumberTypes()},
		{in: "mobile", want: OneType(Mobile), word: "mobile", label: "mobile", one: Mobile, types: []NumberType{Mobile}},
		{in: "TollFree", want: OneType(TollFree), word: "toll-free", label: "toll-free", one: TollFree, types: []NumberType{TollFree}},
		{in: "national", want: OneType(National), word: "national", label: "national", one: National, types: []NumberType{National}},
	} {
		got, err := ParseTypeChoice(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseTypeChoice(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			continue
		}
		one, isOne := got.One()
		if got.String() != tt.word || got.Label() != tt.label || got.All() != tt.all || one != tt.one ||
			isOne != (tt.one != "") || !slices.Equal(got.Types(), tt.types) || got.IsZero() {
			t.Errorf("%q: String %q Label %q All %v One %q,%v Types %v", tt.in, got.String(), got.Label(), got.All(), one, isOne, got.Types())
		}
		if back, err := ParseTypeChoice(got.String()); err != nil || back != got {
			t.Errorf("%q does not read back: %v, %v", got.String(), back, err)
		}
	}
	_, err := ParseTypeChoice("landline")
	var ve *ValidationError
	if !errors.As(err, &ve) || err.Error() != `unknown type "landline" — use one of mobile, local, toll-free, national or all` {
		t.Errorf("ParseTypeChoice(landline) = %v", err)
	}
	if got := TypeChoiceWords(); got != "mobile, local, toll-free, national or all" {
		t.Errorf("TypeChoiceWords() = %q", got)
	}
	var zero TypeChoice
	if !zero.IsZero() || zero.All() || zero.String() != "" || zero.Types() != nil {
		t.Errorf("the zero choice is %v", zero)
	}
	if _, ok := zero.One(); ok {
		t.Error("the zero choice has a type")
	}
	if got := TypeChoices(); len(got) != 5 || got[0] != OneType(Mobile) || got[4] != AllTypes {
		t.Errorf("TypeChoices() = %v", got)
	}
}
