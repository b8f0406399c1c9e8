package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
)

// searchService is what the browser needs from *inventory.Service; tests
// substitute fakes.
type searchService interface {
	SearchChoice(ctx context.Context, c inventory.Choice) (inventory.Merged, error)
}

// staleSource is what the browser needs of *inventory.Service to show
// the last results while a fresh search runs (Service.Stale); fakes in
// tests may leave it out.
type staleSource interface {
	Stale(c inventory.Choice) (inventory.Merged, bool)
}

// searchState is the search in flight, if any.
type searchState struct {
	seq     int                // number of the latest search started
	cancel  context.CancelFunc // cancels the latest search; nil when none runs
	loading bool
	query   string        // "GB · mobile", for the spinner label
	waiting time.Duration // the rate limiter's expected wait, when told
	done    int           // countries of a search of several that have answered
	total   int           // countries of a search of several (0: one country)
	auto    int           // automatic retries in a row (429)
	// retry is the latest failed attempt the client is repeating, and
	// retryAt when its next attempt starts: the status line says why the
	// search takes long.
	retry   *api.RequestEvent
	retryAt time.Time
	// early: the next search looks its kept results up at once, not when
	// Bubble Tea runs its command (New's first search: the lookup then
	// overlaps the terminal's set-up).
	early bool
	// pending is that lookup until Update has shown its answer: the first
	// Update after it ends shows the kept results (so they reach the first
	// full frame), and the command's own message is then dropped.
	pending *earlyLookup
	shown   int // the search whose early kept results Update showed
}

// earlyLookup is a lookup of kept results running on its own goroutine.
type earlyLookup struct {
	done chan struct{} // closed when msg is set
	msg  tea.Msg
}

// resultState is what the table shows: the last successful search.
type resultState struct {
	set       *results.Set
	nums      []api.Number // what set indexes; read-only
	view      results.Rows // indices into set: filtered and sorted (read-only, maybe shared)
	countries api.CountryList
	typ       api.TypeChoice
	fetchedAt time.Time
	skipped   api.Skips // entries the decoder left out, by reason
	partial   string    // which types of an all-types search failed or are not offered
	// failed are the countries of a search of several whose search
	// failed (the rows are from the others); none are those that offer
	// nothing of the type.
	failed []countryFailure
	none   []string
	// stale: the results were kept from before (an earlier run, or past
	// the cache's time) and no fresh search has confirmed them yet. They
	// are shown with their age while it runs, and never bought from.
	stale bool
	// preview: the rows are the first numbers of search seq's answer,
	// shown while the rest arrives (api.ObservePreview); when that search
	// is no longer the one running, the list is incomplete (it failed, or
	// another search replaced it) and the status line says so.
	preview bool
	seq     int
}

// countryFailure is a country whose part of a search failed, and why.
type countryFailure struct {
	code string
	why  problem
}

// staleResultsMsg carries the last results of a search that has just
// started, to show until it answers.
type staleResultsMsg struct {
	seq       int
	countries api.CountryList
	typ       api.TypeChoice
	result    *api.Result
	partial   string
}

// searchDoneMsg carries a finished search back to Update.
type searchDoneMsg struct {
	seq       int
	countries api.CountryList
	typ       api.TypeChoice
	result    *api.Result
	partial   string
	outcomes  []inventory.CountryOutcome
	err       error
}

// searchPreviewMsg carries the first numbers of a large answer while the
// rest is still arriving.
type searchPreviewMsg struct {
	seq       int
	countries api.CountryList
	typ       api.TypeChoice
	result    *api.Result
}

// searchWaitingMsg says a search waits for the rate limiter.
type searchWaitingMsg struct {
	seq  int
	wait time.Duration
}

// searchRetryMsg says an attempt of a search failed and the client tries
// again after ev.RetryIn.
type searchRetryMsg struct {
	seq int
	ev  api.RequestEvent
}

// searchProgressMsg reports that done of the total countries of search
// seq have answered (or failed).
type searchProgressMsg struct {
	seq, done, total int
}

