package results

import (
	"slices"
	"strings"
	"unicode"

	"numbrowse/api"
)

// The keywords: terms that are a word alone.
var keywords = map[string]term{
	api.FeatureSMS:   {kind: kindFeature, feat: featureBit(api.FeatureSMS)},
	api.FeatureVoice: {kind: kindFeature, feat: featureBit(api.FeatureVoice)},
	api.FeatureMMS:   {kind: kindFeature, feat: featureBit(api.FeatureMMS)},
	api.FeatureFax:   {kind: kindFeature, feat: featureBit(api.FeatureFax)},
	"mobile":         {kind: kindType, typ: api.Mobile},
	"local":          {kind: kindType, typ: api.Local},
	"toll-free":      {kind: kindType, typ: api.TollFree},
	"tollfree":       {kind: kindType, typ: api.TollFree},
	"national":       {kind: kindType, typ: api.National},
	"docs":           {kind: kindFlag, flags: docsFlags},
	"quickship":      {kind: kindFlag, flags: 1 << api.FlagQuickship},
	"reservable":     {kind: kindFlag, flags: 1 << api.FlagReservable},
	"best-effort":    {kind: kindFlag, flags: 1 << api.FlagBestEffort},
}

// docsFlags are the flags "docs" tests: documents or an address required.
const docsFlags = 1<<api.FlagDocuments | 1<<api.FlagAddress

// flagWords are the values of flag:, by their folded spelling (lower
// case, no _ - or space), and the spelling String() uses.
var flagWords = []struct {
	words []string
	flag  api.Flag
	name  string
}{
	{[]string{"quickship"}, api.FlagQuickship, "quickship"},
	{[]string{"reservable"}, api.FlagReservable, "reservable"},
	{[]string{"besteffort"}, api.FlagBestEffort, "best-effort"},
	{[]string{"documents", "documentsrequired", "docs"}, api.FlagDocuments, "documents"},
	{[]string{"address", "addressrequired"}, api.FlagAddress, "address"},
}

// flagSpelling is the canonical term for a set of flag bits.
func flagSpelling(bits uint8) string {
	if bits == docsFlags {
		return "docs"
	}
	for _, fw := range flagWords {
		if bits == 1<<fw.flag {
			return "flag:" + fw.name
		}
	}
	return ""
}

// FlagValues are the values flag: takes, as String() spells them.
func FlagValues() []string {
	out := make([]string, len(flagWords))
	for i, fw := range flagWords {
		out[i] = fw.name
	}
	return out
}

// Key is a filter key: the word before the colon of a keyed term.
type Key string

// The filter keys, as String() spells them.
const (
	KeyState   Key = "state"
	KeyCity    Key = "city"
	KeyRC      Key = "rc"
	KeyZip     Key = "zip"
	KeyLATA    Key = "lata"
	KeyRegion  Key = "region"
	KeyType    Key = "type"
	KeyFeature Key = "feature"
	KeyFlag    Key = "flag"
	KeyCur     Key = "cur"
)

// keyDef is one key: the words that spell it and what it tests.
type keyDef struct {
	key   Key
	words []string // every spelling, lower case; the first is the key's own
	parts partKeys // region keys: the parts they test
	about string   // what it matches, for hints
}

// keyDefs lists the keys in the order completion offers them.
var keyDefs = []keyDef{
	{KeyState, []string{"state", "province"}, keyState, "state, province or region starts with"},
	{KeyCity, []string{"city", "locality", "place"}, keyCity, "place (locality, location or rate centre) starts with"},
	{KeyRC, []string{"rc", "ratecenter", "rate-center", "rate_center", "ratecentre"}, keyRC, "rate centre starts with"},
	{KeyZip, []string{"zip", "postal", "postcode"}, keyPostal, "postal code starts with"},
	{KeyLATA, []string{"lata"}, keyLATA, "LATA starts with"},
	{KeyRegion, []string{"region"}, keyRegion, "a region part starts with"},
	{KeyType, []string{"type"}, 0, "number type is"},
	{KeyFeature, []string{"feature"}, 0, "has the feature"},
	{KeyFlag, []string{"flag"}, 0, "the provider flags it"},
	{KeyCur, []string{"cur", "currency"}, 0, "a cost is in the currency"},
}

// Keys returns the filter keys in completion order.
func Keys() []Key {
	out := make([]Key, len(keyDefs))
	for i, d := range keyDefs {
		out[i] = d.key
	}
	return out
}

// lookupKey finds a key by any of its spellings (lower case).
func lookupKey(word string) (keyDef, bool) {
	for _, d := range keyDefs {
		if slices.Contains(d.words, word) {
			return d, true
		}
	}
	return keyDef{}, false
}

// regionKeyName is the key of a region term's parts.
func regionKeyName(keys partKeys) string {
	for _, d := range keyDefs {
		if d.parts == keys {
			return string(d.key)
		}
	}
	return string(KeyRegion)
}

// keyList is every key as typed in a hint: "state: city: ...".
func keyList() string {
	var b strings.Builder
	for i, d := range keyDefs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(d.key) + ":")
	}
	return b.String()
}

