package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
)

// pkSizes are the areas a dialog must fit, from tiny to huge.
var pkSizes = [][2]int{{0, 0}, {1, 1}, {5, 3}, {10, 4}, {30, 8}, {40, 10}, {60, 16}, {80, 24}, {120, 40}, {250, 80}, {31, 9}, {200, 12}}

// pkCheckFits fails when view is wider than w or taller than h, measured
// in terminal cells.
func pkCheckFits(t *testing.T, view string, w, h int) {
	t.Helper()
	if view == "" {
		return
	}
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("%dx%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("%dx%d: line %d is %d cells wide: %q", w, h, i, lw, ansi.Strip(l))
		}
	}
}

func TestCountryPickerViewFits(t *testing.T) {
	queries := []string{"", "ger", "zzzz", "+44", "日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語",
		"côte d'ivoire and a long query that is wider than any dialog could ever be", "+1415", "eu", "eea"}
	found := map[string]countryFound{"CI": {n: [4]int32{123456, -1, 0, -1}}, "DE": {n: [4]int32{-1, -1, -1, -1}, failed: true}, "GB": newCountryFound()}
	for name, st := range pkStyles() {
		for _, sz := range pkSizes {
			for _, q := range queries {
				t.Run(fmt.Sprintf("%s/%dx%d/%q", name, sz[0], sz[1], q), func(t *testing.T) {
					p := newCountryPicker(st, pkKeys())
					p.SetSize(sz[0], sz[1])
					p = p.Open(mustCountriesOf("CI", "DE", "EE"), []string{"AX", "GB"})
					p.SetFound(found)
					p, _ = p.Update(tea.PasteMsg{Content: q})
					v := p.View()
					pkCheckFits(t, v, sz[0], sz[1])
					if sz[0] >= 30 && sz[1] >= 8 && v == "" {
						t.Errorf("nothing drawn at %dx%d", sz[0], sz[1])
					}
					if sz[0] >= 30 && sz[1] >= 8 && lipgloss.Height(v) != min(sz[1], countryDialogMaxH) {
						t.Errorf("box height %d, want a fixed %d while typing", lipgloss.Height(v), min(sz[1], countryDialogMaxH))
					}
				})
			}
		}
	}
}

func TestCountryPickerViewResize(t *testing.T) {
	p := newTestCountryPicker("ZW")
	for _, sz := range pkSizes {
		p.SetSize(sz[0], sz[1])
		pkCheckFits(t, p.View(), sz[0], sz[1])
		if c, _ := p.Selected(); c.Code != "ZW" {
			t.Fatalf("resize moved the cursor to %s", c.Code)
		}
		if l := p.layout(); l.rows > 0 && (p.cursor < p.offset || p.cursor >= p.offset+l.rows) {
			t.Errorf("%v: cursor %d off screen (offset %d, %d rows)", sz, p.cursor, p.offset, l.rows)
		}
	}
}

func TestCountryPickerRendersOnlyVisibleRows(t *testing.T) {
	p := newTestCountryPicker("")
	p.SetSize(60, 10)
	rows := p.layout().rows
	if rows < 1 || rows > 6 {
		t.Fatalf("%d rows at height 10", rows)
	}
	count := func(v string) (n int) {
		for _, e := range p.entries {
			if strings.Contains(v, "  "+e.Name) {
				n++
			}
		}
		return n
	}
	v := ansi.Strip(p.View())
	if n := count(v); n != rows {
		t.Errorf("%d countries drawn, want %d:\n%s", n, rows, v)
	}
	if !strings.Contains(v, "Afghanistan") || strings.Contains(v, "Zimbabwe") {
		t.Errorf("top of the list expected:\n%s", v)
	}
	p, _ = pkType(t, p, "{end}")
	v = ansi.Strip(p.View())
	if n := count(v); n != rows || !strings.Contains(v, "Zimbabwe") || strings.Contains(v, "Afghanistan") {
		t.Errorf("after end, %d rows drawn:\n%s", n, v)
	}
}

func TestCountryPickerViewContent(t *testing.T) {
	p := newTestCountryPicker("GB", "GB", "DE")
	v := ansi.Strip(p.View())
	for _, want := range []string{"Country", "249 of 249", "GB", "United Kingdom", "+44", "recent", "esc"} {
		if !strings.Contains(v, want) {
			t.Errorf("missing %q in\n%s", want, v)
		}
	}
	p, _ = pkType(t, p, "xyz")
	v = ansi.Strip(p.View())
	if !strings.Contains(v, `no country matches "xyz"`) || !strings.Contains(v, "0 of 249") {
		t.Errorf("empty state:\n%s", v)
	}
	p, _ = pkType(t, p, "{ctrl+u}holl")
	if v = ansi.Strip(p.View()); !strings.Contains(v, "NL  Netherlands (Holland)") {
		t.Errorf("a country found by its alias should show the alias:\n%s", v)
	}
	p, _ = pkType(t, p, "{ctrl+u}uk")
	if v = ansi.Strip(p.View()); !strings.Contains(v, "GB  United Kingdom (UK)") || !strings.Contains(v, "UA  Ukraine  ") {
		t.Errorf("alias shown only when the name did not match:\n%s", v)
	}
	p, _ = pkType(t, p, "{ctrl+u}+44")
	if v = ansi.Strip(p.View()); !strings.Contains(v, "4 of 249") || !strings.Contains(v, "+44") {
		t.Errorf("+44:\n%s", v)
	}
}

func TestCountryPickerNoColorAndASCII(t *testing.T) {
	styles := pkStyles()
	p := newCountryPicker(styles["nocolor"], nil)
	p.SetSize(80, 24)
	p = p.Open(api.CountryList{mustCountry("DE")}, nil)
	if v := p.View(); !strings.Contains(v, "\x1b[7m") {
		t.Errorf("without colour the highlighted row must be reverse video:\n%q", v)
	}
	p.SetStyles(styles["ascii"])
	v := p.View()
	if strings.ContainsAny(v, "╭╮╰╯│─›✓…↑↓") {
		t.Errorf("ASCII mode drew Unicode glyphs:\n%s", ansi.Strip(v))
	}
	if !strings.Contains(ansi.Strip(v), "> ") || !strings.Contains(ansi.Strip(v), "+ DE  Germany") {
		t.Errorf("ASCII prompt or current mark missing:\n%s", ansi.Strip(v))
	}
}

func BenchmarkCountryPickerTypeAndView(b *testing.B) {
	st := pkStyles()["color"]
	p := newCountryPicker(st, nil)
	p.SetSize(120, 40)
	p = p.Open(api.CountryList{mustCountry("GB")}, []string{"DE", "FR"})
	keys := []tea.KeyPressMsg{pkKey("u"), pkKey("n"), pkKey("backspace"), pkKey("backspace")}
	for i := 0; b.Loop(); i++ {
		p, _ = p.Update(keys[i%len(keys)])
		_ = p.View()
	}
}

func BenchmarkCountryPickerView(b *testing.B) {
	p := newCountryPicker(pkStyles()["color"], nil)
	p.SetSize(120, 40)
	p = p.Open(api.CountryList{mustCountry("GB")}, nil)
	for b.Loop() {
		_ = p.View()
	}
}

// mustCountriesOf is the countries with these codes.
func mustCountriesOf(codes ...string) api.CountryList {
	out := api.CountryList{}
	for _, c := range codes {
		out = append(out, mustCountry(c))
	}
	return out
}