// maxAutoRetries bounds the automatic retries after 429s in a row.
const maxAutoRetries = 5

// startSearch cancels the search in flight and starts one for the current
// country and type. fresh bypasses the cache (r, and the automatic retry
// after a 429, which must ask the API again rather than take what the
// cache still holds). auto marks an automatic retry.
func (m *Model) startSearch(fresh, auto bool) tea.Cmd {
	m.retry = nil
	if m.search.cancel != nil {
		m.search.cancel()
	}
	if m.svc == nil {
		m.search.cancel, m.search.loading = nil, false
		return nil
	}
	if auto {
		m.search.auto++
	} else {
		m.search.auto = 0
	}
	ctx, cancel := context.WithCancel(m.cfg.Context)
	m.search.seq++
	m.search.cancel = cancel
	m.search.loading = true
	m.search.waiting = 0
	m.search.retry = nil
	m.search.done, m.search.total = 0, 0
	if len(m.countries) > 1 {
		m.search.total = len(m.countries)
	}
	m.search.query = m.queryLabel(m.countries, m.typ)
	events := make(chan tea.Msg, 8)
	run := searchCmd(ctx, m.svc, m.search.seq, m.countries, m.typ, fresh, events)
	cmds := []tea.Cmd{run, listenCmd(events), m.spin.Tick}
	// Kept results are of one country and type; a search of several
	// countries waits for its answer.
	if src, ok := m.svc.(staleSource); ok && !fresh && len(m.countries) == 1 {
		stale := staleCmd(src, m.search.seq, m.countries, m.typ)
		if m.search.early {
			e, look := &earlyLookup{done: make(chan struct{})}, stale
			go func() {
				e.msg = look()
				close(e.done)
			}()
			m.search.pending = e
			stale = func() tea.Msg {
				<-e.done
				return e.msg
			}
		}
		cmds = append(cmds, stale)
	}
	m.search.early = false
	return tea.Batch(cmds...)
}

// staleCmd looks for the last results of a search (in memory, or on disk
// from an earlier run) on the command's goroutine.
func staleCmd(src staleSource, seq int, countries api.CountryList, typ api.TypeChoice) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if recover() != nil {
				msg = nil // nothing to show: the search will answer
			}
		}()
		got, ok := src.Stale(inventory.Choice{Country: countries[0], Types: typ})
		if !ok {
			return nil
		}
		return staleResultsMsg{seq: seq, countries: countries, typ: typ, result: got.Result, partial: partialNote(got)}
	}
}

// takeEarly shows the kept results of the early lookup once it has
// ended, without waiting for it, and returns what showing them asks for.
func (m *Model) takeEarly() tea.Cmd {
	e := m.search.pending
	if e == nil {
		return nil
	}
	select {
	case <-e.done:
	default:
		return nil
	}
	m.search.pending = nil
	msg, ok := e.msg.(staleResultsMsg)
	if !ok {
		return nil
	}
	m.search.shown = msg.seq
	return m.staleResults(msg)
}

// staleResults shows the last results of the search in flight until it
// answers, unless it already has (or a newer search started), or its
// first numbers are already on screen.
func (m *Model) staleResults(msg staleResultsMsg) tea.Cmd {
	if msg.seq != m.search.seq || !m.search.loading || msg.result == nil {
		return nil
	}
	if m.res.preview && m.res.seq == msg.seq {
		return nil // its fresh first numbers came first, and may be in use
	}
	res := msg.result
	m.res = resultState{
		set: m.cfg.Sharer.Set(res), nums: res.Numbers, countries: msg.countries, typ: msg.typ,
		fetchedAt: res.FetchedAt, skipped: res.Skipped, partial: msg.partial, stale: true,
	}
	m.detail.ResetLayout()
	m.refreshView()
	return m.ageTickCmd()
}

