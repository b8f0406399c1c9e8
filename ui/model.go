package ui

import (
	"context"
	"math/rand/v2"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// Model is the root of the browser: it owns the layout, focus, the key
// routing, the searches, the status line and the help, and composes the
// panes. It is a tea.Model; create it with New.
type Model struct {
	cfg  settings
	svc  searchService // nil: cannot search (see cfg.Setup)
	keys *KeyMap       // shared with the panes; the root enables bindings
	st   *Styles       // shared with the panes; replaced on restyle

	// firstSearch is the first search's command, started by New and run
	// by Init, so the kept results of the last run are read while the
	// program sets the terminal up (see Init).
	firstSearch tea.Cmd

	isDark  bool
	profile colorprofile.Profile

	width, height int
	lay           layout

	// countries and typ are the current choice (what is searched next);
	// res.countries and res.typ are what the table shows.
	countries api.CountryList
	typ       api.TypeChoice

	res         resultState
	filter      results.Filter
	sort        results.Sort
	filterNote  string // rendered filter segment of the status line
	filterShort string // the same, with a count of invalid terms only
	marked      int    // marked rows in the view (the table owns the marks)

	search searchState
	retry  *retryState
	issue  *problem // the last search's failure, until one succeeds
	note   note     // transient status message

	focus      focus      // who has the focus: the key of parts
	parts      components // the focusable panes and dialogs
	focusModal bool       // it is modal (a dialog or input: see View)
	showDetail bool
	// quitArmed: ctrl+c was pressed once while a purchase was in flight.
	quitArmed bool
	// exportPart: the export open (or last written) is of a preview's
	// rows, the first part of an answer; its note says so.
	exportPart bool

	table       resultsTable
	detail      detailPane
	countryPick countryPicker
	typePick    typePicker
	export      exportDialog
	buy         buyDialog
	fullHelp    helpOverlay
	copyMenu    copyMenu
	searchPick  searchPicker
	spin        spinner.Model
	// The largest parts (text inputs and the help's styles, 20 KB of the
	// Model's 30) are kept by pointer: Bubble Tea copies the Model to the
	// heap at every Update, which every session of numbrowse serve pays
	// for each message and key. Only the latest Model is ever used.
	saveDialog  *saveDialog
	filterInput *filterBox
	help        *help.Model

	recent     *recentStore
	recentList []string
	history    *historyStore // the filters kept with enter

	// found is what the searches of this session found, by country code:
	// the country picker shows it. Copy on write.
	found map[string]countryFound
	// kept are the marks of the searches the user switched away from, by
	// searchKey, restored when they come back. Copy on write; keptOrder
	// bounds it (oldest first).
	kept      map[string][]string
	keptOrder []string

	// saved are the saved searches (p lists them); savedName is the name
	// of the one the results come from, if any (ctrl+s offers it).
	saved     []SavedSearch
	savedName string
	// recentSearches are the searches left recently, newest first, with
	// the filter and sort they had.
	recentSearches []SavedSearch

	// view is what the body shows: the search results or the account's
	// numbers (owned.go); owner lists them (nil: the o key says why not).
	view      viewMode
	owner     ownedService
	owned     ownedState
	ownedPane ownedPane

	// watch is the running watch of a search (watch.go), or nil.
	watch *watchState
	// jitter spreads the watch's searches (in [0, 1)); tests fix it.
	jitter func() float64

	// rented holds the numbers bought in this session, by E.164 form: the
	// table marks them and they cannot be bought again. Copy on write:
	// copies of the model (and the table) may still read an older map.
	rented map[string]api.OwnedNumber

	ageGen int // generation of the "fetched N min ago" ticker
	noteID int // generation of the transient message timer

	chrome chromeCache // header and help line, rendered on change

	// after is tickUntil(the session's context); tests replace it to
	// fire timers by hand.
	after func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
}

// New returns the browser for o. It does no I/O: Init starts the first
// search and loads the recent countries. The first New of the process
// starts the warm-up (see warm).
func New(o Options) Model {
	warm()
	cfg := normalize(o)
	keys := o.Keys // a copy: the root enables and disables bindings
	m := Model{
		cfg:       cfg,
		keys:      &keys,
		isDark:    cfg.Theme != ThemeLight, // dark until the terminal answers
		profile:   colorprofile.TrueColor,
		countries: cfg.Countries,
		typ:       cfg.Type,
		recent:    newRecentStore(cfg.StateDir),
		history:   newHistoryStore(cfg.StateDir),
		sort:      results.Sort{Col: results.Monthly},
		saved:     cfg.Searches,
		savedName: cfg.SearchName,
		after:     tickUntil(cfg.Context),
		parts:     newComponents(),
		jitter:    rand.Float64,
	}
	if cfg.NoColor {
		m.profile = colorprofile.Ascii
	}
	if cfg.Sort != nil {
		m.sort = *cfg.Sort
	}
	if cfg.Inventory != nil {
		m.svc = cfg.Inventory
		if cfg.Owned {
			m.owner = cfg.Inventory
		}
	}
	if cfg.ASCII {
		asciiHelp(m.keys)
	}
	st := NewStyles(m.isDark, m.profile, cfg.ASCII)
	m.st = &st
	m.table = newResultsTable(m.st, m.keys)
	m.table.SetSort(m.sort)
	m.detail = newDetailPane(m.st, m.keys)
	m.ownedPane = newOwnedPane(m.st, m.keys)
	m.countryPick = newCountryPicker(m.st, m.keys)
	m.typePick = newTypePicker(m.st, m.keys)
	m.export = newExportDialog(m.st, m.keys)
	m.buy = newBuyDialog(m.st, m.keys, cfg.Context, cfg.Purchaser)
	m.fullHelp = newHelpOverlay(m.st, m.keys, cfg.BuyingOff != "", cfg.Demo)
	m.copyMenu = newCopyMenu(m.st, m.keys)
	m.searchPick = newSearchPicker(m.st, m.keys)
	saveDialog, filterInput, hm := newSaveDialog(m.st), newFilterInput(m.st), help.New()
	m.saveDialog, m.filterInput, m.help = &saveDialog, &filterInput, &hm
	m.spin = newSpinner(m.st)
	m.applyStyles()
	if q := strings.TrimSpace(cfg.Filter); q != "" {
		m.filter = results.ParseFilter(q)
		m.summarizeFilter()
	}
	if cfg.warning != "" {
		m.note = note{text: cfg.warning, kind: noteWarning}
	}
	m.syncKeys()
	if m.svc != nil {
		m.search.early = true
		m.firstSearch = m.startSearch(false, false)
	}
	return m
}

// followsTerminal reports whether the styles follow the terminal's
// background rather than a theme the user fixed.
func (m Model) followsTerminal() bool {
	return m.cfg.Theme != ThemeDark && m.cfg.Theme != ThemeLight
}

// Init asks the terminal for its background colour, loads the recent
// countries and the filter history and starts the first search.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{safe(recentLoadCmd(m.recent)), safe(historyLoadCmd(m.history))}
	if m.followsTerminal() {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	// Init cannot change the model, so New started the first search and
	// Init runs its command: its kept results (from the last run) are read
	// while Bubble Tea sets the terminal up and reach the first full frame,
	// instead of after the terminal's first messages and the first frame
	// (a message asking Update to start it came 25–40 ms after Init).
	if m.firstSearch != nil {
		cmds = append(cmds, m.firstSearch)
	}
	if m.owner != nil {
		// The account's numbers, for marking them among the results.
		cmds = append(cmds, func() tea.Msg { return startOwnedMsg{} })
	}
	return tea.Batch(cmds...)
}

// startSearchMsg asks Update to start a search for the current choice.
type startSearchMsg struct{ fresh bool }

// startOwnedMsg asks Update to list the account's numbers quietly, for
// the marks.
type startOwnedMsg struct{}

// now is the session's clock.
func (m *Model) now() time.Time { return m.cfg.Now() }

// restyle rebuilds the styles for the terminal's background and colour
// profile and hands them to every pane.
func (m *Model) restyle() {
	st := NewStyles(m.isDark, m.profile, m.cfg.ASCII)
	m.st = &st
	m.applyStyles()
}

// applyStyles gives every pane the current styles.
func (m *Model) applyStyles() {
	m.table.SetStyles(m.st)
	m.detail.SetStyles(m.st)
	m.ownedPane.SetStyles(m.st)
	m.countryPick.SetStyles(m.st)
	m.typePick.SetStyles(m.st)
	m.export.SetStyles(m.st)
	m.buy.SetStyles(m.st)
	m.fullHelp.SetStyles(m.st)
	m.copyMenu.SetStyles(m.st)
	m.searchPick.SetStyles(m.st)
	m.saveDialog.SetStyles(m.st)
	styleFilterInput(&m.filterInput.Model, m.st)
	m.spin.Style = m.st.Spinner
	m.help.Styles = helpStyles(m.st)
	m.help.Ellipsis = m.st.Glyphs.Ellipsis
	m.help.ShortSeparator = " " + m.st.Glyphs.Dot + " "
	m.summarizeFilter()
	m.owned.fNote, m.owned.fShort = ownedFilterSummary(m.st, m.owned.filter)
	m.chrome = chromeCache{}
}

// tickUntil is tea.Tick whose command also ends, with no message, when
// ctx ends: the "fetched N min ago" timer waits up to an hour, and the
// goroutine of a closed SSH session must not.
func tickUntil(ctx context.Context) func(time.Duration, func(time.Time) tea.Msg) tea.Cmd {
	return func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case now := <-t.C:
				return fn(now)
			case <-ctx.Done():
				return nil
			}
		}
	}
}
