package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// TestFrameIsRender: frame writes exactly the bytes lipgloss would for
// every box style NewStyles builds, whatever the lines hold (styles, wide
// characters, lines too long or too short, a tab or a line break, none at
// all).
func TestFrameIsRender(t *testing.T) {
	var styles []Styles
	for _, p := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI256, colorprofile.ANSI, colorprofile.ASCII, colorprofile.NoTTY} {
		for _, dark := range []bool{true, false} {
			for _, ascii := range []bool{false, true} {
				styles = append(styles, NewStyles(dark, p, ascii))
			}
		}
	}
	for si, st := range styles {
		st := st
		texts := [][]string{
			{"a"},
			{""},
			{"", "", ""},
			{st.DialogTitle.Render("Country"), st.Faint.Render("12 of 249"), "", st.Cursor.Render("✓ GB  United Kingdom  +44")},
			{"日本語のテキスト", "e\u0301", "🇬🇧 flag", "wide 漢字 cut here" + strings.Repeat("x", 100)},
			{st.Label.Render("E.164") + "  " + st.Value.Render("+447700900123"), "tab\there"},
			{"two\nlines", "x"},
		}
		boxes := map[string]lipgloss.Style{"Dialog": st.Dialog, "Pane": st.Pane, "PaneFocused": st.PaneFocused}
		for name, style := range boxes {
			for _, w := range []int{1, 2, 7, 40} {
				if _, _, _, _, ok := frameSides(style, w); !ok {
					t.Errorf("styles %d, %s, w %d: frame cannot take the sides from a sample", si, name, w)
				}
				for ti, lines := range append(texts, nil) {
					want := make([]string, len(lines))
					for i, l := range lines {
						want[i] = fitCells(l, w)
					}
					got := frame(style, slices.Clone(lines), w)
					if exp := style.Render(strings.Join(want, "\n")); got != exp {
						t.Errorf("styles %d, %s, w %d, text %d:\ngot  %q\nwant %q", si, name, w, ti, got, exp)
					}
				}
			}
		}
	}
}

// BenchmarkFrame is the detail pane's box at 120x40 beside the table.
func BenchmarkFrame(b *testing.B) {
	st := NewStyles(true, colorprofile.ANSI256, false)
	lines := make([]string, 36)
	for i := range lines {
		lines[i] = st.Label.Render(fmt.Sprintf("Label %d", i)) + "  " + st.Value.Render("+44 7700 900123 · value")
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = frame(st.Pane, slices.Clone(lines), 44)
	}
}
