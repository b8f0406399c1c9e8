package api

import (
	"bytes"
	"slices"

	"github.com/go-json-experiment/json/jsontext"
)

// entryDecoder turns the tokens of one data entry into a Number as they
// come, guided by the tables in fields.go: a value the tables place is
// parsed where it stands, a value they do not (or that has a shape the
// concept does not take) is copied into Number.Extra under its path
// ("cost_information.tax", "features[2]"). Which synonym wins (phone_number
// over msisdn) is settled when the entry ends, because providers send keys
// in any order. It is reused from entry to entry: its scratch space is
// allocated once per response.
type entryDecoder struct {
	dec  *jsontext.Decoder
	q    Query
	qTyp NumberType // q.Type, canonical
	pool internPool
	nums numberRules // per-country rules for numbers without "+"

	// Per entry, reset by entry().
	arena   []byte    // copies of keys, paths and raw values the entry needs at its end
	path    []byte    // the path of the value being read ("cost_information.tax")
	cands   []cand    // every value of a scalar concept, in arrival order
	costs   []costVal // every cost amount, in arrival order
	extras  []extra   // the fields Number.Extra keeps, with their order
	extraFs []Field   // scratch for Number.Extra
	sorted  bool      // extras are in ord order (false after a late one)
	feats   []string
	regs    []Region
	reqs    []Requirement
	flags   Flags
	jsonAPI bool // the entry has JSON:API attributes
	ord     uint32

	lower []byte // scratch for case-insensitive lookups
	words []byte // scratch for unquoted strings

	// keys remembers the entry fields found at each of the first member
	// positions: a provider sends the same keys in the same order, so
	// most lookups are one comparison.
	keys [16]struct {
		name string
		f    field
		ok   bool
	}

	last struct { // the previous entry's features and regions (see settledFeatures)
		feats, featList []string
		regs, regList   []Region
	}
	lastCountry struct { // countryCode's last answer
		word, code string
		ok         bool
	}
	lastType struct { // numberType's last answer
		word, shown string
		t           NumberType
	}
}

// span is a slice of entryDecoder.arena.
type span struct{ at, n uint32 }

// cand is one value of a scalar concept (number, display, country, type,
// currency).
type cand struct {
	c        concept
	rank     uint32
	ord      uint32
	key, raw span
	val      span   // cNumber: the value's text (unquoted)
	text     string // the value as text (for cNumber: its E.164 form, once settled)
	number   bool   // cNumber: a JSON number, not a string
	bad      bool   // best refused it
}

// costVal is one cost amount with the currency of its price object.
type costVal struct {
	c         concept // cUpfront or cMonthly
	rank, ord uint32
	key, raw  span
	amount    Decimal
	cur       string // "" until a currency applies
	curKey    span   // where cur came from (to keep it when the cost loses)
	curRaw    span
	hasCur    bool
}

// extra is one field for Number.Extra, in arena spans.
type extra struct {
	ord      uint32
	key, raw span
}

// skipNone is entry's reason when it did not skip.
const skipNone = numSkipReasons

func newEntryDecoder(dec *jsontext.Decoder, q Query) *entryDecoder {
	d := &entryDecoder{dec: dec, q: q, nums: numberRules{}}
	d.qTyp = NumberType(text(string(q.Type)))
	if t, ok := providerTypeWords[foldWord(string(d.qTyp))]; ok {
		d.qTyp = t
	}
	return d
}

// entry decodes the object the decoder is at into *n, which must be zero
// (it is the slot the number will be kept in); a skipped entry leaves it
// zero again.
func (d *entryDecoder) entry(n *Number) (SkipReason, error) {
	d.arena, d.path = d.arena[:0], d.path[:0]
	d.cands, d.costs, d.extras = d.cands[:0], d.costs[:0], d.extras[:0]
	d.feats, d.regs, d.reqs = d.feats[:0], d.regs[:0], d.reqs[:0]
	d.flags, d.jsonAPI, d.sorted, d.ord = Flags{}, false, true, 0
	if _, err := d.dec.ReadToken(); err != nil { // {
		return 0, err
	}
	if err := d.fields(false); err != nil {
		return 0, err
	}
	return d.finish(n), nil
}

