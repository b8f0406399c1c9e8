package ui

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Helpers shared by the country and type pickers: the dialog frame, line
// fitting, hint lines and key classification.

// pickerBox is the inner (content) size of a picker dialog given the area
// the root offers (w×h) and the dialog's preferred outer size. The result
// may be zero or negative: then there is no room to draw anything.
func pickerBox(st *Styles, w, h, maxW, maxH int) (innerW, innerH int) {
	return min(w, maxW) - st.Dialog.GetHorizontalFrameSize(),
		min(h, maxH) - st.Dialog.GetVerticalFrameSize()
}

// pickerFrame fits every line to exactly innerW cells and draws the dialog
// border around them. Lines are cut, never wrapped, so the box is
// innerW+frame wide whatever the text.
func pickerFrame(st *Styles, lines []string, innerW int) string {
	return frame(st.Dialog, lines, innerW)
}

// frame fits every line to exactly w cells and draws style's border and
// padding around them: the dialogs' box and the detail pane's. The bytes
// are style.Render's, without its cost: Render measures every line four
// times over, though frame has just made them all w cells wide. lipgloss
// draws each line of a block of equal-width lines the same way, so frame
// renders style around two sample lines of w cells and repeats the sides
// it finds there. style must be a border style as NewStyles builds them
// (no width, height, underline or strikethrough); a line holding a tab or
// a line break, which Render would expand or split, goes the slow way.
func frame(style lipgloss.Style, lines []string, w int) string {
	for i, l := range lines {
		lines[i] = fitCells(l, w)
	}
	top, left, right, bottom, ok := frameSides(style, w)
	if !ok || len(lines) == 0 || slices.ContainsFunc(lines, func(l string) bool { return strings.ContainsAny(l, "\t\n") }) {
		return style.Render(strings.Join(lines, "\n"))
	}
	var b strings.Builder
	b.Grow(len(top) + len(bottom) + len(lines)*(len(left)+len(right)+len(lines[0])+1) + 1)
	b.WriteString(top)
	for _, l := range lines {
		b.WriteByte('\n')
		b.WriteString(left)
		b.WriteString(l)
		b.WriteString(right)
	}
	b.WriteByte('\n')
	b.WriteString(bottom)
	return b.String()
}

// frameSides renders style around two lines of w cells and splits the
// result into the top edge, what goes left and right of every line, and
// the bottom edge. ok is false when the result is not of that shape.
func frameSides(style lipgloss.Style, w int) (top, left, right, bottom string, ok bool) {
	if w < 1 {
		return "", "", "", "", false
	}
	sample := strings.Repeat("x", w)
	out := strings.Split(style.Render(sample+"\n"+sample), "\n")
	if len(out) != 4 || out[1] != out[2] {
		return "", "", "", "", false
	}
	left, right, ok = strings.Cut(out[1], sample)
	return out[0], left, right, out[3], ok
}

// pickerEllipsize cuts plain text to w cells, ending in the ellipsis glyph
// when something was cut.
func pickerEllipsize(st *Styles, s string, w int) string {
	if w <= 0 {
		return ""
	}
	if lipgloss.Width(s) <= w {
		return s
	}
	tail := st.Glyphs.Ellipsis
	if lipgloss.Width(tail) >= w {
		tail = ""
	}
	return ansi.Truncate(s, w, tail)
}

// pickerEllipsizeLeft keeps the end of plain text in w cells, starting
// with the ellipsis glyph when something was cut: an input line shows the
// end of what was typed. When w is narrower than the ellipsis (or the cut
// falls inside a wide character) the result is wider than w.
func pickerEllipsizeLeft(st *Styles, s string, w int) string {
	sw := lipgloss.Width(s)
	if sw <= w {
		return s
	}
	ell := st.Glyphs.Ellipsis
	return ansi.TruncateLeft(s, sw-w+lipgloss.Width(ell), ell)
}

// pickerHint renders "key desc · key desc" hint pairs, dropping pairs from
// the end until the line fits in w cells.
func pickerHint(st *Styles, w int, pairs ...string) string {
	for n := len(pairs) / 2; n > 0; n-- {
		parts := make([]string, 0, n)
		for i := 0; i < 2*n; i += 2 {
			parts = append(parts, st.Key.Render(pairs[i])+" "+st.Faint.Render(pairs[i+1]))
		}
		s := strings.Join(parts, st.Faint.Render(" "+st.Glyphs.Dot+" "))
		if lipgloss.Width(s) <= w {
			return s
		}
	}
	return ""
}

// pickerSplit puts left and right on one line of w cells, right-aligned;
// the left part goes first when both do not fit.
func pickerSplit(left, right string, w int) string {
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		if lipgloss.Width(right) < w {
			return right
		}
		return left
	}
	return left + strings.Repeat(" ", gap) + right
}

// pickerKey reports whether k is one of b's keys that is not a printable
// character. Pickers with a text input use it for the user's movement
// bindings, so that a letter bound to "down" (j) still types.
func pickerKey(k tea.KeyPressMsg, b key.Binding) bool {
	if !b.Enabled() {
		return false
	}
	s := k.String()
	for _, kn := range b.Keys() {
		if kn == s && !printableKeyName(kn) {
			return true
		}
	}
	return false
}

// printableKeyName reports whether a key name types a character ("j",
// "?", "space") rather than naming a special key or combination.
func printableKeyName(kn string) bool {
	return kn == "space" || utf8.RuneCountInString(kn) == 1
}

// keyText is the text a key press types, or "" for special keys and
// combinations with ctrl, alt or super.
func keyText(k tea.KeyPressMsg) string {
	if k.Text == "" || k.Mod&(tea.ModCtrl|tea.ModAlt|tea.ModSuper|tea.ModHyper|tea.ModMeta) != 0 {
		return ""
	}
	return sanitizeInput(k.Text)
}

// sanitizeInput makes typed or pasted text safe for a one-line input:
// line breaks and tabs become spaces, other control characters go.
func sanitizeInput(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
}

// queryList is a picker with a typed query above a list with a cursor.
type queryList interface {
	queryRunes() []rune
	setQuery([]rune)
	cursorAt() int
	moveTo(int)
}

// pickerListKey handles the keys every query-and-list picker shares —
// editing the query (backspace, ctrl+w, ctrl+u) and moving in the list of
// n entries, page at a time for pgup/pgdown — and reports whether k was
// one of them.
func pickerListKey(k tea.KeyPressMsg, km KeyMap, l queryList, page, n int) bool {
	switch s := k.String(); {
	case s == "backspace" || s == "ctrl+h":
		if q := l.queryRunes(); len(q) > 0 {
			l.setQuery(q[:len(q)-1])
		}
	case s == "ctrl+w" || s == "alt+backspace":
		l.setQuery(deleteWord(l.queryRunes()))
	case s == "ctrl+u":
		l.setQuery(nil)
	case s == "up" || s == "ctrl+p" || pickerKey(k, km.Up):
		l.moveTo(l.cursorAt() - 1)
	case s == "down" || s == "ctrl+n" || pickerKey(k, km.Down):
		l.moveTo(l.cursorAt() + 1)
	case s == "pgup" || pickerKey(k, km.PageUp):
		l.moveTo(l.cursorAt() - page)
	case s == "pgdown" || pickerKey(k, km.PageDown):
		l.moveTo(l.cursorAt() + page)
	case s == "home" || pickerKey(k, km.Top):
		l.moveTo(0)
	case s == "end" || pickerKey(k, km.Bottom):
		l.moveTo(n - 1)
	default:
		return false
	}
	return true
}
