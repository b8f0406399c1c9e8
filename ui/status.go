package ui

import (
	"charm.land/bubbles/v2/spinner"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
)

// noteKind is the tone of a transient status message.
type noteKind int

const (
	noteInfo noteKind = iota
	noteSuccess
	noteWarning
	noteError
)

// note is a transient status message ("Copied +44 7700 900123").
type note struct {
	text string
	kind noteKind
}

// noteTTL is how long a transient message stays.
const noteTTL = 5 * time.Second

// noteExpiredMsg clears the transient message with the same id.
type noteExpiredMsg struct{ id int }

// setNote shows a transient message and returns the command that clears
// it later.
func (m *Model) setNote(text string, kind noteKind) tea.Cmd {
	m.noteID++
	m.note = note{text: text, kind: kind}
	id := m.noteID
	return m.after(noteTTL, func(time.Time) tea.Msg { return noteExpiredMsg{id: id} })
}

// ageTickMsg asks for a repaint when the "fetched N min ago" text changes.
type ageTickMsg struct{ gen int }

// ageTickCmd schedules the next repaint of the results' age: at the next
// minute (or hour) boundary of the age, not every second.
func (m *Model) ageTickCmd() tea.Cmd {
	if m.res.set == nil {
		return nil
	}
	m.ageGen++
	gen := m.ageGen
	d := nextAgeChange(m.now().Sub(m.res.fetchedAt))
	return m.after(d, func(time.Time) tea.Msg { return ageTickMsg{gen: gen} })
}

// ageText is "fetched just now", "fetched 2 min ago", "fetched 3 h ago".
func ageText(age time.Duration) string {
	switch {
	case age < time.Minute:
		return "fetched just now"
	case age < time.Hour:
		return fmt.Sprintf("fetched %d min ago", int(age/time.Minute))
	}
	return fmt.Sprintf("fetched %d h ago", int(age/time.Hour))
}

// staleText is "from 2 h ago", "from 5 min ago", "from just now": the age
// of results kept from before.
func staleText(age time.Duration) string {
	switch {
	case age < time.Minute:
		return "from just now"
	case age < time.Hour:
		return fmt.Sprintf("from %d min ago", int(age/time.Minute))
	case age < 48*time.Hour:
		return fmt.Sprintf("from %d h ago", int(age/time.Hour))
	}
	return fmt.Sprintf("from %d days ago", int(age/(24*time.Hour)))
}

// nextAgeChange is how long until ageText(age) changes.
func nextAgeChange(age time.Duration) time.Duration {
	unit := time.Minute
	if age >= time.Hour {
		unit = time.Hour
	}
	if age < 0 {
		return -age + time.Second
	}
	return unit - age%unit
}

// statusSeg is one part of the status line. When the line is too long,
// segments switch to their short text (if any) and then are dropped, those
// with the lower keep value first.
type statusSeg struct {
	text, short string
	keep        int
}

// statusLine renders the status line for width w: what is happening (the
// spinner while searching, a countdown, a message or the last error), then
// the count, filter, sort and age of the results, and at the right end
// the cursor's position ("12/128"). Everything it reads is precomputed, so
// it costs the same for 20 or 200,000 results. The position is
// right-aligned in a fixed width, so a move changes only its digits.
func (m *Model) statusLine(w int) string {
	segments := m.statusSegments
	if m.view == viewOwned {
		segments = m.ownedStatusSegments
	}
	st := m.st
	ruler := m.ruler()
	rw := cellWidth(ruler)
	if ruler != "" && w >= rw+minStatusLeft {
		left := fitSegments(segments(w-rw-1), st.Faint.Render(" "+st.Glyphs.Dot+" "), w-rw-1, st.Glyphs.Ellipsis)
		return fitCells(left, w-rw) + ruler // unstyled: a move then costs only its digits
	}
	return fitSegments(segments(w), st.Faint.Render(" "+st.Glyphs.Dot+" "), w, st.Glyphs.Ellipsis)
}

