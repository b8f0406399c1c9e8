package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
)

// fakeAccount is an upstream that searches (fakeSearcher) and lists the
// account's numbers.
type fakeAccount struct {
	*fakeSearcher
	mu     sync.Mutex
	owned  []api.OwnedNumber
	err    error
	listed int
}

func (f *fakeAccount) OwnedList(context.Context) (*api.OwnedList, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.listed++
	if f.err != nil {
		return nil, f.err
	}
	return &api.OwnedList{Numbers: append([]api.OwnedNumber(nil), f.owned...), Pages: 1, FetchedAt: rtNow.Add(-time.Minute)}, nil
}

func (f *fakeAccount) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.listed
}

func accountNumbers() []api.OwnedNumber {
	return []api.OwnedNumber{
		{ID: "3101", PhoneNumber: "+447700900111", Name: "Support UK", CountryCode: "GB", Active: true, ActiveKnown: true,
			OperatorsCount: 2, Operators: json.RawMessage(`[{"name":"Ana Souza"},{"name":"Bo Lindqvist"}]`)},
		{ID: "3102", PhoneNumber: "+13125550100", Name: "Sales Chicago", CountryCode: "US", ActiveKnown: true, Status: "suspended"},
		{ID: "3103", PhoneNumber: "+4930123456", Name: "Berlin", CountryCode: "DE", Active: true, ActiveKnown: true,
			Extra: []api.Field{{Key: "created_at", Value: json.RawMessage(`"2026-01-01"`)}}},
	}
}

// ownedHarness is a browser on GB mobile (n numbers) whose account owns
// the numbers of accountNumbers (and, when ownFirst, the first search
// result too).
func ownedHarness(t *testing.T, n, w, h int, allow bool, ownFirst bool) (*rtHarness, *fakeAccount) {
	t.Helper()
	up := &fakeAccount{fakeSearcher: newFakeSearcher(), owned: accountNumbers()}
	nums := rtNumbers("GB", api.Mobile, n)
	up.set(api.Query{Country: "GB", Type: api.Mobile}, nums, nil)
	if ownFirst {
		up.owned = append(up.owned, api.OwnedNumber{ID: "3999", PhoneNumber: nums[0].E164, Name: "Mine", CountryCode: "GB"})
	}
	svc := inventory.New(up, inventory.WithClock(func() time.Time { return rtNow }))
	hs := newHarness(t, Options{Inventory: svc, Owned: allow, Demo: true}, nil, w, h)
	return hs, up
}

