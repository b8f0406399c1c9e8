package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
)

// The owned view: o switches the body from the search results to the
// numbers the account owns (GET /virtual_numbers, every page, through the
// inventory's cache), with their own sort, filter, detail pane, copy and
// export; o again (or esc) goes back. r lists them again. A number bought
// in the session joins the list at once, and search results the account
// owns are marked in the results table like the numbers bought here.

// viewMode is what the body shows.
type viewMode int

const (
	viewSearch viewMode = iota // the search results (the default)
	viewOwned                  // the account's numbers
)

// ownedService is what the owned view needs from *inventory.Service.
type ownedService interface {
	Owned(ctx context.Context, req inventory.OwnedRequest) (*api.OwnedList, error)
	AddOwned(o api.OwnedNumber)
}

// ownedState is the owned view's data: the list, its filtered and sorted
// view, and the listing in flight.
type ownedState struct {
	list      *api.OwnedList      // the last listing, nil before the first
	numbers   []api.OwnedNumber   // what the view indexes: the list and the numbers bought since; read-only
	view      []int               // indices into numbers
	digits    map[string]struct{} // every owned number's digits, for the results' marks
	filter    results.OwnedFilter
	sort      results.OwnedSort
	fNote     string // the status line's filter segment
	fShort    string
	loading   bool
	seq       int
	cancel    context.CancelFunc
	issue     *problem // the last listing's failure, until one succeeds
	fetchedAt time.Time
	ageGen    int
	// retryAt is when a rate-limited listing lists again by itself (zero:
	// no retry pending); auto counts those retries in a row.
	retryAt time.Time
	auto    int
}

// ownedRetryMsg is one second of the countdown to listing again after a
// rate limit, for listing seq.
type ownedRetryMsg struct{ seq int }

// ownedLoadedMsg is a finished listing.
type ownedLoadedMsg struct {
	seq   int
	list  *api.OwnedList
	err   error
	quiet bool // the listing at start-up, for the marks: failures are not shown
}

// ownedAgeMsg repaints the owned list's age.
type ownedAgeMsg struct{ gen int }

// ownedProblem says why the owned view is not available, or "".
func (m *Model) ownedProblem() string {
	switch {
	case m.owner != nil:
		return ""
	case m.cfg.Setup != "":
		return "Listing your numbers needs an API key — " + api.Printable(m.cfg.Setup)
	}
	return "Listing the account's numbers is off on this server — its operator can allow it with serve --allow-owned"
}

// startOwned starts a listing of the account's numbers, fresh or from the
// cache; quiet hides its failure (the listing for the marks at start).
func (m *Model) startOwned(fresh, quiet bool) tea.Cmd {
	if m.owner == nil {
		return nil
	}
	if m.owned.cancel != nil {
		m.owned.cancel()
	}
	m.owned.retryAt = time.Time{}
	ctx, cancel := context.WithCancel(m.cfg.Context)
	m.owned.seq++
	m.owned.cancel = cancel
	m.owned.loading = !quiet
	seq, svc := m.owned.seq, m.owner
	run := func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = ownedLoadedMsg{seq: seq, err: &panicError{value: r}, quiet: quiet}
			}
		}()
		l, err := svc.Owned(ctx, inventory.OwnedRequest{Fresh: fresh})
		return ownedLoadedMsg{seq: seq, list: l, err: err, quiet: quiet}
	}
	if quiet {
		return run
	}
	return tea.Batch(run, m.spin.Tick)
}

// ownedRetryCmd waits a second of the countdown to listing again.
func (m *Model) ownedRetryCmd() tea.Cmd {
	seq := m.owned.seq
	return m.after(time.Second, func(time.Time) tea.Msg { return ownedRetryMsg{seq: seq} })
}

// ownedRetry counts down after a rate limit and lists again at zero; a
// tick of an older listing, or after r, does nothing.
func (m *Model) ownedRetry(msg ownedRetryMsg) tea.Cmd {
	o := &m.owned
	if msg.seq != o.seq || o.retryAt.IsZero() || o.loading {
		return nil
	}
	if m.now().Before(o.retryAt) {
		return m.ownedRetryCmd()
	}
	return m.startOwned(true, false)
}

// ownedRetryLeft is the countdown's whole seconds left, or 0.
func (m *Model) ownedRetryLeft() int {
	if m.owned.retryAt.IsZero() {
		return 0
	}
	return max(int((m.owned.retryAt.Sub(m.now())+time.Second-1)/time.Second), 1)
}

