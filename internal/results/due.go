package results

import (
	"math/big"
	"strings"

	"numbrowse/api"
)

// Sum adds two amounts exactly ("0.10" + "0.2" is "0.30": as many
// fraction digits as the longer of the two); ok is false when either is
// missing.
func Sum(a, b api.Decimal) (api.Decimal, bool) {
	if !a.Valid() || !b.Valid() {
		return api.Decimal{}, false
	}
	x, okA := new(big.Rat).SetString(a.Canonical())
	y, okB := new(big.Rat).SetString(b.Canonical())
	if !okA || !okB {
		return api.Decimal{}, false
	}
	scale := max(fractionDigits(a), fractionDigits(b))
	d, err := api.ParseDecimal(new(big.Rat).Add(x, y).FloatString(scale))
	return d, err == nil
}

// fractionDigits is how many digits follow the point in d's canonical
// form.
func fractionDigits(d api.Decimal) int {
	_, frac, ok := strings.Cut(d.Canonical(), ".")
	if !ok {
		return 0
	}
	return len(frac)
}

// DueNow says what renting n costs at once: the upfront cost and the
// first month, added when that is honest, each in its own currency. The
// two are added only when both are known and in the same currency (or
// both without one, which is said); otherwise the sentence says why they
// are not ("in two currencies", "no currency for the upfront cost", "the
// provider gave no monthly cost"). The result is safe to print.
func DueNow(n *api.Number) string {
	up, mo := n.Upfront, n.Monthly
	upText, moText := Cost(up, n.UpfrontCurrency), Cost(mo, n.MonthlyCurrency)
	switch {
	case !up.Valid() && !mo.Valid():
		return "unknown — the provider gave neither an upfront nor a monthly cost"
	case !up.Valid():
		return "unknown — the provider gave no upfront cost (" + moText + " a month)"
	case !mo.Valid():
		return upText + " upfront, and the monthly cost is unknown"
	}
	uc, mc := CurrencyText(n.UpfrontCurrency), CurrencyText(n.MonthlyCurrency)
	parts := upText + " upfront + " + moText + " first month"
	switch {
	case uc != mc && (uc == "" || mc == ""):
		which := "upfront"
		if mc == "" {
			which = "monthly"
		}
		return parts + " — not added: the " + which + " cost has no currency"
	case uc != mc:
		return parts + " — not added: they are in two currencies"
	}
	sum, ok := Sum(up, mo)
	if !ok {
		return parts
	}
	total := Cost(sum, n.UpfrontCurrency)
	if uc == "" {
		return total + " (" + up.Fixed(2) + " upfront + " + mo.Fixed(2) + " first month; the provider gave no currency)"
	}
	return total + " (" + up.Fixed(2) + " upfront + " + mo.Fixed(2) + " first month)"
}