func TestOwnedViewShowsTheAccount(t *testing.T) {
	hs, up := ownedHarness(t, 20, 120, 40, true, false)
	if up.count() != 1 {
		t.Fatalf("%d listings at start, want 1 (for the marks)", up.count())
	}
	hs.keys("o")
	if hs.m.view != viewOwned || hs.m.focus != focusOwned {
		t.Fatalf("o did not open the owned view: view %v focus %v", hs.m.view, hs.m.focus)
	}
	if up.count() != 1 {
		t.Errorf("o listed again within the cache's life: %d listings", up.count())
	}
	scr := hs.screen()
	for _, want := range []string{"Your numbers", "Number ▲", "Name", "Country", "Active", "Operators",
		"+1 312-555-0100", "Sales Chicago", "no (suspended)", "+44 7700 900111", "2 (Ana Souza, Bo Lindqvist)",
		"3 of your numbers", "sort number ▲", "fetched 1 min ago", "o search results"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the owned view lacks %q:\n%s", want, scr)
		}
	}
	checkScreen(t, hs.m.View().Content, 120, 40)

	// Sort by the next column (name), then reverse.
	hs.keys("s")
	if hs.m.owned.sort != (results.OwnedSort{Col: results.OwnedName}) {
		t.Fatalf("s sorts by %v", hs.m.owned.sort)
	}
	if o, _ := hs.m.ownedPane.Selected(); o.Name != "Berlin" {
		t.Errorf("the cursor is on %q after sorting by name", o.Name)
	}
	hs.keys("S")
	if !hs.m.owned.sort.Desc || !strings.Contains(hs.screen(), "Name ▼") {
		t.Error("S did not reverse")
	}

	// Filter as the user types; enter keeps it.
	hs.keys("/")
	if hs.m.focus != focusFilter || hs.m.filterInput.Placeholder != ownedFilterPlaceholder {
		t.Fatal("/ did not open the owned filter")
	}
	hs.typeText("active")
	hs.keys("enter")
	if hs.m.focus != focusOwned || len(hs.m.owned.view) != 2 || hs.m.filter.Query() != "" {
		t.Errorf("after filtering: focus %v, %d rows, search filter %q", hs.m.focus, len(hs.m.owned.view), hs.m.filter.Query())
	}
	if !strings.Contains(hs.screen(), "2 of your 3 numbers") || !strings.Contains(hs.screen(), "filter: active") {
		t.Errorf("status:\n%s", hs.screen())
	}
	hs.keys("/")
	hs.typeText(" sms")
	if !strings.Contains(hs.screen(), "without their features") {
		t.Errorf("an invalid term is not said:\n%s", hs.screen())
	}
	hs.keys("esc") // cancels the edit: the filter of before is back
	if hs.m.owned.filter.Query() != "active" || len(hs.m.owned.view) != 2 || hs.m.focus != focusOwned {
		t.Errorf("esc left the filter %q (%d rows), want active", hs.m.owned.filter.Query(), len(hs.m.owned.view))
	}
	// The line edits as the search's does, with its own history: the
	// kept owned filter is not a search filter, and tab offers no
	// search terms.
	hs.keys("/")
	hs.typeText(" sales")
	hs.keys("ctrl+w")
	if hs.m.filterInput.Value() != "active " {
		t.Errorf("ctrl+w left %q", hs.m.filterInput.Value())
	}
	hs.keys("ctrl+u", "tab")
	if hs.m.filterInput.Value() != "" {
		t.Errorf("tab completed %q in the owned filter", hs.m.filterInput.Value())
	}
	hs.keys("up")
	if hs.m.filterInput.Value() != "active" {
		t.Errorf("up recalled %q, want the kept owned filter", hs.m.filterInput.Value())
	}
	if slices.Contains(hs.m.filterInput.history, "active") {
		t.Errorf("the owned filter went into the search history: %q", hs.m.filterInput.history)
	}
	hs.keys("esc") // on the unchanged filter: clears it, as in the search's
	if hs.m.owned.filter.Query() != "" || len(hs.m.owned.view) != 3 {
		t.Errorf("esc left the filter %q", hs.m.owned.filter.Query())
	}

	// The detail pane, then its focus.
	hs.keys("G", "enter")
	scr = hs.screen()
	for _, want := range []string{"E.164", "AI receptionist", "Operators", "Other fields", "created_at", "2026-01-01"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the detail lacks %q:\n%s", want, scr)
		}
	}

	// Copy, export.
	hs.other = nil
	hs.keys("y")
	if sel, _ := hs.m.ownedPane.Selected(); sel.Name != "Berlin" || !strings.Contains(hs.screen(), "Copied +49 30 123456") {
		t.Errorf("y:\n%s", hs.screen())
	}
	hs.keys("e")
	if hs.m.focus != focusExport || !strings.HasPrefix(hs.m.export.Path(), "owned-numbers-") {
		t.Errorf("e: focus %v, path %q", hs.m.focus, hs.m.export.Path())
	}
	hs.keys("esc")
	if hs.m.focus != focusOwned {
		t.Errorf("closing the export left the focus on %v", hs.m.focus)
	}

	// r lists afresh; o goes back.
	hs.keys("r")
	if up.count() != 2 {
		t.Errorf("r: %d listings", up.count())
	}
	hs.keys("o")
	if hs.m.view != viewSearch || hs.m.focus != focusTable || !strings.Contains(hs.screen(), "GB United Kingdom") {
		t.Errorf("o did not go back:\n%s", hs.screen())
	}
}

