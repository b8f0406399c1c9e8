package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"numbrowse/api"
)

// detailWheelStep is how many lines one mouse-wheel notch scrolls.
const detailWheelStep = 3

// detailPane shows everything known about the selected number: its
// formats, country, type, costs, features, regions, provider flags,
// regulatory requirements and every provider field the client did not
// understand, as indented JSON. All provider text is made safe to print
// and wrapped to the pane's width.
//
// The content is rendered when the number, the width or the styles
// change, never in View, so moving the table's cursor over the same
// number or redrawing costs only the lines on screen. It scrolls (a
// bubbles viewport holds the position) with the movement keys while
// focused, and with the mouse wheel.
type detailPane struct {
	st   *Styles
	keys *KeyMap
	vp   viewport.Model

	num            *api.Number
	intl, national string
	focused        bool
	width, height  int

	lines    []string  // the rendered content, one screen line each
	cached   detailKey // what lines were rendered for
	hasLines bool      // cached is valid

	// shape keeps the layout stable from one number to the next (see
	// detailShape); it starts afresh for a new width or ResetLayout.
	shape      detailShape
	shapeWidth int

	gen   int          // bumped whenever lines change
	drawn *detailDrawn // the last View, shared by the copies of the pane
}

// detailDrawn is the pane's last View and what it was drawn from: a frame
// in which the pane did not change (a spinner tick, a key for another
// part of the screen) reuses it instead of measuring and framing every
// line again.
type detailDrawn struct {
	key detailDrawnKey
	out string
}

// detailDrawnKey is everything View depends on.
type detailDrawnKey struct {
	gen, off, bodyH, width, height int
	focused                        bool
	st                             *Styles
}

// detailKey identifies one rendering of the content.
type detailKey struct {
	num                  *api.Number
	e164, intl, national string
	width                int
	st                   *Styles
}

// newDetailPane builds an empty pane ("No number selected"). keys may be
// nil: the default movement keys then scroll it.
func newDetailPane(st *Styles, keys *KeyMap) detailPane {
	p := detailPane{st: st, keys: keys, vp: viewport.New(), drawn: &detailDrawn{}}
	p.vp.MouseWheelEnabled = false // Update handles the wheel itself
	return p
}

// SetNumber shows n (nil shows "No number selected"), with the
// international and national forms the root already has (computed here
// when empty). The content is rendered again, and scrolled to the top,
// only when the number differs from the one shown.
func (p *detailPane) SetNumber(n *api.Number, intl, national string) {
	if n != p.num || (n != nil && n.E164 != p.cached.e164) {
		p.vp.SetYOffset(0)
	}
	p.num, p.intl, p.national = n, intl, national
	p.refresh()
}

// ResetLayout forgets the layout kept from the numbers shown so far: the
// root calls it when a new search's results arrive, whose numbers may
// have other sections. The content is laid out again on the next change.
func (p *detailPane) ResetLayout() {
	p.shape = detailShape{}
}

// SetSize sets the pane's outer size, border included: View returns
// exactly w×h cells.
func (p *detailPane) SetSize(w, h int) {
	p.width, p.height = max(w, 0), max(h, 0)
	p.refresh()
}

// SetStyles switches to new styles (e.g. after the background answer)
// and renders the content again.
func (p *detailPane) SetStyles(st *Styles) {
	p.st, p.hasLines = st, false // the same pointer may hold new styles
	p.refresh()
}

// Focus makes the movement keys scroll the pane and draws it with the
// focused border.
func (p *detailPane) Focus() { p.focused = true }

// Blur gives the keys back to the table.
func (p *detailPane) Blur() { p.focused = false }

// Focused reports whether the pane has the keys.
func (p detailPane) Focused() bool { return p.focused }

// Scrollable reports whether the content is longer than the pane.
func (p detailPane) Scrollable() bool { return len(p.lines) > p.vp.Height() }

// inner is the content area inside the border and padding.
func (p detailPane) inner() (w, h int) {
	if p.st == nil {
		return 0, 0
	}
	return p.width - p.st.Pane.GetHorizontalFrameSize(), p.height - p.st.Pane.GetVerticalFrameSize()
}

// refresh renders the content when what it depends on changed, and sizes
// the viewport: one line less when the scroll indicator is needed. The
// scroll position is kept (clamped to the new content).
func (p *detailPane) refresh() {
	w, h := p.inner()
	k := detailKey{num: p.num, intl: p.intl, national: p.national, width: w, st: p.st}
	if p.num != nil {
		k.e164 = p.num.E164
	}
	off := p.vp.YOffset()
	changed := !p.hasLines || k != p.cached
	if changed {
		p.lines = nil
		if w != p.shapeWidth {
			p.shape, p.shapeWidth = detailShape{}, w
		}
		if w > 0 && p.st != nil {
			p.lines = detailContentColumns(p.st, p.num, p.intl, p.national, w, &p.shape)
		}
		p.cached, p.hasLines = k, true
		p.gen++
	}
	bodyH := max(h, 0)
	if detailIndicator(len(p.lines), h) {
		bodyH = h - 1
	}
	p.vp.SetWidth(max(w, 0))
	p.vp.SetHeight(bodyH)
	if changed {
		p.vp.SetContentLines(p.lines)
	}
	p.vp.SetYOffset(off)
}

