package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"numbrowse/api"
)

// syncKeys enables the bindings that can do something now and disables
// the others, so the help shows only what works (and a disabled key does
// nothing). Buying needs a Purchaser, a selected row that is not rented
// yet, and no purchase in flight.
func (m *Model) syncKeys() {
	km := m.keys
	hasSet := m.res.set != nil
	hasRows := m.res.view.Len() > 0
	km.Copy.SetEnabled(hasRows)
	km.CopyMenu.SetEnabled(hasRows)
	km.Mark.SetEnabled(hasRows)
	km.MarkAll.SetEnabled(hasRows)
	km.ClearMarks.SetEnabled(m.marked > 0)
	km.Export.SetEnabled(hasRows)
	km.Focus.SetEnabled(hasRows)
	km.Detail.SetEnabled(hasSet)
	km.Filter.SetEnabled(hasSet)
	km.Sort.SetEnabled(hasSet)
	km.Reverse.SetEnabled(hasSet)
	km.Refresh.SetEnabled(m.svc != nil)
	km.Buy.SetEnabled(m.canBuy())
	km.Watch.SetEnabled(m.svc != nil)
	km.Owned.SetEnabled(m.owner != nil)
	m.fullHelp.owned = m.view == viewOwned
	if m.view == viewOwned {
		m.syncOwnedKeys()
	} else {
		km.Searches.SetEnabled(true)
		km.SaveSearch.SetEnabled(true)
		km.Owned.SetHelp(km.Owned.Help().Key, "your numbers")
	}
	m.refreshChrome()
}

// asciiHelp rewrites help labels that use arrows or other non-ASCII
// symbols ("↑/k") as the key names ("k/up"), for ASCII mode.
func asciiHelp(km *KeyMap) {
	for _, a := range km.Actions() {
		h := a.Binding.Help()
		if !isPlainASCII(h.Key) {
			a.Binding.SetHelp(strings.Join(a.Binding.Keys(), "/"), h.Desc)
		}
	}
}

// helpStyles maps the browser's styles onto the help bubble.
func helpStyles(st *Styles) help.Styles {
	return help.Styles{
		Ellipsis:       st.Faint,
		ShortKey:       st.Key,
		ShortDesc:      st.Subtle,
		ShortSeparator: st.Faint,
		FullKey:        st.Key,
		FullDesc:       st.Subtle,
		FullSeparator:  st.Faint,
	}
}

// chromeCache holds the header and the short help line, rendered only when
// what they show changes (not on every frame).
type chromeCache struct {
	sig    chromeSig
	header string
	help   string
	title  string
}

// chromeSig is everything the header and help line depend on.
type chromeSig struct {
	valid   bool
	width   int
	country string // the countries' codes
	typ     api.TypeChoice
	view    viewMode
	enabled uint64
	focus   focus
}

// refreshChrome re-renders the header and help line when their inputs
// changed.
func (m *Model) refreshChrome() {
	countries, typ := m.shownQuery()
	sig := chromeSig{valid: true, width: m.lay.width, country: countries.Key(), typ: typ, view: m.view, enabled: m.enabledBits(), focus: m.focus}
	if m.chrome.sig == sig {
		return
	}
	title := "numbrowse — " + countries.Label(4) + " " + typ.Label()
	if m.view == viewOwned {
		title = "numbrowse — your numbers"
	}
	m.chrome = chromeCache{sig: sig, header: m.renderHeader(m.lay.header.w), title: m.st.text(title)}
	m.chrome.help = m.shortHelp(m.lay.help.w)
}

// shortHelp is the help line for the part that has the focus (the detail
// pane's own keys while it has it), w cells wide. When the line is too
// long, the hints that do not fit are left out, ? help last: it leads to
// all the others.
func (m *Model) shortHelp(w int) string {
	all := m.keys.ShortHelp()
	switch {
	case m.focus == focusDetail:
		all = m.keys.DetailHelp()
	case m.view == viewOwned:
		all = m.keys.OwnedShortHelp()
	}
	hm := *m.help
	hm.SetWidth(0) // measure each hint whole; the choice below fits the line
	sep := lipgloss.Width(hm.ShortSeparator)
	width := func(b key.Binding) int { return lipgloss.Width(hm.ShortHelpView([]key.Binding{b})) }
	var binds []key.Binding
	used := 0
	for _, b := range all {
		if b.Enabled() && b.Help().Key != "" && sameKeys(b, m.keys.Help) {
			used = width(b) // kept whatever else fits
		}
	}
	for _, b := range all {
		if !b.Enabled() || b.Help().Key == "" {
			continue
		}
		if sameKeys(b, m.keys.Help) {
			binds = append(binds, b)
			continue
		}
		if bw := width(b) + sep; used+bw <= w {
			binds = append(binds, b)
			used += bw
		}
	}
	return fitLine(hm.ShortHelpView(binds), w, m.st.Glyphs.Ellipsis)
}

// sameKeys reports whether two bindings have the same keys.
func sameKeys(a, b key.Binding) bool { return slices.Equal(a.Keys(), b.Keys()) }

