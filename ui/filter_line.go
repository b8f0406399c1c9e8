package ui

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// filterHintKey is what the filter line's hint depends on.
type filterHintKey struct {
	value   string
	pos     int
	comp    *completionMenu
	compPos int
	set     *results.Set
	st      *Styles
	owned   bool
}

// filterHintCache keeps the last hint, so that a frame does not work it
// out again.
type filterHintCache struct {
	key  filterHintKey
	hint string
}

// filterLine is the bottom line while the filter is edited: the input and,
// at its right when there is room, a hint about the term being typed:
// the candidates tab cycles through, what the term means or why it is
// invalid, the candidates tab would offer, or the line's keys.
func (m *Model) filterLine(w int) string {
	fb := m.filterInput
	line := fb.View()
	hint := m.filterHint()
	if hint == "" {
		return line
	}
	shown := fb.Value()
	if shown == "" {
		shown = fb.Placeholder
	}
	used := lipgloss.Width(fb.Prompt) + lipgloss.Width(shown) + 2
	room := w - used - 1
	if room < 12 {
		return line
	}
	if lipgloss.Width(hint) > room {
		hint = fitCells(hint, room-lipgloss.Width(m.st.Glyphs.Ellipsis)) + m.st.Faint.Render(m.st.Glyphs.Ellipsis)
	}
	return fitCells(line, w-lipgloss.Width(hint)-1) + " " + hint
}

// filterHint is the hint for the line as it is, from the cache when
// nothing it depends on changed.
func (m *Model) filterHint() string {
	fb := m.filterInput
	k := filterHintKey{value: fb.Value(), pos: fb.Position(), comp: fb.comp, set: m.res.set, st: m.st, compPos: -2, owned: fb.owned}
	if fb.comp != nil {
		k.compPos = fb.comp.pos
	}
	if fb.hintCache.key == k && fb.hintCache.hint != "" {
		return fb.hintCache.hint
	}
	h := m.makeFilterHint()
	fb.hintCache = filterHintCache{key: k, hint: h}
	return h
}

// filterKeysHint names the filter line's keys (the owned view's filter
// completes nothing).
func (m *Model) filterKeysHint() string {
	g := m.st.Glyphs
	tab := " tab complete " + g.Dot
	if m.filterInput.owned {
		tab = ""
	}
	return m.st.Faint.Render(m.st.text("enter keep " + g.Dot + " esc cancel " + g.Dot + tab + " " +
		g.UpDown + " history " + g.Dot + " ctrl+u clear " + g.Dot + " ctrl+w term"))
}

// makeFilterHint works out the hint (see filterLine).
func (m *Model) makeFilterHint() string {
	st := m.st
	fb := m.filterInput
	if c := fb.comp; c != nil && len(c.items) > 1 {
		return m.completionHint(c.items, c.pos)
	}
	value := fb.Value()
	if strings.TrimSpace(value) == "" {
		return m.filterKeysHint()
	}
	v := []rune(value)
	pos := min(fb.Position(), len(v))
	at := len(string(v[:pos]))
	var word *results.Word
	words, inv := m.filter.Words(), m.filter.Invalid()
	if fb.owned {
		words, inv = m.owned.filter.Words(), m.owned.filter.Invalid()
	}
	for i := range words {
		if words[i].Start <= at && at <= words[i].End {
			word = &words[i]
		}
	}
	if word == nil {
		if len(inv) > 0 {
			return st.Error.Render(st.text(filterProblem(inv)))
		}
		return m.filterKeysHint()
	}
	var hint string
	if !word.Valid() {
		hint = st.Error.Render(st.text(api.Printable("invalid " + strconv.Quote(word.Text) + ": " + word.Problem)))
	} else {
		hint = st.Faint.Render(st.text(word.Meaning()))
		if zip := m.res.set.PostalPrefix(*word); zip != "" && !fb.owned {
			hint += st.Faint.Render(st.text(" " + st.Glyphs.Dot + " for the postal code: zip:" + zip))
		}
	}
	if fb.owned {
		return hint
	}
	// What tab would make of the term typed so far ("type:m" is invalid
	// until it is type:mobile).
	typed := string(v[len([]rune(value[:word.Start])):pos])
	if items := results.Complete(typed, m.res.set); len(items) > 0 && !(len(items) == 1 && items[0].Text == typed) {
		hint = m.completionHint(items, -1) + st.Faint.Render(" "+st.Glyphs.Dot+" ") + hint
	}
	return hint
}

// completionHint lists candidates, the one in place (cur) highlighted:
// "tab: IL IN [IA]".
func (m *Model) completionHint(items []results.Completion, cur int) string {
	st := m.st
	var b strings.Builder
	b.WriteString(st.Faint.Render("tab:"))
	for i, it := range items {
		if i == 12 {
			b.WriteString(st.Faint.Render(" " + st.Glyphs.Ellipsis))
			break
		}
		b.WriteByte(' ')
		label := api.Printable(it.Label)
		if i == cur {
			b.WriteString(st.Prompt.Render("[" + label + "]"))
		} else {
			b.WriteString(st.Input.Render(label))
		}
	}
	return b.String()
}