// detailIndicator reports whether a pane of h content lines showing n
// lines of content gives one of them to the scroll indicator.
func detailIndicator(n, h int) bool { return n > h && h >= 3 }

// Update scrolls: the movement keys while focused (up/down, page and
// half page, top and bottom, as bound in the KeyMap), and the mouse wheel
// whether focused or not (the root sends it wheel events over the pane).
func (p detailPane) Update(msg tea.Msg) (detailPane, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if p.focused {
			p.scrollKey(msg)
		}
	case tea.MouseWheelMsg:
		switch wheelDir(msg) {
		case -1:
			p.vp.ScrollUp(detailWheelStep)
		case 1:
			p.vp.ScrollDown(detailWheelStep)
		}
	}
	return p, nil
}

// The detail pane as a component: while it has the focus a few of the
// browser's keys still work (the root's detailKey) and the rest scroll
// it; it draws in the body, with the focused border while it has the
// focus.

func (p *detailPane) update(root *Model, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return root.detailKey(k)
	}
	var cmd tea.Cmd
	*p, cmd = p.Update(msg)
	return safe(cmd)
}

func (p *detailPane) overlay() string  { return "" }
func (p *detailPane) onFocus() tea.Cmd { p.Focus(); return nil }
func (p *detailPane) onBlur()          { p.Blur() }
func (p *detailPane) modal() bool      { return false }

// scrollKey applies one movement key.
func (p *detailPane) scrollKey(k tea.KeyPressMsg) {
	km := p.keys
	if km == nil {
		km = &defaultDetailKeys
	}
	switch {
	case key.Matches(k, km.Up):
		p.vp.ScrollUp(1)
	case key.Matches(k, km.Down):
		p.vp.ScrollDown(1)
	case key.Matches(k, km.PageUp):
		p.vp.PageUp()
	case key.Matches(k, km.PageDown):
		p.vp.PageDown()
	case key.Matches(k, km.HalfUp):
		p.vp.HalfPageUp()
	case key.Matches(k, km.HalfDown):
		p.vp.HalfPageDown()
	case key.Matches(k, km.Top):
		p.vp.GotoTop()
	case key.Matches(k, km.Bottom):
		p.vp.GotoBottom()
	}
}

// defaultDetailKeys are the movement keys used when the pane has no
// KeyMap; they match the root's defaults.
var defaultDetailKeys = KeyMap{
	Up:       key.NewBinding(key.WithKeys("k", "up")),
	Down:     key.NewBinding(key.WithKeys("j", "down")),
	PageUp:   key.NewBinding(key.WithKeys("pgup")),
	PageDown: key.NewBinding(key.WithKeys("pgdown")),
	HalfUp:   key.NewBinding(key.WithKeys("ctrl+u")),
	HalfDown: key.NewBinding(key.WithKeys("ctrl+d")),
	Top:      key.NewBinding(key.WithKeys("g", "home")),
	Bottom:   key.NewBinding(key.WithKeys("G", "end")),
}

// View draws the pane in exactly the size given by SetSize (border
// included): Styles.Pane, or Styles.PaneFocused while focused, around the
// lines on screen, with a scroll indicator on the last line when the
// content is longer than the pane. Too small for a border, it is blank.
func (p detailPane) View() string {
	if p.width <= 0 || p.height <= 0 {
		return ""
	}
	w, h := p.inner()
	if w < 1 || h < 1 {
		return block("", p.width, p.height)
	}
	key := detailDrawnKey{gen: p.gen, off: p.vp.YOffset(), bodyH: p.vp.Height(), width: p.width,
		height: p.height, focused: p.focused, st: p.st}
	if p.drawn != nil && p.drawn.key == key {
		return p.drawn.out
	}
	st := p.st
	lines := make([]string, 0, h)
	off := p.vp.YOffset()
	for i := off; i < min(off+p.vp.Height(), len(p.lines)); i++ {
		lines = append(lines, p.lines[i])
	}
	for len(lines) < p.vp.Height() {
		lines = append(lines, "")
	}
	if detailIndicator(len(p.lines), h) {
		lines = append(lines, p.indicator(w))
	}
	style := st.Pane
	if p.focused {
		style = st.PaneFocused
	}
	out := frame(style, lines, w)
	if p.drawn != nil {
		*p.drawn = detailDrawn{key: key, out: out}
	}
	return out
}

// indicator is the scroll position, right-aligned (View fits the line to
// w): "↓ more · 37%" while there is more below, "end · 100%" at the
// bottom; shorter forms when the pane is narrow.
func (p detailPane) indicator(w int) string {
	st := p.st
	pct := fmt.Sprintf("%d%%", int(p.vp.ScrollPercent()*100+0.5))
	arrow := "↓"
	if st.ASCII {
		arrow = "v"
	}
	forms := []string{arrow + " more " + st.Glyphs.Dot + " " + pct, arrow + " " + pct, arrow}
	if p.vp.AtBottom() {
		forms = []string{"end " + st.Glyphs.Dot + " " + pct, pct, "end"}
	}
	text := forms[len(forms)-1]
	for _, f := range forms {
		if lipgloss.Width(f) <= w {
			text = f
			break
		}
	}
	text = pickerEllipsize(st, text, w)
	return strings.Repeat(" ", max(w-lipgloss.Width(text), 0)) + st.Faint.Render(text)
}
