package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	"numbrowse/results"
)

// loaded is a harness whose first search returned n GB mobile numbers.
func loaded(t *testing.T, n, w, h int, o Options) *rtHarness {
	t.Helper()
	up := newFakeSearcher()
	up.set(api.Query{Country: "GB", Type: api.Mobile}, rtNumbers("GB", api.Mobile, n), nil)
	o.Inventory = newService(up)
	hs := newHarness(t, o, nil, w, h)
	if hs.m.res.set == nil || hs.m.res.set.Len() != n {
		t.Fatalf("search not loaded:\n%s", hs.screen())
	}
	return hs
}

// selected is the E.164 number under the cursor.
func (h *rtHarness) selected() string {
	i, ok := h.m.table.Selected()
	if !ok {
		return ""
	}
	return h.m.res.set.At(i).E164
}

func TestCursorKeepsItsNumberAcrossSortAndFilter(t *testing.T) {
	h := loaded(t, 60, 100, 30, Options{})
	h.keys("j", "j", "j", "j", "j", "j", "j")
	want := h.selected()
	for _, k := range []string{"s", "S", "s", "S"} {
		h.keys(k)
		if got := h.selected(); got != want {
			t.Fatalf("after %s (sort %v) the cursor is on %s, want %s", k, h.m.sort, got, want)
		}
	}
	// A filter that keeps the number: its last four digits.
	h.keys("/")
	h.typeText(want[len(want)-4:])
	h.keys("enter")
	if got := h.selected(); got != want {
		t.Fatalf("after filtering the cursor is on %s, want %s", got, want)
	}
	h.keys("esc") // clears the filter
	if h.m.filter.Query() != "" || h.selected() != want {
		t.Fatalf("esc: filter %q, cursor on %s", h.m.filter.Query(), h.selected())
	}
}

func TestFilterIsLiveAndTakesEveryKey(t *testing.T) {
	h := loaded(t, 40, 80, 24, Options{})
	h.keys("/")
	if h.m.focus != focusFilter {
		t.Fatal("/ does not open the filter")
	}
	h.typeText("qsc") // q types, s and c do not sort or open a picker
	if h.m.focus != focusFilter || h.m.filter.Query() != "qsc" {
		t.Fatalf("focus %v, query %q", h.m.focus, h.m.filter.Query())
	}
	for range 3 {
		h.keys("backspace")
	}
	h.typeText("London")
	n := len(h.m.res.view)
	if n == 0 || n == 40 {
		t.Fatalf("live filter: %d rows", n)
	}
	if s := h.screen(); !strings.Contains(s, fmt.Sprintf("%d of 40 numbers", n)) {
		t.Fatalf("count not shown:\n%s", s)
	}
	h.keys("esc")
	if h.m.focus != focusTable || h.m.filter.Query() != "" || len(h.m.res.view) != 40 {
		t.Fatalf("esc: focus %v, query %q, %d rows", h.m.focus, h.m.filter.Query(), len(h.m.res.view))
	}
	h.keys("/")
	h.typeText("sms")
	h.keys("enter")
	if h.m.focus != focusTable || h.m.filter.Query() != "sms" {
		t.Fatalf("enter: focus %v, query %q", h.m.focus, h.m.filter.Query())
	}
	if !strings.Contains(h.screen(), "filter: sms") {
		t.Fatalf("kept filter not shown:\n%s", h.screen())
	}
	h.send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if len(h.other) == 0 || h.other[len(h.other)-1] != tea.Quit() {
		t.Fatal("ctrl+c does not quit")
	}
}

