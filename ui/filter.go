package ui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// filterMaxRunes bounds the filter query.
const filterMaxRunes = 200

// The placeholders teach each filter's syntax.
const (
	filterPlaceholder      = "555 ^415 state:IL sms <2 !docs"
	ownedFilterPlaceholder = "555 ^415 00$ sales GB active !inactive"
)

// filterBox is the filter's line editor, as a component: it takes every
// printable key while it has the focus and draws itself on the help line.
// It edits as a shell's line does (ctrl+a/e, ctrl+u, ctrl+k, ctrl+w,
// alt+b/f...), completes the term under the cursor on tab, recalls the
// session's filters on up and down, and says what the term being typed
// means. What its keys mean beyond editing (enter and esc close it, a few
// movement keys move the table, every change narrows the rows) is the
// root's (filterKey, filterPaste).
type filterBox struct {
	textinput.Model

	// owned is set while the line edits the owned view's filter, which has
	// its own placeholder, hints and history and no completion.
	owned bool
	// before is the filter in force when the edit began: esc restores it.
	before string
	// history is the search filters kept with enter, oldest first (see
	// filterHistory); ownedHistory the owned view's, for the session only
	// (they are not searches, so they stay out of the search history).
	// hist is the entry shown while browsing the line's history
	// (len(entries()): the line being typed, saved in draft).
	history      []string
	ownedHistory []string
	hist         int
	draft        string
	// comp is the completion menu tab opened, while tab cycles it.
	comp *completionMenu
	// hintCache keeps the hint of the line as it last was.
	hintCache filterHintCache
}

// completionMenu is the candidates for the term under the cursor and the
// one tab put in its place (-1 before the first).
type completionMenu struct {
	items      []results.Completion
	pos        int
	start, end int // the term's rune range in the value, as now completed
}

func (f *filterBox) update(root *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return root.filterKey(msg)
	case tea.PasteMsg:
		return root.filterPaste(msg)
	}
	var cmd tea.Cmd
	f.Model, cmd = f.Model.Update(msg)
	return safe(cmd)
}

func (f *filterBox) overlay() string                  { return "" }
func (f *filterBox) onFocus() tea.Cmd                 { return f.Focus() }
func (f *filterBox) onBlur()                          { f.Blur(); f.comp = nil }
func (f *filterBox) modal() bool                      { return true }
func (f *filterBox) footer(root *Model, w int) string { return root.filterLine(w) }

// open starts an edit of the query q: of the owned view's filter when
// owned, else of the search results'.
func (f *filterBox) open(q string, owned bool) {
	f.owned = owned
	f.Placeholder = filterPlaceholder
	if owned {
		f.Placeholder = ownedFilterPlaceholder
	}
	f.SetValue(q)
	f.CursorEnd()
	f.before = q
	f.hist, f.draft, f.comp = len(f.entries()), "", nil
}

// entries is the history of the filter being edited, oldest first.
func (f *filterBox) entries() []string {
	if f.owned {
		return f.ownedHistory
	}
	return f.history
}

// rememberOwned adds a kept owned-view filter to the session's history of
// them.
func (f *filterBox) rememberOwned(q string) {
	if q = cleanHistoryEntry(q); q != "" {
		f.ownedHistory = addHistory(f.ownedHistory, q)
		f.hist = len(f.ownedHistory)
	}
}

// newFilterInput builds the filter's text input: a static cursor (no blink
// ticks, so nothing repaints while the user thinks), no suggestions of its
// own (tab and the arrows are the filter line's), and a placeholder that
// teaches the syntax.
func newFilterInput(st *Styles) filterBox {
	ti := textinput.New()
	ti.Placeholder = filterPlaceholder
	ti.CharLimit = filterMaxRunes
	ti.KeyMap.AcceptSuggestion.SetEnabled(false)
	ti.KeyMap.NextSuggestion.SetEnabled(false)
	ti.KeyMap.PrevSuggestion.SetEnabled(false)
	// ctrl+v would read the clipboard of the machine numbrowse runs on
	// (under serve, the server's) and type it unsanitised; the terminal's
	// own paste arrives as a tea.PasteMsg, which filterPaste cleans.
	ti.KeyMap.Paste.SetEnabled(false)
	styleFilterInput(&ti, st)
	return filterBox{Model: ti}
}