// minStatusLeft is the fewest cells the status line keeps left of the
// position before it gives the position up.
const minStatusLeft = 24

// ruler is the cursor's position among the rows in view, "12/128", padded
// on the left to the width of the last row's ("  9/128"), between the
// scroll indicators: Glyphs.Above when rows are hidden above the screen,
// Glyphs.Below when rows are hidden below ("↑ 40/128 ↓"). It is "" without
// rows. (A scroll bar in the table would scroll with the rows and cost
// bytes on every move; the status line does not scroll.)
func (m *Model) ruler() string {
	if m.view == viewOwned {
		return rulerOf(&m.st.Glyphs, m.ownedPane)
	}
	if m.res.set == nil {
		return ""
	}
	return rulerOf(&m.st.Glyphs, m.table)
}

// positioned is a list with a cursor the ruler can describe: the results
// table and the owned numbers' table.
type positioned interface {
	Position() (row, of int)
	Hidden() (above, below bool)
}

// rulerOf is ruler for list l.
func rulerOf(g *Glyphs, l positioned) string {
	row, of := l.Position()
	if of == 0 {
		return ""
	}
	total := api.Thousands(of)
	pos := api.Thousands(row)
	up, down := strings.Repeat(" ", cellWidth(g.Above)), strings.Repeat(" ", cellWidth(g.Below))
	if above, below := l.Hidden(); above || below {
		if above {
			up = g.Above
		}
		if below {
			down = g.Below
		}
	}
	return up + " " + strings.Repeat(" ", len(total)-len(pos)) + pos + "/" + total + " " + down
}

// statusSegments are the status line's parts for a line w cells wide.
func (m *Model) statusSegments(w int) []statusSeg {
	st := m.st
	var segs []statusSeg
	if lead, short := m.statusLead(w); lead != "" {
		segs = append(segs, statusSeg{text: lead, short: short, keep: 100})
	}
	if m.res.set != nil {
		count, short := m.countText()
		switch {
		case m.previewing() && m.note.text == "":
			// The lead says it, with the spinner: "10,000 numbers so far ·
			// receiving the rest…".
		case m.previewing():
			// A note has the lead: the count says "so far" on its own.
			segs = append(segs, statusSeg{text: st.StatusBar.Render(count), short: st.StatusBar.Render(short), keep: 90})
		case m.res.preview:
			// The rest never came: never a partial list shown as whole.
			segs = append(segs, statusSeg{text: st.Warning.Render(st.text(count + " — list incomplete")),
				short: st.Warning.Render(st.text(short + " — incomplete")), keep: 90})
		default:
			segs = append(segs, statusSeg{text: st.StatusBar.Render(count), short: st.StatusBar.Render(short), keep: 90})
		}
		if f := m.res.failed; len(f) > 0 {
			// A country of the search failed: its rows are missing, so
			// this stays on the line nearly as long as the count.
			codes := make([]string, len(f))
			for i, c := range f {
				codes[i] = c.code
			}
			what := strings.Join(codes, ", ") + " failed"
			segs = append(segs, statusSeg{
				text:  st.Warning.Render(m.st.text(what + ": " + f[0].why.text + " " + st.Glyphs.Dot + " r retries")),
				short: st.Warning.Render(m.st.text(what)), keep: 85})
		}
		if k := m.res.skipped.Total(); k > 0 {
			// The provider's entries the decoder could not use: how many and why.
			short := api.Thousands(k) + " skipped"
			segs = append(segs, statusSeg{text: st.Warning.Render(m.st.text(short + ": " + m.res.skipped.String())),
				short: st.Warning.Render(short), keep: 70})
		}
	}
	if m.filterNote != "" {
		segs = append(segs, statusSeg{text: m.filterNote, short: m.filterShort, keep: 80})
	}
	if seg, ok := m.watchSegment(); ok {
		segs = append(segs, seg)
	}
	if m.res.set != nil {
		arrow := st.Glyphs.SortAsc
		if m.sort.Desc {
			arrow = st.Glyphs.SortDesc
		}
		sortText := "sort " + m.sort.Col.String() + " " + arrow
		if cur := m.res.set.CurrencyOrder(m.sort.Col); cur != nil {
			// Amounts in different currencies are never compared: say
			// the rows are grouped, and which currency comes first.
			segs = append(segs, statusSeg{text: st.Faint.Render(sortText + " per currency, " + cur[0] + " first"),
				short: st.Faint.Render(sortText + " per currency"), keep: 50})
		} else {
			segs = append(segs, statusSeg{text: st.Faint.Render(sortText), keep: 50})
		}
		if m.res.partial != "" {
			segs = append(segs, statusSeg{text: st.Faint.Render(m.res.partial), keep: 30})
		}
		if len(m.res.none) > 0 {
			segs = append(segs, statusSeg{text: st.Faint.Render("nothing in " + strings.Join(m.res.none, ", ")), keep: 30})
		}
		if !(m.search.loading && m.res.stale) && !m.res.preview { // the lead says how old they are; a preview is not fetched yet
			segs = append(segs, statusSeg{text: st.Faint.Render(ageText(m.now().Sub(m.res.fetchedAt))), keep: 40})
		}
	}
	return segs
}

