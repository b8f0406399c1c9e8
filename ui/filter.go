package ui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// filterMaxRunes bounds the filter query.
const filterMaxRunes = 200

// filterPlaceholder teaches the results' filter.
const filterPlaceholder = "555  ^415  00$  FLOWERS  chicago  sms  <2  !fax"

// filterBox is the filter's text input, as a component: it takes every
// printable key while it has the focus and draws itself on the help line.
// What its keys mean beyond typing (enter and esc close it, the movement
// keys move the table, every change narrows the rows) is the root's
// (filterKey, filterPaste).
type filterBox struct{ textinput.Model }

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
func (f *filterBox) onBlur()                          { f.Blur() }
func (f *filterBox) modal() bool                      { return true }
func (f *filterBox) footer(root *Model, w int) string { return root.filterLine(w) }

// newFilterInput builds the filter's text input: a static cursor (no blink
// ticks, so nothing repaints while the user thinks) and a placeholder that
// teaches the syntax.
func newFilterInput(st *Styles) filterBox {
	ti := textinput.New()
	ti.Placeholder = filterPlaceholder
	ti.CharLimit = filterMaxRunes
	// tab accepts suggestions and up/down cycle them: we use none, and
	// want those keys for the table.
	ti.KeyMap.AcceptSuggestion.SetEnabled(false)
	ti.KeyMap.NextSuggestion.SetEnabled(false)
	ti.KeyMap.PrevSuggestion.SetEnabled(false)
	// ctrl+v would read the clipboard of the machine numbrowse runs on
	// (under serve, the server's) and type it unsanitised; the terminal's
	// own paste arrives as a tea.PasteMsg, which filterPaste cleans.
	ti.KeyMap.Paste.SetEnabled(false)
	styleFilterInput(&ti, st)
	return filterBox{ti}
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

// filterKey handles a key press while the filter input has the focus: it
// takes every printable key; enter keeps the filter, esc clears it (both
// return to the table); the non-printable movement keys move the table.
func (m *Model) filterKey(k tea.KeyPressMsg) tea.Cmd {
	km := m.keys
	switch {
	case k.String() == "enter":
		return m.setFocus(m.baseFocus())
	case k.String() == "esc":
		m.filterInput.Reset()
		m.setFilter("")
		return m.setFocus(m.baseFocus())
	case pickerKey(k, km.Up), pickerKey(k, km.Down), pickerKey(k, km.PageUp), pickerKey(k, km.PageDown),
		pickerKey(k, km.HalfUp), pickerKey(k, km.HalfDown):
		if m.view == viewOwned {
			m.ownedPane.Move(k)
			return nil
		}
		return m.tableUpdate(k)
	}
	var cmd tea.Cmd
	m.filterInput.Model, cmd = m.filterInput.Update(k)
	m.setFilter(m.filterInput.Value())
	return cmd
}

// filterPaste types pasted text into the filter.
func (m *Model) filterPaste(p tea.PasteMsg) tea.Cmd {
	p.Content = sanitizeInput(p.Content)
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
	m.filterNote, m.filterShort = filterSummary(m.st, m.filter)
	m.refreshView()
}

// filterWord is one word of the query as the status line shows it.
type filterWord struct {
	text    string
	invalid bool
}

// filterWords splits the query into words and marks the ones the filter
// ignored (described by invalid, in query order) as invalid.
func filterWords(query string, invalid []string) []filterWord {
	var out []filterWord
	for _, w := range strings.Fields(query) {
		fw := filterWord{text: api.Printable(w)}
		// Invalid() describes each ignored term, in query order, as
		// `"<word>": problem`.
		if len(invalid) > 0 && strings.HasPrefix(invalid[0], strconv.Quote(w)+":") {
			fw.invalid = true
			invalid = invalid[1:]
		}
		out = append(out, fw)
	}
	return out
}

// filterSummary is the status line's filter segment: `filter: sms <abc`
// with invalid words in the error style, followed by the first problem
// (`(invalid "<abc": not a number after <)`); short ends in `(1 invalid)`
// instead. Both are "" without a query.
func filterSummary(st *Styles, f results.Filter) (full, short string) {
	return querySummary(st, f.Query(), f.Invalid())
}

// querySummary is filterSummary for any filter's query and invalid terms.
func querySummary(st *Styles, query string, inv []string) (full, short string) {
	words := filterWords(query, inv)
	if len(words) == 0 {
		return "", ""
	}
	var b strings.Builder
	b.WriteString(st.Faint.Render("filter:"))
	for _, w := range words {
		b.WriteByte(' ')
		if w.invalid {
			b.WriteString(st.Error.Render(w.text))
		} else {
			b.WriteString(st.Prompt.Render(w.text))
		}
	}
	if len(inv) == 0 {
		return b.String(), ""
	}
	short = b.String() + " " + st.Error.Render("("+strconv.Itoa(len(inv))+" invalid)")
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

// filterLine is the bottom line while the filter is edited: the input, and
// at the right the first invalid term's problem when there is room.
func (m *Model) filterLine(w int) string {
	line := m.filterInput.View()
	inv := m.filter.Invalid()
	if m.view == viewOwned {
		inv = m.owned.filter.Invalid()
	}
	if len(inv) == 0 {
		return line
	}
	problem := m.st.Error.Render(filterProblem(inv))
	pw := lipgloss.Width(problem)
	used := lipgloss.Width(m.filterInput.Prompt) + lipgloss.Width(m.filterInput.Value()) + 2
	if used+pw > w {
		return line
	}
	return fitCells(line, w-pw-1) + " " + problem
}