// ownedLoaded shows a finished listing, unless a newer one was started.
func (m *Model) ownedLoaded(msg ownedLoadedMsg) tea.Cmd {
	if msg.seq != m.owned.seq {
		return nil
	}
	m.owned.loading = false
	if m.owned.cancel != nil {
		m.owned.cancel()
		m.owned.cancel = nil
	}
	if msg.err != nil {
		if api.IsCanceled(msg.err) && m.cfg.Context.Err() != nil {
			return nil
		}
		if !msg.quiet {
			p := describe(msg.err)
			if x, ok := api.Explain(msg.err); ok && x.Transient {
				p.hint = "press r to retry"
			}
			wait := p.retryIn
			p.retryIn = 0
			m.owned.issue = &p
			if wait > 0 && m.owned.auto < maxAutoRetries {
				// A rate limit: list again by itself when it has passed,
				// as a search does, counting down in the status line.
				m.owned.auto++
				m.owned.retryAt = m.now().Add(time.Duration(wait) * time.Second)
				return m.ownedRetryCmd()
			}
		}
		return nil
	}
	m.owned.issue = nil
	m.owned.auto = 0
	m.setOwnedList(msg.list)
	if l := msg.list; l != nil && l.Incomplete != "" && !msg.quiet {
		return tea.Batch(m.ownedAgeCmd(),
			m.setNote(m.st.text("Your list may be incomplete: "+l.Incomplete), noteWarning))
	}
	return m.ownedAgeCmd()
}

// setOwnedList shows l (and keeps the numbers bought in the session that
// it does not hold yet: a listing may have started before the purchase).
func (m *Model) setOwnedList(l *api.OwnedList) {
	if l == nil {
		l = &api.OwnedList{}
	}
	nums := slices.Clone(l.Numbers)
	for _, o := range m.rented {
		if !slices.ContainsFunc(nums, func(n api.OwnedNumber) bool { return sameNumber(n, o) }) {
			nums = append(nums, o)
		}
	}
	m.owned.list, m.owned.numbers, m.owned.fetchedAt = l, nums, l.FetchedAt
	if m.owned.fetchedAt.IsZero() {
		m.owned.fetchedAt = m.now()
	}
	m.owned.digits = make(map[string]struct{}, len(nums))
	for _, o := range nums {
		m.owned.digits[digitsOf(o.PhoneNumber)] = struct{}{}
	}
	m.refreshOwnedView(false)
	m.syncOwnedMarks()
}

// digitsOf is a number's digits.
func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// refreshOwnedView filters and sorts the owned numbers again; top starts
// the view at its first row (a new sort or filter).
func (m *Model) refreshOwnedView(top bool) {
	m.owned.view = results.OwnedView(m.owned.numbers, m.owned.filter, m.owned.sort)
	m.ownedPane.SetData(m.owned.numbers, m.owned.view, m.owned.sort, top)
}

// syncOwnedMarks tells the results table which numbers are the
// account's: those bought in the session and those the last listing
// holds.
func (m *Model) syncOwnedMarks() {
	rented, owned := m.rented, m.owned.digits
	if len(rented) == 0 && len(owned) == 0 {
		m.table.SetRented(nil)
		return
	}
	m.table.SetRented(func(e164 string) bool {
		if _, ok := rented[e164]; ok {
			return true
		}
		_, ok := owned[digitsOf(e164)]
		return ok
	})
}

// ownedEntry is the account's record of e164, and whether it was bought
// in this session.
func (m *Model) ownedEntry(e164 string) (o api.OwnedNumber, found, session bool) {
	if o, ok := m.rented[e164]; ok {
		return o, true, true
	}
	if _, ok := m.owned.digits[digitsOf(e164)]; ok {
		o, _ := api.FindOwned(m.owned.numbers, e164)
		return o, true, false
	}
	return api.OwnedNumber{}, false, false
}

// ownedBought adds a number just bought to the owned list, here and in
// the inventory's cache (so every session sees it at once).
func (m *Model) ownedBought(msg purchasedMsg) {
	o := msg.Owned
	if o.PhoneNumber == "" {
		o.PhoneNumber = msg.E164
	}
	if o.CountryCode == "" {
		o.CountryCode = msg.Query.Country
	}
	if m.owner != nil {
		m.owner.AddOwned(o)
	}
	if m.owned.list != nil {
		m.setOwnedList(m.owned.list)
	} else {
		m.syncOwnedMarks()
	}
}