// countText is the count of the rows: "128 numbers", "12 of 128
// numbers", with the marks, and a shorter form; over a preview "so far".
func (m *Model) countText() (count, short string) {
	n, total := m.res.view.Len(), m.res.set.Len()
	count = api.Thousands(total) + " numbers"
	if n != total {
		count = api.Thousands(n) + " of " + api.Thousands(total) + " numbers"
	}
	if total == 1 {
		count = "1 number"
	}
	if m.previewing() {
		count += " so far"
	}
	short = count
	if m.marked > 0 {
		count += ", " + api.Thousands(m.marked) + " marked"
		short = count
		if h := m.table.HiddenMarks(); h > 0 {
			count += " (" + api.Thousands(h) + " hidden by the filter)"
			short += " (" + api.Thousands(h) + " hidden)"
		}
	}
	return count, short
}

// previewing reports whether the rows are the first numbers of the
// search in flight, whose rest is still arriving.
func (m *Model) previewing() bool {
	return m.res.preview && m.search.loading && m.res.seq == m.search.seq && m.res.set != nil
}

// statusLead is the most urgent thing to say on a line w cells wide, or
// "", and a shorter form when it has one.
func (m *Model) statusLead(w int) (text, short string) {
	st := m.st
	refreshing := m.search.loading && m.res.stale && m.res.countries.Equal(m.countries) && m.res.typ == m.typ
	switch {
	case m.previewing() && m.note.text != "":
		// What a key did to the first numbers ("Copied …") beats the
		// spinner for a few seconds; the count still says "so far" (a
		// long note is cut to leave it room).
		n := noteStyle(st, m.note.kind).Render(m.st.text(m.note.text))
		return n, ansi.Truncate(n, max(w*3/5, 1), st.Glyphs.Ellipsis)
	case m.previewing():
		// The first numbers of a large answer: how many so far (the
		// filter, the sort and the position are over those), and that
		// the rest is coming.
		count, sh := m.countText()
		rest := " " + st.Glyphs.Dot + " receiving the rest" + st.Glyphs.Ellipsis
		s := m.spin.View() + " " + st.StatusBar.Render(count) + st.Faint.Render(rest)
		sh = m.spin.View() + " " + st.StatusBar.Render(sh) + st.Faint.Render(st.Glyphs.Ellipsis)
		if r := m.retryNote(); r != "" {
			s += " " + st.Warning.Render(st.text(r))
			sh += " " + st.Warning.Render(st.text(r))
		}
		return s, sh
	case refreshing && m.note.text != "":
		// Why b did nothing, say, beats the age for a few seconds.
		return noteStyle(st, m.note.kind).Render(m.st.text(m.note.text)), ""
	case refreshing:
		// The last results of this very search, on screen while it runs.
		s := m.spin.View() + " " + st.Warning.Render(m.st.text(staleText(m.now().Sub(m.res.fetchedAt)))) +
			" " + st.Glyphs.Dot + " refreshing" + st.Glyphs.Ellipsis
		sh := s
		// The refresh's waits say why, as a search's do.
		if m.search.waiting > 0 {
			s += st.Faint.Render(fmt.Sprintf(" (waiting %s for the rate limit)", roundWait(m.search.waiting)))
		}
		if r := m.retryNote(); r != "" {
			s += " " + st.Warning.Render(st.text(r))
			sh += " " + st.Warning.Render(st.text(r))
		}
		return s, sh
	case m.search.loading:
		s := m.spin.View() + " Searching " + m.search.query + st.Glyphs.Ellipsis
		sh := m.spin.View() + " " + m.search.query + st.Glyphs.Ellipsis
		if m.search.total > 0 {
			// A search of several countries says how far it has got.
			n := st.Faint.Render(fmt.Sprintf(" %d of %d countries", m.search.done, m.search.total))
			s += n
			sh += n
		}
		if m.search.waiting > 0 {
			s += st.Faint.Render(fmt.Sprintf(" (waiting %s for the rate limit)", roundWait(m.search.waiting)))
		}
		if r := m.retryNote(); r != "" {
			s += " " + st.Warning.Render(st.text(r))
			sh += " " + st.Warning.Render(st.text(r))
		}
		return s, sh
	case m.retry != nil:
		return st.Warning.Render(m.st.text(fmt.Sprintf("Rate limited — retrying in %d s", m.retry.left))), ""
	case m.note.text != "":
		return noteStyle(st, m.note.kind).Render(m.st.text(m.note.text)), ""
	case m.wantBanner():
		// The banner above the table says what failed and what the rows
		// are; here, what to do.
		return st.Error.Render(st.text(capitalize(m.issue.hint))), ""
	case m.issue != nil:
		// The short form leaves a quarter of the line to the count of the
		// results the failure kept.
		return st.Error.Render(m.issue.fit(m.st, w)), st.Error.Render(m.issue.fit(m.st, w*3/4))
	case m.cfg.Setup != "":
		return st.Error.Render(m.st.text(api.Printable(m.cfg.Setup))), ""
	}
	return "", ""
}

