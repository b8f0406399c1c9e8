package ui

import (
	"context"
	"fmt"
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

// searchState is the search in flight, if any.
type searchState struct {
	seq     int                // number of the latest search started
	cancel  context.CancelFunc // cancels the latest search; nil when none runs
	loading bool
	query   string        // "GB · mobile", for the spinner label
	waiting time.Duration // the rate limiter's expected wait, when told
	auto    int           // automatic retries in a row (429)
	// retry is the latest failed attempt the client is repeating, and
	// retryAt when its next attempt starts: the status line says why the
	// search takes long.
	retry   *api.RequestEvent
	retryAt time.Time
}

// resultState is what the table shows: the last successful search.
type resultState struct {
	set       *results.Set
	nums      []api.Number // what set indexes; read-only
	view      []int        // indices into set: filtered and sorted
	country   api.Country
	typ       api.TypeChoice
	fetchedAt time.Time
	skipped   api.Skips // entries the decoder left out, by reason
	partial   string    // which types of an all-types search failed or are not offered
}

// searchDoneMsg carries a finished search back to Update.
type searchDoneMsg struct {
	seq     int
	country api.Country
	typ     api.TypeChoice
	result  *api.Result
	partial string
	err     error
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
	m.search.query = m.queryLabel(m.country, m.typ)
	events := make(chan tea.Msg, 8)
	run := searchCmd(ctx, m.svc, m.search.seq, m.country, m.typ, fresh, events)
	return tea.Batch(run, listenCmd(events), m.spin.Tick)
}

// searchCmd runs one search on the command's goroutine. It captures every
// input by value and never touches the model; rate-limiter waits and the
// client's retries go to events, which it closes when done.
func searchCmd(ctx context.Context, svc searchService, seq int, country api.Country, typ api.TypeChoice, fresh bool, events chan<- tea.Msg) tea.Cmd {
	return func() (msg tea.Msg) {
		defer close(events)
		defer func() {
			if r := recover(); r != nil {
				msg = searchDoneMsg{seq: seq, country: country, typ: typ, err: &panicError{value: r}}
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
		got, err := svc.SearchChoice(ctx, inventory.Choice{Country: country, Types: typ, Fresh: fresh,
			OnWait: onWait, OnRetry: onRetry})
		return searchDoneMsg{seq: seq, country: country, typ: typ, result: got.Result, partial: partialNote(got), err: err}
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

// partialNote says which types of an all-types search are missing.
func partialNote(all inventory.Merged) string {
	var s string
	if len(all.Failed) > 0 {
		s = "failed:"
		for _, f := range all.Failed {
			s += " " + string(f.Type)
		}
	}
	if len(all.Rejected) > 0 {
		if s != "" {
			s += "; "
		}
		s += "not offered:"
		for _, t := range all.Rejected {
			s += " " + string(t)
		}
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
	if msg.err != nil {
		return m.searchFailed(msg)
	}
	m.search.auto = 0
	res := msg.result
	if res == nil {
		res = &api.Result{}
	}
	if len(res.Numbers) == 0 && m.res.set != nil && m.res.set.Len() > 0 && !m.showing(msg.country, msg.typ) {
		m.issue = &problem{text: m.foundNothing(msg.typ, res.Skipped), hint: anotherHint(msg.typ),
			country: msg.country, typ: msg.typ}
		return nil
	}
	m.issue = nil
	m.res = resultState{
		set: results.NewSet(res.Numbers), nums: res.Numbers, country: msg.country, typ: msg.typ,
		fetchedAt: res.FetchedAt, skipped: res.Skipped, partial: msg.partial,
	}
	if m.res.fetchedAt.IsZero() {
		m.res.fetchedAt = m.now()
	}
	m.chrome = chromeCache{} // the header follows the rows
	m.detail.ResetLayout()   // other numbers, maybe other sections
	m.refreshView()
	return m.ageTickCmd()
}

// showing reports whether the rows on screen are the search of country
// and typ.
func (m *Model) showing(country api.Country, typ api.TypeChoice) bool {
	return m.res.set != nil && m.res.country.Code == country.Code && m.res.typ == typ
}

// foundNothing is what the banner says of a search that found no number:
// "no numbers found", "no numbers of any type found", or that every entry
// the provider sent had to be skipped.
func (m *Model) foundNothing(typ api.TypeChoice, skipped api.Skips) string {
	if k := skipped.Total(); k > 0 {
		return fmt.Sprintf("all %s entries the provider sent were skipped (%s)", api.Thousands(k), skipped.String())
	}
	if typ.All() {
		return "no numbers of any type found"
	}
	return "no numbers found"
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
	p.country, p.typ = msg.country, msg.typ
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
	return m.issue != nil && m.issue.country.Code != "" && m.res.set != nil
}

// refreshView recomputes the filtered, sorted view and hands it to the
// table, which shows rows that changed from the top.
func (m *Model) refreshView() {
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

// queryLabel is "GB · mobile".
func (m *Model) queryLabel(country api.Country, typ api.TypeChoice) string {
	return fmt.Sprintf("%s %s %s", country.Code, m.st.Glyphs.Dot, typ.Label())
}

// queryLong is "GB United Kingdom · mobile", the country's name as the
// terminal can show it.
func (m *Model) queryLong(country api.Country, typ api.TypeChoice) string {
	if country.Name == "" {
		return m.queryLabel(country, typ)
	}
	return fmt.Sprintf("%s %s %s %s", country.Code, m.st.plain(country.Name), m.st.Glyphs.Dot, typ.Label())
}
