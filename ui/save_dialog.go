package ui

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
)

// saveNameMax bounds a saved search's name, in runes.
const saveNameMax = 40

// saveAskedMsg asks the root to save search under its name; replace says
// the user confirmed replacing a saved search of that name.
type saveAskedMsg struct {
	search  SavedSearch
	replace bool
}

// searchSavedMsg carries the end of a save: the saved searches afterwards
// and where they were written, or why it failed.
type searchSavedMsg struct {
	name  string
	saved []SavedSearch
	where string
	err   error
}

// The save dialog's preferred outer size.
const (
	saveDialogMaxW = 72
	saveDialogMaxH = 2 + 6
)

// saveDialog is the ctrl+s dialog: what will be saved, a name for it
// (the saved search the results came from, if any), and enter to save.
// A name that is taken asks once more before it is replaced. While the
// file is written it waits; a failure stays in the dialog to fix.
type saveDialog struct {
	st    *Styles
	input textinput.Model

	search   SavedSearch
	taken    []string // the names saved already
	confirm  string   // the taken name enter will replace
	problem  string
	busy     bool
	sessionO bool // searches are kept for the session only (serve)

	width, height int
}

func newSaveDialog(st *Styles) saveDialog {
	in := textinput.New()
	in.CharLimit = saveNameMax
	in.Placeholder = "a name, such as eu-sms"
	d := saveDialog{st: st, input: in}
	d.SetStyles(st)
	return d
}

// Open prepares the dialog for search, whose Name is offered.
func (d saveDialog) Open(search SavedSearch, taken []string, sessionOnly bool) saveDialog {
	d.search, d.taken, d.sessionO = search, taken, sessionOnly
	d.confirm, d.problem, d.busy = "", "", false
	d.input.SetValue(search.Name)
	d.input.CursorEnd()
	return d
}

// SetSize sets the area the dialog may use.
func (d *saveDialog) SetSize(w, h int) {
	d.width, d.height = max(w, 0), max(h, 0)
	innerW, _ := pickerBox(d.st, d.width, d.height, saveDialogMaxW, saveDialogMaxH)
	d.input.SetWidth(max(innerW-len("Name ")-2, 1))
}

// SetStyles switches to new styles.
func (d *saveDialog) SetStyles(st *Styles) {
	d.st = st
	d.input.Prompt = ""
	s := textinput.DefaultStyles(st.IsDark)
	s.Focused.Text = st.Input
	s.Focused.Placeholder = st.Faint
	s.Blurred.Placeholder = st.Faint
	s.Cursor.Blink = false
	d.input.SetStyles(s)
}

