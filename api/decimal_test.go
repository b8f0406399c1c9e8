package api

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in, text, canonical string
	}{
		{"1", "1", "1"},
		{"1.50", "1.50", "1.5"},
		{" 1.10 ", "1.10", "1.1"},
		{"-0.5", "-0.5", "-0.5"},
		{".5", ".5", "0.5"},
		{"5.", "5.", "5"},
		{"+2", "+2", "2"},
		{"0", "0", "0"},
		{"-0", "-0", "0"},
		{"-0.000", "-0.000", "0"},
		{"007.50", "007.50", "7.5"},
		{"1.5e1", "1.5e1", "15"},
		{"1.5E+1", "1.5E+1", "15"},
		{"1E-2", "1E-2", "0.01"},
		{"25e-1", "25e-1", "2.5"},
		{"0.0075", "0.0075", "0.0075"},
		{"1e39", "1e39", "1" + strings.Repeat("0", 39)},
		{"1e-40", "1e-40", "0." + strings.Repeat("0", 39) + "1"},
		{"12345678901234567890.123456789", "12345678901234567890.123456789", "12345678901234567890.123456789"},
	}
	for _, tt := range tests {
		d, err := ParseDecimal(tt.in)
		if err != nil {
			t.Errorf("ParseDecimal(%q): %v", tt.in, err)
			continue
		}
		if d.String() != tt.text || d.Canonical() != tt.canonical || !d.Valid() {
			t.Errorf("ParseDecimal(%q) = text %q canonical %q, want %q %q", tt.in, d.String(), d.Canonical(), tt.text, tt.canonical)
		}
	}
}

func TestParseDecimalRejects(t *testing.T) {
	for _, in := range []string{
		"", " ", "abc", "1.2.3", "1e", "e5", ".", "-", "+", "--1", "1,5", "$1", "1 000", "0x10", "NaN", "Inf",
		"1e+", "1e1.5", "1.5e1e1", "١", "1\x00",
		// hostile exponents and lengths: never allocate for them
		"1e9999", "1e-9999", "1e99999", "1e999999999", "1e40", "1e-41", "0e9999",
		strings.Repeat("9", 41), strings.Repeat("1", 81), "0." + strings.Repeat("0", 40) + "1",
	} {
		if d, err := ParseDecimal(in); err == nil {
			t.Errorf("ParseDecimal(%q) = %q, want an error", in, d.Canonical())
		}
	}
}

func TestParseDecimalHostileAllocs(t *testing.T) {
	n := testing.AllocsPerRun(100, func() { _, _ = ParseDecimal("1e9999") })
	if n > 1 {
		t.Errorf("ParseDecimal(1e9999) allocated %v times", n)
	}
}