// searchCmd runs one search on the command's goroutine. It captures every
// input by value and never touches the model; rate-limiter waits, the
// client's retries and the countries that have answered go to events,
// which it closes when done.
func searchCmd(ctx context.Context, svc searchService, seq int, countries api.CountryList, typ api.TypeChoice, fresh bool, events chan<- tea.Msg) tea.Cmd {
	return func() (msg tea.Msg) {
		defer close(events)
		defer func() {
			if r := recover(); r != nil {
				msg = searchDoneMsg{seq: seq, countries: countries, typ: typ, err: &panicError{value: r}}
			}
		}()
		tell := func(msg tea.Msg) {
			select {
			case events <- msg:
			default: // the listener is behind: the next event will do
			}
		}
		onWait := func(d time.Duration) { tell(searchWaitingMsg{seq: seq, wait: d}) }
		onRetry := func(ev api.RequestEvent) { tell(searchRetryMsg{seq: seq, ev: ev}) }
		onCountry := func(done, total int) { tell(searchProgressMsg{seq: seq, done: done, total: total}) }
		// The inventory previews only a search of one country and type.
		onPreview := func(r *api.Result) {
			tell(searchPreviewMsg{seq: seq, countries: countries, typ: typ, result: r})
		}
		got, err := svc.SearchChoice(ctx, inventory.Choice{Country: countries[0], Countries: countries, Types: typ, Fresh: fresh,
			OnWait: onWait, OnRetry: onRetry, OnCountry: onCountry, OnPreview: onPreview})
		return searchDoneMsg{seq: seq, countries: countries, typ: typ, result: got.Result, partial: partialNote(got),
			outcomes: got.Countries, err: err}
	}
}

// listenCmd delivers the next event of a search, or nothing once the search
// has finished.
func listenCmd(events <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-events
		if !ok {
			return nil
		}
		return listenedMsg{msg: msg, events: events}
	}
}

// listenedMsg wraps an event together with its channel, so Update can keep
// listening.
type listenedMsg struct {
	msg    tea.Msg
	events <-chan tea.Msg
}

// partialNote says which types of an all-types search are missing: of
// its one country, or of each country of a search of several that
// answered ("failed: FR mobile").
func partialNote(all inventory.Merged) string {
	var failed, rejected []string
	for _, f := range all.Failed {
		failed = append(failed, string(f.Type))
	}
	for _, t := range all.Rejected {
		rejected = append(rejected, string(t))
	}
	if len(all.Countries) > 1 {
		for _, o := range all.Countries {
			if o.Err != nil {
				continue // the whole country: said apart
			}
			for _, f := range o.Failed {
				failed = append(failed, o.Country.Code+" "+string(f.Type))
			}
			for _, t := range o.Rejected {
				rejected = append(rejected, o.Country.Code+" "+string(t))
			}
		}
	}
	var s string
	if len(failed) > 0 {
		s = "failed: " + strings.Join(failed, ", ")
	}
	if len(rejected) > 0 {
		if s != "" {
			s += "; "
		}
		s += "not offered: " + strings.Join(rejected, ", ")
	}
	return s
}

// searchDone shows a finished search, unless a newer one was started. A
// search of another country or type that finds nothing keeps the rows on
// screen (under their own header) and says so, as a failure does; the
// same search finding nothing now empties the table.
func (m *Model) searchDone(msg searchDoneMsg) tea.Cmd {
	if msg.seq != m.search.seq {
		return nil // stale: a newer search owns the screen
	}
	m.search.loading = false
	m.search.waiting = 0
	m.search.retry = nil
	if m.search.cancel != nil {
		m.search.cancel()
		m.search.cancel = nil
	}
	m.noteFound(msg.typ, msg.outcomes)
	if msg.err != nil {
		return m.searchFailed(msg)
	}
	m.search.auto = 0
	res := msg.result
	if res == nil {
		res = &api.Result{}
	}
	if len(res.Numbers) == 0 && m.res.set != nil && m.res.set.Len() > 0 && !m.showing(msg.countries, msg.typ) {
		m.issue = &problem{text: m.foundNothing(msg.typ, res.Skipped, msg.outcomes), hint: anotherHint(msg.typ),
			countries: msg.countries, typ: msg.typ}
		return nil
	}
	m.issue = nil
	rs := resultState{countries: msg.countries, typ: msg.typ, partial: msg.partial}
	if len(msg.countries) > 1 {
		for _, o := range msg.outcomes {
			switch {
			case o.Failure():
				rs.failed = append(rs.failed, countryFailure{code: o.Country.Code, why: describe(o.Err)})
			case o.Err != nil:
				rs.none = append(rs.none, o.Country.Code)
			}
		}
	}
	m.showResult(rs, res)
	return m.ageTickCmd()
}