// TestOwnedViewEscAndKeys: esc closes the detail, then leaves; b says
// why it does nothing; c opens the country picker over the results.
func TestOwnedViewEscAndKeys(t *testing.T) {
	hs, _ := ownedHarness(t, 5, 80, 24, true, false)
	hs.keys("o", "enter")
	hs.keys("esc")
	if hs.m.showDetail || hs.m.view != viewOwned {
		t.Fatal("esc did not close the detail first")
	}
	hs.keys("b")
	if !strings.Contains(hs.m.note.text, "yours already") {
		t.Errorf("b: %q", hs.m.note.text)
	}
	hs.keys("esc", "esc")
	if hs.m.view != viewSearch {
		t.Error("esc did not leave the owned view")
	}
	hs.keys("o", "c")
	if hs.m.view != viewSearch || hs.m.focus != focusCountry {
		t.Errorf("c from the owned view: view %v focus %v", hs.m.view, hs.m.focus)
	}
	checkScreen(t, hs.m.View().Content, 80, 24)
}

// TestOwnedNotAllowed: without Owned (serve without --allow-owned) nothing
// is listed, o is not in the help and says why.
func TestOwnedNotAllowed(t *testing.T) {
	hs, up := ownedHarness(t, 5, 100, 30, false, true)
	if up.count() != 0 {
		t.Fatalf("%d listings without Owned", up.count())
	}
	if strings.Contains(hs.screen(), "your numbers") {
		t.Errorf("o is offered:\n%s", hs.screen())
	}
	hs.keys("o")
	if hs.m.view != viewSearch || !strings.Contains(hs.m.note.text, "--allow-owned") {
		t.Errorf("o: view %v, note %q", hs.m.view, hs.m.note.text)
	}
	if hs.m.table.rented != nil {
		t.Error("the account's numbers are marked without Owned")
	}
}

// TestOwnedMarksAndPurchase: a search result the account owns is marked
// and cannot be bought; a number bought appears in the owned view at once.
func TestOwnedMarksAndPurchase(t *testing.T) {
	hs, up := ownedHarness(t, 5, 100, 30, true, true)
	first := hs.m.res.nums[0].E164
	if hs.m.table.rented == nil || !hs.m.table.rented(first) || hs.m.table.rented(hs.m.res.nums[1].E164) {
		t.Fatal("the owned search result is not marked (or others are)")
	}
	hs.m.cfg.Purchaser = &fakePurchaser{}
	// Put the cursor on the owned number and press b.
	for i := 0; i < 5; i++ {
		if n, _ := hs.m.selectedNumber(); n != nil && n.E164 == first {
			break
		}
		hs.keys("j")
	}
	hs.keys("b")
	if hs.m.focus == focusBuy || !strings.Contains(hs.m.note.text, "already yours (id 3999) — on your account") {
		t.Errorf("b on an owned number: focus %v, note %q", hs.m.focus, hs.m.note.text)
	}

	bought := hs.m.res.nums[2].E164
	hs.send(purchasedMsg{Query: api.Query{Country: "GB", Type: api.Mobile}, E164: bought,
		Owned: api.OwnedNumber{ID: "4201", PhoneNumber: bought, Name: "New"}})
	hs.keys("o")
	if up.count() != 1 {
		t.Errorf("the owned view listed again: %d", up.count())
	}
	found := false
	for _, i := range hs.m.owned.view {
		if o := hs.m.owned.numbers[i]; o.ID == "4201" && o.CountryCode == "GB" {
			found = true
		}
	}
	if !found || !strings.Contains(hs.screen(), "5 of your numbers") {
		t.Errorf("the number bought is not in the owned view:\n%s", hs.screen())
	}
}

