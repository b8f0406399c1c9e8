package serve

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/ui"
)

// testKeys are the few bindings these tests press (the defaults live in
// package main's keymap.go).
func testKeys() ui.KeyMap {
	data, err := os.ReadFile("../../ui/testdata/default_keymap.golden")
	if err != nil {
		panic(err)
	}
	var km ui.KeyMap
	if err := km.UnmarshalText(data); err != nil {
		panic(err)
	}
	return km
}

// browserFactory builds the real browser on inv, as the CLI does.
func browserFactory(inv *inventory.Service) func(Session) (tea.Model, error) {
	return func(s Session) (tea.Model, error) {
		gb, _ := api.LookupCountry("GB")
		return ui.New(ui.Options{Inventory: inv, Country: gb, Type: api.OneType(api.Mobile), Demo: true,
			Keys: testKeys(), Context: s.Context}), nil
	}
}

// lastLine is the screen's row y, trimmed.
func row(screen string, y int) string {
	rows := strings.Split(screen, "\n")
	if y >= len(rows) {
		return ""
	}
	return strings.TrimRight(rows[y], " ")
}

func TestBrowserOverSSH(t *testing.T) {
	up := newUpstream(t, false)
	inv := inventory.New(up.client(t, func(api.RequestEvent) {}))
	ts := startServer(t, Config{NewModel: browserFactory(inv)})
	v := openTerm(t, ts.client(t), 80, 24)

	// The browser draws: the header, GB mobile numbers, the status line.
	v.waitScreen(t, "GB United Kingdom")
	v.waitScreen(t, "+44 7")
	v.waitScreen(t, "numbers")

	// Keys work: the country picker opens, filters as typed, and closes.
	v.typeKeys(t, "c")
	v.waitScreen(t, "of 249")
	v.typeKeys(t, "germ")
	v.waitScreen(t, "DE  Germany")
	v.typeKeys(t, "\x1b")
	waitFor(t, "the picker to close", func() bool { return !strings.Contains(v.screen(), "of 249") })

	// A window change redraws at the new size: the help line moves to
	// the new last row.
	if !strings.Contains(row(v.screen(), 23), "c country") {
		t.Fatalf("help line not on row 23 at 80x24:\n%s", v.screen())
	}
	v.resize(t, 120, 40)
	waitFor(t, "the redraw at 120x40", func() bool { return strings.Contains(row(v.screen(), 39), "q quit") })
	if !strings.Contains(row(v.screen(), 0), "DEMO") || len([]rune(row(v.screen(), 0))) < 100 {
		t.Errorf("the header was not redrawn across 120 columns: %q", row(v.screen(), 0))
	}

	v.typeKeys(t, "q")
	if code := v.wait(t); code != 0 {
		t.Errorf("exit status %d after q", code)
	}
}

func TestTwentyBrowsersShareOneUpstreamSearch(t *testing.T) {
	up := newUpstream(t, true)
	inv := inventory.New(up.client(t, func(api.RequestEvent) {}),
		inventory.WithLimiter(NewLimiter(DefaultSearchesPerMinute)))
	ts := startServer(t, Config{NewModel: browserFactory(inv)})

	const n = 20
	terms := make([]*vterm, n)
	for i := range terms {
		terms[i] = openTerm(t, ts.client(t), 80, 24)
	}
	for _, v := range terms {
		v.waitScreen(t, "Searching GB")
	}
	close(up.release)
	for _, v := range terms {
		v.waitScreen(t, "numbers ·")
	}
	if got := up.searches.Load(); got != 1 {
		t.Errorf("%d browsers made %d upstream searches, want 1", n, got)
	}
}

func TestBrowserShowsTheLimiterWait(t *testing.T) {
	up := newUpstream(t, false)
	fc := newFakeClock()
	lim := newLimiter(60, 1, fc)
	inv := inventory.New(up.client(t, func(api.RequestEvent) {}), inventory.WithLimiter(lim))
	if err := lim.Wait(t.Context(), nil); err != nil { // spend the only token
		t.Fatal(err)
	}
	ts := startServer(t, Config{NewModel: browserFactory(inv)})
	v := openTerm(t, ts.client(t), 120, 40)
	v.waitScreen(t, "waiting 1 s")
	fc.Advance(time.Second)
	v.waitScreen(t, "numbers ·")
	if got := up.searches.Load(); got != 1 {
		t.Errorf("%d upstream searches, want 1", got)
	}
}

// Each session gets the colours its own client asks for.
func TestColoursPerSession(t *testing.T) {
	up := newUpstream(t, false)
	inv := inventory.New(up.client(t, func(api.RequestEvent) {}))
	ts := startServer(t, Config{NewModel: browserFactory(inv)})
	colour := regexp.MustCompile(`\x1b\[[0-9;:]*[34]8[;:]`)
	truecolor := regexp.MustCompile(`\x1b\[[0-9;:]*[34]8;2;`)

	full := openTerm(t, ts.client(t), 100, 30, "COLORTERM=truecolor")
	plain := openTerm(t, ts.client(t), 100, 30, "NO_COLOR=yes")
	for _, v := range []*vterm{full, plain} {
		v.waitScreen(t, "numbers ·")
	}
	if !truecolor.MatchString(full.raw.String()) {
		t.Error("the truecolor session got no 24-bit colour")
	}
	if m := colour.FindString(plain.raw.String()); m != "" {
		t.Errorf("the NO_COLOR session got colour: %q", m)
	}
}