// Update handles keys and paste.
func (d saveDialog) Update(msg tea.Msg) (saveDialog, tea.Cmd) {
	if d.busy {
		return d, nil // the file is being written
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch msg.String() {
		case "enter":
			return d.submit()
		case "esc":
			return d, closeCmd()
		}
		before := d.input.Value()
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		if d.input.Value() != before {
			d.confirm, d.problem = "", ""
		}
		return d, cmd
	case tea.PasteMsg:
		msg.Content = sanitizeInput(msg.Content)
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		d.confirm, d.problem = "", ""
		return d, cmd
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	return d, cmd
}

// submit checks the name, asks before replacing a saved search, and asks
// the root to save.
func (d saveDialog) submit() (saveDialog, tea.Cmd) {
	name, problem := checkSearchName(d.input.Value())
	if problem != "" {
		d.problem = problem
		return d, nil
	}
	replace := slices.Contains(d.taken, name)
	if replace && d.confirm != name {
		d.confirm = name
		return d, nil
	}
	d.busy, d.problem = true, ""
	s := d.search
	s.Name = name
	return d, func() tea.Msg { return saveAskedMsg{search: s, replace: replace} }
}

// checkSearchName trims a name and says what is wrong with it, if
// anything.
func checkSearchName(s string) (string, string) {
	name := strings.TrimSpace(s)
	switch {
	case name == "":
		return "", "Give the search a name"
	case len([]rune(name)) > saveNameMax:
		return "", fmt.Sprintf("A name has at most %d characters", saveNameMax)
	case strings.ContainsFunc(name, func(r rune) bool { return unicode.IsControl(r) || r == '\uFFFD' }):
		return "", "A name cannot hold control characters"
	}
	return name, ""
}

// failed shows why the save failed and lets the user try again.
func (d *saveDialog) failed(why string) { d.busy, d.problem, d.confirm = false, why, "" }

// The save dialog as a component: a dialog that takes every key (the
// name is typed in it).

func (d *saveDialog) update(root *Model, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*d, cmd = d.Update(msg)
	return root.pickerDone(cmd)
}

func (d *saveDialog) overlay() string  { return d.View() }
func (d *saveDialog) onFocus() tea.Cmd { return d.input.Focus() }
func (d *saveDialog) onBlur()          { d.input.Blur() }
func (d *saveDialog) modal() bool      { return true }

// View draws the dialog: the title, what is saved, the name, a line about
// a problem or a replacement, a hint.
func (d saveDialog) View() string {
	if d.st == nil {
		return ""
	}
	st := d.st
	innerW, innerH := pickerBox(st, d.width, d.height, saveDialogMaxW, saveDialogMaxH)
	if innerW < 10 || innerH < 2 {
		return ""
	}
	where := "to the config file"
	if d.sessionO {
		where = "for this session"
	}
	lines := []string{
		pickerSplit(st.DialogTitle.Render("Save search"), st.Faint.Render(where), innerW),
		st.Subtle.Render(pickerEllipsize(st, d.search.Describe(st.Glyphs.Dot), innerW)),
		st.Prompt.Render("Name ") + d.input.View(),
	}
	var note string
	switch {
	case d.busy:
		note = st.Faint.Render("Saving" + st.Glyphs.Ellipsis)
	case d.problem != "":
		note = st.Error.Render(pickerEllipsize(st, api.Printable(d.problem), innerW))
	case d.confirm != "":
		note = st.Warning.Render(pickerEllipsize(st, fmt.Sprintf("%q is saved already: enter again replaces it", d.confirm), innerW))
	}
	lines = append(lines, note, "", pickerHint(st, innerW, "enter", "save", "esc", "cancel"))
	if len(lines) > innerH {
		lines = append(lines[:innerH-1], lines[len(lines)-1])
	}
	return pickerFrame(st, lines, innerW)
}

// openSave opens the save dialog for the search on screen.
func (m *Model) openSave() tea.Cmd {
	names := make([]string, len(m.saved))
	for i, s := range m.saved {
		names[i] = s.Name
	}
	*m.saveDialog = m.saveDialog.Open(m.current(), names, m.cfg.SaveSearch == nil)
	m.sizeDialogs()
	return m.setFocus(focusSave)
}

// saveSearch saves a search: through Options.SaveSearch on a command's
// goroutine (it writes the config file), or for this session only.
func (m *Model) saveSearch(s SavedSearch, replace bool) tea.Cmd {
	if m.cfg.SaveSearch == nil {
		m.saved = upsertSearch(m.saved, s)
		return m.searchSaved(searchSavedMsg{name: s.Name, saved: m.saved})
	}
	save := m.cfg.SaveSearch
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = searchSavedMsg{name: s.Name, err: &panicError{value: r}}
			}
		}()
		saved, where, err := save(s)
		return searchSavedMsg{name: s.Name, saved: saved, where: where, err: err}
	}
}

// upsertSearch is list with s in place of the search of the same name, or
// added.
func upsertSearch(list []SavedSearch, s SavedSearch) []SavedSearch {
	out := slices.Clone(list)
	if i := slices.IndexFunc(out, func(x SavedSearch) bool { return x.Name == s.Name }); i >= 0 {
		out[i] = s
		return out
	}
	return append(out, s)
}

// searchSaved closes the dialog and says where the search went, or keeps
// it open with the reason it was not saved.
func (m *Model) searchSaved(msg searchSavedMsg) tea.Cmd {
	if msg.err != nil {
		why := "Not saved: " + shortErr(msg.err)
		if m.focus == focusSave {
			m.saveDialog.failed(why)
			return nil
		}
		return m.setNote(why, noteError)
	}
	m.saved = msg.saved
	m.savedName = msg.name
	if m.focus == focusSave {
		m.setFocus(focusTable)
	}
	where := " for this session (the server's config file is not changed)"
	if msg.where != "" {
		where = " to " + api.Printable(msg.where)
	}
	return m.setNote(fmt.Sprintf("Saved %q%s — p lists it", api.Printable(msg.name), where), noteSuccess)
}