// styleFilterInput applies the browser's styles to the filter input.
func styleFilterInput(ti *textinput.Model, st *Styles) {
	ti.Prompt = st.Glyphs.Prompt + " filter "
	s := textinput.DefaultStyles(st.IsDark)
	s.Focused.Prompt = st.Prompt
	s.Blurred.Prompt = st.Prompt
	s.Focused.Text = st.Input
	s.Focused.Placeholder = st.Faint
	s.Blurred.Placeholder = st.Faint
	s.Cursor.Blink = false
	ti.SetStyles(s)
}

// The filter line's own keys. They are fixed, as a shell's line editing
// keys are: enter and esc close the line, tab completes, up and down
// recall, ctrl+n and ctrl+p move the table a row.
var (
	filterKeep     = key.NewBinding(key.WithKeys("enter"))
	filterCancel   = key.NewBinding(key.WithKeys("esc"))
	filterComplete = key.NewBinding(key.WithKeys("tab"))
	filterBackTab  = key.NewBinding(key.WithKeys("shift+tab"))
	filterOlder    = key.NewBinding(key.WithKeys("up"))
	filterNewer    = key.NewBinding(key.WithKeys("down"))
	filterRowDown  = key.NewBinding(key.WithKeys("ctrl+n"))
	filterRowUp    = key.NewBinding(key.WithKeys("ctrl+p"))
	filterWordBack = key.NewBinding(key.WithKeys("ctrl+w", "alt+backspace", "ctrl+backspace"))
)

// filterKey handles a key press while the filter line has the focus: it
// takes every printable key and the line editing keys; enter keeps the
// filter (and remembers it), esc cancels the edit (restoring the filter
// of before; on an unchanged filter it clears it); tab completes, up and
// down recall earlier filters; the page keys and ctrl+n / ctrl+p move the
// table.
func (m *Model) filterKey(k tea.KeyPressMsg) tea.Cmd {
	fb := m.filterInput
	ti := &fb.Model
	km := m.keys
	tab := false
	defer func() {
		if !tab {
			fb.comp = nil
		}
	}()
	switch {
	case key.Matches(k, filterKeep):
		var cmd tea.Cmd
		if fb.owned {
			fb.rememberOwned(fb.Value())
		} else {
			cmd = m.rememberFilter(fb.Value())
		}
		return tea.Batch(cmd, m.setFocus(m.baseFocus()))
	case key.Matches(k, filterCancel):
		q := fb.before
		if fb.Value() == fb.before {
			q = ""
		}
		fb.SetValue(q)
		m.setFilter(q)
		return m.setFocus(m.baseFocus())
	case key.Matches(k, filterComplete, filterBackTab):
		tab = true
		if !fb.owned { // the owned view's filter has no values to offer
			m.complete(key.Matches(k, filterBackTab))
		}
		return nil
	case key.Matches(k, filterOlder):
		m.recall(-1)
		return nil
	case key.Matches(k, filterNewer):
		m.recall(+1)
		return nil
	case key.Matches(k, filterRowDown, filterRowUp):
		delta := 1
		if key.Matches(k, filterRowUp) {
			delta = -1
		}
		if fb.owned {
			m.ownedPane.moveBy(delta)
			return nil
		}
		m.table.moveBy(delta)
		m.syncDetail()
		return nil
	case key.Matches(k, filterWordBack):
		m.deleteTermBack()
		return nil
	case editKey(ti, k):
		// A line editing key (ctrl+u, ctrl+k, ctrl+a...) is the line's,
		// even when the table's movement keys share it.
	case pickerKey(k, km.PageUp), pickerKey(k, km.PageDown), pickerKey(k, km.HalfUp), pickerKey(k, km.HalfDown),
		pickerKey(k, km.Up), pickerKey(k, km.Down):
		if fb.owned {
			m.ownedPane.Move(k)
			return nil
		}
		return m.tableUpdate(k)
	}
	var cmd tea.Cmd
	*ti, cmd = ti.Update(k)
	m.setFilter(ti.Value())
	return cmd
}

// editKey reports whether k is one of the text input's editing keys.
func editKey(ti *textinput.Model, k tea.KeyPressMsg) bool {
	km := ti.KeyMap
	return key.Matches(k, km.CharacterForward, km.CharacterBackward, km.WordForward, km.WordBackward,
		km.DeleteWordBackward, km.DeleteWordForward, km.DeleteAfterCursor, km.DeleteBeforeCursor,
		km.DeleteCharacterBackward, km.DeleteCharacterForward, km.LineStart, km.LineEnd, km.Paste)
}