// fields reads an entry's members up to its closing brace: the entry's own,
// or (attrs) those of its JSON:API attributes.
func (d *entryDecoder) fields(attrs bool) error {
	return d.members(func(key []byte, sub uint32) error {
		if !attrs {
			d.ord = sub << 16
		} else {
			d.ord = d.ord&^0xffff | sub
		}
		var f field
		if c := &d.keys[min(sub, uint32(len(d.keys)-1))]; !attrs && sub < uint32(len(d.keys)) && c.ok && c.name == string(key) {
			f = c.f
		} else {
			f = d.entryField(key)
			if !attrs && sub < uint32(len(d.keys)) {
				c.name, c.f, c.ok = d.pool.bytesStr(key), f, true
			}
		}
		rank := uint32(f.rank) << 9
		if !attrs {
			rank |= 1 << 8 // a JSON:API entry's attributes win over its envelope
		}
		return d.value(f, rank, attrs)
	})
}

// entryField looks an entry's key up in the tables.
func (d *entryDecoder) entryField(key []byte) field {
	f, ok := entryVocab.lookup(key, &d.lower)
	if !ok {
		if name, isFeature := featureSuffix(key); isFeature {
			f = field{c: cFeature, arg: name}
		}
	}
	return f
}

// value reads the value of an entry field f.
func (d *entryDecoder) value(f field, rank uint32, attrs bool) error {
	k := d.dec.PeekKind()
	if k == 'n' && f.c != cUnknown {
		return d.dec.SkipValue() // null: a known field without a value
	}
	switch f.c {
	case cNumber, cDisplay, cCountry, cType, cCurrency:
		return d.scalar(f.c, rank)
	case cUpfront, cMonthly:
		if k == '{' {
			return d.costObject(f.c, rank, 0)
		}
		return d.amount(f.c, rank)
	case cCosts:
		if k == '{' {
			return d.costObject(cUnknown, rank, 0)
		}
	case cFeatures:
		switch k {
		case '[':
			return d.featureList()
		case '{':
			return d.featureMap()
		case '"':
			return d.featureWords()
		case 'n':
			return d.dec.SkipValue()
		}
	case cFeature:
		return d.boolean(func() { d.addFeature(f.arg) })
	case cRegions:
		switch k {
		case '[':
			return d.regionList()
		case 'n':
			return d.dec.SkipValue()
		}
	case cRegion:
		return d.regionPart(f.arg)
	case cFlag:
		fl := flagNamed(f.arg)
		return d.boolean(func() { d.setFlag(fl) })
	case cAddress:
		return d.address()
	case cRequirements:
		switch k {
		case '[':
			return d.requirementList()
		case 'n':
			return d.dec.SkipValue()
		}
	case cAttributes:
		if k == '{' && !attrs {
			d.jsonAPI = true
			if _, err := d.dec.ReadToken(); err != nil {
				return err
			}
			return d.fields(true)
		}
	}
	return d.keep()
}

// members reads an object's members after its opening brace, through its
// closing brace, calling fn with each key (unquoted; valid until fn
// returns) and its position, with d.path extended by the key.
func (d *entryDecoder) members(fn func(key []byte, i uint32) error) error {
	base := len(d.path)
	for i := uint32(0); ; i++ {
		k, err := peek(d.dec)
		if err != nil {
			return err
		}
		if k == '}' {
			_, err := d.dec.ReadToken()
			return err
		}
		name, err := d.dec.ReadValue()
		if err != nil {
			return err
		}
		d.words = unquote(d.words[:0], name)
		if base > 0 {
			d.path = append(d.path, '.')
		}
		d.path = append(d.path, d.words...)
		err = fn(d.words, min(i, 0xffff))
		d.path = d.path[:base]
		if err != nil {
			return err
		}
	}
}

// elements reads an array's elements after its opening bracket, through
// its closing bracket, with d.path extended by "[i]".
func (d *entryDecoder) elements(fn func(k jsontext.Kind, i int) error) error {
	base := len(d.path)
	for i := 0; ; i++ {
		k, err := peek(d.dec)
		if err != nil {
			return err
		}
		if k == ']' {
			_, err := d.dec.ReadToken()
			return err
		}
		d.path = append(d.path, '[')
		d.path = appendInt(d.path, i)
		d.path = append(d.path, ']')
		err = fn(k, i)
		d.path = d.path[:base]
		if err != nil {
			return err
		}
	}
}

// keep reads the next value whole and keeps it in Extra under d.path.
func (d *entryDecoder) keep() error {
	v, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	d.keepRaw(v)
	return nil
}

// keepRaw keeps raw (read at d.path) in Extra.
func (d *entryDecoder) keepRaw(raw []byte) {
	d.extras = append(d.extras, extra{ord: d.ord, key: d.save(d.path), raw: d.save(raw)})
}

// keepLate keeps a value read earlier; Extra is sorted back into the
// provider's order at the end.
func (d *entryDecoder) keepLate(ord uint32, key, raw span) {
	if n := len(d.extras); n > 0 && d.extras[n-1].ord > ord {
		d.sorted = false
	}
	d.extras = append(d.extras, extra{ord: ord, key: key, raw: raw})
}

