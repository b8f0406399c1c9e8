package ui

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
)

// usNumbers are US local numbers with states, places, postal codes, a
// vanity number and the flags the typed terms test.
func usNumbers() []api.Number {
	mk := func(e164, monthly, state, place, zip string, feats ...string) api.Number {
		n := api.Number{E164: e164, Country: "US", Type: api.Local, Monthly: rtDecimal(monthly),
			MonthlyCurrency: "USD", Features: feats,
			Regions: []api.Region{{Type: "rate_center", Name: place}, {Type: "state", Name: state}}}
		if zip != "" {
			n.Regions = append(n.Regions, api.Region{Type: "postal_code", Name: zip})
		}
		return n
	}
	nums := []api.Number{
		mk("+13125550101", "1.00", "IL", "CHICAGO ZONE 1", "60601", "sms", "voice"),
		mk("+13125550102", "1.50", "IL", "CHICAGO ZONE 1", "60601", "voice"),
		mk("+17735550103", "1.10", "IL", "CHICAGO ZONE 2", "", "sms"),
		mk("+13175550104", "1.20", "IN", "INDIANAPOLIS", "46204", "sms"),
		mk("+18083569377", "2.00", "HI", "HONOLULU", "96813", "voice", "emergency"),
		mk("+12065550106", "0.90", "WA", "SEATTLE", "98101", "sms"),
		mk("+14425550107", "1.00", "CA", "SAN DIEGO", "", "voice"), // +1 442 holds keypad 44 (HI)
	}
	nums[4].Flags.Quickship = true
	return nums
}

func usHarness(t *testing.T, o Options) *rtHarness {
	t.Helper()
	up := newFakeSearcher()
	up.set(api.Query{Country: "US", Type: api.Local}, usNumbers(), nil)
	o.Inventory = newService(up)
	o.Country, o.Type = mustCountry("US"), mustType("local")
	h := newHarness(t, o, nil, 120, 30)
	if h.m.res.set == nil {
		t.Fatalf("no results:\n%s", h.screen())
	}
	return h
}

// footer is the last line of the screen.
func (h *rtHarness) footer() string {
	lines := strings.Split(h.screen(), "\n")
	return lines[len(lines)-1]
}

// statusLine is the line above the footer.
func (h *rtHarness) statusLine() string {
	lines := strings.Split(h.screen(), "\n")
	return lines[len(lines)-2]
}

func TestFilterEscRestoresTheFilterOfBefore(t *testing.T) {
	h := usHarness(t, Options{})
	h.keys("/")
	h.typeText("sms")
	h.keys("enter")
	if h.m.filter.Query() != "sms" || h.m.res.view.Len() != 4 {
		t.Fatalf("filter %q, %d rows", h.m.filter.Query(), h.m.res.view.Len())
	}
	// An edit cancelled with esc puts the filter of before back.
	h.keys("/")
	h.typeText(" state:il")
	if h.m.res.view.Len() != 2 {
		t.Fatalf("live filter: %d rows", h.m.res.view.Len())
	}
	h.keys("esc")
	if h.m.focus != focusTable || h.m.filter.Query() != "sms" || h.m.res.view.Len() != 4 {
		t.Fatalf("after esc: focus %v, filter %q, %d rows", h.m.focus, h.m.filter.Query(), h.m.res.view.Len())
	}
	// esc on an unchanged filter clears it, as esc on the table does.
	h.keys("/", "esc")
	if h.m.filter.Query() != "" || h.m.res.view.Len() != 7 {
		t.Fatalf("esc on an unchanged filter: filter %q, %d rows", h.m.filter.Query(), h.m.res.view.Len())
	}
	// A change undone by hand is unchanged too.
	h.keys("/")
	h.typeText("x")
	h.keys("backspace", "esc")
	if h.m.filter.Query() != "" {
		t.Fatalf("filter %q", h.m.filter.Query())
	}
}

func TestFilterLineEditing(t *testing.T) {
	h := usHarness(t, Options{})
	h.keys("/")
	h.typeText(`sms city:"chicago zone" !voice`)
	h.keys("ctrl+w")
	if got := h.m.filterInput.Value(); got != `sms city:"chicago zone" ` {
		t.Fatalf("ctrl+w: %q", got)
	}
	h.keys("ctrl+w") // a quoted value is one term
	if got := h.m.filterInput.Value(); got != "sms " {
		t.Fatalf("ctrl+w on a quoted value: %q", got)
	}
	if h.m.filter.Query() != "sms " {
		t.Fatalf("the filter did not follow the line: %q", h.m.filter.Query())
	}
	h.keys("ctrl+u")
	if got := h.m.filterInput.Value(); got != "" || h.m.filter.Query() != "" {
		t.Fatalf("ctrl+u: %q, filter %q", got, h.m.filter.Query())
	}
	// ctrl+u is the line's, although it is also half_page_up's key.
	if h.m.focus != focusFilter {
		t.Fatal("ctrl+u left the filter line")
	}
}

