package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
)

// countryChosenMsg reports the country the user picked (Country), or the
// countries they marked (Countries, when set), and the national digits of
// a number prefix they typed ("+1415": US and "415"), "" otherwise.
type countryChosenMsg struct {
	Country   api.Country
	Countries api.CountryList
	Prefix    string
}

// pickerClosedMsg reports that a picker or dialog was dismissed without a
// choice.
type pickerClosedMsg struct{}

// closeCmd is how a picker or dialog closes: it reports pickerClosedMsg.
func closeCmd() tea.Cmd { return func() tea.Msg { return pickerClosedMsg{} } }

// countryQueryMax bounds the query, in runes: no country name is longer.
const countryQueryMax = 64

// countryPicker is the modal country chooser: a query line that filters
// at once as the user types (name, alias, alpha-2 code or calling code,
// accent-insensitive, best matches first) over a windowed list of every
// ISO 3166-1 country, recent ones first, after the groups (EU). space
// marks several countries (a group marks its members); enter searches the
// marked ones, or the highlighted one. A number prefix ("+1415") picks
// the country of such numbers and filters for them (^415). A list such
// as "DE,FR,nl" is read as --country reads it (api.ParseCountries), the
// list filtered by its last item. Beside each country it shows how many
// numbers this session's searches found there.
//
// While it is open it takes every printable key, so the root must route
// all key presses to it (q types a q). Movement: up/down, ctrl+p/ctrl+n,
// pgup/pgdn, home/end, the mouse wheel, plus the user's non-printable
// bindings for up/down/page/top/bottom. The cursor stops at the ends (it
// does not wrap): home and end are one key away. Editing: backspace,
// ctrl+w (word), ctrl+u (clear), paste.
type countryPicker struct {
	st   *Styles
	keys *KeyMap

	entries []countryEntry // every country and group, by name
	recent  []string       // recent codes, newest first
	current []string       // the countries in use (checked; the cursor starts on the first)

	marked []string                // the marked countries' codes, in the order marked
	found  map[string]countryFound // what this session's searches found, by code
	note   string                  // a word about the last key (a refused mark)

	query   []rune
	parsed  countryQuery  // the query, or its last item when it is a list
	prefix  countryPrefix // the number prefix the query is, if it is one
	list    bool          // the query is a comma-separated list ("DE,FR,n")
	head    []string      // a list's items before the last, as codes
	headErr string        // why those items are not countries
	matches []int         // indices into entries, best first
	cursor  int           // index into matches
	offset  int           // first match on screen

	width, height int
}

// newCountryPicker builds a picker; call Open before showing it. keys may
// be nil (only the built-in keys then work). The country index is taken
// on the first Open, not here: New builds a picker before the first
// screen, and the index may still be warming up then.
func newCountryPicker(st *Styles, keys *KeyMap) countryPicker {
	return countryPicker{st: st, keys: keys}
}

// countryPrefix is a query that is the start of a number: the country of
// such numbers and the national digits typed.
type countryPrefix struct {
	code, national string
}

// Open resets the query and lists recent countries first (newest first,
// marked "recent"), then the groups, then every country by name, with the
// cursor on the first of current. Several current countries start marked,
// so that the user can add to them or take some away.
func (p countryPicker) Open(current api.CountryList, recent []string) countryPicker {
	if p.entries == nil {
		p.entries = countryEntries()
	}
	p.current = current.Codes()
	p.marked = nil
	if len(current) > 1 {
		p.marked = current.Codes()
	}
	p.note = ""
	p.recent = cleanRecent(recent)
	p.query = nil
	p.refilter()
	return p
}

// SetFound tells the picker what this session's searches found in each
// country (the root's map, which it never changes: copy on write).
func (p *countryPicker) SetFound(found map[string]countryFound) { p.found = found }

// Marked returns the marked countries' codes, in the order marked.
func (p countryPicker) Marked() []string { return slices.Clone(p.marked) }

// SetSize sets the area the dialog may use; View draws a box no larger
// than w×h that the root centres.
func (p *countryPicker) SetSize(w, h int) {
	p.width, p.height = max(w, 0), max(h, 0)
	p.scroll(false)
}

// SetStyles switches to new styles (e.g. after the background answer).
func (p *countryPicker) SetStyles(st *Styles) { p.st = st }

// Query is the text typed so far.
func (p countryPicker) Query() string { return string(p.query) }

// Selected is the highlighted country (or group: its code and name), if
// any matches.
func (p countryPicker) Selected() (api.Country, bool) {
	e, ok := p.selectedEntry()
	if !ok {
		return api.Country{}, false
	}
	return e.Country, true
}

// selectedEntry is the highlighted entry, if any matches.
func (p *countryPicker) selectedEntry() (*countryEntry, bool) {
	if p.cursor < 0 || p.cursor >= len(p.matches) {
		return nil, false
	}
	return &p.entries[p.matches[p.cursor]], true
}

