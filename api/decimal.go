package api

import (
	"encoding/json"
	"errors"
	"strings"
)

// Decimal is an exact decimal amount that remembers the text it was parsed
// from, so a cost is shown and sent back exactly as the provider wrote it and
// compared without float rounding ("1.10" and 1.1 are equal). The zero value
// means "no amount". Compare Decimals with Cmp (or their String), not with
// ==, which compares identity. A Decimal is one pointer wide: numbers that cost the
// same share one decimal (the decoder pools them), which keeps a Number
// small for 100,000 of them.
type Decimal struct {
	*decimal
}

// decimal is a parsed amount. It is never modified once built.
type decimal struct {
	text string // as received, trimmed
	neg  bool
	intp string // integer digits without leading zeros ("" for zero)
	frac string // fraction digits without trailing zeros
}

// maxDecimalDigits bounds the digits a Decimal accepts, so a hostile
// exponent ("1e999999999") cannot make it allocate.
const maxDecimalDigits = 40

var errBadDecimal = errors.New("not a decimal number")

// ParseDecimal parses a plain decimal ("1", "1.50", "-0.5", ".5") or a JSON
// number with an exponent ("1.5e1"). Surrounding spaces are ignored.
// An empty string is an error; callers treat it as "no amount".
func ParseDecimal(s string) (Decimal, error) {
	text := strings.TrimSpace(s)
	t := text
	if t == "" || len(t) > 2*maxDecimalDigits {
		return Decimal{}, errBadDecimal
	}
	d := &decimal{text: text}
	switch t[0] {
	case '-':
		d.neg = true
		t = t[1:]
	case '+':
		t = t[1:]
	}
	mant, exp := t, 0
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		mant = t[:i]
		e, ok := parseSmallInt(t[i+1:])
		if !ok {
			return Decimal{}, errBadDecimal
		}
		exp = e
	}
	ip, fp, hasDot := strings.Cut(mant, ".")
	if ip == "" && fp == "" {
		return Decimal{}, errBadDecimal
	}
	if !allDigits(ip) || !allDigits(fp) || (hasDot && strings.Contains(fp, ".")) {
		return Decimal{}, errBadDecimal
	}
	// Shift the decimal point by the exponent.
	digits := ip + fp
	point := len(ip) + exp
	if point < -maxDecimalDigits || point > len(digits)+maxDecimalDigits {
		return Decimal{}, errBadDecimal
	}
	if point < 0 {
		digits = strings.Repeat("0", -point) + digits
		point = 0
	}
	if point > len(digits) {
		digits += strings.Repeat("0", point-len(digits))
	}
	d.intp = strings.TrimLeft(digits[:point], "0")
	d.frac = strings.TrimRight(digits[point:], "0")
	if len(d.intp)+len(d.frac) > maxDecimalDigits {
		return Decimal{}, errBadDecimal
	}
	if d.intp == "" && d.frac == "" {
		d.neg = false // -0 is 0
	}
	return Decimal{d}, nil
}

// MustDecimal parses s and panics if it is not a decimal. For tests and
// constants only.
func MustDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic("api.MustDecimal(" + s + "): " + err.Error())
	}
	return d
}

func parseSmallInt(s string) (int, bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" || len(s) > 4 || !allDigits(s) {
		return 0, false
	}
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Valid reports whether d holds an amount (false for the zero Decimal).
func (d Decimal) Valid() bool { return d.decimal != nil }

// String returns the text exactly as received ("1.10"), or "" for no amount.
func (d Decimal) String() string {
	if d.decimal == nil {
		return ""
	}
	return d.text
}

// Canonical returns the shortest exact form ("1.1", "0", "-0.05"), or ""
// for no amount.
func (d Decimal) Canonical() string {
	if !d.Valid() {
		return ""
	}
	var b strings.Builder
	if d.neg {
		b.WriteByte('-')
	}
	if d.intp == "" {
		b.WriteByte('0')
	} else {
		b.WriteString(d.intp)
	}
	if d.frac != "" {
		b.WriteByte('.')
		b.WriteString(d.frac)
	}
	return b.String()
}

// Fixed returns the amount with at least min fraction digits, padding with
// zeros and never rounding ("1.1" → "1.10" for min 2; "0.0075" stays), or ""
// for no amount.
func (d Decimal) Fixed(min int) string {
	if !d.Valid() {
		return ""
	}
	c := d.Canonical()
	if len(d.frac) >= min {
		return c
	}
	if d.frac == "" {
		c += "."
	}
	return c + strings.Repeat("0", min-len(d.frac))
}

// IsZero reports whether d is a valid amount equal to zero.
func (d Decimal) IsZero() bool { return d.Valid() && d.intp == "" && d.frac == "" }

// Cmp compares two valid amounts exactly: -1 if d < o, 0 if equal, +1 if
// d > o. A missing amount sorts after every present one.
func (d Decimal) Cmp(o Decimal) int {
	switch {
	case !d.Valid() && !o.Valid():
		return 0
	case !d.Valid():
		return 1
	case !o.Valid():
		return -1
	}
	ds, os := sign(d.neg, d.IsZero()), sign(o.neg, o.IsZero())
	if ds != os {
		if ds < os {
			return -1
		}
		return 1
	}
	m := cmpMagnitude(d, o)
	if ds < 0 {
		return -m
	}
	return m
}

func sign(neg, zero bool) int {
	switch {
	case zero:
		return 0
	case neg:
		return -1
	}
	return 1
}

func cmpMagnitude(a, b Decimal) int {
	if len(a.intp) != len(b.intp) {
		if len(a.intp) < len(b.intp) {
			return -1
		}
		return 1
	}
	if c := strings.Compare(a.intp, b.intp); c != 0 {
		return c
	}
	return strings.Compare(a.frac, b.frac)
}

// Units returns the amount scaled by 10^scale as an int64, and whether that
// is exact and fits. Sorting code uses it as a fast key.
func (d Decimal) Units(scale int) (int64, bool) {
	if !d.Valid() || len(d.frac) > scale || len(d.intp)+scale > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(d.intp); i++ {
		n = n*10 + int64(d.intp[i]-'0')
	}
	for i := 0; i < scale; i++ {
		n *= 10
		if i < len(d.frac) {
			n += int64(d.frac[i] - '0')
		}
	}
	if d.neg {
		n = -n
	}
	return n, true
}

// MarshalJSON writes the amount as the string received, or null.
func (d Decimal) MarshalJSON() ([]byte, error) {
	if !d.Valid() {
		return []byte("null"), nil
	}
	return json.Marshal(d.text)
}

// UnmarshalJSON accepts a JSON string, number, or null ("" and null give the
// zero Decimal).
func (d *Decimal) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		*d = Decimal{}
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if strings.TrimSpace(s) == "" {
			*d = Decimal{}
			return nil
		}
	}
	v, err := ParseDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