// toggleOwned is the o key: to the owned view (listing the numbers, from
// the cache when it is fresh) or back to the search results.
func (m *Model) toggleOwned() tea.Cmd {
	if m.view == viewOwned {
		return m.leaveOwned()
	}
	if p := m.ownedProblem(); p != "" {
		return m.setNote(m.st.text(p), noteWarning)
	}
	m.view = viewOwned
	m.chrome = chromeCache{}
	m.relayout()
	cmd := m.setFocus(focusOwned)
	if m.owned.loading {
		return cmd
	}
	return tea.Batch(cmd, m.startOwned(false, false))
}

// leaveOwned goes back to the search results.
func (m *Model) leaveOwned() tea.Cmd {
	m.view = viewSearch
	m.chrome = chromeCache{}
	m.relayout()
	return m.setFocus(focusTable)
}

// baseFocus is the focus of the view the body shows: where closing a
// dialog or the filter returns.
func (m *Model) baseFocus() focus {
	if m.view == viewOwned {
		return focusOwned
	}
	return focusTable
}

// ownedKey handles a key press while the owned view has the focus.
func (m *Model) ownedKey(k tea.KeyPressMsg) tea.Cmd {
	km := m.keys
	p := &m.ownedPane
	switch {
	case key.Matches(k, km.Quit):
		return m.quit()
	case key.Matches(k, km.Help):
		return m.setFocus(focusHelp)
	case key.Matches(k, km.Redraw):
		return tea.ClearScreen
	case key.Matches(k, km.Owned):
		return m.leaveOwned()
	case key.Matches(k, km.Watch):
		return m.toggleWatch()
	case key.Matches(k, km.Country, km.Type):
		// The pickers choose a search: show its results.
		m.leaveOwned()
		return m.tableKey(k)
	case key.Matches(k, km.Filter):
		m.filterInput.open(m.owned.filter.Query(), true)
		return m.setFocus(focusFilter)
	case key.Matches(k, km.Sort):
		m.setOwnedSort(nextOwnedSort(m.owned.sort, p.VisibleColumns()))
	case key.Matches(k, km.Reverse):
		m.setOwnedSort(m.owned.sort.Reverse())
	case key.Matches(k, km.Detail):
		m.toggleDetail()
		if !m.showDetail {
			p.SetDetailFocus(false)
		}
	case key.Matches(k, km.Focus):
		if !m.showDetail {
			m.toggleDetail()
		}
		p.SetDetailFocus(!p.DetailFocused())
	case key.Matches(k, km.Copy):
		return m.copyOwned()
	case key.Matches(k, km.Export):
		return m.openOwnedExport()
	case key.Matches(k, km.Refresh):
		return m.startOwned(true, false)
	case bound(k, km.Buy):
		return m.setNote(m.st.text("These numbers are yours already — o goes back to the search results, where b rents one"), noteInfo)
	case key.Matches(k, km.Back):
		switch {
		case p.DetailFocused():
			p.SetDetailFocus(false)
		case m.owned.filter.Query() != "":
			m.filterInput.Reset()
			m.setOwnedFilter("")
		case m.note.text != "":
			m.note = note{}
		case m.showDetail:
			m.toggleDetail()
		default:
			return m.leaveOwned()
		}
	default:
		p.Move(k)
	}
	return nil
}

// nextOwnedSort is the sort by the next column on screen.
func nextOwnedSort(so results.OwnedSort, visible []results.OwnedColumn) results.OwnedSort {
	next := so
	for range results.OwnedColumns() {
		next = next.Next()
		if slices.Contains(visible, next.Col) {
			return next
		}
	}
	return next
}

// setOwnedSort orders the owned view by so.
func (m *Model) setOwnedSort(so results.OwnedSort) {
	m.owned.sort = so
	m.refreshOwnedView(true)
}

// setOwnedFilter filters the owned view by q (live, as the user types).
func (m *Model) setOwnedFilter(q string) {
	if q == m.owned.filter.Query() {
		return
	}
	m.owned.filter = results.ParseOwnedFilter(q)
	m.owned.fNote, m.owned.fShort = ownedFilterSummary(m.st, m.owned.filter)
	m.refreshOwnedView(true)
}

// ownedFilterSummary is the status line's filter segment for the owned
// view, as filterSummary is for the results.
func ownedFilterSummary(st *Styles, f results.OwnedFilter) (full, short string) {
	return wordsSummary(st, f.Words(), f.Invalid(), nil)
}

