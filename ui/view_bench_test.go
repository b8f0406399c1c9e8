package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
)

// benchModel is a browser at 120x40 with n GB mobile numbers loaded and
// the detail pane open.
func benchModel(b *testing.B, n int) *rtHarness {
	b.Helper()
	up := newFakeSearcher()
	up.set(api.Query{Country: "GB", Type: api.Mobile}, rtNumbers("GB", api.Mobile, n), nil)
	h := newHarness(b, Options{Inventory: newService(up)}, nil, 120, 40)
	h.keys("enter")
	if h.m.res.set == nil || h.m.res.set.Len() != n {
		b.Fatal("not loaded")
	}
	return h
}

// BenchmarkView is one frame: the same cost for 20 or 100,000 results.
func BenchmarkView(b *testing.B) {
	for _, n := range []int{20, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			h := benchModel(b, n)
			b.ReportAllocs()
			for b.Loop() {
				_ = h.m.View()
			}
		})
	}
}

// BenchmarkMoveAndView is a cursor move (Update) and its frame.
func BenchmarkMoveAndView(b *testing.B) {
	for _, n := range []int{20, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			h := benchModel(b, n)
			down, up := rtKey("j"), rtKey("k")
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				k := down
				if i%40 >= 20 {
					k = up
				}
				i++
				next, _ := h.m.Update(k)
				h.m = next.(Model)
				_ = h.m.View()
			}
		})
	}
}

// BenchmarkFilterKeystroke is one filter keystroke over 100,000 numbers
// (live filtering re-runs the filter) and its frame.
func BenchmarkFilterKeystroke(b *testing.B) {
	h := benchModel(b, 100_000)
	h.keys("/")
	keys := []tea.KeyPressMsg{rtKey("5"), rtKey("backspace")}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		next, _ := h.m.Update(keys[i%2])
		i++
		h.m = next.(Model)
		_ = h.m.View()
	}
}