// TestOwnedErrors: a failed listing at start is quiet; in the view it is
// said, with the hint, and the empty view explains it; a later success
// clears it.
func TestOwnedErrors(t *testing.T) {
	up := &fakeAccount{fakeSearcher: newFakeSearcher(), err: &api.Error{Kind: api.KindPermission, Status: 403,
		Messages: []string{"Read permission required"}}}
	up.set(api.Query{Country: "GB", Type: api.Mobile}, rtNumbers("GB", api.Mobile, 3), nil)
	svc := inventory.New(up)
	hs := newHarness(t, Options{Inventory: svc, Owned: true}, nil, 80, 24)
	if hs.m.owned.issue != nil || hs.m.note.text != "" {
		t.Fatalf("the quiet listing's failure shows: %v %q", hs.m.owned.issue, hs.m.note.text)
	}
	hs.keys("o")
	scr := hs.screen()
	if !strings.Contains(scr, "Read permission required") || !strings.Contains(scr, "use a key with read permission") {
		t.Errorf("the failure is not said:\n%s", scr)
	}
	up.mu.Lock()
	up.err = &api.Error{Kind: api.KindServer, Status: 503}
	up.mu.Unlock()
	hs.keys("r")
	if !strings.Contains(hs.screen(), "press r to retry") {
		t.Errorf("a passing failure has no retry hint:\n%s", hs.screen())
	}
	up.mu.Lock()
	up.err, up.owned = nil, nil
	up.mu.Unlock()
	hs.keys("r")
	if hs.m.owned.issue != nil || !strings.Contains(hs.screen(), "The account owns no numbers yet") {
		t.Errorf("after a success:\n%s", hs.screen())
	}
}

// TestOwnedIncomplete: a list the API paged badly says so.
func TestOwnedIncomplete(t *testing.T) {
	hs, _ := ownedHarness(t, 3, 120, 30, true, false)
	hs.keys("o")
	hs.send(ownedLoadedMsg{seq: hs.m.owned.seq, list: &api.OwnedList{Numbers: accountNumbers(),
		Incomplete: "the API said the account has 9 numbers but sent 3", FetchedAt: rtNow}})
	if !strings.Contains(hs.screen(), "Your list may be incomplete: the API said the account has 9 numbers but sent 3") {
		t.Errorf("not said:\n%s", hs.screen())
	}
}

// TestOwnedViewSizes: the owned view fits every size, with and without
// the detail pane, in ASCII too, and with hostile names.
func TestOwnedViewSizes(t *testing.T) {
	for _, ascii := range []bool{false, true} {
		for _, size := range [][2]int{{60, 16}, {80, 24}, {120, 40}, {200, 50}} {
			up := &fakeAccount{fakeSearcher: newFakeSearcher(), owned: append(accountNumbers(),
				api.OwnedNumber{ID: "x", PhoneNumber: "+15550001111", Name: api.Printable("\x1b[31m" + strings.Repeat("Ｗ", 60)),
					Operators: json.RawMessage(`["` + strings.Repeat("op ", 50) + `"]`), OperatorsCount: 1})}
			up.set(api.Query{Country: "GB", Type: api.Mobile}, rtNumbers("GB", api.Mobile, 3), nil)
			hs := newHarness(t, Options{Inventory: inventory.New(up), Owned: true, ASCII: ascii}, nil, size[0], size[1])
			hs.keys("o")
			checkScreen(t, hs.m.View().Content, size[0], size[1])
			hs.keys("enter", "G")
			checkScreen(t, hs.m.View().Content, size[0], size[1])
			if strings.Contains(hs.m.View().Content, "\x1b[31m") {
				t.Error("a name's escape reached the screen")
			}
		}
	}
}