// copyOwned copies the selected owned number.
func (m *Model) copyOwned() tea.Cmd {
	o, ok := m.ownedPane.Selected()
	if !ok {
		return nil
	}
	e164 := o.PhoneNumber
	if !strings.HasPrefix(e164, "+") {
		e164 = "+" + digitsOf(e164)
	}
	return tea.Batch(copyCmd(e164, m.cfg.TmuxClipboard), m.setNote("Copied "+results.OwnedInternational(o), noteSuccess))
}

// openOwnedExport exports the owned numbers in view: a file (CSV or
// JSON, as numbrowse owned writes them), or the clipboard over SSH.
func (m *Model) openOwnedExport() tea.Cmd {
	idx := slices.Clone(m.owned.view)
	if len(idx) == 0 {
		return m.setNote("Nothing to export", noteWarning)
	}
	nums := m.owned.numbers
	if m.cfg.ExportToClipboard {
		var b bytes.Buffer
		if err := results.WriteOwnedCSV(&b, nums, idx); err != nil {
			return m.setNote("Export failed: "+shortErr(err), noteError)
		}
		if b.Len() > maxClipboardExport {
			return m.setNote(fmt.Sprintf("%d numbers are too many for the clipboard (%d KiB) — filter them first", len(idx), b.Len()>>10), noteWarning)
		}
		return tea.Batch(tea.SetClipboard(b.String()),
			m.setNote(fmt.Sprintf("Copied %d of your numbers as CSV to the clipboard", len(idx)), noteSuccess))
	}
	name := "owned-numbers-" + m.now().Local().Format("20060102-1504") + ".csv"
	if m.cfg.ExportDir != "" {
		name = filepath.Join(m.cfg.ExportDir, name)
	}
	m.export = m.export.Open(name, len(idx), false, func(w io.Writer, format string) error {
		if format == exportJSON {
			return results.WriteOwnedJSON(w, nums, idx)
		}
		return results.WriteOwnedCSV(w, nums, idx)
	})
	m.sizeDialogs()
	return m.setFocus(focusExport)
}

// ownedAgeCmd repaints the list's age when its text changes.
func (m *Model) ownedAgeCmd() tea.Cmd {
	if m.owned.list == nil {
		return nil
	}
	m.owned.ageGen++
	gen := m.owned.ageGen
	d := nextAgeChange(m.now().Sub(m.owned.fetchedAt))
	return m.after(d, func(time.Time) tea.Msg { return ownedAgeMsg{gen: gen} })
}

// ownedMouse handles the mouse in the owned view: the wheel scrolls, a
// click on a row selects it, on a column title sorts by it.
func (m *Model) ownedMouse(msg tea.MouseMsg) tea.Cmd {
	ev := msg.Mouse()
	l := m.lay
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		if l.table.contains(ev.X, ev.Y) {
			m.ownedPane.Move(msg)
		}
	case tea.MouseClickMsg:
		if ev.Button != tea.MouseLeft || !l.table.contains(ev.X, ev.Y) {
			return nil
		}
		x, y := ev.X-l.table.x, ev.Y-l.table.y
		if y == 0 {
			if col, ok := m.ownedPane.ColumnAt(x); ok {
				so := results.OwnedSort{Col: col}
				if m.owned.sort.Col == col {
					so = m.owned.sort.Reverse()
				}
				m.setOwnedSort(so)
			}
			return nil
		}
		m.ownedPane.ClickRow(y)
	}
	return nil
}

// ownedBody is the body in the owned view: the table and the detail pane,
// or a message when there is no row.
func (m *Model) ownedBody() string {
	return m.layBody(m.ownedEmptyMessage(m.lay.table.w, m.lay.table.h), m.ownedPane.TableView, m.ownedPane.DetailView)
}

// ownedEmptyMessage explains an empty owned view, or is "".
func (m *Model) ownedEmptyMessage(w, h int) string {
	st := m.st
	var title, hint string
	o := &m.owned
	switch {
	case o.list == nil && o.loading:
		title = "Listing your numbers" + st.Glyphs.Ellipsis
	case o.list == nil && o.issue != nil && m.ownedRetryLeft() > 0:
		title, hint = o.issue.text, fmt.Sprintf("Listing again in %d s, or press r now.", m.ownedRetryLeft())
	case o.list == nil && o.issue != nil:
		title, hint = o.issue.text, capitalize(o.issue.hint)
	case o.list == nil:
		title = "Your numbers are not listed yet"
		hint = "Press r to list them."
	case len(o.numbers) == 0:
		title = "The account owns no numbers yet"
		hint = "Press o to go back to the search results, where b rents the selected number."
	case len(o.view) == 0:
		title, hint = "No number of yours matches the filter", "Press / to change it or esc to clear it."
	default:
		return ""
	}
	lines := []string{st.HeaderText.Render(st.text(title))}
	if hint != "" {
		lines = append(lines, "", st.Subtle.Render(st.text(hint)))
	}
	msg := lipgloss.NewStyle().Width(max(w-4, 1)).Align(lipgloss.Center).Render(strings.Join(lines, "\n"))
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, msg)
}