func TestFilterLineMovesTheTable(t *testing.T) {
	h := usHarness(t, Options{})
	h.keys("/")
	first := h.selected()
	h.keys("ctrl+n", "ctrl+n")
	if h.selected() == first || h.m.table.Cursor() != 2 {
		t.Fatalf("ctrl+n: cursor %d", h.m.table.Cursor())
	}
	h.keys("ctrl+p")
	if h.m.table.Cursor() != 1 {
		t.Fatalf("ctrl+p: cursor %d", h.m.table.Cursor())
	}
	h.keys("pgdown")
	if h.m.table.Cursor() != 6 {
		t.Fatalf("pgdown: cursor %d", h.m.table.Cursor())
	}
	if h.m.focus != focusFilter {
		t.Fatal("moving the table left the filter line")
	}
}

func TestFilterHistory(t *testing.T) {
	dir := t.TempDir()
	h := usHarness(t, Options{StateDir: dir})
	for _, q := range []string{"sms", "state:il", "sms"} {
		h.keys("/", "ctrl+u")
		h.typeText(q)
		h.keys("enter")
	}
	if want := []string{"state:il", "sms"}; !slices.Equal(h.m.filterInput.history, want) {
		t.Fatalf("history %q, want %q", h.m.filterInput.history, want)
	}
	h.keys("/", "ctrl+u")
	h.typeText("vo")
	h.keys("up") // the newest is "sms"
	if got := h.m.filterInput.Value(); got != "sms" || h.m.filter.Query() != "sms" {
		t.Fatalf("up: %q, filter %q", got, h.m.filter.Query())
	}
	h.keys("up", "up") // no older entry: it stays
	if got := h.m.filterInput.Value(); got != "state:il" {
		t.Fatalf("up up up: %q", got)
	}
	h.keys("down", "down") // past the newest: what was being typed
	if got := h.m.filterInput.Value(); got != "vo" {
		t.Fatalf("down down: %q", got)
	}
	h.keys("esc")

	// The history is in the state directory for the next run.
	data, err := os.ReadFile(filepath.Join(dir, historyFileName))
	if err != nil {
		t.Fatal(err)
	}
	var doc historyDoc
	if err := json.Unmarshal(data, &doc); err != nil || !slices.Equal(doc.Filters, []string{"state:il", "sms"}) {
		t.Fatalf("file %s: %v", data, err)
	}
	next := usHarness(t, Options{StateDir: dir})
	next.keys("/", "up")
	if got := next.m.filterInput.Value(); got != "sms" {
		t.Fatalf("next run, up: %q", got)
	}
}

func TestFilterHistoryWithoutStateDir(t *testing.T) {
	// Under numbrowse serve the history is the session's own.
	h := usHarness(t, Options{})
	h.keys("/")
	h.typeText("sms")
	h.keys("enter", "/", "ctrl+u", "up")
	if got := h.m.filterInput.Value(); got != "sms" {
		t.Fatalf("up: %q", got)
	}
	if other := usHarness(t, Options{}); len(other.m.filterInput.history) != 0 {
		t.Fatalf("another session sees %q", other.m.filterInput.history)
	}
}

