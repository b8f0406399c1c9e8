package ui

import (
	"charm.land/bubbles/v2/spinner"
	"fmt"
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
// the count, filter, sort and age of the results. Everything it reads is
// precomputed, so it costs the same for 20 or 200,000 results.
func (m *Model) statusLine(w int) string {
	if m.view == viewOwned {
		return m.ownedStatusLine(w)
	}
	st := m.st
	var segs []statusSeg
	if lead, short := m.statusLead(w); lead != "" {
		segs = append(segs, statusSeg{text: lead, short: short, keep: 100})
	}
	if m.res.set != nil {
		n, total := len(m.res.view), m.res.set.Len()
		count := fmt.Sprintf("%d numbers", total)
		if n != total {
			count = fmt.Sprintf("%d of %d numbers", n, total)
		}
		if total == 1 {
			count = "1 number"
		}
		short := count
		if m.marked > 0 {
			count += fmt.Sprintf(", %d marked", m.marked)
			short = count
			if h := m.table.HiddenMarks(); h > 0 {
				count += fmt.Sprintf(" (%d hidden by the filter)", h)
				short += fmt.Sprintf(" (%d hidden)", h)
			}
		}
		segs = append(segs, statusSeg{text: st.StatusBar.Render(count), short: st.StatusBar.Render(short), keep: 90})
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
			short := fmt.Sprintf("%d skipped", k)
			segs = append(segs, statusSeg{text: st.Warning.Render(m.st.text(short + ": " + m.res.skipped.String())),
				short: st.Warning.Render(short), keep: 70})
		}
		if !m.res.countries.Equal(m.countries) || m.res.typ != m.typ {
			segs = append(segs, statusSeg{text: st.Warning.Render("showing " + m.queryLabel(m.res.countries, m.res.typ)), keep: 60})
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
		if !(m.search.loading && m.res.stale) { // the lead says how old they are
			segs = append(segs, statusSeg{text: st.Faint.Render(ageText(m.now().Sub(m.res.fetchedAt))), keep: 40})
		}
	}
	return fitSegments(segs, st.Faint.Render(" "+st.Glyphs.Dot+" "), w)
}

// statusLead is the most urgent thing to say on a line w cells wide, or
// "", and a shorter form when it has one.
func (m *Model) statusLead(w int) (text, short string) {
	st := m.st
	refreshing := m.search.loading && m.res.stale && m.res.countries.Equal(m.countries) && m.res.typ == m.typ
	switch {
	case refreshing && m.note.text != "":
		// Why b did nothing, say, beats the age for a few seconds.
		return noteStyle(st, m.note.kind).Render(m.st.text(m.note.text)), ""
	case refreshing:
		// The last results of this very search, on screen while it runs.
		s := m.spin.View() + " " + st.Warning.Render(m.st.text(staleText(m.now().Sub(m.res.fetchedAt)))) +
			" " + st.Glyphs.Dot + " refreshing" + st.Glyphs.Ellipsis
		return s, ""
	case m.search.loading:
		s := m.spin.View() + " Searching " + m.search.query + st.Glyphs.Ellipsis
		if m.search.total > 0 {
			// A search of several countries says how far it has got.
			s += st.Faint.Render(fmt.Sprintf(" %d of %d countries", m.search.done, m.search.total))
		}
		if m.search.waiting > 0 {
			s += st.Faint.Render(fmt.Sprintf(" (waiting %s for the rate limit)", roundWait(m.search.waiting)))
		}
		return s, ""
	case m.retry != nil:
		return st.Warning.Render(m.st.text(fmt.Sprintf("Rate limited — retrying in %d s", m.retry.left))), ""
	case m.note.text != "":
		return noteStyle(st, m.note.kind).Render(m.st.text(m.note.text)), ""
	case m.issue != nil:
		// The short form leaves a quarter of the line to the count of the
		// results the failure kept.
		return st.Error.Render(m.issue.fit(m.st, w)), st.Error.Render(m.issue.fit(m.st, w*3/4))
	case m.cfg.Setup != "":
		return st.Error.Render(m.st.text(api.Printable(m.cfg.Setup))), ""
	}
	return "", ""
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
// the least important one; what is left is cut.
func fitSegments(segs []statusSeg, sep string, w int) string {
	for {
		parts := make([]string, len(segs))
		for i, s := range segs {
			parts[i] = s.text
		}
		line := strings.Join(parts, sep)
		if lipgloss.Width(line) <= w || len(segs) <= 1 {
			return fitLine(line, w)
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
			segs[short].text, segs[short].short = segs[short].short, ""
			continue
		}
		segs = append(segs[:low:low], segs[low+1:]...)
	}
}

// fitLine cuts s (which may hold styles and wide characters) to at most w
// cells.
func fitLine(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if lipgloss.Width(s) > w {
		return ansi.Truncate(s, w, "")
	}
	return s
}
