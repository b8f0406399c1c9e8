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
	"numbrowse/internal/watch"
)

// The watch: w watches the current search (its country, type and filter)
// while numbrowse runs. It searches again on the interval (never more
// often than once a minute for a country and type, later after failures),
// and each number that starts to match is news: a message, the terminal
// bell (unless NoBell) and a desktop notification where the terminal
// shows one (Notify). The results on screen are refreshed when they are
// the watched search's. The status line says what is watched and when it
// next runs; w again stops it. A watch never buys anything.

// watchState is the running watch.
type watchState struct {
	spec      watch.Spec
	label     string // "US · local · ^312 sms"
	seen      *watch.Seen
	sched     watch.Schedule
	baselined bool // the numbers matching at the start are known
	next      time.Time
	gen       int  // the current timer; an older one's messages are ignored
	running   bool // a search is in flight
	cancel    context.CancelFunc
	found     int    // new matches told of so far
	failure   string // the last search's failure, while the watch waits to retry
}

// watchTickMsg starts the watch's next search.
type watchTickMsg struct{ gen int }

// watchDoneMsg is a finished watch search.
type watchDoneMsg struct {
	gen int
	res inventory.Merged
	err error
}

// watchRepaintMsg repaints the "next in" of the status line.
type watchRepaintMsg struct{ gen int }

// toggleWatch is the w key: watch the current search, or stop watching.
func (m *Model) toggleWatch() tea.Cmd {
	if w := m.watch; w != nil {
		m.stopWatch()
		return m.setNote(m.st.text("Stopped watching "+w.label), noteInfo)
	}
	if m.svc == nil {
		return m.setNote(m.st.text("Watching needs an API key — "+api.Printable(m.cfg.Setup)), noteWarning)
	}
	if len(m.filter.Invalid()) > 0 {
		return m.setNote(m.st.text("The filter has invalid terms — fix them (/) before watching"), noteWarning)
	}
	if len(m.countries) != 1 {
		return m.setNote(m.st.text("A watch follows one country — pick one with c, then press w"), noteWarning)
	}
	spec := watch.Spec{Country: m.countries[0], Types: m.typ, Filter: m.filter, Every: m.cfg.WatchEvery}
	if err := spec.Check(); err != nil {
		return m.setNote(m.st.text("Cannot watch: "+err.Error()), noteWarning)
	}
	w := &watchState{spec: spec, label: spec.Label(m.st.Glyphs.Dot), seen: watch.NewSeen(),
		sched: watch.Schedule{Every: spec.Every}}
	now := m.now()
	next := now
	if m.res.set != nil && !m.res.preview && m.showsWatched(spec) { // a preview is not all there is
		// The matches on screen are known: only numbers that come later are
		// news. The first search is due an interval after these results.
		w.seen.Fresh(m.res.set, spec.Filter)
		w.baselined = true
		next = later(now, m.res.fetchedAt.Add(spec.Every))
	}
	m.watch = w
	note := m.setNote(m.st.text(fmt.Sprintf("Watching %s every %s — w stops; a watch never buys",
		w.label, minutesText(spec.Every))), noteInfo)
	return tea.Batch(note, m.scheduleWatch(next.Sub(now)))
}

// showsWatched reports whether the results on screen are the search of
// spec: its one country and its type.
func (m *Model) showsWatched(spec watch.Spec) bool {
	return len(m.res.countries) == 1 && m.res.countries[0].Code == spec.Country.Code && m.res.typ == spec.Types
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// stopWatch ends the watch and cancels its search.
func (m *Model) stopWatch() {
	if w := m.watch; w != nil && w.cancel != nil {
		w.cancel()
	}
	m.watch = nil
}

// scheduleWatch sets the next search d from now.
func (m *Model) scheduleWatch(d time.Duration) tea.Cmd {
	w := m.watch
	w.gen++
	w.next = m.now().Add(d)
	gen := w.gen
	return tea.Batch(m.after(max(d, 0), func(time.Time) tea.Msg { return watchTickMsg{gen: gen} }), m.watchRepaintCmd())
}

// watchTick starts the watch's search when its timer is the current one.
func (m *Model) watchTick(msg watchTickMsg) tea.Cmd {
	w := m.watch
	if w == nil || msg.gen != w.gen || w.running || m.svc == nil {
		return nil
	}
	ctx, cancel := context.WithCancel(m.cfg.Context)
	w.running, w.cancel = true, cancel
	svc, spec, gen := m.svc, w.spec, w.gen
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = watchDoneMsg{gen: gen, err: &panicError{value: r}}
			}
		}()
		res, err := svc.SearchChoice(ctx, inventory.Choice{Country: spec.Country, Types: spec.Types, Fresh: true, Floor: watch.Floor})
		return watchDoneMsg{gen: gen, res: res, err: err}
	}
}