// retryNote says why the search in flight takes long: the client is
// retrying a failed attempt. "rate limited — retrying in 7 s (2 of 3)"
// while it waits out a 429, else "retrying (2 of 3) after a timeout"; for
// all types, which type ("local: …"), and for several countries, which
// country ("FR mobile: …" with all types). "" when nothing was retried.
func (m *Model) retryNote() string {
	ev := m.search.retry
	if ev == nil {
		return ""
	}
	next := fmt.Sprintf("%d of %d", ev.Attempt+1, ev.Attempts)
	var s string
	if left := m.search.retryAt.Sub(m.now()); api.IsRateLimited(ev.Err) && left > 0 {
		s = fmt.Sprintf("rate limited — retrying in %s (%s)", roundWait(left), next)
	} else {
		s = fmt.Sprintf("retrying (%s) after %s", next, attemptFailure(ev))
	}
	var which []string
	if len(m.countries) > 1 {
		which = append(which, api.Printable(ev.Query.Country))
	}
	if m.typ.All() {
		which = append(which, string(ev.Query.Type))
	}
	if len(which) > 0 {
		s = strings.Join(which, " ") + ": " + s
	}
	return s
}

// attemptFailure is why an attempt failed, after "retrying (2 of 3)
// after": "a timeout", "a rate limit", "a server error (HTTP 503)".
func attemptFailure(ev *api.RequestEvent) string {
	switch api.KindOf(ev.Err) {
	case api.KindTimeout:
		return "a timeout"
	case api.KindRateLimited:
		return "a rate limit"
	case api.KindServer:
		return fmt.Sprintf("a server error (HTTP %d)", ev.Status)
	case api.KindNetwork:
		return "a network error"
	case api.KindBadResponse:
		return "an unreadable answer"
	}
	return "an error"
}