func TestFilterDisplay(t *testing.T) {
	st := NewStyles(true, 0, false)
	tests := []struct {
		query   string
		want    string
		invalid []string
	}{
		{"", "", nil},
		{"sms <2", "filter: sms <2", nil},
		{"FLOWERS", "filter: FLOWERS", nil},
		{"1-800-FLOWERS", "filter: 1-800-FLOWERS", nil},
		{"^415 00$ !fax", "filter: ^415 00$ !fax", nil},
		{"chicago <abc", `filter: chicago <abc (invalid "<abc": not a number after <)`, []string{"<abc"}},
		{"!! ^ sms", `filter: !! ^ sms (invalid "!!": use a single ! to negate (+1 more))`, []string{"!!", "^"}},
		{"55€", `filter: 55€ (invalid "55€": '€' is not a digit or keypad letter)`, []string{"55€"}},
		{"sms \x1b]52;c;aGk=\a", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			f := results.ParseFilter(tt.query)
			full, _ := filterSummary(&st, f)
			got := stripANSI(full)
			if tt.want != "" && got != tt.want {
				t.Errorf("summary = %q, want %q", got, tt.want)
			}
			if strings.ContainsAny(got, "\x1b\a") {
				t.Errorf("control characters reach the screen: %q", got)
			}
			var invalid []string
			for _, w := range filterWords(f) {
				if w.invalid {
					invalid = append(invalid, w.text)
				}
			}
			if strings.Join(invalid, " ") != strings.Join(tt.invalid, " ") {
				t.Errorf("invalid words %q, want %q", invalid, tt.invalid)
			}
		})
	}
}

func TestRebindingKeys(t *testing.T) {
	km := rtKeyMap()
	if err := km.Rebind(map[string][]string{"sort": {"o"}, "quit": {"x"}}); err != nil {
		t.Fatal(err)
	}
	h := loaded(t, 20, 80, 24, Options{Keys: km})
	before := h.m.sort
	h.keys("s")
	if h.m.sort != before {
		t.Fatal("the old sort key still sorts")
	}
	h.keys("o")
	if h.m.sort == before {
		t.Fatal("the new sort key does not sort")
	}
	h.other = nil
	h.keys("q")
	if len(h.other) > 0 {
		t.Fatalf("q still quits: %v", h.other)
	}
	h.keys("ctrl+c")
	if len(h.other) != 1 || h.other[0] != tea.Quit() {
		t.Fatalf("ctrl+c must quit even when quit is rebound: %v", h.other)
	}

	clash := rtKeyMap()
	err := clash.Rebind(map[string][]string{"copy": {"s"}})
	if err == nil || !strings.Contains(err.Error(), "sort") || !strings.Contains(err.Error(), "copy") {
		t.Fatalf("clash not reported: %v", err)
	}
}

func TestNoAPIKeyOpensWithSetupMessage(t *testing.T) {
	const msg = "IDENTITYCALL_API_KEY is not set — export it, or start with --demo"
	h := newHarness(t, Options{Setup: msg}, nil, 80, 24)
	s := h.screen()
	if strings.Count(s, msg) != 2 {
		t.Fatalf("setup message not in body and status line:\n%s", s)
	}
	if h.m.keys.Refresh.Enabled() || h.m.keys.Copy.Enabled() || h.m.keys.Export.Enabled() {
		t.Fatal("actions that cannot work are enabled")
	}
	h.keys("r", "s", "y", "e", "/", "c")
	if h.m.focus != focusCountry {
		t.Fatal("the country picker does not open")
	}
	h.typeText("germ")
	h.keys("enter")
	if h.m.country != "DE" || h.m.focus != focusTable || h.m.search.loading {
		t.Fatalf("country %q focus %v loading %v", h.m.country, h.m.focus, h.m.search.loading)
	}
	if !strings.Contains(h.screen(), msg) {
		t.Fatalf("setup message gone:\n%s", h.screen())
	}
	h.keys("q")
	if len(h.other) == 0 || h.other[len(h.other)-1] != tea.Quit() {
		t.Fatal("q does not quit")
	}
}

func TestUnknownStartCountryFallsBack(t *testing.T) {
	h := newHarness(t, Options{Country: "XX", Type: "fax", Setup: "no key"}, nil, 80, 24)
	if h.m.country != DefaultCountry || h.m.typ != DefaultType {
		t.Fatalf("country %q type %q", h.m.country, h.m.typ)
	}
	if s := h.screen(); !strings.Contains(s, `unknown country "XX"`) {
		t.Fatalf("no warning:\n%s", s)
	}
}

