package ui

import (
	"bytes"
	"slices"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"

	"numbrowse/internal/results"
)

// benchTable is a 120x38 table (a 120x40 screen less the status and help
// lines) over n numbers sorted by monthly cost.
func benchTable(b testing.TB, n int) resultsTable {
	b.Helper()
	st := NewStyles(true, colorprofile.ANSI256, false)
	t := newResultsTable(&st, pkKeys())
	t.SetSize(120, 38)
	set, idx := tdSet(n, results.Sort{Col: results.Monthly})
	t.SetData(set, idx, false)
	t.SetSort(results.Sort{Col: results.Monthly})
	return t
}

// BenchmarkTableView draws the pane; the cost must not depend on the
// number of results. The pane shows 20 rows (120x21), so both sizes draw
// the same number of lines; "full" is the 120x38 pane of a 120x40 screen.
func BenchmarkTableView(b *testing.B) {
	for _, c := range []struct {
		name string
		n, h int
	}{{"rows=20", 20, 21}, {"rows=100000", 100_000, 21}, {"rows=100000/full", 100_000, 38}} {
		b.Run(c.name, func(b *testing.B) {
			t := benchTable(b, c.n)
			t.SetSize(120, c.h)
			t.SetCursor(c.n / 2)
			_ = t.View() // format the numbers on screen once (cached by the Set)
			b.ReportAllocs()
			for b.Loop() {
				_ = t.View()
			}
		})
	}
}

// BenchmarkTableMoveAndView is one cursor move and the frame after it,
// scrolling through 100,000 results (rows are formatted as they come on
// screen, as in the program).
func BenchmarkTableMoveAndView(b *testing.B) {
	t := benchTable(b, 100_000)
	down := pkKey("j")
	b.ReportAllocs()
	for b.Loop() {
		if t.Cursor() == t.Len()-1 {
			t.SetCursor(0)
		}
		t, _ = t.Update(down)
		_ = t.View()
	}
}

// BenchmarkTableSetData is a new search result of 100,000 numbers arriving
// (measuring every column), then a filter change on it (the same set,
// fewer rows: the cursor follows its number).
func BenchmarkTableSetData(b *testing.B) {
	st := NewStyles(true, colorprofile.ANSI256, false)
	setA, idxA := tdSet(100_000, results.Sort{})
	setB := results.NewSet(tdNumbers(100_000))
	idxB := setB.View(results.ParseFilter(""), results.Sort{})
	b.Run("new-set", func(b *testing.B) {
		t := newResultsTable(&st, pkKeys())
		t.SetSize(120, 38)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if i%2 == 0 {
				t.SetData(setA, idxA, false)
			} else {
				t.SetData(setB, idxB, false)
			}
		}
	})
	b.Run("filter", func(b *testing.B) {
		t := newResultsTable(&st, pkKeys())
		t.SetSize(120, 38)
		t.SetData(setA, idxA, false)
		t.SetCursor(50_000)
		narrow := setA.View(results.ParseFilter("sms"), results.Sort{})
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if i%2 == 0 {
				t.SetData(setA, narrow, false)
			} else {
				t.SetData(setA, idxA, false)
			}
		}
	})
}

// termSim renders frames the way Bubble Tea v2 does (the ultraviolet cell
// renderer, diffing each frame against the last) and counts the bytes a
// terminal would receive: TERM=xterm-256color, 256 colours, alt screen.
type termSim struct {
	out  bytes.Buffer
	scr  *uv.TerminalRenderer
	cell uv.ScreenBuffer
}

func newTermSim(w, h int, profile colorprofile.Profile) *termSim {
	s := &termSim{}
	s.scr = uv.NewTerminalRenderer(&s.out, []string{"TERM=xterm-256color"})
	s.scr.SetColorProfile(profile)
	s.scr.SetFullscreen(true)
	s.scr.SetRelativeCursor(false)
	s.scr.SetScrollOptim(true)
	s.scr.Resize(w, h)
	s.scr.Erase()
	s.cell = uv.NewScreenBuffer(w, h)
	return s
}

// frame draws content and returns the bytes written for it.
func (s *termSim) frame(content string) int {
	s.out.Reset()
	s.cell.Clear()
	uv.NewStyledString(content).Draw(s.cell, s.cell.Bounds())
	s.scr.Render(s.cell.RenderBuffer)
	_ = s.scr.Flush()
	return s.out.Len()
}

// bytesPerKey presses each key in turn on a 120x38 table over 5,000
// numbers inside a 120x40 screen (two static lines below it) and returns
// the bytes each frame cost.
func bytesPerKey(tb testing.TB, profile colorprofile.Profile, keys []tea.KeyPressMsg) []int {
	tb.Helper()
	st := NewStyles(true, profile, false)
	t := newResultsTable(&st, pkKeys())
	t.SetSize(120, 38)
	set, idx := tdSet(5000, results.Sort{Col: results.Monthly})
	t.SetData(set, idx, false)
	t.SetSort(results.Sort{Col: results.Monthly})
	sim := newTermSim(120, 40, profile)
	footer := "\n 5000 numbers · sorted by monthly\n c country  t type  / filter  ? help"
	sim.frame(t.View() + footer)
	per := make([]int, len(keys))
	for i, k := range keys {
		t, _ = t.Update(k)
		per[i] = sim.frame(t.View() + footer)
	}
	return per
}

func median(v []int) int {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkTableBytesPerMove reports what a cursor move costs on the wire
// (the issue 5 budget is a median of 300 B for the whole screen): 200
// presses of j from the top, so about 37 moves inside the window and 163
// that scroll it.
func BenchmarkTableBytesPerMove(b *testing.B) {
	for _, p := range []struct {
		name    string
		profile colorprofile.Profile
	}{{"ansi256", colorprofile.ANSI256}, {"nocolor", colorprofile.NoTTY}} {
		b.Run(p.name, func(b *testing.B) {
			keys := slices.Repeat([]tea.KeyPressMsg{pkKey("j")}, 200)
			var per []int
			for b.Loop() {
				per = bytesPerKey(b, p.profile, keys)
			}
			b.ReportMetric(float64(median(per)), "B/move-median")
			b.ReportMetric(float64(median(per[:30])), "B/move-in-window")
			b.ReportMetric(float64(median(per[40:])), "B/move-scrolling")
		})
	}
}