func TestOwnedProblemWithoutKey(t *testing.T) {
	hs := newHarness(t, Options{Setup: "IDENTITYCALL_API_KEY is not set", Owned: true}, nil, 80, 24)
	hs.keys("o")
	if hs.m.view != viewSearch || !strings.Contains(hs.m.note.text, "needs an API key") {
		t.Errorf("note %q", hs.m.note.text)
	}
}

// TestOwnedRateLimitListsAgain: a rate-limited listing counts down in the
// status line and lists again by itself when the wait has passed, as a
// search does; r lists at once instead.
func TestOwnedRateLimitListsAgain(t *testing.T) {
	clock := &movingClock{now: rtNow}
	up := &fakeAccount{fakeSearcher: newFakeSearcher(), owned: accountNumbers(),
		err: &api.Error{Kind: api.KindRateLimited, Status: 429, RetryAfter: 3 * time.Second}}
	up.set(api.Query{Country: "GB", Type: api.Mobile}, rtNumbers("GB", api.Mobile, 3), nil)
	hs := newHarness(t, Options{Inventory: inventory.New(up, inventory.WithClock(clock.Now)), Owned: true, Now: clock.Now}, nil, 100, 30)
	if len(hs.timers) != 0 && hs.fire(func(m tea.Msg) bool { _, ok := m.(ownedRetryMsg); return ok }) != 0 {
		t.Fatal("the quiet listing at start counts down")
	}
	hs.keys("o")
	listed := up.count()
	if scr := hs.screen(); !strings.Contains(scr, "Rate limited — listing again in 3 s") || !strings.Contains(scr, "Listing again in 3 s, or press r now") {
		t.Fatalf("no countdown:\n%s", scr)
	}
	retry := func(m tea.Msg) bool { _, ok := m.(ownedRetryMsg); return ok }
	clock.advance(time.Second)
	if hs.fire(retry) != 1 || !strings.Contains(hs.screen(), "listing again in 2 s") {
		t.Fatalf("the countdown does not go on:\n%s", hs.screen())
	}
	if up.count() != listed {
		t.Fatal("listed again before the wait passed")
	}
	up.mu.Lock()
	up.err = nil
	up.mu.Unlock()
	clock.advance(2 * time.Second)
	hs.fire(retry)
	hs.fire(retry)
	if up.count() != listed+1 || hs.m.owned.issue != nil || !strings.Contains(hs.screen(), "3 of your numbers") {
		t.Fatalf("%d listings after the wait (want %d):\n%s", up.count(), listed+1, hs.screen())
	}

	// Another rate limit, then r at once: the pending countdown does not
	// list a second time.
	up.mu.Lock()
	up.err = &api.Error{Kind: api.KindRateLimited, Status: 429, RetryAfter: 3 * time.Second}
	up.mu.Unlock()
	hs.keys("r")
	up.mu.Lock()
	up.err = nil
	up.mu.Unlock()
	hs.keys("r")
	listed = up.count()
	clock.advance(5 * time.Second)
	if hs.fire(retry) > 1 || up.count() != listed {
		t.Errorf("the old countdown listed again: %d listings, want %d", up.count(), listed)
	}
}

// TestOwnedViewShowsItsPosition: the owned view's status line ends with
// the cursor's position and the scroll arrows, as the results' does.
func TestOwnedViewShowsItsPosition(t *testing.T) {
	up := &fakeAccount{fakeSearcher: newFakeSearcher(), owned: accountNumbers()}
	for i := range 30 {
		up.owned = append(up.owned, api.OwnedNumber{ID: fmt.Sprint(5000 + i), PhoneNumber: fmt.Sprintf("+4477009%05d", i), Name: "Line", CountryCode: "GB"})
	}
	up.set(api.Query{Country: "GB", Type: api.Mobile}, rtNumbers("GB", api.Mobile, 5), nil)
	svc := inventory.New(up, inventory.WithClock(func() time.Time { return rtNow }))
	hs := newHarness(t, Options{Inventory: svc, Owned: true, Demo: true}, nil, 80, 24)
	hs.keys("o")
	status := func() string {
		lines := strings.Split(hs.screen(), "\n")
		for i := len(lines) - 1; i >= 0; i-- {
			if strings.Contains(lines[i], "of your numbers") {
				return lines[i]
			}
		}
		t.Fatalf("no status line:\n%s", hs.screen())
		return ""
	}
	if s := status(); !strings.Contains(s, " 1/33 ↓") {
		t.Errorf("at the top: %q, want 1/33 and rows below", s)
	}
	for range 32 {
		hs.keys("down")
	}
	if s := status(); !strings.Contains(s, "↑ 33/33") {
		t.Errorf("at the end: %q, want ↑ 33/33", s)
	}
}