func TestCopyAndBindingsFollowRows(t *testing.T) {
	h := loaded(t, 10, 80, 24, Options{})
	if !h.m.keys.Copy.Enabled() || !h.m.keys.Mark.Enabled() || h.m.keys.Buy.Enabled() {
		t.Fatal("bindings do not follow the rows")
	}
	want := h.selected()
	h.keys("y")
	found := false
	for _, msg := range h.other {
		found = found || strings.Contains(fmt.Sprintf("%v", msg), want)
	}
	if !found {
		t.Fatalf("no clipboard command for %s: %v", want, h.other)
	}
	if s := h.screen(); !strings.Contains(s, "Copied +44 7700 9") {
		t.Fatalf("no confirmation:\n%s", s)
	}
	h.fire(func(m tea.Msg) bool { _, ok := m.(noteExpiredMsg); return ok })
	if strings.Contains(h.screen(), "Copied") {
		t.Fatal("the message does not expire")
	}
	h.keys("/")
	h.typeText("nothingmatchesthis")
	h.keys("enter")
	if h.m.keys.Copy.Enabled() || h.m.keys.Export.Enabled() || h.m.keys.Mark.Enabled() {
		t.Fatal("copy/export/mark enabled without rows")
	}
	if !strings.Contains(h.screen(), "No numbers match the filter") {
		t.Fatalf("empty view not explained:\n%s", h.screen())
	}
}

func TestMarkAndExportName(t *testing.T) {
	local := time.Date(2026, 11, 27, 11, 30, 0, 0, time.Local)
	for _, tt := range []struct{ country, typ, want string }{
		{"GB", "mobile", "numbers-GB-mobile-20261127-1130.csv"},
		{"GB", typeAll, "numbers-GB-all-20261127-1130.csv"},
		{"US", "toll-free", "numbers-US-toll-free-20261127-1130.csv"},
	} {
		if got := exportName(tt.country, tt.typ, local); got != tt.want {
			t.Errorf("exportName(%s, %s) = %q, want %q", tt.country, tt.typ, got, tt.want)
		}
	}
	h := loaded(t, 10, 80, 24, Options{})
	h.keys("space", "j", "space")
	if h.m.marked != 2 || !strings.Contains(h.screen(), "2 marked") {
		t.Fatalf("marks: %d\n%s", h.m.marked, h.screen())
	}
	idx, marked := h.m.exportRows()
	if !marked || len(idx) != 2 {
		t.Fatalf("export rows %v marked %v", idx, marked)
	}
}

func TestHelpOverlayAndASCII(t *testing.T) {
	h := loaded(t, 10, 100, 30, Options{ASCII: true})
	h.keys("?")
	s := h.screen()
	if h.m.focus != focusHelp || !strings.Contains(s, "Keys") || !strings.Contains(s, "k/up") {
		t.Fatalf("help overlay (ASCII):\n%s", s)
	}
	for _, r := range s {
		if r > 0x7e {
			t.Fatalf("non-ASCII %q in ASCII mode:\n%s", r, s)
		}
	}
	h.keys("s") // ignored while the help is open
	if h.m.sort != (results.Sort{Col: results.Monthly}) {
		t.Fatal("a key acted behind the help overlay")
	}
	h.keys("?")
	if h.m.focus != focusTable {
		t.Fatal("? does not close the help")
	}
	checkASCII := func(what string) {
		t.Helper()
		for _, r := range h.screen() {
			if r > 0x7e {
				t.Fatalf("%s: non-ASCII %q in ASCII mode:\n%s", what, r, h.screen())
			}
		}
	}
	h.send(searchDoneMsg{seq: h.m.search.seq, country: "GB", typ: "mobile",
		err: &api.Error{Kind: api.KindRateLimited, Status: 429, RetryAfter: 3 * time.Second}})
	checkASCII("rate limit")
	h.keys("y")
	checkASCII("copied")
	h.send(tea.WindowSizeMsg{Width: 50, Height: 12})
	checkASCII("too small")
}