// splitKey splits "state:IL" into its key (lower case) and value. ok is
// false when body has no colon or letters do not come before it.
func splitKey(body string) (key, value string, ok bool) {
	i := strings.IndexByte(body, ':')
	if i <= 0 {
		return "", "", false
	}
	for _, c := range []byte(body[:i]) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			return "", "", false
		}
	}
	return strings.ToLower(body[:i]), body[i+1:], true
}

// parseKeyed parses a keyed term: key (lower case) and its value as typed.
func parseKeyed(t term, key, raw string) (term, string) {
	d, known := lookupKey(key)
	if !known {
		return t, "unknown key " + key + ": — use " + keyList()
	}
	value, ok := unquote(raw)
	if !ok {
		return t, `a quote goes around a whole value (city:"san jose")`
	}
	value = strings.TrimSpace(value)
	if value == "" {
		return t, string(d.key) + ": needs a value (" + keyExample(d.key) + ")"
	}
	switch d.key {
	case KeyType:
		typ, err := api.ParseNumberType(value)
		if err != nil {
			return t, "type: is mobile, local, toll-free or national"
		}
		t.kind, t.typ = kindType, typ
	case KeyFeature:
		name := featureWord(value)
		if name == "" {
			return t, "feature: needs a name (feature:emergency)"
		}
		if bit := featureBit(name); bit != 0 {
			t.kind, t.feat = kindFeature, bit
		} else {
			t.kind, t.text = kindFeatureName, name
		}
	case KeyFlag:
		fw := foldFlag(value)
		for _, w := range flagWords {
			if slices.Contains(w.words, fw) {
				t.kind, t.flags = kindFlag, 1<<w.flag
				return t, ""
			}
		}
		return t, "flag: is " + strings.Join(FlagValues(), ", ")
	case KeyCur:
		for _, r := range value {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return t, "cur: takes a currency code of letters (cur:EUR)"
			}
		}
		t.kind, t.text = kindCurrency, strings.ToUpper(value)
	default:
		t.kind, t.keys, t.text = kindRegion, d.parts, fold(value)
	}
	return t, ""
}

// keyExample is an example of a key's use.
func keyExample(k Key) string {
	switch k {
	case KeyState:
		return "state:IL"
	case KeyCity:
		return "city:chicago"
	case KeyRC:
		return "rc:chicago"
	case KeyZip:
		return "zip:60601"
	case KeyLATA:
		return "lata:358"
	case KeyRegion:
		return "region:bayern"
	case KeyType:
		return "type:mobile"
	case KeyFeature:
		return "feature:emergency"
	case KeyFlag:
		return "flag:quickship"
	}
	return "cur:EUR"
}

// featureWord is a feature name as the decoder keeps most of them: lower
// case, with - and spaces as _ ("HD-Voice" → "hd_voice"). Names compare
// folded (foldFeature), so "hd-voice" also finds a provider's "hdvoice".
func featureWord(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return '_'
		}
		return r
	}, s)
}

// foldFeature folds a feature name for comparison: lower case, without _ -
// or spaces.
func foldFeature(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == ' ' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// foldFlag folds a word: lower case, without _ - or spaces.
func foldFlag(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '_' || r == '-' || r == ' ':
			return -1
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// costWords are the words before a bound's comparison.
var costWords = map[string]costField{
	"": fieldMonthly, "mo": fieldMonthly, "monthly": fieldMonthly,
	"up": fieldUpfront, "upfront": fieldUpfront, "setup": fieldUpfront,
}

// splitBound splits "up<=1" at its comparison: the cost it bounds and the
// comparison with its amount. ok is false when body is no bound; a word
// that is not a cost before a comparison ("abc<2") returns ok with an
// invalid field (255).
func splitBound(body string) (costField, string, bool) {
	i := strings.IndexAny(body, "<>=")
	if i < 0 {
		return 0, "", false
	}
	word := body[:i]
	for _, c := range []byte(word) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return 0, "", false
		}
	}
	f, ok := costWords[strings.ToLower(word)]
	if !ok {
		return 255, body, true
	}
	return f, body[i:], true
}

// parseBound parses a comparison and amount ("<2", "<=1.5", ">$0.5",
// "=1") for field.
func parseBound(t term, field costField, body string) (term, string) {
	if field > fieldUpfront {
		word := body[:strings.IndexAny(body, "<>=")]
		return t, "unknown cost " + word + " — mo<2 bounds the monthly cost, up<1 the upfront"
	}
	t.kind, t.field = kindBound, field
	opStr := body[:1]
	if len(body) > 1 && body[1] == '=' && body[0] != '=' {
		opStr = body[:2]
	}
	for i, s := range opText {
		if s == opStr {
			t.op = boundOp(i)
		}
	}
	rest := body[len(opStr):]
	if r := []rune(rest); len(r) > 0 && strings.ContainsRune(currencySymbols, r[0]) {
		rest = string(r[1:])
	}
	if rest == "" {
		return t, "missing amount after " + opStr
	}
	d, err := api.ParseDecimal(rest)
	if err != nil {
		return t, "not a number after " + opStr
	}
	t.amount = d
	t.units, t.exact = d.Units(costScale)
	return t, ""
}