// watchDone takes a watch search's answer: the news, the results on
// screen, and when to search next (or why the watch stops).
func (m *Model) watchDone(msg watchDoneMsg) tea.Cmd {
	w := m.watch
	if w == nil || msg.gen != w.gen {
		return nil
	}
	w.running = false
	if w.cancel != nil {
		w.cancel()
		w.cancel = nil
	}
	now := m.now()
	if msg.err != nil {
		if api.IsCanceled(msg.err) && m.cfg.Context.Err() != nil {
			return nil // the session is ending
		}
		wait, lasting := w.sched.Failed(now, msg.err, m.jitter())
		p := describe(msg.err)
		if lasting {
			m.stopWatch()
			text := "Stopped watching " + w.label + ": " + p.String()
			return tea.Batch(m.setNote(m.st.text(text), noteError),
				alertCmd(m.cfg.Notify, !m.cfg.NoBell, "numbrowse", text))
		}
		w.failure = lowerFirst(p.text)
		return m.scheduleWatch(wait)
	}
	w.failure = ""
	wait := w.sched.Succeeded(m.jitter())
	var cmds []tea.Cmd
	if res := msg.res.Result; res != nil {
		set := results.NewSet(res.Numbers)
		fresh := w.seen.Fresh(set, w.spec.Filter)
		if !w.baselined {
			w.baselined, fresh = true, nil
		}
		if len(fresh) > 0 {
			w.found += len(fresh)
			cmds = append(cmds, m.watchNews(set, fresh))
		}
		if m.showsWatched(w.spec) && !msg.res.Cached &&
			!m.search.loading && m.retry == nil {
			// The watched search is on screen: show what it found now.
			cmds = append(cmds, m.searchDone(searchDoneMsg{seq: m.search.seq, countries: api.CountryList{w.spec.Country},
				typ: w.spec.Types, result: res, partial: partialNote(msg.res), outcomes: msg.res.Countries}))
		}
	}
	return tea.Batch(append(cmds, m.scheduleWatch(wait))...)
}

// watchNews says that the numbers idx of set newly match: a message, the
// bell and a desktop notification.
func (m *Model) watchNews(set *results.Set, idx []int) tea.Cmd {
	first := set.International(idx[0])
	var text string
	if len(idx) == 1 {
		text = "New match for " + m.watch.label + ": " + first
	} else {
		text = fmt.Sprintf("%d new matches for %s: %s and %d more", len(idx), m.watch.label, first, len(idx)-1)
	}
	return tea.Batch(m.setNote(m.st.text(text), noteSuccess), alertCmd(m.cfg.Notify, !m.cfg.NoBell, "numbrowse", text))
}

// watchRepaintCmd repaints the status line when its "next in" changes:
// at the next whole minute before the search.
func (m *Model) watchRepaintCmd() tea.Cmd {
	w := m.watch
	if w == nil {
		return nil
	}
	left := w.next.Sub(m.now())
	if left <= 0 {
		return nil
	}
	d := left % time.Minute
	if d == 0 {
		d = time.Minute
	}
	gen := w.gen
	return m.after(d, func(time.Time) tea.Msg { return watchRepaintMsg{gen: gen} })
}

// watchRepaint keeps repainting while the watch waits.
func (m *Model) watchRepaint(msg watchRepaintMsg) tea.Cmd {
	if w := m.watch; w == nil || msg.gen != w.gen || w.running {
		return nil
	}
	return m.watchRepaintCmd()
}

// watchSegment is the status line's watch segment: what is watched, new
// matches so far, and when the next search runs (or that it is running,
// or why it waits).
func (m *Model) watchSegment() (statusSeg, bool) {
	w := m.watch
	if w == nil {
		return statusSeg{}, false
	}
	st := m.st
	head := "watching " + w.label
	var state string
	style := st.Subtle
	switch {
	case w.running:
		state = "searching" + st.Glyphs.Ellipsis
	case w.failure != "":
		state = strings.TrimSuffix(w.failure, ".") + ", retrying in " + minutesLeft(w.next.Sub(m.now()))
		style = st.Warning
	default:
		state = "next in " + minutesLeft(w.next.Sub(m.now()))
	}
	found := ""
	if w.found > 0 {
		found = fmt.Sprintf(", %d new", w.found)
	}
	return statusSeg{
		text:  style.Render(st.text(head + found + ": " + state)),
		short: style.Render(st.text("watching" + found + ": " + state)),
		keep:  75,
	}, true
}

// minutesLeft is a wait until something, in whole minutes rounded up:
// "4 min", "1 h 30 min", "under a minute".
func minutesLeft(d time.Duration) string {
	if d < time.Minute {
		return "under a minute"
	}
	return minutesText((d + time.Minute - 1) / time.Minute * time.Minute)
}

// minutesText is a duration of whole minutes: "5 min", "2 h 5 min".
func minutesText(d time.Duration) string {
	return buyAge(d)
}