// Update handles keys, paste and the mouse wheel.
func (p countryPicker) Update(msg tea.Msg) (countryPicker, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return p.key(msg)
	case tea.PasteMsg:
		p.insert(sanitizeInput(msg.Content))
	case tea.MouseWheelMsg:
		p.moveTo(p.cursor + wheelDir(msg))
	}
	return p, nil
}

// The country picker as a component: a dialog that takes every key; its
// choice (or its close) is handled by the root in the same Update
// (pickerDone).

func (p *countryPicker) update(root *Model, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*p, cmd = p.Update(msg)
	return root.pickerDone(cmd)
}

func (p *countryPicker) overlay() string  { return p.View() }
func (p *countryPicker) onFocus() tea.Cmd { return nil }
func (p *countryPicker) onBlur()          {}
func (p *countryPicker) modal() bool      { return true }

func (p countryPicker) key(k tea.KeyPressMsg) (countryPicker, tea.Cmd) {
	km := keysOf(p.keys)
	page := max(p.layout().rows-1, 1)
	p.note = ""
	switch s := k.String(); {
	case s == "enter":
		msg, ok := p.choice()
		if !ok {
			return p, nil
		}
		return p, func() tea.Msg { return msg }
	case s == "space" && p.spaceTypes():
		p.insert(" ")
	case s == "space":
		p.toggleMark()
	case s == "esc" || pickerKey(k, km.Back):
		return p, closeCmd()
	case pickerListKey(k, km, &p, page, len(p.matches)):
	default:
		text := keyText(k)
		if text != "" && p.codeThenSpace() && (text[0] < '0' || text[0] > '9') {
			// "+44 " then "+49" or "ger": not a number after all, so
			// the space marked the country of +44.
			p.toggleMark()
		}
		p.insert(text)
	}
	return p, nil
}

// codeThenSpace reports whether the query is a calling code and a space
// ("+44 "): a number may go on ("+44 20 7946") or, with a second space or
// something other than a digit, the space marks the country.
func (p *countryPicker) codeThenSpace() bool {
	return !p.list && p.parsed.isCode && p.parsed.digits != "" && p.prefix.code == "" &&
		strings.HasSuffix(string(p.query), " ")
}

// choice is what enter picks: the marked countries (with the highlighted
// one when a query was typed to find it), else the highlighted country or
// group; with the number prefix when the query is one.
func (p *countryPicker) choice() (countryChosenMsg, bool) {
	e, ok := p.selectedEntry()
	codes := slices.Clone(p.marked)
	if p.list {
		if p.headErr != "" {
			p.note = p.headErr
			return countryChosenMsg{}, false
		}
		codes = p.withCodes(codes, p.head)
		if ok && (p.parsed.text != "" || p.parsed.digits != "") {
			codes = p.withEntry(codes, e)
		}
		if len(codes) == 0 {
			return countryChosenMsg{}, false
		}
	} else if ok && len(codes) > 0 && len(p.query) > 0 {
		codes = p.withEntry(codes, e)
	}
	if len(codes) == 0 {
		switch {
		case !ok:
			return countryChosenMsg{}, false
		case e.isGroup():
			codes = slices.Clone(e.members)
		case p.prefix.code == e.Code:
			return countryChosenMsg{Country: e.Country, Prefix: p.prefix.national}, true
		default:
			return countryChosenMsg{Country: e.Country}, true
		}
	}
	list := countriesOf(codes)
	if len(list) > api.MaxCountries {
		list = list[:api.MaxCountries]
	}
	if len(list) == 1 {
		return countryChosenMsg{Country: list[0]}, true
	}
	return countryChosenMsg{Countries: list}, len(list) > 0
}

// withEntry is codes with e's country (or its members) added.
func (p *countryPicker) withEntry(codes []string, e *countryEntry) []string {
	add := []string{e.Code}
	if e.isGroup() {
		add = e.members
	}
	return p.withCodes(codes, add)
}

