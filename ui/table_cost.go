package ui

import (
	"strings"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// Cost cells line up on the decimal point: the integer part is
// right-aligned, the fraction left-aligned ("1.50  " above "0.0075"), and
// the currency the provider gave for that cost follows in a fixed width
// (a code that is not ISO 4217 marked "?"), so the points line up even
// where the provider sent no currency. When every amount of the column has
// the same currency, the header names it once ("Monthly (GBP)") and the
// cells show amounts only; a single amount without a currency (or with
// another) keeps the codes in the cells, so no amount ever seems to be in
// a currency the provider did not give for it. A missing cost is
// Glyphs.None ("—", as in the detail pane) where the decimal point would
// be; a free one is 0.00. An amount too long for the shape (a hostile
// 40-digit one) is drawn right-aligned on its own and cut, so it cannot
// widen the column for every other row.

// Caps on the shape of a cost column.
const (
	costIntMax  = 6 // integer digits (and sign): up to 999999
	costFracMax = 4 // fraction digits: 0.0075
	costCurMax  = 7 // ISO 4217 codes, or a marked other code ("DOLLAR?")
)

// costShape is the layout of one cost column, measured over the whole set.
type costShape struct {
	intW, fracW, curW int // 0 intW: no amounts at all
	// shared is the currency every amount of the column has, as the
	// provider gave it, once settle found one; "" when the amounts have
	// several, or some have none. seen and mixed track it while measuring.
	shared      string
	seen, mixed bool
}

// settle ends the measuring: a currency shared by every amount moves to
// the header, and the cells no longer need room for one.
func (s *costShape) settle() {
	if s.mixed || !s.seen || s.shared == "" {
		s.shared = ""
		return
	}
	s.curW = 0
}

// sharesCurrency reports whether every amount of the column has the same
// currency (settle found one).
func (s costShape) sharesCurrency() bool { return s.shared != "" }

// inCells is the shape with every amount's currency in its cell, as when
// the amounts do not share one.
func (s costShape) inCells() costShape {
	if s.shared != "" {
		s.curW = min(cellWidth(results.CurrencyText(s.shared)), costCurMax)
		s.shared = ""
	}
	return s
}

// title is the column's header: "Monthly (GBP)" when the amounts share a
// currency, else the plain title.
func (s costShape) title(plain string) string {
	if s.shared == "" {
		return plain
	}
	return plain + " (" + clipCurrency(results.CurrencyText(s.shared)) + ")"
}

// clipCurrency keeps a currency text within costCurMax cells.
func clipCurrency(s string) string {
	out, _ := fitText(s, costCurMax, "")
	return out
}

// width is the cells an amount takes in this shape.
func (s costShape) width() int {
	if s.intW == 0 {
		return 0
	}
	w := s.intW + 1 + s.fracW
	if s.curW > 0 {
		w += 1 + s.curW
	}
	return w
}

// costMeter measures amounts and currencies, remembering each distinct
// one (a set has a handful).
type costMeter struct {
	amounts    map[api.Decimal][2]int // integer and fraction widths
	currencies map[string]int
}

func newCostMeter() *costMeter {
	return &costMeter{amounts: map[api.Decimal][2]int{}, currencies: map[string]int{}}
}

// add widens s to hold d in currency cur, within the caps.
func (m *costMeter) add(s *costShape, d api.Decimal, cur string) {
	if !d.Valid() {
		return
	}
	parts, ok := m.amounts[d]
	if !ok {
		ip, fp, _ := strings.Cut(d.Fixed(2), ".")
		parts = [2]int{len(ip), len(fp)}
		m.amounts[d] = parts
	}
	s.intW = max(s.intW, min(parts[0], costIntMax))
	s.fracW = max(s.fracW, min(parts[1], costFracMax))
	switch {
	case !s.seen:
		s.shared, s.seen = cur, true
	case cur != s.shared:
		s.mixed = true
	}
	cw, ok := m.currencies[cur]
	if !ok {
		cw = boundedWidth(results.CurrencyText(cur), costCurMax+1)
		m.currencies[cur] = cw
	}
	s.curW = max(s.curW, min(cw, costCurMax))
}

// writeCost draws an amount (or Glyphs.None for a missing one) in column
// c, exactly c.w cells wide, in style text (absent for the missing one).
// The amount's own currency follows it unless the header names the
// currency every amount of the column shares.
func (t *resultsTable) writeCost(b *strings.Builder, d api.Decimal, currency string, c tableColumn, s costShape, text, absent sgrPair) {
	lead := c.w - s.width() // the shape is right-aligned in the column
	if !d.Valid() {
		dot := t.st.Glyphs.None
		dw := cellWidth(dot)
		at := c.w - dw // no amounts anywhere: at the right edge
		if s.intW > 0 {
			at = min(lead+s.intW, at)
		}
		writeSpaces(b, at)
		writeStyled(b, dot, absent)
		writeSpaces(b, c.w-at-dw)
		return
	}
	fixed := d.Fixed(2)
	ip, fp, _ := strings.Cut(fixed, ".")
	cur := results.CurrencyText(currency)
	if s.shared != "" && currency == s.shared {
		cur = "" // the header says it
	}
	cw := cellWidth(cur)
	if len(ip) > s.intW || len(fp) > s.fracW || cw > s.curW {
		full := fixed
		if cur != "" {
			full += " " + cur
		}
		str, w := fitText(full, c.w, t.st.Glyphs.Ellipsis)
		writeCell(b, str, w, c, text)
		return
	}
	writeSpaces(b, lead+s.intW-len(ip))
	b.WriteString(text.pre)
	b.WriteString(ip)
	b.WriteByte('.')
	b.WriteString(fp)
	writeSpaces(b, s.fracW-len(fp))
	if s.curW > 0 {
		b.WriteByte(' ')
		b.WriteString(cur)
		writeSpaces(b, s.curW-cw)
	}
	b.WriteString(text.post)
}