// lowerFirst lower-cases the first letter of one of the browser's own
// sentences (ASCII only), to follow "Refresh failed: ". A sentence that
// starts with a name ("API key rejected") keeps it.
func lowerFirst(s string) string {
	if len(s) > 1 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z') {
		return string(s[0]-'A'+'a') + s[1:]
	}
	return s
}

// newSpinner is the loading spinner. It ticks only while a search runs.
func newSpinner(st *Styles) spinner.Model {
	return spinner.New(spinner.WithSpinner(spinnerFor(st)), spinner.WithStyle(st.Spinner))
}

// spinnerFor is the spinners' animation: braille dots, or a plain line in
// ASCII mode.
func spinnerFor(st *Styles) spinner.Spinner {
	if st.ASCII {
		return spinner.Line
	}
	return spinner.MiniDot
}

// noteStyle picks the style for a message's tone.
func noteStyle(st *Styles, k noteKind) lipgloss.Style {
	switch k {
	case noteSuccess:
		return st.Success
	case noteWarning:
		return st.Warning
	case noteError:
		return st.Error
	}
	return st.StatusBar
}

// roundWait is a wait in whole seconds, at least 1 s.
func roundWait(d time.Duration) string {
	return fmt.Sprintf("%d s", max(int((d+time.Second-1)/time.Second), 1))
}

// fitSegments joins segments with sep. Until the line fits in w cells, it
// shortens the least important segment that has a short form, else drops
// the least important one; what is left is cut. A segment shortened
// before a later one was dropped gets its long form back when that fits
// now (the most important first): "sort monthly ▲ per currency, EUR
// first" is not left as "per currency" on a line that has the room.
func fitSegments(segs []statusSeg, sep string, w int, ell string) string {
	var long []statusSeg // the shortened segments' long forms
	join := func() string {
		parts := make([]string, len(segs))
		for i, s := range segs {
			parts[i] = s.text
		}
		return strings.Join(parts, sep)
	}
	for {
		line := join()
		if lipgloss.Width(line) <= w || len(segs) <= 1 {
			slices.SortStableFunc(long, func(a, b statusSeg) int { return b.keep - a.keep })
			for _, l := range long {
				i := slices.IndexFunc(segs, func(s statusSeg) bool { return s.keep == l.keep && s.text == l.short })
				if i < 0 {
					continue
				}
				segs[i].text = l.text
				if lipgloss.Width(join()) > w {
					segs[i].text = l.short
				}
			}
			return fitLine(join(), w, ell)
		}
		low, short := 0, -1
		for i, s := range segs {
			if s.keep < segs[low].keep {
				low = i
			}
			if s.short != "" && (short < 0 || s.keep < segs[short].keep) {
				short = i
			}
		}
		if short >= 0 {
			long = append(long, segs[short])
			segs[short].text, segs[short].short = segs[short].short, ""
			continue
		}
		segs = append(segs[:low:low], segs[low+1:]...)
	}
}

// fitLine cuts s (which may hold styles and wide characters) to at most w
// cells, ending a cut line with ell (the ellipsis glyph) so that a cut
// sentence never reads as a whole one.
func fitLine(s string, w int, ell string) string {
	if w <= 0 {
		return ""
	}
	if lipgloss.Width(s) > w {
		if lipgloss.Width(ell) >= w {
			ell = ""
		}
		return ansi.Truncate(s, w, ell)
	}
	return s
}