// withCodes is codes with those of add that it lacks appended.
func (p *countryPicker) withCodes(codes, add []string) []string {
	for _, c := range add {
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	return codes
}

// countriesOf looks the codes up, in order.
func countriesOf(codes []string) api.CountryList {
	out := make(api.CountryList, 0, len(codes))
	for _, code := range codes {
		if c, ok := api.LookupCountry(code); ok {
			out = append(out, c)
		}
	}
	return out
}

// spaceTypes reports whether space types a space rather than marking: when
// the text typed so far goes on with a space in some country's name
// ("united", "new", "south"), so that "united kingdom" can be typed, and
// within a number ("+44 20 7946", as --country +44 20 reads it). After a
// calling code alone (+44) the first space types, and a second one (or a
// key that is not a digit, see codeThenSpace) marks its country.
func (p *countryPicker) spaceTypes() bool {
	q := p.parsed
	if p.prefix.code != "" {
		return true
	}
	if q.isCode && !p.list && q.digits != "" {
		return !strings.HasSuffix(string(p.query), " ")
	}
	if q.isCode || q.text == "" {
		return false
	}
	for i := range p.entries {
		for _, n := range p.entries[i].names {
			if strings.Contains(" "+n, " "+q.text+" ") {
				return true
			}
		}
	}
	return false
}

// toggleMark marks the highlighted country, or unmarks it (a group: marks
// its members, or unmarks them when all are marked), then clears the
// query so that the next country can be typed. At most api.MaxCountries
// are marked.
func (p *countryPicker) toggleMark() {
	if p.list {
		// A list's items before the last are marked with it.
		if p.headErr != "" {
			p.note = p.headErr
			return
		}
		if p.parsed.text == "" && p.parsed.digits == "" {
			p.marked = p.withCodes(slices.Clone(p.marked), p.head)
			p.setQuery(nil)
			return
		}
		if len(p.head) > 0 {
			marked := p.withCodes(slices.Clone(p.marked), p.head)
			if len(marked) > api.MaxCountries {
				p.note = fmt.Sprintf("at most %d countries at once", api.MaxCountries)
				return
			}
			p.marked = marked
		}
	}
	e, ok := p.selectedEntry()
	if !ok {
		return
	}
	codes := []string{e.Code}
	if e.isGroup() {
		codes = e.members
	}
	all := true
	for _, c := range codes {
		all = all && slices.Contains(p.marked, c)
	}
	if all {
		p.marked = slices.DeleteFunc(slices.Clone(p.marked), func(c string) bool { return slices.Contains(codes, c) })
	} else {
		marked := p.withEntry(slices.Clone(p.marked), e)
		if len(marked) > api.MaxCountries {
			p.note = fmt.Sprintf("at most %d countries at once", api.MaxCountries)
			return
		}
		p.marked = marked
	}
	if len(p.query) > 0 {
		p.setQuery(nil)
	}
}

// insert types text at the end of the query.
func (p *countryPicker) insert(text string) {
	if text == "" {
		return
	}
	q := append(slices.Clone(p.query), []rune(text)...)
	if len(q) > countryQueryMax {
		q = q[:countryQueryMax]
	}
	p.setQuery(q)
}

func (p *countryPicker) queryRunes() []rune { return p.query }
func (p *countryPicker) cursorAt() int      { return p.cursor }

func (p *countryPicker) setQuery(q []rune) {
	if slices.Equal(q, p.query) {
		return
	}
	p.query = q
	p.refilter()
}

// deleteWord drops trailing spaces and then the last word.
func deleteWord(q []rune) []rune {
	i := len(q)
	for i > 0 && q[i-1] == ' ' {
		i--
	}
	for i > 0 && q[i-1] != ' ' {
		i--
	}
	return q[:i]
}

// refilter re-ranks for the query. An empty query puts the cursor on the
// current country; otherwise on the best match. A number prefix ("+1415")
// lists the countries of its calling code, the country of such numbers
// first.
func (p *countryPicker) refilter() {
	text := string(p.query)
	p.list, p.head, p.headErr = false, nil, ""
	if i := strings.LastIndexByte(text, ','); i >= 0 {
		// A list: its items before the last are read as --country
		// reads them; the last is what the list is filtered by.
		p.list = true
		if h := strings.Trim(text[:i], " ,"); h != "" {
			switch l, national, err := api.ParseCountries(h); {
			case err != nil:
				p.headErr = err.Error()
			case national != "":
				p.headErr = "a number prefix picks one country on its own"
			default:
				p.head = l.Codes()
			}
		}
		text = strings.TrimSpace(text[i+1:])
	}
	p.parsed = parseCountryQuery(text)
	p.prefix = countryPrefix{}
	if p.parsed.isCode && !p.list {
		if c, national, err := api.ParseCountryPrefix(text); err == nil && national != "" {
			p.prefix = countryPrefix{code: c.Code, national: national}
			p.parsed = countryQuery{digits: strconv.Itoa(c.CallingCode), isCode: true}
		}
	}
	p.matches = rankCountries(p.entries, p.parsed, p.recent)
	if p.prefix.code != "" {
		if i := slices.IndexFunc(p.matches, func(i int) bool { return p.entries[i].Code == p.prefix.code }); i > 0 {
			first := p.matches[i]
			p.matches = append([]int{first}, slices.Delete(slices.Clone(p.matches), i, i+1)...)
		}
	}
	p.cursor, p.offset = 0, 0
	if len(p.query) == 0 && len(p.current) > 0 {
		if i := slices.IndexFunc(p.matches, func(i int) bool { return p.entries[i].Code == p.current[0] }); i >= 0 {
			p.cursor = i
		}
	}
	p.scroll(true)
}

// moveTo puts the cursor on match i, clamped to the list.
func (p *countryPicker) moveTo(i int) {
	p.cursor = max(min(i, len(p.matches)-1), 0)
	p.scroll(false)
}

// scroll keeps the cursor on screen: with the fewest lines moved, or with
// the cursor near the middle when center is set.
func (p *countryPicker) scroll(center bool) {
	rows := max(p.layout().rows, 1)
	if center {
		p.offset = p.cursor - rows/2
	}
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+rows {
		p.offset = p.cursor - rows + 1
	}
	p.offset = max(min(p.offset, len(p.matches)-rows), 0)
}