// TestOwnedHelpOffersWhatWorks: in the owned view, ? lists only the keys
// that do something there (no copy menu, marks, saved searches or buy:
// they did nothing), the owned filter's terms (the search filter's
// features, costs and region parts are invalid there) and no feature or
// flag badges (the owned table has none); the help line ends with ? and
// q as on the search results. Back on the results, all of it returns.
func TestOwnedHelpOffersWhatWorks(t *testing.T) {
	hs, _ := ownedHarness(t, 5, 120, 40, true, false)
	hs.keys("space", "o", "?")
	scr := hs.screen()
	for _, want := range []string{"search results", "export", "active inactive", `"sales team"`, "DEMO"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the owned view's help lacks %q:\n%s", want, scr)
		}
	}
	for _, bad := range []string{"copy menu", "mark all", "unmark", "saved searches", "save search", " buy",
		"state:IL", "cur:EUR", "S SMS", "DOC documents"} {
		if strings.Contains(scr, bad) {
			t.Errorf("the owned view's help offers %q, which does not work there:\n%s", bad, scr)
		}
	}
	hs.keys("esc")
	if line := hs.footer(); !strings.HasSuffix(strings.TrimSpace(line), "? help · q quit") {
		t.Errorf("the owned view's help line does not end with ? help · q quit: %q", line)
	}
	hs.keys("o", "?")
	scr = hs.screen()
	for _, want := range []string{"copy menu", "mark all", "unmark", "saved searches", "save search", "state:IL", "S SMS"} {
		if !strings.Contains(scr, want) {
			t.Errorf("back on the results, the help lacks %q:\n%s", want, scr)
		}
	}
	hs.keys("esc", "p")
	if hs.m.focus != focusSearches {
		t.Errorf("p on the results after the owned view: focus %v", hs.m.focus)
	}
}

// TestOwnedCountReads: the owned view counts as the results do, with
// thousands separators, and a filter's count reads "N of your M numbers".
func TestOwnedCountReads(t *testing.T) {
	up := &fakeAccount{fakeSearcher: newFakeSearcher()}
	for i := range 1200 {
		active := i%2 == 0
		up.owned = append(up.owned, api.OwnedNumber{ID: fmt.Sprint(5000 + i), PhoneNumber: fmt.Sprintf("+4477009%05d", i),
			Name: "Line", CountryCode: "GB", Active: active, ActiveKnown: true})
	}
	up.set(api.Query{Country: "GB", Type: api.Mobile}, rtNumbers("GB", api.Mobile, 3), nil)
	svc := inventory.New(up, inventory.WithClock(func() time.Time { return rtNow }))
	hs := newHarness(t, Options{Inventory: svc, Owned: true}, nil, 120, 30)
	hs.keys("o")
	if line := hs.statusLine(); !strings.Contains(line, "1,200 of your numbers") {
		t.Errorf("status line %q", line)
	}
	hs.keys("/")
	hs.typeText("inactive")
	hs.keys("enter")
	if line := hs.statusLine(); !strings.Contains(line, "600 of your 1,200 numbers") {
		t.Errorf("filtered status line %q", line)
	}
}
