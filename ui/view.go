package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
)

// View draws the screen: header, body (table and detail pane, or a
// message), status line and help line, with the focused dialog over the
// body (or the filter input on the help line).
// Only the rows on screen are rendered, so a frame costs the same for 20
// or 200,000 results; nothing is drawn outside the terminal.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	if m.cfg.Mouse {
		v.MouseMode = tea.MouseModeCellMotion
	}
	v.WindowTitle = api.Printable(m.chrome.title)
	return v
}

// render composes the screen as a string of at most height lines of at
// most width cells.
func (m *Model) render() string {
	l := m.lay
	if l.tooSmall {
		return m.st.text(tooSmall(l.width, l.height))
	}
	body, bottom := m.body(), m.chrome.help
	if m.focusModal {
		body, bottom = m.renderFocused(body, bottom)
	}
	screen := []string{block(m.chrome.header, l.header.w, 1)}
	if l.banner.h > 0 {
		screen = append(screen, block(m.banner(l.banner.w), l.banner.w, 1))
	}
	screen = append(screen,
		body,
		block(m.statusLine(l.status.w), l.status.w, 1),
		block(bottom, l.help.w, 1),
	)
	return strings.Join(screen, "\n")
}

// renderFocused draws the focused dialog over body, or the focused input
// instead of bottom on the help line.
//
// It works on a copy of the model. The component is reached through its
// interface, which the compiler cannot see through, so the model it is
// reached from moves to the heap (20 KB): on a copy, only the frames with
// a dialog or input open pay for that, not every frame of the table.
func (m *Model) renderFocused(body, bottom string) (string, string) {
	c := *m
	focused, l := c.focused(), c.lay
	if dlg := focused.overlay(); dlg != "" {
		body = overlay(body, dlg, l.body.w, l.body.h)
	}
	if f, ok := focused.(footer); ok {
		bottom = f.footer(&c, l.help.w)
	}
	return body, bottom
}

// body is the table and the detail pane, or a message when there is no
// row to show. The panes draw exactly the size they were given, so only
// the message goes through block: measuring every line of the panes again
// was half the cost of a frame.
func (m *Model) body() string {
	if m.view == viewOwned {
		return m.ownedBody()
	}
	return m.layBody(m.emptyMessage(m.lay.table.w, m.lay.table.h), m.table.View, m.detail.View)
}

// layBody places a view's table (or the message that stands in for it,
// when empty is not "") and its detail pane as the layout says: the pane
// beside the table, below it, or not shown.
func (m *Model) layBody(empty string, table, detail func() string) string {
	l := m.lay
	var main string
	if empty == "" {
		main = table()
	} else {
		main = block(empty, l.table.w, l.table.h)
	}
	if l.detail.w == 0 || l.detail.h == 0 {
		return main
	}
	det := detail()
	if l.detailRight {
		return joinColumns(main, det)
	}
	return main + "\n" + det
}

// emptyMessage explains an empty table (nothing searched yet, a setup
// problem, no numbers, or a filter that matches none), or is "".
func (m *Model) emptyMessage(w, h int) string {
	st := m.st
	var title, hint string
	switch {
	case m.res.set == nil && m.cfg.Setup != "":
		title = api.Printable(m.cfg.Setup)
		hint = "The pickers work (c, t); searching needs an API key."
	case m.res.set == nil && m.search.loading:
		title = "Searching " + m.search.query + st.Glyphs.Ellipsis
	case m.res.set == nil && m.issue != nil:
		title, hint = m.issue.text, capitalize(m.issue.hint)
	case m.res.set == nil:
		title = "No results yet"
	case m.res.set.Len() == 0 && m.res.skipped.Total() > 0:
		k := m.res.skipped.Total()
		q := m.queryLabel(m.res.countries, m.res.typ)
		title = fmt.Sprintf("All %s entries for %s were skipped", api.Thousands(k), q)
		if k == 1 {
			title = fmt.Sprintf("The one entry for %s was skipped", q)
		}
		hint = "Skipped: " + m.res.skipped.String() + ". " + capitalize(anotherHint(m.res.typ)) + "."
	case m.res.set.Len() == 0:
		title = noNumbersIn(m.res.typ, m.st.plain(countriesTitle(m.res.countries)))
		hint = capitalize(anotherHint(m.res.typ)) + "."
	case m.res.view.Len() == 0:
		title, hint = "No numbers match the filter", "Press / to change it or esc to clear it."
	default:
		return ""
	}
	lines := []string{st.HeaderText.Render(m.st.text(title))}
	if hint != "" {
		lines = append(lines, "", st.Subtle.Render(m.st.text(hint)))
	}
	msg := lipgloss.NewStyle().Width(max(w-4, 1)).Align(lipgloss.Center).Render(strings.Join(lines, "\n"))
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, msg)
}

