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

// Needs says what the provider asks for before n can be rented, for the
// purchase screens: its regulatory requirements by name, documents, an
// address ("a local address"), or "" when it asks for none of these.
// It starts in lower case ("the provider lists requirements (Proof of
// address)") and is safe to print.
func Needs(n *api.Number) string {
	var labels []string
	for _, r := range n.Requirements {
		if l := strings.TrimSpace(api.Printable(r.Label)); l != "" {
			labels = append(labels, l)
		}
	}
	var s string
	switch {
	case len(n.Requirements) > 0 && len(labels) > 0:
		s = "the provider lists requirements (" + strings.Join(labels, ", ") + ")"
	case len(n.Requirements) > 0 || n.Flags.DocumentsRequired:
		s = "the provider says documents are required"
	}
	addr := addressNeeded(n.Flags.AddressRequirement)
	switch {
	case addr == "":
	case s == "":
		s = "the provider requires " + addr + " for this number"
	default:
		s += ", and requires " + addr
	}
	return s
}

// addressNeeded is the address an address requirement asks for (Twilio's
// address_requirements: any, local, foreign), "" for none.
func addressNeeded(req string) string {
	switch r := strings.ToLower(strings.TrimSpace(api.Printable(req))); r {
	case "", "none":
		return ""
	case "any":
		return "an address"
	case "local", "foreign":
		return "a " + r + " address"
	default:
		w := strings.TrimSpace(api.Printable(req))
		if r := []rune(w); len(r) > 40 { // a provider's junk, cut
			w = string(r[:39]) + "…"
		}
		return "an address (" + w + ")"
	}
}

// BestEffort is what the purchase screens say of a number the provider
// flags best effort (api.Flags.BestEffort), after "Best effort: ".
const BestEffort = "the provider may not be able to deliver this exact number"