// filterPaste types pasted text into the filter.
func (m *Model) filterPaste(p tea.PasteMsg) tea.Cmd {
	p.Content = sanitizeInput(p.Content)
	m.filterInput.comp = nil
	var cmd tea.Cmd
	m.filterInput.Model, cmd = m.filterInput.Update(p)
	m.setFilter(m.filterInput.Value())
	return cmd
}

// setFilter re-runs the filter when the query changed: live as the user
// types (Set.View narrows incrementally, so a keystroke is cheap).
func (m *Model) setFilter(q string) {
	if m.view == viewOwned {
		m.setOwnedFilter(q)
		return
	}
	if q == m.filter.Query() {
		return
	}
	m.filter = results.ParseFilter(q)
	m.refreshView()
}

// summarizeFilter renders the status line's filter segment for the
// current filter and view.
func (m *Model) summarizeFilter() {
	var readings []results.Reading
	if m.res.set != nil {
		readings = m.res.set.Readings(m.filter)
	}
	m.filterNote, m.filterShort = filterSummary(m.st, m.filter, readings)
}

// setQuery replaces the line's text, with the cursor at its end, and
// filters by it.
func (m *Model) setQuery(q string) {
	m.filterInput.SetValue(q)
	m.filterInput.CursorEnd()
	m.setFilter(m.filterInput.Value())
}

// deleteTermBack deletes the term before the cursor (ctrl+w), a quoted
// value with its spaces as one term, and the spaces after it.
func (m *Model) deleteTermBack() {
	ti := &m.filterInput.Model
	v := []rune(ti.Value())
	pos := ti.Position()
	start := pos
	for start > 0 && isSpaceRune(v[start-1]) {
		start--
	}
	prefix := string(v[:start])
	for _, w := range results.ParseFilter(prefix).Words() {
		if w.End == len(prefix) {
			start = len([]rune(prefix[:w.Start]))
		}
	}
	ti.SetValue(string(v[:start]) + string(v[pos:]))
	ti.SetCursor(start)
	m.setFilter(ti.Value())
}

func isSpaceRune(r rune) bool { return r == ' ' || r == '\t' || r == '\u00a0' }

// complete handles tab (back: shift+tab) on the term under the cursor: a
// single candidate replaces it; several are listed in the hint, the first
// tab puts their common start in place when that is longer than what was
// typed, and each further tab puts the next candidate in place.
func (m *Model) complete(back bool) {
	fb := m.filterInput
	if c := fb.comp; c != nil {
		if len(c.items) == 0 {
			return
		}
		switch {
		case back && c.pos <= 0:
			c.pos = len(c.items) - 1
		case back:
			c.pos--
		default:
			c.pos = (c.pos + 1) % len(c.items)
		}
		m.putCompletion(c, c.items[c.pos].Text, false)
		return
	}
	v := []rune(fb.Value())
	start, end := termAt(v, fb.Position())
	word := string(v[start:end])
	items := results.Complete(word, m.res.set)
	c := &completionMenu{items: items, pos: -1, start: start, end: end}
	fb.comp = c
	switch {
	case len(items) == 1:
		m.putCompletion(c, items[0].Text, true)
		fb.comp = nil
	case len(items) > 1:
		if common := commonPrefix(items); len([]rune(common)) > len([]rune(word)) {
			m.putCompletion(c, common, false)
		} else if back {
			c.pos = len(items) - 1
			m.putCompletion(c, items[c.pos].Text, false)
		} else {
			c.pos = 0
			m.putCompletion(c, items[0].Text, false)
		}
	}
}

// putCompletion puts text in place of the menu's term; done adds a space
// after a complete term (not after a key's colon).
func (m *Model) putCompletion(c *completionMenu, text string, done bool) {
	ti := &m.filterInput.Model
	v := []rune(ti.Value())
	if done && !strings.HasSuffix(text, ":") && !strings.HasSuffix(text, "<") && (c.end == len(v) || !isSpaceRune(v[c.end])) {
		text += " "
	}
	nv := string(v[:c.start]) + text + string(v[c.end:])
	if len([]rune(nv)) > filterMaxRunes {
		return
	}
	c.end = c.start + len([]rune(text))
	ti.SetValue(nv)
	ti.SetCursor(c.end)
	m.setFilter(ti.Value())
}

// termAt is the rune range of the term the cursor is in or just after
// (start = end = pos when it is on white space).
func termAt(v []rune, pos int) (start, end int) {
	s := string(v)
	prefix := len(string(v[:pos]))
	for _, w := range results.ParseFilter(s).Words() {
		if w.Start <= prefix && prefix <= w.End {
			return len([]rune(s[:w.Start])), pos
		}
	}
	return pos, pos
}