// searchPreview shows the first numbers of the search in flight while the
// rest arrives, unless it has answered (or a newer search started), or
// the rows on screen are a whole list of the same search (kept from
// before, or the last answer, refreshed): those stay until the answer, a
// partial fresh list is no better than a whole older one.
func (m *Model) searchPreview(msg searchPreviewMsg) tea.Cmd {
	if msg.seq != m.search.seq || !m.search.loading || msg.result == nil || len(msg.result.Numbers) == 0 {
		return nil
	}
	if m.showing(msg.countries, msg.typ) && !m.res.preview {
		return nil
	}
	m.showResult(resultState{countries: msg.countries, typ: msg.typ, preview: true, seq: msg.seq}, msg.result)
	return m.ageTickCmd()
}

// showResult puts res on screen as rs (whose set, numbers, age and skips
// it fills in), keeping the marks of the rows it replaces and giving back
// those of its own search. Over a preview of the same search (a preview,
// or the answer, replacing it) the cursor the user moved stays on the
// number it was on, at the same line, when that number is still in view
// (the filter and sort are the same, and the detail pane keeps its
// layout); a cursor left on the first row stays there.
func (m *Model) showResult(rs resultState, res *api.Result) {
	follow, line := "", 0
	if m.res.preview && m.showing(rs.countries, rs.typ) && m.table.Cursor() > 0 {
		// (On the first row, the cursor stays on the first row: the
		// new rows show from the top, where the list starts.)
		if n, _ := m.selectedNumber(); n != nil {
			follow, line = n.E164, m.table.Line()
		}
	}
	m.keepMarks()
	rs.set, rs.nums, rs.fetchedAt, rs.skipped = m.cfg.Sharer.Set(res), res.Numbers, res.FetchedAt, res.Skipped
	if rs.fetchedAt.IsZero() {
		rs.fetchedAt = m.now()
	}
	m.res = rs
	m.chrome = chromeCache{} // the header follows the rows
	if follow == "" {
		m.detail.ResetLayout() // other numbers, maybe other sections
	}
	m.refreshView()
	m.restoreMarks()
	if follow != "" && m.table.Follow(follow, line) {
		m.syncDetail()
	}
}

// showing reports whether the rows on screen are the search of countries
// and typ.
func (m *Model) showing(countries api.CountryList, typ api.TypeChoice) bool {
	return m.res.set != nil && m.res.countries.Equal(countries) && m.res.typ == typ
}

// foundNothing is what the banner says of a search that found no number:
// "no numbers found", "no numbers of any type found", or that every entry
// the provider sent had to be skipped; for a search of several countries,
// which of them failed ("no numbers found; FR failed: …"), since a failed
// country may have had some.
func (m *Model) foundNothing(typ api.TypeChoice, skipped api.Skips, outcomes []inventory.CountryOutcome) string {
	s := "no numbers found"
	switch k := skipped.Total(); {
	case k > 0:
		s = fmt.Sprintf("all %s entries the provider sent were skipped (%s)", api.Thousands(k), skipped.String())
	case typ.All():
		s = "no numbers of any type found"
	}
	var failed []string
	var why problem
	for _, o := range outcomes {
		if len(outcomes) > 1 && o.Failure() {
			if failed == nil {
				why = describe(o.Err)
			}
			failed = append(failed, o.Country.Code)
		}
	}
	if len(failed) > 0 {
		s += "; " + strings.Join(failed, ", ") + " failed: " + lowerFirst(why.text)
	}
	return s
}