// save copies b into the arena.
func (d *entryDecoder) save(b []byte) span {
	s := span{at: uint32(len(d.arena)), n: uint32(len(b))}
	d.arena = append(d.arena, b...)
	return s
}

// bytes returns a span's bytes (valid until the arena grows).
func (d *entryDecoder) bytes(s span) []byte { return d.arena[s.at : s.at+s.n] }

// boolean reads true (calling set), false or null; anything else is kept.
func (d *entryDecoder) boolean(set func()) error {
	switch d.dec.PeekKind() {
	case 't':
		set()
		return d.dec.SkipValue()
	case 'f', 'n':
		return d.dec.SkipValue()
	}
	return d.keep()
}

// scalar reads a value of concept c: a string (or, for a phone number, a
// JSON number). null and "" mean nothing; any other value is kept.
func (d *entryDecoder) scalar(c concept, rank uint32) error {
	v, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	switch {
	case len(v) > 0 && v[0] == '"':
	case c == cNumber && isNumber(v):
	case isNull(v):
		return nil
	default:
		d.keepRaw(v)
		return nil
	}
	cd := cand{c: c, rank: rank, ord: d.ord, number: v[0] != '"'}
	w := []byte(v)
	if !cd.number {
		d.words = unquote(d.words[:0], v)
		w = d.words
	}
	if len(bytes.TrimSpace(w)) == 0 {
		return nil // "" is no value
	}
	switch c {
	case cNumber:
		cd.val = d.save(w)
	case cDisplay:
		cd.text = string(w) // one per number: not worth pooling
	default:
		cd.text = d.pool.bytesStr(w)
	}
	cd.key, cd.raw = d.save(d.path), d.save(v)
	d.cands = append(d.cands, cd)
	return nil
}

// amount reads a cost amount of concept c: a string or a JSON number;
// null and "" mean none. Anything else is kept.
func (d *entryDecoder) amount(c concept, rank uint32) error {
	v, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	if isNull(v) {
		return nil
	}
	dec, ok := d.pool.decimal(v)
	if !ok {
		d.keepRaw(v)
		return nil
	}
	if dec.Valid() {
		d.costs = append(d.costs, costVal{c: c, rank: rank, ord: d.ord, key: d.save(d.path), raw: d.save(v), amount: dec})
	}
	return nil
}

// costObject reads a price or costs object: its amount (of concept own,
// when it is one cost's price), its costs by name, and its currency, which
// applies to every cost in it that has none of its own.
func (d *entryDecoder) costObject(own concept, rank uint32, depth int) error {
	if depth > 2 {
		return d.keep()
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return err
	}
	first := len(d.costs)
	var cur string
	var curKey, curRaw span
	hasCur := false
	err := d.members(func(key []byte, i uint32) error {
		f, _ := costVocab.lookup(key, &d.lower)
		sub := rank | uint32(f.rank)
		switch f.c {
		case cAmount:
			if own != cUnknown {
				return d.amount(own, sub)
			}
		case cUpfront, cMonthly:
			if d.dec.PeekKind() == '{' {
				return d.costObject(f.c, sub, depth+1)
			}
			return d.amount(f.c, sub)
		case cCurrency:
			v, err := d.dec.ReadValue()
			if err != nil {
				return err
			}
			if isNull(v) {
				return nil
			}
			if c, ok := d.currency(v); ok && !hasCur {
				cur, hasCur, curKey, curRaw = c, true, d.save(d.path), d.save(v)
				return nil
			}
			d.keepRaw(v)
			return nil
		}
		return d.keep()
	})
	if err != nil {
		return err
	}
	if hasCur {
		for i := first; i < len(d.costs); i++ {
			if c := &d.costs[i]; !c.hasCur {
				c.cur, c.hasCur, c.curKey, c.curRaw = cur, true, curKey, curRaw
			}
		}
		if first == len(d.costs) { // a currency for no cost: keep it
			d.keepLate(d.ord, curKey, curRaw)
		}
	}
	return nil
}

// currency reads a currency code: any short text, upper-cased when that
// makes it an ISO 4217 code ("usd"); a code that is not one is kept as the
// provider wrote it (see CurrencyNote).
func (d *entryDecoder) currency(v []byte) (string, bool) {
	if len(v) == 0 || v[0] != '"' {
		return "", false
	}
	d.words = unquote(d.words[:0], v)
	w := bytes.TrimSpace(d.words)
	if len(w) == 0 || len(w) > 24 {
		return "", false
	}
	if len(w) == 3 {
		var up [3]byte
		for i, c := range w {
			if c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
			up[i] = c
		}
		if IsISO4217(string(up[:])) {
			return d.pool.bytesStr(up[:]), true
		}
	}
	if isPlainText(w) {
		return d.pool.bytesStr(w), true
	}
	s := text(string(w))
	return d.pool.str(s), s != ""
}

