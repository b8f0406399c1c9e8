package results

import (
	"strings"

	"numbrowse/api"
)

// Meaning says in a few words what a valid word matches, for the hint
// the filter line shows while it is typed ("state starts with il",
// "national number starts 415???0100 (? any digit)"), or returns its
// problem for an invalid one. The result is safe to print.
func (w Word) Meaning() string {
	if !w.Valid() {
		return api.Printable(w.Problem)
	}
	m := w.t.meaning()
	if w.t.neg {
		return "not: " + m
	}
	return m
}

// Keypad is the keypad digits a word of letters is also read as
// ("FLOWERS": "3569377"), or "".
func (w Word) Keypad() string {
	if w.Valid() && w.t.kind == kindText {
		return w.t.digits
	}
	return ""
}

// meaning describes a term without its negation.
func (t term) meaning() string {
	switch t.kind {
	case kindFeature:
		return "has " + api.FeatureLabel(bitFeature(t.feat))
	case kindFeatureName:
		return "has the feature " + api.Printable(t.text)
	case kindType:
		return "is a " + string(t.typ) + " number"
	case kindFlag:
		if t.flags == docsFlags {
			return "needs documents or an address"
		}
		for _, fw := range flagWords {
			if t.flags == 1<<fw.flag {
				return "the provider says: " + fw.flag.Label()
			}
		}
	case kindBound:
		cost := "monthly cost "
		if t.field == fieldUpfront {
			cost = "upfront cost "
		}
		return cost + opText[t.op] + " " + t.amount.Canonical() + " (in its own currency)"
	case kindCurrency:
		m := "a cost in " + api.Printable(t.text)
		if note := api.CurrencyNote(t.text); note != "" {
			m += " (" + note + ")"
		}
		return m
	case kindRegion:
		for _, d := range keyDefs {
			if d.parts == t.keys {
				return d.about + " " + api.Printable(t.text)
			}
		}
	case kindDigits:
		return t.digitsMeaning()
	case kindText:
		m := "a region word starts with " + api.Printable(t.text)
		switch {
		case t.digits != "":
			m += ", or " + t.digits + " (its keypad digits) is in the number"
		case keypadLetters(t.text) > 0 && keypadLetters(t.text) < keypadMinLetters && t.shown == "":
			m += " (fewer than 3 letters: not read as keypad digits)"
		}
		return m
	}
	return ""
}

// keypadLetters counts the keypad letters of s, or returns 0 when s has
// anything but letters and separators.
func keypadLetters(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case isSeparator(r):
		case keypadDigit(r) != 0:
			n++
		default:
			return 0
		}
	}
	return n
}

// digitsMeaning describes a digit pattern.
func (t term) digitsMeaning() string {
	p := strings.ReplaceAll(t.digits, string(wildRun), "…")
	var m string
	switch {
	case t.start == anchorE164 && t.end:
		m = "the number is +" + p
	case t.start == anchorE164:
		m = "the number starts +" + p
	case t.start == anchorNational && t.end:
		m = "the national number is " + p
	case t.start == anchorNational:
		m = "the national number starts " + p
	case t.end:
		m = "the number ends " + p
	default:
		m = p + " is in the number"
	}
	var notes []string
	if strings.IndexByte(t.digits, wildOne) >= 0 {
		notes = append(notes, "? any digit")
	}
	if strings.IndexByte(t.digits, wildRun) >= 0 {
		notes = append(notes, "… any digits")
	}
	if len(notes) > 0 {
		m += " (" + strings.Join(notes, ", ") + ")"
	}
	return m
}
