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
	m := w.about
	if m == "" {
		m = w.t.meaning(typedValue(w.Text))
	}
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

// typedValue is a term's value as typed: after its ! and key, without
// quotes.
func typedValue(text string) string {
	body := strings.TrimPrefix(text, "!")
	if _, v, ok := splitKey(body); ok {
		body = v
	}
	v, _ := unquote(body)
	return strings.TrimSpace(v)
}

// meaning describes a term without its negation; typed is its value as
// the user typed it, shown instead of the folded one.
func (t term) meaning(typed string) string {
	if typed == "" {
		typed = t.text
	}
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
				return d.about + " " + api.Printable(typed)
			}
		}
	case kindDigits:
		return t.digitsMeaning()
	case kindText:
		m := "a region word starts with " + api.Printable(typed)
		switch {
		case t.digits != "":
			m += ", or its keypad digits " + t.digits + " are in the number"
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

// PostalPrefix returns the word's digits when it is a bare number of 3
// digits or more that starts a postal code of s ("96720"), else "". A bare
// number matches the phone number's digits, never a postal code: the
// browser's hint and search's note offer zip: with it, so that a user who
// meant the postal code learns how to say so.
func (s *Set) PostalPrefix(w Word) string {
	if s == nil || !w.Valid() || len(w.Text) < 3 || strings.Trim(w.Text, "0123456789") != "" {
		return ""
	}
	for _, z := range s.Values(KeyZip) {
		if strings.HasPrefix(z, w.Text) {
			return w.Text
		}
	}
	return ""
}