// noNumbersIn is the empty table's title: "No toll-free numbers
// available in Germany", "No numbers of any type available in Germany".
func noNumbersIn(typ api.TypeChoice, country string) string {
	if typ.All() {
		return "No numbers of any type available in " + country
	}
	return "No " + typ.Label() + " numbers available in " + country
}

// countriesTitle is a country's name, or its code when it has none; a
// group's name ("the European Union"); or several countries' codes
// ("DE FR NL").
func countriesTitle(l api.CountryList) string {
	if g, ok := l.Group(); ok {
		return "the " + g.Name
	}
	if len(l) == 1 && l[0].Name != "" {
		return l[0].Name
	}
	return api.Printable(l.Label(4))
}

// shownQuery is the countries and type of the rows on screen: the last
// search that found numbers, or before any, the one being searched.
func (m *Model) shownQuery() (api.CountryList, api.TypeChoice) {
	if m.res.set != nil {
		return m.res.countries, m.res.typ
	}
	return m.countries, m.typ
}

// renderHeader is "numbrowse  GB United Kingdom +44 · mobile", the search
// whose rows are on screen (shownQuery: while another search runs or
// after it failed, the rows' own), with the READ-ONLY and DEMO badges at
// the right.
func (m *Model) renderHeader(w int) string {
	st := m.st
	countries, typ := m.shownQuery()
	left := st.Title.Render("numbrowse") + "  "
	switch g, isGroup := countries.Group(); {
	case m.view == viewOwned:
		left += st.HeaderText.Render("Your numbers") + st.Faint.Render(st.text(" — the account behind the API key"))
	case len(countries) == 1 && countries[0].Name != "":
		c := countries[0]
		left += st.HeaderText.Render(c.Code+" "+st.plain(c.Name)) + " " + st.Subtle.Render(c.Calling())
	case isGroup:
		left += st.HeaderText.Render(g.Code+" "+st.plain(g.Name)) + " " + st.Subtle.Render(fmt.Sprintf("%d countries", len(countries)))
	case len(countries) > 1:
		left += st.HeaderText.Render(countries.Label(6)) + " " + st.Subtle.Render(fmt.Sprintf("%d countries", len(countries)))
	default:
		left += st.HeaderText.Render(api.Printable(countries.Key()))
	}
	if m.view != viewOwned {
		left += st.Faint.Render(" "+st.Glyphs.Dot+" ") + st.HeaderText.Render(typ.Label())
	}
	var badges []string
	if m.cfg.BuyingOff != "" {
		badges = append(badges, st.ReadOnlyBadge.Render("READ-ONLY"))
	}
	if m.cfg.Demo {
		badges = append(badges, st.DemoBadge.Render("DEMO"))
	}
	if len(badges) == 0 {
		return fitLine(left, w, st.Glyphs.Ellipsis)
	}
	return pickerSplit(left, strings.Join(badges, " "), w)
}