// enabledBits is one bit per enabled action.
func (m *Model) enabledBits() uint64 {
	var bits uint64
	for i, a := range m.keys.Actions() {
		if a.Binding.Enabled() {
			bits |= 1 << i
		}
	}
	return bits
}

// helpOverlay is the ? overlay: the full key help in columns and the
// filter syntax, in a dialog box. It shows the bindings enabled now (the
// root enables them in the key map it shares). While it has the focus it
// takes every key: help, esc or back close it and quit quits (the root's
// helpKey); nothing else happens.
type helpOverlay struct {
	st            *Styles
	keys          *KeyMap
	width, height int
	// readOnly and demo say which of the header's badges are shown, so
	// that the legend explains them.
	readOnly, demo bool
	// owned: the owned view is on screen, whose filter reads other terms
	// (ownedFilterPairs) and whose table has no feature or flag badges.
	owned bool
}

// newHelpOverlay builds the overlay for the key map keys, with a legend
// for the header's READ-ONLY and DEMO badges when they are shown.
func newHelpOverlay(st *Styles, keys *KeyMap, readOnly, demo bool) helpOverlay {
	return helpOverlay{st: st, keys: keys, readOnly: readOnly, demo: demo}
}

// SetSize sets the area the overlay may use; View draws a box no larger
// than w×h that the root centres.
func (o *helpOverlay) SetSize(w, h int) { o.width, o.height = w, h }

// SetStyles switches to new styles.
func (o *helpOverlay) SetStyles(st *Styles) { o.st = st }

func (o *helpOverlay) update(root *Model, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return root.helpKey(k)
	}
	return nil
}

func (o *helpOverlay) overlay() string  { return o.View() }
func (o *helpOverlay) onFocus() tea.Cmd { return nil }
func (o *helpOverlay) onBlur()          {}
func (o *helpOverlay) modal() bool      { return true }

// View draws the overlay in a box no larger than the size SetSize gave.
func (o helpOverlay) View() string {
	st, w, h := o.st, o.width, o.height
	innerW := min(w, 100) - st.Dialog.GetHorizontalFrameSize()
	innerH := h - st.Dialog.GetVerticalFrameSize()
	if innerW < 10 || innerH < 1 {
		return ""
	}
	keys := helpColumns(st, o.keys.FullHelp(), innerW)
	if 1+len(keys)+2 > innerH { // short terminal: flow the keys as text
		keys = helpFlow(st, o.keys.FullHelp(), innerW)
	}
	lines := append([]string{st.DialogTitle.Render("Keys")}, keys...)
	syntax := append([]string{"", st.DialogTitle.Render("Filter")}, flowPairs(st, searchFilterPairs(), innerW)...)
	if o.owned {
		syntax = append([]string{"", st.DialogTitle.Render("Filter")}, flowPairs(st, ownedFilterPairs, innerW)...)
	}
	var badges, tightBadges []string // none in the owned view without a header badge
	if legend := o.badgeLegend(innerW, ""); len(legend) > 0 {
		badges = append([]string{"", st.DialogTitle.Render("Badges")}, legend...)
		tightBadges = append([]string{""}, o.badgeLegend(innerW, st.DialogTitle.Render("Badges"))...)
	}
	// The badges' legend before the filter syntax when both do not fit
	// (the table's letters mean nothing without it; the filter line has
	// its own hints), in a tighter form if need be: the key bands without
	// the blank line between them, the title in the legend's first line.
	tight := slices.DeleteFunc(slices.Clone(lines), func(l string) bool { return l == "" })
	switch {
	case len(lines)+len(syntax)+len(badges)+2 <= innerH:
		lines = append(append(lines, syntax...), badges...)
	case len(lines)+len(badges)+2 <= innerH:
		lines = append(lines, badges...)
	case len(tight)+len(tightBadges)+2 <= innerH:
		lines = append(tight, tightBadges...)
	}
	lines = append(lines, "", pickerHint(st, innerW, "? esc", "close"))
	if len(lines) > innerH {
		lines = append(lines[:innerH-1], lines[len(lines)-1])
	}
	width := 0
	for _, l := range lines {
		width = max(width, lipgloss.Width(l))
	}
	return pickerFrame(st, lines, min(width, innerW))
}

// helpColumns lays the key groups out as columns (key, description),
// wrapping to a new band of columns when the next one does not fit in w
// cells. Disabled bindings are left out.
func helpColumns(st *Styles, groups [][]key.Binding, w int) []string {
	var cols []string
	for _, g := range groups {
		var keys, descs []string
		for _, b := range g {
			if b.Enabled() && b.Help().Key != "" {
				keys = append(keys, b.Help().Key)
				descs = append(descs, b.Help().Desc)
			}
		}
		if len(keys) > 0 {
			cols = append(cols, lipgloss.JoinHorizontal(lipgloss.Top,
				st.Key.Render(strings.Join(keys, "\n")), " ", st.Subtle.Render(strings.Join(descs, "\n"))))
		}
	}
	const gap = "    "
	var lines, band []string
	bandW := 0
	flush := func() {
		if len(band) > 0 {
			if len(lines) > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, band...), "\n")...)
		}
		band, bandW = nil, 0
	}
	for _, c := range cols {
		cw := lipgloss.Width(c)
		if len(band) > 0 && bandW+len(gap)+cw > w {
			flush()
		}
		if len(band) > 0 {
			band = append(band, gap)
			bandW += len(gap)
		}
		band = append(band, c)
		bandW += cw
	}
	flush()
	return lines
}