func TestFilterHistoryFile(t *testing.T) {
	dir := t.TempDir()
	s := newHistoryStore(dir)
	for i := range historyMax + 20 {
		if _, err := s.Add(fmt.Sprintf("sms <%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.Load()
	if err != nil || len(list) != historyMax || list[len(list)-1] != fmt.Sprintf("sms <%d", historyMax+19) {
		t.Fatalf("%d entries, newest %q, %v", len(list), list[len(list)-1], err)
	}
	// A hostile or broken file: control characters, long entries, junk.
	long := strings.Repeat("5", 500)
	bad, _ := json.Marshal(historyDoc{Version: 1, Filters: []string{"sms\x1b[2J", long, "  ", "sms\x1b[2J"}})
	if err := os.WriteFile(filepath.Join(dir, historyFileName), bad, 0o600); err != nil {
		t.Fatal(err)
	}
	list, err = newHistoryStore(dir).Load()
	if err != nil || len(list) != 2 || list[1] != "sms[2J" || len([]rune(list[0])) != filterMaxRunes {
		t.Fatalf("cleaned: %q, %v", list, err)
	}
	if err := os.WriteFile(filepath.Join(dir, historyFileName), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if list, err := newHistoryStore(dir).Load(); err == nil || len(list) != 0 {
		t.Fatalf("corrupt file: %q, %v", list, err)
	}
	h := usHarness(t, Options{StateDir: dir})
	if !strings.Contains(h.screen(), "Filter history not loaded") {
		t.Fatalf("a corrupt history is not reported:\n%s", h.screen())
	}
}

func TestFilterCompletion(t *testing.T) {
	h := usHarness(t, Options{})
	h.keys("/")
	h.typeText("sta")
	if f := h.footer(); !strings.Contains(f, "tab: state:") {
		t.Fatalf("no candidates shown while typing: %q", f)
	}
	h.keys("tab") // one candidate: it is put in place
	if got := h.m.filterInput.Value(); got != "state:" {
		t.Fatalf("tab: %q", got)
	}
	h.typeText("i")
	if f := h.footer(); !strings.Contains(f, "tab: IL IN") {
		t.Fatalf("the states are not offered: %q", f)
	}
	h.keys("tab") // two: the first is put in place, the menu shown
	if got := h.m.filterInput.Value(); got != "state:IL" || h.m.res.view.Len() != 3 {
		t.Fatalf("tab: %q, %d rows", got, h.m.res.view.Len())
	}
	if f := h.footer(); !strings.Contains(f, "tab: [IL] IN") {
		t.Fatalf("menu: %q", f)
	}
	h.keys("tab")
	if got := h.m.filterInput.Value(); got != "state:IN" {
		t.Fatalf("tab tab: %q", got)
	}
	h.keys("shift+tab")
	if got := h.m.filterInput.Value(); got != "state:IL" {
		t.Fatalf("shift+tab: %q", got)
	}
	h.typeText(" city:c")
	h.keys("tab") // the common start of the Chicago zones, as the table shows them
	if got := h.m.filterInput.Value(); got != `state:IL city:"Chicago Zone ` {
		t.Fatalf("common start: %q", got)
	}
	h.keys("tab")
	if got := h.m.filterInput.Value(); got != `state:IL city:"Chicago Zone 1"` || h.m.res.view.Len() != 2 {
		t.Fatalf("tab: %q, %d rows", got, h.m.res.view.Len())
	}
	// Features come from the results, emergency too; a word in the middle.
	h.keys("ctrl+u")
	h.typeText("feature:em sms")
	for range 4 {
		h.keys("left")
	}
	h.keys("tab")
	if got := h.m.filterInput.Value(); got != "feature:emergency sms" {
		t.Fatalf("in the middle: %q", got)
	}
}

func TestFilterHints(t *testing.T) {
	h := usHarness(t, Options{})
	h.keys("/")
	if f := h.footer(); !strings.Contains(f, "esc cancel") || !strings.Contains(f, "history") {
		t.Fatalf("an empty line does not name its keys: %q", f)
	}
	tests := []struct{ typed, hint string }{
		{"HI", "a region word starts with HI (fewer than 3 letters: not read as keypad digits)"},
		{"state:i", "state, province or region starts with i"},
		{"^312*", "the national number starts 312? (? any digit)"},
		{"up<1", "upfront cost < 1"},
		{"type:car", `invalid "type:car": type: is mobile, local, toll-free or national`},
		{"96813", "96813 is in the number · for the postal code: zip:96813"},
		{"!docs", "not: needs documents or an address"},
		{"type:l", `tab: local · invalid "type:l": type: is mobile`},
		{"flag:q", "tab: quickship · invalid"},
		{"state:", "tab: CA HI IL IN WA · invalid"},
	}
	for _, tt := range tests {
		h.keys("ctrl+u")
		h.typeText(tt.typed)
		if f := h.footer(); !strings.Contains(f, tt.hint) {
			t.Errorf("typing %q: footer %q, want %q", tt.typed, f, tt.hint)
		}
	}
	// At 80 columns the hint is cut, never the input.
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.keys("ctrl+u")
	h.typeText("state:i")
	f := h.footer()
	if !strings.Contains(f, "filter state:i") || len([]rune(f)) > 80 {
		t.Fatalf("80 columns: %q", f)
	}
}

func TestFilterSaysKeypadReadings(t *testing.T) {
	h := usHarness(t, Options{})
	h.keys("/")
	h.typeText("FLOWERS")
	if s := h.statusLine(); !strings.Contains(s, "FLOWERS (as keypad 3569377)") || h.m.res.view.Len() != 1 {
		t.Fatalf("status %q, %d rows", s, h.m.res.view.Len())
	}
	// At 80 columns the age makes room for it (the reading is said whole
	// once the age is gone); at 70 the reading is said in a word, not
	// dropped.
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if s := h.statusLine(); !strings.Contains(s, "FLOWERS (as keypad 3569377)") {
		t.Fatalf("80 columns: status %q", s)
	}
	h.send(tea.WindowSizeMsg{Width: 70, Height: 24})
	if s := h.statusLine(); !strings.Contains(s, "FLOWERS (keypad)") {
		t.Fatalf("70 columns: status %q", s)
	}
	h.keys("ctrl+u")
	h.typeText("chicago")
	if s := h.statusLine(); strings.Contains(s, "keypad") || h.m.res.view.Len() != 3 {
		t.Fatalf("a place name alone: status %q, %d rows", s, h.m.res.view.Len())
	}
	// Two letters are a place: HI finds Honolulu, not +1 442 (keypad 44)
	// nor Chicago.
	h.keys("ctrl+u")
	h.typeText("HI")
	if h.m.res.view.Len() != 1 || !strings.HasPrefix(h.selected(), "+1808") {
		t.Fatalf("HI: %d rows", h.m.res.view.Len())
	}
	h.keys("ctrl+u")
	h.typeText("WA")
	if h.m.res.view.Len() != 1 || h.selected() != "+12065550106" {
		t.Fatalf("WA: %d rows", h.m.res.view.Len())
	}
}