// ownedStatusSegments are the status line's parts in the owned view: what is
// happening, then the count, the filter, the sort, a note when the list
// may be incomplete, the age, and the watch.
func (m *Model) ownedStatusSegments(w int) []statusSeg {
	st := m.st
	o := &m.owned
	var segs []statusSeg
	switch {
	case o.loading:
		segs = append(segs, statusSeg{text: m.spin.View() + " Listing your numbers" + st.Glyphs.Ellipsis, keep: 100})
	case m.note.text != "":
		segs = append(segs, statusSeg{text: noteStyle(st, m.note.kind).Render(st.text(m.note.text)), keep: 100})
	case o.issue != nil && m.ownedRetryLeft() > 0:
		segs = append(segs, statusSeg{text: st.Warning.Render(st.text(fmt.Sprintf("Rate limited — listing again in %d s", m.ownedRetryLeft()))), keep: 100})
	case o.issue != nil:
		segs = append(segs, statusSeg{text: st.Error.Render(o.issue.fit(st, w)), short: st.Error.Render(o.issue.fit(st, w*3/4)), keep: 100})
	}
	if o.list != nil {
		n, total := len(o.view), len(o.numbers)
		// Counted as the results are ("1,234"); a filter's count reads
		// "2 of your 3 numbers" (it read "2 of 3 of your numbers").
		count := api.Thousands(total) + " of your numbers"
		switch {
		case n != total && total == 1:
			count = "0 of your 1 number"
		case n != total:
			count = api.Thousands(n) + " of your " + api.Thousands(total) + " numbers"
		case total == 1:
			count = "1 number of yours"
		}
		segs = append(segs, statusSeg{text: st.StatusBar.Render(count), keep: 90})
		if o.list.Incomplete != "" {
			segs = append(segs, statusSeg{text: st.Warning.Render(st.text("may be incomplete: " + o.list.Incomplete)),
				short: st.Warning.Render("may be incomplete"), keep: 85})
		}
		if o.list.Skipped > 0 {
			segs = append(segs, statusSeg{text: st.Warning.Render(api.Thousands(o.list.Skipped) + " skipped"), keep: 70})
		}
	}
	if o.fNote != "" {
		segs = append(segs, statusSeg{text: o.fNote, short: o.fShort, keep: 80})
	}
	if seg, ok := m.watchSegment(); ok {
		segs = append(segs, seg)
	}
	if o.list != nil {
		arrow := st.Glyphs.SortAsc
		if o.sort.Desc {
			arrow = st.Glyphs.SortDesc
		}
		segs = append(segs, statusSeg{text: st.Faint.Render("sort " + o.sort.Col.String() + " " + arrow), keep: 50})
		segs = append(segs, statusSeg{text: st.Faint.Render(ageText(m.now().Sub(o.fetchedAt))), keep: 40})
	}
	return segs
}

// syncOwnedKeys enables the keys that work in the owned view: no marks
// and no buying; the others when there are rows.
func (m *Model) syncOwnedKeys() {
	km := m.keys
	hasList := m.owned.list != nil
	hasRows := len(m.owned.view) > 0
	km.Copy.SetEnabled(hasRows)
	km.Export.SetEnabled(hasRows)
	km.Focus.SetEnabled(hasRows)
	// What works on search results only: the help must not offer it.
	for _, b := range []*key.Binding{&km.Mark, &km.MarkAll, &km.ClearMarks, &km.CopyMenu, &km.Buy, &km.Searches, &km.SaveSearch} {
		b.SetEnabled(false)
	}
	km.Detail.SetEnabled(hasList)
	km.Filter.SetEnabled(hasList)
	km.Sort.SetEnabled(hasList)
	km.Reverse.SetEnabled(hasList)
	km.Refresh.SetEnabled(m.owner != nil)
	km.Owned.SetHelp(km.Owned.Help().Key, "search results")
}