func TestDecimalCmp(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1.10", "1.1", 0},
		{"1.1", "1.10", 0},
		{"0", "-0", 0},
		{"0.00", "0", 0},
		{"15", "1.5e1", 0},
		{"1", "2", -1},
		{"10", "9", 1},
		{"0.10", "0.9", -1},
		{"0.05", "0.5", -1},
		{"-1", "0", -1},
		{"-2", "-1", -1},
		{"-0.5", "-0.25", -1},
		{"0", "0.0001", -1},
		{"100", "99.999", 1},
		{"1", "", -1}, // a missing amount sorts last
		{"", "-5", 1}, //
		{"", "", 0},   //
		{"-0.01", "", -1},
	}
	for _, tt := range tests {
		a, b := decimalOrZero(tt.a), decimalOrZero(tt.b)
		if got := a.Cmp(b); got != tt.want {
			t.Errorf("Cmp(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := b.Cmp(a); got != -tt.want {
			t.Errorf("Cmp(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func decimalOrZero(s string) Decimal {
	if s == "" {
		return Decimal{}
	}
	return MustDecimal(s)
}

func TestDecimalFixed(t *testing.T) {
	tests := []struct {
		in   string
		min  int
		want string
	}{
		{"1.1", 2, "1.10"},
		{"1", 2, "1.00"},
		{"0.0075", 2, "0.0075"},
		{"-0.5", 2, "-0.50"},
		{"1.5e1", 2, "15.00"},
		{"1.50", 0, "1.5"},
		{"7", 0, "7"},
		{"7", -1, "7"},
		{"", 2, ""},
	}
	for _, tt := range tests {
		if got := decimalOrZero(tt.in).Fixed(tt.min); got != tt.want {
			t.Errorf("Fixed(%q, %d) = %q, want %q", tt.in, tt.min, got, tt.want)
		}
	}
}

func TestDecimalUnits(t *testing.T) {
	tests := []struct {
		in    string
		scale int
		want  int64
		ok    bool
	}{
		{"1.10", 2, 110, true},
		{"1.1", 2, 110, true},
		{"-1.5", 2, -150, true},
		{"0", 2, 0, true},
		{"0.0075", 2, 0, false},
		{"0.0075", 4, 75, true},
		{"1e3", 0, 1000, true},
		{"9999999999999999", 2, 999999999999999900, true},
		{"99999999999999999", 2, 0, false},
		{"", 2, 0, false},
	}
	for _, tt := range tests {
		got, ok := decimalOrZero(tt.in).Units(tt.scale)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Units(%q, %d) = %d, %v; want %d, %v", tt.in, tt.scale, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDecimalZero(t *testing.T) {
	var z Decimal
	if z.Valid() || z.IsZero() || z.String() != "" || z.Canonical() != "" {
		t.Error("the zero Decimal should be invalid and print as empty")
	}
	if !MustDecimal("0.00").IsZero() || MustDecimal("0.01").IsZero() {
		t.Error("IsZero")
	}
}

func TestMustDecimalPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustDecimal did not panic")
		}
	}()
	MustDecimal("one")
}

func TestDecimalJSON(t *testing.T) {
	tests := []struct {
		in       string
		text     string // "" means the zero Decimal
		marshals string
	}{
		{`"1.10"`, "1.10", `"1.10"`},
		{`1.10`, "1.10", `"1.10"`},
		{`1e2`, "1e2", `"1e2"`},
		{`-2.5E-1`, "-2.5E-1", `"-2.5E-1"`},
		{`"\u0031.5"`, "1.5", `"1.5"`},
		{` 3 `, "3", `"3"`},
		{`null`, "", `null`},
		{`""`, "", `null`},
		{`"  "`, "", `null`},
	}
	for _, tt := range tests {
		var d Decimal
		if err := json.Unmarshal([]byte(tt.in), &d); err != nil {
			t.Errorf("Unmarshal(%s): %v", tt.in, err)
			continue
		}
		if d.String() != tt.text {
			t.Errorf("Unmarshal(%s) = %q, want %q", tt.in, d.String(), tt.text)
		}
		out, err := json.Marshal(d)
		if err != nil || string(out) != tt.marshals {
			t.Errorf("Marshal(%s) = %s, %v; want %s", tt.in, out, err, tt.marshals)
		}
		var back Decimal
		if err := json.Unmarshal(out, &back); err != nil || back.String() != d.String() || back.Cmp(d) != 0 {
			t.Errorf("round trip of %s gave %q, %v", tt.in, back.String(), err)
		}
	}
	for _, bad := range []string{`true`, `"abc"`, `"1e99999"`, `1e99999`, `{}`, `[1]`, `"1,5"`} {
		var d Decimal
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("Unmarshal(%s) = %q, want an error", bad, d.String())
		}
	}
	// In a struct, as a purchase request would send it back.
	type price struct {
		Upfront Decimal `json:"upfront_cost"`
		Monthly Decimal `json:"monthly_cost"`
	}
	var p price
	if err := json.Unmarshal([]byte(`{"upfront_cost":"1.10","monthly_cost":null}`), &p); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(p)
	if string(out) != `{"upfront_cost":"1.10","monthly_cost":null}` {
		t.Errorf("struct round trip: %s", out)
	}
}