// helpFlow lays the key groups out as wrapped text, "key desc" items
// separated by two spaces, one paragraph per group: the compact form for
// short terminals.
func helpFlow(st *Styles, groups [][]key.Binding, w int) []string {
	var lines []string
	for _, g := range groups {
		line, lw := "", 0
		for _, b := range g {
			if !b.Enabled() || b.Help().Key == "" {
				continue
			}
			item := st.Key.Render(b.Help().Key) + " " + st.Subtle.Render(b.Help().Desc)
			iw := lipgloss.Width(item)
			if lw > 0 && lw+2+iw > w {
				lines = append(lines, line)
				line, lw = "", 0
			}
			if lw > 0 {
				line += "  "
				lw += 2
			}
			line += item
			lw += iw
		}
		if lw > 0 {
			lines = append(lines, line)
		}
	}
	return lines
}

// searchFilterPairs is the help overlay's summary of the search filter's
// terms: a term, then what it matches.
func searchFilterPairs() []string {
	return []string{
		"555", "digits", "^415", "starts", "00$", "ends", "^415***0100$ 555%00", "* one digit, % any", "FLOWERS", "vanity",
		"chicago", "place", "state:IL city: rc: zip: lata: region:", "region parts", "type:local", "type",
		strings.Join(api.KnownFeatures(), " ") + " feature:emergency", "features", "quickship reservable best-effort", "flags",
		"<2 >=0.5", "monthly", "up<1", "upfront", "cur:EUR", "currency", "docs", "needs documents/address", "!term", "not",
		"tab", "completes a term in the filter line", `city:"new york"`, "spaces in quotes",
	}
}

// ownedFilterPairs summarises the owned view's filter (results'
// ParseOwnedFilter): the search filter's number terms, words of the name,
// country or operators, and active / inactive. Features, types, flags,
// costs and region parts are not part of an owned number.
var ownedFilterPairs = []string{
	"555", "digits", "+44", "starts", "^415", "starts", "00$", "ends", "^415***0100$ 555%00", "* one digit, % any", "FLOWERS", "vanity",
	"sales", "a word of the name, country or operators", `"sales team"`, "spaces in quotes",
	"active inactive", "by the Active column", "!term", "not",
}

// flowPairs flows term/meaning pairs into lines of at most w cells (a
// pair is never split).
func flowPairs(st *Styles, pairs []string, w int) []string {
	var lines []string
	line, lw := "", 0
	for i := 0; i+1 < len(pairs); i += 2 {
		item := filterHelp(st, pairs[i], pairs[i+1])
		iw := lipgloss.Width(item)
		if lw > 0 && lw+2+iw > w {
			lines = append(lines, line)
			line, lw = "", 0
		}
		if lw > 0 {
			line += st.Faint.Render("  ")
			lw += 2
		}
		line += item
		lw += iw
	}
	if lw > 0 {
		lines = append(lines, line)
	}
	return lines
}

// badgeLegend explains the header's READ-ONLY and DEMO badges when they
// are shown, and the table's feature and flag badges, from api's
// vocabulary: "S SMS  V Voice  M MMS  F Fax  BE best effort ...", in
// lines of at most w cells, after title when it is not "".
func (o helpOverlay) badgeLegend(w int, title string) []string {
	st := o.st
	var items []string
	if title != "" {
		items = append(items, title)
	}
	if o.readOnly {
		items = append(items, st.ReadOnlyBadge.Render("READ-ONLY")+" "+st.Subtle.Render("buying is off (b says why)"))
	}
	if o.demo {
		items = append(items, st.DemoBadge.Render("DEMO")+" "+st.Subtle.Render("the demo inventory: nothing is charged"))
	}
	if !o.owned { // the owned view's table has no feature or flag badges
		for _, f := range api.KnownFeatures() {
			items = append(items, filterHelp(st, api.FeatureBadge(f), api.FeatureLabel(f)))
		}
		for _, f := range api.AllFlags() {
			if f.Warns() {
				items = append(items, filterHelp(st, f.Badge(), f.Label()))
			}
		}
	}
	sep := st.Faint.Render("  ")
	var lines []string
	line, lw := "", 0
	for _, item := range items {
		iw := lipgloss.Width(item)
		if lw > 0 && lw+2+iw > w {
			lines = append(lines, line)
			line, lw = "", 0
		}
		if lw > 0 {
			line += sep
			lw += 2
		}
		line += item
		lw += iw
	}
	if lw > 0 {
		lines = append(lines, line)
	}
	return lines
}

// filterHelp renders "term what · term what" for the help overlay.
func filterHelp(st *Styles, pairs ...string) string {
	parts := make([]string, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		parts = append(parts, st.Key.Render(pairs[i])+" "+st.Subtle.Render(pairs[i+1]))
	}
	return strings.Join(parts, st.Faint.Render("  "))
}