// anotherHint is what to do when a search of typ finds nothing: another
// type or country, or for all types another country.
func anotherHint(typ api.TypeChoice) string {
	if typ.All() {
		return "press c for another country"
	}
	return "press t for another type or c for another country"
}

// searchFailed keeps the last good results and explains the failure; a
// rate limit starts a countdown to an automatic retry.
func (m *Model) searchFailed(msg searchDoneMsg) tea.Cmd {
	if api.IsCanceled(msg.err) && m.cfg.Context.Err() != nil {
		return nil // the session is ending
	}
	p := describe(msg.err)
	p.countries, p.typ = msg.countries, msg.typ
	if len(msg.outcomes) > 1 {
		// No country of several answered: say which failed (the reason
		// is the first one's) and which offer nothing of the type.
		var failed, none []string
		for _, o := range msg.outcomes {
			switch {
			case o.Failure():
				failed = append(failed, o.Country.Code)
			case o.Err != nil:
				none = append(none, o.Country.Code)
			}
		}
		if len(failed) > 0 {
			p.text = strings.Join(failed, ", ") + " failed: " + lowerFirst(p.text)
		}
		switch {
		case len(none) > 0 && len(failed) > 0:
			p.text += "; nothing in " + strings.Join(none, ", ")
		case len(none) > 1:
			// Every country rejected the search: say it of them all, not
			// in the first one's words alone.
			p.text = noNumbersIn(msg.typ, strings.Join(none, ", "))
		}
	}
	m.issue = &p
	if p.retryIn > 0 && m.search.auto < maxAutoRetries {
		m.retry = &retryState{seq: m.search.seq, left: p.retryIn}
		return m.retryTickCmd(m.search.seq)
	}
	return nil
}

// staleRows reports whether the rows on screen are not what the last
// search asked for: it failed (or found nothing) for another country or
// type, and the rows are an earlier search's; or it failed for theirs,
// and they are older than the user asked for. The banner says which.
func (m *Model) staleRows() bool {
	return m.issue != nil && len(m.issue.countries) > 0 && m.res.set != nil
}

// refreshView recomputes the filtered, sorted view and hands it to the
// table, which shows rows that changed from the top.
func (m *Model) refreshView() {
	defer m.summarizeFilter() // how its words found their rows
	if m.res.set == nil {
		return
	}
	m.res.view = m.res.set.View(m.filter, m.sort)
	m.table.SetSort(m.sort)
	m.table.SetData(m.res.set, m.res.view, m.res.typ.All())
	m.marked = m.table.MarkedCount()
	m.syncDetail()
}

// selectedNumber is the number under the cursor and its international
// form, or nil when there is no row.
func (m *Model) selectedNumber() (*api.Number, string) {
	i, ok := m.table.Selected()
	if !ok || m.res.set == nil {
		return nil, ""
	}
	return m.res.set.At(i), m.res.set.International(i)
}

// syncDetail shows the selected number in the detail pane.
func (m *Model) syncDetail() {
	n, intl := m.selectedNumber()
	if n == nil {
		m.detail.SetNumber(nil, "", "")
		return
	}
	m.detail.SetNumber(n, intl, results.National(n))
}

// queryLabel is "GB · mobile", "DE FR NL · mobile", "EU · all types".
func (m *Model) queryLabel(countries api.CountryList, typ api.TypeChoice) string {
	return fmt.Sprintf("%s %s %s", countries.Label(4), m.st.Glyphs.Dot, typ.Label())
}

// queryLong is "GB United Kingdom · mobile", the country's name as the
// terminal can show it; "EU European Union · mobile" for a group; for
// other lists of several, queryLabel.
func (m *Model) queryLong(countries api.CountryList, typ api.TypeChoice) string {
	name, code := "", ""
	switch g, isGroup := countries.Group(); {
	case len(countries) == 1:
		code, name = countries[0].Code, countries[0].Name
	case isGroup:
		code, name = g.Code, g.Name
	}
	if name == "" {
		return m.queryLabel(countries, typ)
	}
	return fmt.Sprintf("%s %s %s %s", code, m.st.plain(name), m.st.Glyphs.Dot, typ.Label())
}