// featureList reads a list of features: names, comma-separated names, or
// {"name": ...} objects.
func (d *entryDecoder) featureList() error {
	if _, err := d.dec.ReadToken(); err != nil {
		return err
	}
	return d.elements(func(k jsontext.Kind, i int) error {
		switch k {
		case '"':
			return d.featureWords()
		case 'n':
			return d.dec.SkipValue()
		case '{':
			if _, err := d.dec.ReadToken(); err != nil {
				return err
			}
			return d.members(func(key []byte, _ uint32) error {
				if f, _ := featureVocab.lookup(key, &d.lower); f.c == cFeature && d.dec.PeekKind() == '"' {
					return d.featureWords()
				}
				return d.keep()
			})
		}
		return d.keep()
	})
}

// featureMap reads a capability map: {"voice": true, "SMS": false}.
func (d *entryDecoder) featureMap() error {
	if _, err := d.dec.ReadToken(); err != nil {
		return err
	}
	return d.members(func(key []byte, _ uint32) error {
		name := d.pool.bytesStr(key)
		return d.boolean(func() { d.addFeature(name) })
	})
}

// featureWords reads a string of feature names separated by commas.
func (d *entryDecoder) featureWords() error {
	v, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	d.words = unquote(d.words[:0], v)
	if bytes.IndexByte(d.words, ',') < 0 {
		d.addFeatureBytes(d.words)
		return nil
	}
	for w := range bytes.SplitSeq(d.words, []byte{','}) {
		if w = bytes.TrimSpace(w); len(w) > 0 {
			d.addFeatureBytes(w)
		}
	}
	return nil
}

// addFeatureBytes is addFeature for a name in bytes (not d.lower): a
// plain one is lower-cased and pooled in one step.
func (d *entryDecoder) addFeatureBytes(name []byte) {
	if isPlainText(name) {
		d.addPlainFeature(name)
		return
	}
	d.addFeature(d.pool.bytesStr(name))
}

// addPlainFeature adds a feature whose name is plain text (isPlainText):
// trimmed, lower-cased in d.lower and pooled, without copies.
func (d *entryDecoder) addPlainFeature(name []byte) {
	b := append(d.lower[:0], bytes.TrimSpace(name)...)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	d.lower = b
	if len(b) > 0 {
		d.feats = append(d.feats, d.pool.bytesStr(b))
	}
}

// addFeature adds a feature by the provider's name, lower-cased.
func (d *entryDecoder) addFeature(name string) {
	if isPlainText([]byte(name)) { // the common case, without copies
		d.addPlainFeature([]byte(name))
		return
	}
	if name = lowerASCII(text(name)); name != "" {
		d.feats = append(d.feats, d.pool.str(name))
	}
}

// setFlag sets flag f.
func (d *entryDecoder) setFlag(f Flag) {
	switch f {
	case FlagBestEffort:
		d.flags.BestEffort = true
	case FlagDocuments:
		d.flags.DocumentsRequired = true
	case FlagQuickship:
		d.flags.Quickship = true
	case FlagReservable:
		d.flags.Reservable = true
	}
}

// address reads Twilio's address_requirements: none, any, local, foreign.
func (d *entryDecoder) address() error {
	v, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	switch {
	case isNull(v):
	case v[0] == '"':
		d.words = unquote(d.words[:0], v)
		if s := lowerASCII(text(string(d.words))); s != "" && s != "none" {
			d.flags.AddressRequirement = d.pool.str(s)
		}
	default:
		d.keepRaw(v)
	}
	return nil
}

// regionPart reads one flat region field of the given kind: a string or a
// number (a postal code, a LATA).
func (d *entryDecoder) regionPart(kind string) error {
	v, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	name, ok := d.scalarText(v)
	switch {
	case ok:
		if name != "" {
			d.regs = append(d.regs, Region{Type: kind, Name: name})
		}
	case !isNull(v):
		d.keepRaw(v)
	}
	return nil
}

// scalarText returns a string's or number's text, made safe (text) and
// pooled; ok is false for other values.
func (d *entryDecoder) scalarText(v []byte) (string, bool) {
	switch {
	case isNumber(v):
		return d.pool.bytesStr(v), true
	case len(v) > 0 && v[0] == '"':
		d.words = unquote(d.words[:0], v)
		if isPlainText(d.words) {
			return d.pool.bytesStr(bytes.TrimSpace(d.words)), true
		}
		return d.pool.str(text(string(d.words))), true
	}
	return "", false
}

