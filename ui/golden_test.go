package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"numbrowse/api"
)

// goldenCase is one screen to compare with testdata/TestGoldenViews/<name>_<w>x<h>.golden.
type goldenCase struct {
	name  string
	setup func(up *fakeSearcher)
	keys  []string // pressed after the first search, "/text" types text
}

var goldenCases = []goldenCase{
	{name: "loaded"},
	{name: "filtered", keys: []string{"/", "/sms <3", "enter"}},
	{name: "filter_invalid", keys: []string{"/", "/London <abc"}},
	{name: "sorted_monthly_desc", keys: []string{"S"}},
	{name: "detail", keys: []string{"j", "j", "enter"}},
	{name: "country_picker", keys: []string{"c", "/uni"}},
	{name: "type_picker", keys: []string{"t"}},
	{name: "help", keys: []string{"?"}},
	{name: "marked", keys: []string{"space", "j", "space", "j"}},
	{name: "error", setup: func(up *fakeSearcher) {
		up.set(api.Query{Country: "GB", Type: api.Mobile}, nil, &api.Error{Kind: api.KindAuth, Status: 401,
			Messages: []string{"Invalid or expired API key"}})
	}},
	{name: "error_keeps_results", keys: []string{"!fail", "r"}},
	{name: "empty", setup: func(up *fakeSearcher) {
		up.set(api.Query{Country: "GB", Type: api.Mobile}, []api.Number{}, nil)
	}},
	{name: "all_types", keys: []string{"t", "5"}},
}

// goldenHarness loads 120 GB mobile numbers (and 40 of each other type)
// at w×h with the fixed clock.
func goldenHarness(t *testing.T, tc goldenCase, w, h int) (*rtHarness, *fakeSearcher) {
	t.Helper()
	up := newFakeSearcher()
	for i, typ := range api.NumberTypes() {
		n := 120
		if i > 0 {
			n = 40
		}
		up.set(api.Query{Country: "GB", Type: typ}, rtNumbers("GB", typ, n), nil)
	}
	if tc.setup != nil {
		tc.setup(up)
	}
	return newHarness(t, Options{Inventory: newService(up), Country: mustCountry("GB"), Type: api.OneType(api.Mobile), Demo: true}, nil, w, h), up
}

// press runs a golden case's keys: "/text" types text, "!fail" makes the
// upstream fail from now on.
func press(hs *rtHarness, up *fakeSearcher, keys []string) {
	for _, k := range keys {
		switch {
		case k == "!fail":
			for _, typ := range api.NumberTypes() {
				up.set(api.Query{Country: "GB", Type: typ}, nil, &api.Error{Kind: api.KindNetwork})
			}
		case len(k) > 1 && k[0] == '/':
			hs.typeText(k[1:])
		default:
			hs.keys(k)
		}
	}
}

func TestGoldenViews(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, tc := range goldenCases {
			t.Run(fmt.Sprintf("%s_%dx%d", tc.name, size[0], size[1]), func(t *testing.T) {
				hs, up := goldenHarness(t, tc, size[0], size[1])
				press(hs, up, tc.keys)
				content := hs.m.View().Content
				checkScreen(t, content, size[0], size[1])
				golden.RequireEqual(t, []byte(ansi.Strip(content)))
			})
		}
	}
}

func TestGoldenTooSmall(t *testing.T) {
	for _, size := range [][2]int{{50, 12}, {59, 24}, {80, 15}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			hs, _ := goldenHarness(t, goldenCase{}, 80, 24)
			hs.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			content := hs.m.View().Content
			checkScreen(t, content, size[0], size[1])
			golden.RequireEqual(t, []byte(ansi.Strip(content)))
		})
	}
}

func TestGoldenNoAPIKey(t *testing.T) {
	hs := newHarness(t, Options{Setup: "IDENTITYCALL_API_KEY is not set — export it, or start with --demo"}, nil, 80, 24)
	golden.RequireEqual(t, []byte(ansi.Strip(hs.m.View().Content)))
}
