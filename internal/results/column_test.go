package results

import (
	"strings"
	"testing"
)

func TestParseColumn(t *testing.T) {
	tests := []struct {
		in   string
		want Column
		err  bool
	}{
		{"number", Number, false},
		{" MONTHLY ", Monthly, false},
		{"cost", Monthly, false},
		{"price", Monthly, false},
		{"setup", Upfront, false},
		{"Region", Region, false},
		{"city", Region, false},
		{"features", Features, false},
		{"flags", Flags, false},
		{"type", Type, false},
		{"country", Country, false},
		{"cc", Country, false},
		{"colour", 0, true},
		{"", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseColumn(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseColumn(%q) = %v, %v", tt.in, got, err)
		}
	}
	for _, c := range Columns() {
		if back, err := ParseColumn(c.String()); err != nil || back != c {
			t.Errorf("%v does not round-trip", c)
		}
	}
	if got := Column(42).String(); got != "Column(42)" {
		t.Errorf("Column(42).String() = %q", got)
	}
}

func TestParseSort(t *testing.T) {
	tests := []struct {
		in      string
		want    Sort
		str     string
		errPart string
	}{
		{in: "monthly", want: Sort{Col: Monthly}, str: "monthly"},
		{in: "monthly:desc", want: Sort{Col: Monthly, Desc: true}, str: "monthly:desc"},
		{in: "Region:ASC", want: Sort{Col: Region}, str: "region"},
		{in: "cost:descending", want: Sort{Col: Monthly, Desc: true}, str: "monthly:desc"},
		{in: "bogus", errPart: "use one of number, region, upfront, monthly, features, flags, type, country"},
		{in: "monthly:up", errPart: `unknown sort direction "up"`},
		{in: "", errPart: "unknown sort column"},
	}
	for _, tt := range tests {
		got, err := ParseSort(tt.in)
		if tt.errPart != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Errorf("ParseSort(%q) error = %v, want %q", tt.in, err, tt.errPart)
			}
			continue
		}
		if err != nil || got != tt.want || got.String() != tt.str {
			t.Errorf("ParseSort(%q) = %v (%q), %v", tt.in, got, got.String(), err)
		}
	}
}

func TestSortNextReverse(t *testing.T) {
	so := Sort{Col: Country, Desc: true}
	if got := so.Next(); got != (Sort{Col: Number}) {
		t.Errorf("Next wraps to %v", got)
	}
	if got := (Sort{Col: Number}).Next(); got != (Sort{Col: Region}) {
		t.Errorf("Next = %v", got)
	}
	if got := so.Reverse(); got != (Sort{Col: Country}) {
		t.Errorf("Reverse = %v", got)
	}
}