// commonPrefix is the longest start every candidate shares (compared
// without case), as the first one spells it.
func commonPrefix(items []results.Completion) string {
	p := []rune(items[0].Text)
	for _, it := range items[1:] {
		r := []rune(it.Text)
		n := 0
		for n < len(p) && n < len(r) && strings.EqualFold(string(p[n]), string(r[n])) {
			n++
		}
		p = p[:n]
	}
	return string(p)
}

// recall shows an older (dir -1) or newer (+1) filter of the history,
// skipping entries equal to the line; past the newest it shows what was
// being typed.
func (m *Model) recall(dir int) {
	fb := m.filterInput
	history := fb.entries()
	if len(history) == 0 {
		return
	}
	if fb.hist == len(history) {
		fb.draft = fb.Value()
	}
	cur := fb.Value()
	for i := fb.hist + dir; i >= 0 && i <= len(history); i += dir {
		q := fb.draft
		if i < len(history) {
			q = history[i]
		}
		if q != cur || i == len(history) {
			fb.hist = i
			m.setQuery(q)
			return
		}
	}
}

// filterWord is one word of the query as the status line shows it.
type filterWord struct {
	text    string
	invalid bool
	reading string // how a word of letters found its rows, or ""
	brief   string // the same in a word or two, for a narrow line
}

// filterWords lists the query's words, marks the ones the filter ignored
// as invalid, and says when a word that can be read two ways found rows
// by its keypad digits (readings: per word, from Set.Readings, or nil).
func filterWords(words []results.Word, readings []results.Reading) []filterWord {
	var out []filterWord
	for i, w := range words {
		fw := filterWord{text: api.Printable(w.Text), invalid: !w.Valid()}
		if i < len(readings) {
			// A place name is what letters usually mean: say so only when
			// the keypad digits found rows too.
			switch readings[i] {
			case results.ReadKeypad:
				fw.reading, fw.brief = "as keypad "+w.Keypad(), "keypad"
			case results.ReadRegion | results.ReadKeypad:
				fw.reading, fw.brief = "as a place and as keypad "+w.Keypad(), "place, keypad"
			}
		}
		out = append(out, fw)
	}
	return out
}

// filterSummary is the status line's filter segment: `filter: sms <abc`
// with invalid words in the error style, a word of letters followed by
// how it found its rows (`FLOWERS (as keypad 3569377)`), then the first
// problem (`(invalid "<abc": not a number after <)`); short says the
// readings in a word (`FLOWERS (keypad)`: at 80 columns the rows found
// by keypad digits must still say so) and ends in `(1 invalid)` instead.
// Both are "" without a query.
func filterSummary(st *Styles, f results.Filter, readings []results.Reading) (full, short string) {
	return wordsSummary(st, f.Words(), f.Invalid(), readings)
}

// wordsSummary is filterSummary for any filter's words and invalid terms
// (the owned view's too).
func wordsSummary(st *Styles, ws []results.Word, inv []string, readings []results.Reading) (full, short string) {
	words := filterWords(ws, readings)
	if len(words) == 0 {
		return "", ""
	}
	var b, s strings.Builder
	b.WriteString(st.Faint.Render("filter:"))
	s.WriteString(st.Faint.Render("filter:"))
	for _, w := range words {
		b.WriteByte(' ')
		s.WriteByte(' ')
		style := st.Prompt
		if w.invalid {
			style = st.Error
		}
		b.WriteString(style.Render(w.text))
		s.WriteString(style.Render(w.text))
		if w.reading != "" {
			b.WriteString(" " + st.Faint.Render("("+w.reading+")"))
			s.WriteString(" " + st.Faint.Render("("+w.brief+")"))
		}
	}
	if len(inv) == 0 {
		if len(b.String()) == len(s.String()) {
			return b.String(), ""
		}
		return b.String(), s.String()
	}
	short = s.String() + " " + st.Error.Render("("+strconv.Itoa(len(inv))+" invalid)")
	b.WriteString(" " + st.Error.Render("("+filterProblem(inv)+")"))
	return b.String(), short
}

// filterProblem is the first invalid term's problem, and how many more
// there are: `invalid "<abc": not a number after < (+1 more)`.
func filterProblem(inv []string) string {
	msg := "invalid " + api.Printable(inv[0])
	if len(inv) > 1 {
		msg += " (+" + strconv.Itoa(len(inv)-1) + " more)"
	}
	return msg
}