// regionList reads region_information: {region_type, region_name} objects.
func (d *entryDecoder) regionList() error {
	if _, err := d.dec.ReadToken(); err != nil {
		return err
	}
	return d.elements(func(k jsontext.Kind, _ int) error {
		switch k {
		case 'n':
			return d.dec.SkipValue()
		case '{':
		default:
			return d.keep()
		}
		if _, err := d.dec.ReadToken(); err != nil {
			return err
		}
		var r Region
		err := d.members(func(key []byte, _ uint32) error {
			f, _ := regionVocab.lookup(key, &d.lower)
			if f.c != cKind && f.c != cName {
				return d.keep()
			}
			v, err := d.dec.ReadValue()
			if err != nil {
				return err
			}
			s, ok := d.scalarText(v)
			switch {
			case !ok && !isNull(v):
				d.keepRaw(v)
			case f.c == cKind && r.Type == "":
				r.Type = regionKind(s)
			case f.c == cName && r.Name == "":
				r.Name = s
			case s != "":
				d.keepRaw(v) // a repeated key
			}
			return nil
		})
		if r.Type != "" || r.Name != "" {
			d.regs = append(d.regs, r)
		}
		return err
	})
}

// regionKind maps a region_information type to its kind, or keeps it.
func regionKind(t string) string {
	if _, canonical := regionLabels[t]; canonical {
		return t
	}
	if k, ok := regionKinds[foldWord(t)]; ok {
		return k
	}
	return t
}

// requirementList reads a list of requirements: strings, or objects whose
// label, name and description make the label and detail and whose every
// other member is kept in the requirement's Fields.
func (d *entryDecoder) requirementList() error {
	if _, err := d.dec.ReadToken(); err != nil {
		return err
	}
	return d.elements(func(k jsontext.Kind, _ int) error {
		switch k {
		case 'n':
			return d.dec.SkipValue()
		case '"':
			v, err := d.dec.ReadValue()
			if err != nil {
				return err
			}
			if s, _ := d.scalarText(v); s != "" {
				d.reqs = append(d.reqs, Requirement{Label: s})
			}
			return nil
		case '{':
		default:
			return d.keep()
		}
		if _, err := d.dec.ReadToken(); err != nil {
			return err
		}
		var r Requirement
		var label, name string
		err := d.members(func(key []byte, _ uint32) error {
			f, _ := requirementVocab.lookup(key, &d.lower)
			keyName := d.pool.str(Printable(d.pool.bytesStr(key)))
			v, err := d.dec.ReadValue()
			if err != nil {
				return err
			}
			s, isText := d.scalarText(v)
			switch {
			case f.c == cLabel && isText && keyName == "label" && label == "":
				label = s
			case f.c == cLabel && isText && name == "":
				name = s
			case f.c == cDetail && isText && r.Detail == "":
				r.Detail = s
			case isNull(v):
			default:
				r.Fields = append(r.Fields, Field{Key: keyName, Value: d.pool.raw(v)})
			}
			return nil
		})
		r.Label = firstText(label, name, fieldText(r.Fields, "requirement_type"), fieldText(r.Fields, "type"),
			fieldText(r.Fields, "field_type"))
		if r.Label == "" {
			r.Label, r.Detail = r.Detail, ""
		}
		if r.Label == "" {
			r.Label = "unnamed requirement"
		}
		d.reqs = append(d.reqs, r)
		return err
	})
}

// firstText returns the first non-empty string.
func firstText(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// fieldText returns the text of the string field named key, or "".
func fieldText(fs []Field, key string) string {
	for _, f := range fs {
		if f.Key == key {
			if s, ok := jsonString(f.Value); ok {
				return text(s)
			}
		}
	}
	return ""
}

// featureSuffix reports whether key names one feature by a boolean
// suffix (voice_enabled, smsEnabled) and returns the feature.
func featureSuffix(key []byte) (string, bool) {
	for _, suf := range featureSuffixes {
		if len(key) > len(suf) && string(key[len(key)-len(suf):]) == suf {
			return lowerASCII(string(key[:len(key)-len(suf)])), true
		}
	}
	return "", false
}

// sortExtras puts d.extras back in the provider's order.
func (d *entryDecoder) sortExtras() {
	if !d.sorted {
		slices.SortStableFunc(d.extras, func(a, b extra) int { return int(a.ord) - int(b.ord) })
	}
}