// banner is the line above the table while the rows on screen are not
// what the last search asked for (staleRows): which search failed or
// found nothing, why, and what the rows are. "⚠ AF Afghanistan · mobile:
// search rejected (HTTP 422) — showing US United States · mobile from the
// earlier search", or for the rows' own search "⚠ Refresh failed: the
// API did not answer within 3s — showing results fetched 12 min ago". At
// w cells the reason is cut first, then the names shortened to codes, so
// what the rows are always shows.
func (m *Model) banner(w int) string {
	st := m.st
	p := m.issue
	if p == nil {
		return ""
	}
	what := st.text(lowerFirst(p.text))
	var forms [][2]string // what failed, what the rows are
	switch {
	case m.showing(p.countries, p.typ) && m.res.preview:
		// The search failed while its answer arrived: the rows are the
		// part that came, never presented as the list.
		n := api.Thousands(m.res.set.Len())
		forms = [][2]string{{"Search failed", "showing only the first " + n + " numbers, received before it failed"},
			{"Search failed", "only the first " + n + " numbers"}, {"Failed", "first " + n + " only"}}
	case m.showing(p.countries, p.typ):
		age := ageText(m.now().Sub(m.res.fetchedAt))
		forms = [][2]string{{"Refresh failed", "showing results " + age}, {"Refresh failed", "rows " + age}}
	default:
		forms = [][2]string{
			{m.queryLong(p.countries, p.typ), "showing " + m.queryLong(m.res.countries, m.res.typ) + " from the earlier search"},
			{m.queryLabel(p.countries, p.typ), "showing " + m.queryLabel(m.res.countries, m.res.typ) + " from the earlier search"},
			{m.queryLabel(p.countries, p.typ), "showing " + m.queryLabel(m.res.countries, m.res.typ) + " (earlier)"},
		}
	}
	// The first form that says everything; else the first that leaves the
	// reason a fair part of the line (30 cells), cut; else the shortest,
	// which leaves it the most.
	for _, minRoom := range []int{-1, 30, -2} {
		for k, f := range forms {
			head := st.Glyphs.Warn + " " + f[0] + ": "
			tail := st.text(" — " + f[1])
			room := w - cellWidth(head) - cellWidth(tail)
			body := what
			switch {
			case minRoom == -1 && cellWidth(body) > room:
				continue
			case minRoom >= 0 && room < minRoom:
				continue
			case minRoom == -2 && k < len(forms)-1:
				continue
			}
			if cellWidth(body) > room {
				body = ansi.Truncate(body, max(room, 0), st.Glyphs.Ellipsis)
			}
			return fitLine(st.Warning.Render(head+body+tail), w, st.Glyphs.Ellipsis)
		}
	}
	return ""
}

// tooSmall says the terminal is too small, cut to fit whatever the size.
func tooSmall(w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	msg := fmt.Sprintf("Terminal too small: %dx%d — numbrowse needs at least %dx%d", w, h, minWidth, minHeight)
	wrapped := lipgloss.NewStyle().Width(w).Align(lipgloss.Center).Render(msg)
	return block(lipgloss.PlaceVertical(h, lipgloss.Center, wrapped), w, h)
}

// overlay draws dlg over base (a w×h block), centred across and a third
// of the way down. Only the dialog's lines are spliced, so it costs the
// dialog's size, not the screen's.
func overlay(base, dlg string, w, h int) string {
	dl := strings.Split(dlg, "\n")
	dw := 0
	for _, l := range dl {
		dw = max(dw, ansi.StringWidth(l))
	}
	dw = min(dw, w)
	x, y := max((w-dw)/2, 0), max((h-len(dl))/3, 0)
	bl := strings.Split(base, "\n")
	for i, d := range dl {
		if y+i >= len(bl) {
			break
		}
		b := bl[y+i]
		left := ansi.Truncate(b, x, "")
		left += strings.Repeat(" ", max(x-ansi.StringWidth(left), 0))
		d = fitCells(d, dw)
		right := ansi.TruncateLeft(b, x+dw, "")
		if rw := ansi.StringWidth(right); rw > max(w-x-dw, 0) { // a wide character was cut
			right = " " + ansi.TruncateLeft(b, x+dw+1, "")
		}
		bl[y+i] = left + "\x1b[m" + d + "\x1b[m" + right
	}
	return strings.Join(bl, "\n")
}

// joinColumns puts two blocks of the same height side by side.
func joinColumns(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range al {
		if i < len(bl) {
			al[i] += bl[i]
		}
	}
	return strings.Join(al, "\n")
}

// block makes s exactly h lines of exactly w cells: longer lines are cut,
// shorter ones padded, missing lines added, extra lines dropped. Every
// part of the screen goes through it, so nothing can spill over.
func block(s string, w, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.SplitN(s, "\n", h+1)
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = fitCells(l, w)
	}
	return strings.Join(lines, "\n")
}

// fitCells cuts s (which may hold styles and wide characters) to w cells
// and pads it with spaces to exactly w, measuring it once.
func fitCells(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}
