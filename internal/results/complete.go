package results

import (
	"slices"
	"strings"

	"numbrowse/api"
)

// Completion is one way to finish the term being typed.
type Completion struct {
	// Text is the whole term as it would be typed: "state:IL",
	// `city:"New York"`, "sms", "state:".
	Text string
	// Label is how a hint lists it: "IL", "New York", "sms", "state:".
	Label string
}

// Values returns the values a key takes in the set's numbers, each once
// (compared folded), in display form and alphabetical order: the states,
// places, rate centres, postal codes, LATAs or any region parts; the
// types, features, flags or currencies. The slice is shared: do not
// modify it. The result is safe to print.
func (s *Set) Values(k Key) []string {
	if v, ok := s.values[k]; ok {
		return v
	}
	var out []string
	seen := map[string]bool{}
	add := func(v string) {
		v = api.Printable(v)
		if f := fold(v); v != "" && !seen[f] {
			seen[f] = true
			out = append(out, v)
		}
	}
	d, _ := lookupKey(string(k))
	switch k {
	case KeyType:
		for _, t := range s.types {
			add(string(t))
		}
	case KeyFeature:
		for _, list := range s.featLists {
			for _, f := range list {
				add(f)
			}
		}
		if len(s.featLists) == manyLists {
			for i := range s.nums {
				for _, f := range s.nums[i].Features {
					add(f)
				}
			}
		}
	case KeyFlag:
		var bits uint8
		for i := range s.rows {
			bits |= s.rows[i].flagBits
		}
		for _, fw := range flagWords {
			if bits&(1<<fw.flag) != 0 {
				add(fw.name)
			}
		}
	case KeyCur:
		for _, c := range s.currencies {
			add(c)
		}
		if len(s.currencies) == manyCurrencies {
			for i := range s.nums {
				add(strings.ToUpper(s.nums[i].UpfrontCurrency))
				add(strings.ToUpper(s.nums[i].MonthlyCurrency))
			}
		}
	default:
		for j := range s.regions {
			for _, r := range s.nums[s.regions[j].first].Regions {
				if partKeysOf(r.Type)&d.parts != 0 {
					add(regionName(r))
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(fold(a), fold(b)) })
	if s.values == nil {
		s.values = map[Key][]string{}
	}
	s.values[k] = out
	return out
}

// completionWords are the terms completion offers for a word without a
// key, after the keys: the keywords and the cost bounds.
var completionWords = []string{
	"sms", "voice", "mms", "fax", "mobile", "local", "toll-free", "national",
	"docs", "quickship", "reservable", "best-effort", "up<", "mo<",
}

// Complete returns the ways to finish word, the start of a term being
// typed, best first: after a key ("state:I"), the values of that key in
// set (nil: none) whose name starts with the value typed, then those with
// a word that does; else the keys and keywords that start with word. A
// leading ! is kept. Values with spaces come quoted.
func Complete(word string, set *Set) []Completion {
	neg := ""
	if strings.HasPrefix(word, "!") {
		neg, word = "!", word[1:]
	}
	var out []Completion
	if key, raw, ok := splitKey(word); ok {
		d, known := lookupKey(key)
		if !known || set == nil {
			return nil
		}
		typed, _ := unquote(raw)
		typed = fold(strings.TrimSpace(typed))
		var later []Completion
		for _, v := range set.Values(d.key) {
			if strings.ContainsRune(v, '"') {
				continue // no way to type it as one value
			}
			c := Completion{Text: neg + string(d.key) + ":" + quoteValue(v), Label: v}
			switch f := fold(v); {
			case strings.HasPrefix(f, typed):
				out = append(out, c)
			case hasWordPrefix(f, typed):
				later = append(later, c)
			}
		}
		return append(out, later...)
	}
	lw := strings.ToLower(word)
	for _, d := range keyDefs {
		if strings.HasPrefix(string(d.key)+":", lw) {
			out = append(out, Completion{Text: neg + string(d.key) + ":", Label: string(d.key) + ":"})
		}
	}
	for _, w := range completionWords {
		if strings.HasPrefix(w, lw) {
			out = append(out, Completion{Text: neg + w, Label: w})
		}
	}
	return out
}

// QuoteValue is v as it is typed after a key: quoted when it holds white
// space.
func QuoteValue(v string) string { return quoteValue(v) }