func TestDetailPanePlacement(t *testing.T) {
	for _, tt := range []struct {
		w, h  int
		right bool
	}{{80, 24, false}, {109, 30, false}, {110, 30, true}, {250, 80, true}} {
		l := computeLayout(tt.w, tt.h, true)
		if l.detailRight != tt.right || l.detail.w == 0 || l.detail.h == 0 {
			t.Errorf("%dx%d: %+v", tt.w, tt.h, l)
		}
		if l.table.h+l.header.h+l.status.h+l.help.h+boolInt(!tt.right)*l.detail.h != tt.h ||
			l.table.w+boolInt(tt.right)*l.detail.w != tt.w {
			t.Errorf("%dx%d: the parts do not fill the screen: %+v", tt.w, tt.h, l)
		}
	}
	h := loaded(t, 10, 80, 24, Options{})
	h.keys("enter")
	if !h.m.showDetail || h.m.lay.detail.h == 0 {
		t.Fatal("enter does not open the detail pane")
	}
	h.keys("tab")
	if h.m.focus != focusDetail {
		t.Fatal("tab does not focus the detail pane")
	}
	h.keys("tab", "d")
	if h.m.showDetail || h.m.focus != focusTable {
		t.Fatal("d does not close the detail pane")
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestViewFitsEverySize(t *testing.T) {
	h := loaded(t, 30, 80, 24, Options{Demo: true})
	h.keys("enter")
	for _, sz := range [][2]int{{0, 0}, {1, 1}, {2, 5}, {59, 16}, {60, 15}, {60, 16}, {61, 17}, {80, 24},
		{109, 30}, {110, 30}, {120, 40}, {250, 80}, {400, 120}} {
		h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		content := h.m.View().Content
		checkScreen(t, content, sz[0], sz[1])
		small := sz[0] < minWidth || sz[1] < minHeight
		if small && sz[0] >= 40 && !strings.Contains(stripANSI(content), "Terminal too small") {
			t.Errorf("%dx%d: no too-small message:\n%s", sz[0], sz[1], content)
		}
		if !small && len(strings.Split(content, "\n")) != sz[1] {
			t.Errorf("%dx%d: %d lines", sz[0], sz[1], len(strings.Split(content, "\n")))
		}
	}
}

func TestMouse(t *testing.T) {
	h := loaded(t, 30, 80, 24, Options{Mouse: true})
	if h.m.View().MouseMode != tea.MouseModeCellMotion {
		t.Fatal("mouse mode not set")
	}
	tb := h.m.lay.table
	h.send(tea.MouseClickMsg{X: tb.x + 2, Y: tb.y + 4, Button: tea.MouseLeft})
	if h.m.table.Cursor() != 3 {
		t.Fatalf("click on the 4th row: cursor %d", h.m.table.Cursor())
	}
	col, ok := h.m.table.ColumnAt(2)
	if !ok {
		t.Fatal("no column at x=2")
	}
	h.send(tea.MouseClickMsg{X: tb.x + 2, Y: tb.y, Button: tea.MouseLeft})
	if h.m.sort != (results.Sort{Col: col}) {
		t.Fatalf("header click: sort %v, want %v", h.m.sort, col)
	}
	h.send(tea.MouseClickMsg{X: tb.x + 2, Y: tb.y, Button: tea.MouseLeft})
	if h.m.sort != (results.Sort{Col: col, Desc: true}) {
		t.Fatalf("second header click: sort %v", h.m.sort)
	}
	before := h.m.table.Cursor()
	h.send(tea.MouseWheelMsg{X: tb.x + 2, Y: tb.y + 3, Button: tea.MouseWheelDown})
	if h.m.table.Cursor() == before && len(h.m.res.view) > tb.h {
		t.Log("the wheel scrolled without moving the cursor (allowed)")
	}
	plain := loaded(t, 5, 80, 24, Options{})
	if plain.m.View().MouseMode != tea.MouseModeNone {
		t.Fatal("mouse on by default")
	}
}

func TestAgeTicksOncePerMinute(t *testing.T) {
	for _, tt := range []struct {
		age  time.Duration
		text string
		next time.Duration
	}{
		{0, "fetched just now", time.Minute},
		{59 * time.Second, "fetched just now", time.Second},
		{2*time.Minute + 10*time.Second, "fetched 2 min ago", 50 * time.Second},
		{61 * time.Minute, "fetched 1 h ago", 59 * time.Minute},
	} {
		if got := ageText(tt.age); got != tt.text {
			t.Errorf("ageText(%v) = %q, want %q", tt.age, got, tt.text)
		}
		if got := nextAgeChange(tt.age); got != tt.next {
			t.Errorf("nextAgeChange(%v) = %v, want %v", tt.age, got, tt.next)
		}
	}
	h := loaded(t, 5, 80, 24, Options{})
	if !strings.Contains(h.screen(), "fetched 2 min ago") {
		t.Fatalf("no age:\n%s", h.screen())
	}
	var ages []time.Duration
	for _, tm := range h.timers {
		if _, ok := tm.fn(rtNow).(ageTickMsg); ok {
			ages = append(ages, tm.d)
		}
	}
	if len(ages) != 1 || ages[0] != time.Minute {
		t.Fatalf("age timers: %v", ages)
	}
}

func TestErrorTranslation(t *testing.T) {
	tests := []struct {
		err  error
		want string
		wait int
	}{
		{&api.Error{Kind: api.KindAuth, Status: 401}, "API key rejected — check IDENTITYCALL_API_KEY", 0},
		{&api.Error{Kind: api.KindAuth, Err: api.ErrNoAPIKey}, "IDENTITYCALL_API_KEY is not set — export it, or start with --demo", 0},
		{&api.Error{Kind: api.KindPermission, Status: 403, Messages: []string{"Read permission required"}},
			"Permission denied: Read permission required — use a key with read permission", 0},
		{&api.Error{Kind: api.KindRejected, Status: 422, Messages: []string{"national numbers are not offered in GB"}},
			"National numbers are not offered in GB — try another number type", 0},
		{&api.Error{Kind: api.KindRejected, Status: 422}, "No mobile numbers offered in GB — try another number type", 0},
		{&api.Error{Kind: api.KindRateLimited, Status: 429, RetryAfter: 12 * time.Second}, "Rate limited — press r to retry", 12},
		{&api.Error{Kind: api.KindRateLimited, Status: 429, RetryAfter: 1500 * time.Millisecond}, "Rate limited — press r to retry", 2},
		{&api.Error{Kind: api.KindRateLimited, Status: 429}, "Rate limited — press r to retry", 10},
		{&api.Error{Kind: api.KindServer, Status: 502}, "The IdentityCall server failed (HTTP 502 Bad Gateway) — press r to retry", 0},
		{&api.Error{Kind: api.KindNetwork}, "Cannot reach the IdentityCall API — press r to retry", 0},
		{&api.Error{Kind: api.KindTimeout}, "The search timed out — press r to retry", 0},
		{&api.Error{Kind: api.KindBadResponse, Status: 200}, "The API sent a response numbrowse cannot read — press r to retry", 0},
		{&api.Error{Kind: api.KindRejected, Status: 422, Messages: []string{"bad\x1b]0;pwned\a type"}},
			"Bad type — try another number type", 0},
		{&api.ValidationError{Field: "country", Value: "XX"}, `Unknown country "XX" — choose another with c or t`, 0},
	}
	for _, tt := range tests {
		p := describe(tt.err, "GB", "mobile")
		if got := p.String(); got != tt.want || p.retryIn != tt.wait {
			t.Errorf("describe(%v) = %q (retry %d), want %q (retry %d)", tt.err, got, p.retryIn, tt.want, tt.wait)
		}
	}
}

// stripANSI removes escape sequences.
func stripANSI(s string) string { return ansi.Strip(s) }

func TestStatusSegmentsShortenThenDrop(t *testing.T) {
	segs := func() []statusSeg {
		return []statusSeg{
			{text: "Searching GB", keep: 100},
			{text: "12 of 40 numbers", keep: 90},
			{text: "filter: x$$ (invalid \"x$$\": bad)", short: "filter: x$$ (1 invalid)", keep: 80},
			{text: "sort monthly", keep: 50},
			{text: "fetched 2 min ago", keep: 40},
		}
	}
	tests := []struct {
		w    int
		want string
	}{
		{200, `Searching GB | 12 of 40 numbers | filter: x$$ (invalid "x$$": bad) | sort monthly | fetched 2 min ago`},
		{95, `Searching GB | 12 of 40 numbers | filter: x$$ (1 invalid) | sort monthly | fetched 2 min ago`},
		{72, `Searching GB | 12 of 40 numbers | filter: x$$ (1 invalid) | sort monthly`},
		{71, `Searching GB | 12 of 40 numbers | filter: x$$ (1 invalid)`},
		{56, `Searching GB | 12 of 40 numbers`},
		{20, `Searching GB`},
		{8, `Searchin`},
		{0, ``},
	}
	for _, tt := range tests {
		if got := fitSegments(segs(), " | ", tt.w); got != tt.want {
			t.Errorf("w=%d: %q, want %q", tt.w, got, tt.want)
		}
	}
}
