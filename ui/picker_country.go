package ui

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
)

// countryChosenMsg reports the country the user picked.
type countryChosenMsg struct{ Country api.Country }

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
// ISO 3166-1 country, recent ones first.
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

	entries []countryEntry // every country, by name
	recent  []string       // recent codes, newest first
	current string         // the country in use (marked, cursor starts on it)

	query   []rune
	parsed  countryQuery
	matches []int // indices into entries, best first
	cursor  int   // index into matches
	offset  int   // first match on screen

	width, height int
}

// newCountryPicker builds a picker; call Open before showing it. keys may
// be nil (only the built-in keys then work). The country index is taken
// on the first Open, not here: New builds a picker before the first
// screen, and the index may still be warming up then.
func newCountryPicker(st *Styles, keys *KeyMap) countryPicker {
	return countryPicker{st: st, keys: keys}
}

// Open resets the query and lists recent countries first (newest first,
// marked "recent"), then every country by name, with the cursor on
// current.
func (p countryPicker) Open(current api.Country, recent []string) countryPicker {
	if p.entries == nil {
		p.entries = countryEntries()
	}
	p.current = current.Code
	p.recent = cleanRecent(recent)
	p.query = nil
	p.refilter()
	return p
}

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

// Selected is the highlighted country, if any matches.
func (p countryPicker) Selected() (api.Country, bool) {
	if p.cursor < 0 || p.cursor >= len(p.matches) {
		return api.Country{}, false
	}
	return p.entries[p.matches[p.cursor]].Country, true
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
	switch s := k.String(); {
	case s == "enter":
		c, ok := p.Selected()
		if !ok {
			return p, nil
		}
		return p, func() tea.Msg { return countryChosenMsg{Country: c} }
	case s == "esc" || pickerKey(k, km.Back):
		return p, closeCmd()
	case s == "backspace" || s == "ctrl+h":
		if len(p.query) > 0 {
			p.setQuery(p.query[:len(p.query)-1])
		}
	case s == "ctrl+w" || s == "alt+backspace":
		p.setQuery(deleteWord(p.query))
	case s == "ctrl+u":
		p.setQuery(nil)
	case s == "up" || s == "ctrl+p" || pickerKey(k, km.Up):
		p.moveTo(p.cursor - 1)
	case s == "down" || s == "ctrl+n" || pickerKey(k, km.Down):
		p.moveTo(p.cursor + 1)
	case s == "pgup" || pickerKey(k, km.PageUp):
		p.moveTo(p.cursor - page)
	case s == "pgdown" || pickerKey(k, km.PageDown):
		p.moveTo(p.cursor + page)
	case s == "home" || pickerKey(k, km.Top):
		p.moveTo(0)
	case s == "end" || pickerKey(k, km.Bottom):
		p.moveTo(len(p.matches) - 1)
	default:
		p.insert(keyText(k))
	}
	return p, nil
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
// current country; otherwise on the best match.
func (p *countryPicker) refilter() {
	p.parsed = parseCountryQuery(string(p.query))
	p.matches = rankCountries(p.entries, p.parsed, p.recent)
	p.cursor, p.offset = 0, 0
	if len(p.query) == 0 && p.current != "" {
		if i := slices.IndexFunc(p.matches, func(i int) bool { return p.entries[i].Code == p.current }); i >= 0 {
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
