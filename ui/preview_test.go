package ui

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	"numbrowse/internal/inventory"
)

// previewHarness is a browser of GB mobile numbers whose first search
// has started but whose command is never run: the test hands it the
// search's preview and answer as the search would.
func previewHarness(t *testing.T, up *fakeSearcher, w, hgt int, opts ...func(*Options)) *rtHarness {
	t.Helper()
	o := Options{Inventory: newService(up), Country: mustCountry("GB"), Type: api.OneType(api.Mobile),
		Keys: rtKeyMap(), Now: func() time.Time { return rtNow }}
	for _, f := range opts {
		f(&o)
	}
	m := New(o)
	m.after = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg { return timerMsg{d: d, fn: fn} }
	}
	h := &rtHarness{t: t, m: m}
	h.send(tea.WindowSizeMsg{Width: w, Height: hgt})
	if !h.m.search.loading {
		t.Fatal("the first search is not running")
	}
	return h
}

var gbMobileList = api.CountryList{mustCountry("GB")}

// closedEvents is a search's event channel after its end.
func closedEvents() <-chan tea.Msg {
	ch := make(chan tea.Msg)
	close(ch)
	return ch
}

// preview hands the browser the first n of nums as search seq's preview.
func (h *rtHarness) preview(seq int, nums []api.Number, n int) {
	h.send(listenedMsg{events: closedEvents(), msg: searchPreviewMsg{seq: seq, countries: gbMobileList,
		typ: api.OneType(api.Mobile), result: &api.Result{Numbers: slices.Clone(nums[:n]), FetchedAt: rtNow}}})
}

// answer hands the browser search seq's answer (or failure).
func (h *rtHarness) answer(seq int, nums []api.Number, err error) {
	msg := searchDoneMsg{seq: seq, countries: gbMobileList, typ: api.OneType(api.Mobile), err: err}
	if err == nil {
		msg.result = &api.Result{Numbers: nums, FetchedAt: rtNow}
	}
	h.send(msg)
}

// statusText is the status line, without styles.
func (h *rtHarness) statusText() string {
	lines := strings.Split(h.screen(), "\n")
	return lines[len(lines)-2]
}

// TestPreviewShownThenReplaced: the first numbers of a large answer are
// the rows while the rest arrives, the status line saying how many so
// far and that the rest is coming (the spinner on); the answer replaces
// them and says the whole count.
func TestPreviewShownThenReplaced(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 60}} {
		h := previewHarness(t, newFakeSearcher(), size[0], size[1])
		all := rtNumbers("GB", api.Mobile, 50)
		slices.Reverse(all) // the cheapest number comes last
		h.preview(h.m.search.seq, all, 30)
		checkScreen(t, h.m.View().Content, size[0], size[1])
		st := h.statusText()
		if !strings.Contains(st, "30 numbers so far · receiving the rest…") || strings.Contains(st, "fetched") {
			t.Fatalf("%v: status over a preview: %q", size, st)
		}
		if h.m.res.set == nil || h.m.res.set.Len() != 30 || !strings.Contains(h.screen(), all[0].E164[3:6]) {
			t.Fatalf("%v: the preview's rows are not shown:\n%s", size, h.screen())
		}
		if !strings.Contains(h.screen(), "GB United Kingdom") {
			t.Errorf("%v: the header does not name the preview's search:\n%s", size, h.screen())
		}
		h.answer(h.m.search.seq, all, nil)
		st = h.statusText()
		if !strings.Contains(st, "50 numbers") || strings.Contains(st, "so far") || strings.Contains(st, "receiving") ||
			strings.Contains(st, "incomplete") {
			t.Fatalf("%v: status after the answer: %q", size, st)
		}
		if h.m.res.preview || h.m.res.set.Len() != 50 {
			t.Fatalf("%v: the answer did not replace the preview", size)
		}
		// The cursor was left on the first row: the answer shows from
		// the top, where the list starts (cheaper numbers came later).
		if above, _ := h.m.table.Hidden(); h.m.table.Cursor() != 0 || above {
			t.Errorf("%v: the answer does not show from the top: cursor %d", size, h.m.table.Cursor())
		}
	}
}

// TestPreviewCarriesOverToTheAnswer: the filter, sort, cursor and marks
// set on a preview carry over to the answer: the cursor stays on its
// number, on the same line; the marks stay; the filter and sort are
// applied to every number.
func TestPreviewCarriesOverToTheAnswer(t *testing.T) {
	h := previewHarness(t, newFakeSearcher(), 120, 30)
	all := rtNumbers("GB", api.Mobile, 60)
	h.preview(h.m.search.seq, all, 40)
	h.keys("/")
	h.typeText("sms")
	h.keys("enter", "s", "j", "j", "space", "j", "j", "j")
	want, line := h.selected(), h.m.table.Line()
	marked := h.m.table.MarkedNumbers()
	filtered := h.m.res.view.Len()
	if want == "" || len(marked) != 1 || filtered == 0 || filtered == 40 {
		t.Fatalf("set-up: selected %q, marks %v, %d of 40 rows", want, marked, filtered)
	}
	if st := h.statusText(); !strings.Contains(st, "of 40 numbers so far, 1 marked") {
		t.Fatalf("status over a filtered preview: %q", st)
	}
	sortBefore := h.m.sort
	h.answer(h.m.search.seq, all, nil)
	if got := h.selected(); got != want || h.m.table.Line() != line {
		t.Errorf("cursor on %s at line %d after the answer, want %s at line %d", got, h.m.table.Line(), want, line)
	}
	if got := h.m.table.MarkedNumbers(); !slices.Equal(got, marked) {
		t.Errorf("marks %v after the answer, want %v", got, marked)
	}
	if h.m.filter.Query() != "sms" || h.m.sort != sortBefore {
		t.Errorf("filter %q, sort %v after the answer", h.m.filter.Query(), h.m.sort)
	}
	if n := h.m.res.view.Len(); n <= filtered || n == 60 {
		t.Errorf("%d of 60 rows after the answer: the filter is not applied to every number", n)
	}
	if n, _ := h.m.selectedNumber(); n == nil || h.m.detail.num == nil || h.m.detail.num.E164 != want {
		t.Errorf("the detail pane does not follow the cursor")
	}
}

// TestFailureAfterPreviewKeepsItsRows: a search that fails after its
// preview keeps the rows that came, says in the banner that the search
// failed and that they are only the first ones, and in the status line
// that the list is incomplete; r searches again.
func TestFailureAfterPreviewKeepsItsRows(t *testing.T) {
	up := newFakeSearcher()
	all := rtNumbers("GB", api.Mobile, 50)
	up.set(api.Query{Country: "GB", Type: api.Mobile}, all, nil)
	h := previewHarness(t, up, 120, 30)
	h.preview(h.m.search.seq, all, 30)
	h.answer(h.m.search.seq, nil, &api.Error{Kind: api.KindNetwork, Err: errors.New("connection reset")})
	if h.m.res.set == nil || h.m.res.set.Len() != 30 {
		t.Fatalf("the preview's rows are gone after the failure:\n%s", h.screen())
	}
	screen := h.screen()
	if !strings.Contains(screen, "Search failed") || !strings.Contains(screen, "first 30 numbers") {
		t.Errorf("the banner does not say the search failed after its first numbers:\n%s", screen)
	}
	if st := h.statusText(); !strings.Contains(st, "30 numbers — list incomplete") || strings.Contains(st, "so far") {
		t.Errorf("status after a failure over a preview: %q", st)
	}
	h.keys("r")
	if h.m.search.loading || h.m.res.preview || h.m.res.set.Len() != 50 {
		t.Fatalf("r did not search again: loading %v, preview %v, %d numbers", h.m.search.loading, h.m.res.preview, h.m.res.set.Len())
	}
	if s := h.screen(); strings.Contains(s, "incomplete") || strings.Contains(s, "failed") {
		t.Errorf("the answer still says incomplete:\n%s", s)
	}
}

// TestLatePreviewDropped: a preview of an older search (a newer one was
// started), or one that comes after its search's answer, is dropped.
func TestLatePreviewDropped(t *testing.T) {
	h := previewHarness(t, newFakeSearcher(), 120, 30)
	all := rtNumbers("GB", api.Mobile, 50)
	h.preview(h.m.search.seq-1, all, 30)
	if h.m.res.set != nil {
		t.Fatal("an older search's preview was shown")
	}
	h.answer(h.m.search.seq, all[:20], nil)
	h.preview(h.m.search.seq, all, 30)
	if h.m.res.preview || h.m.res.set.Len() != 20 {
		t.Fatalf("a preview after its search's answer replaced it: %d numbers", h.m.res.set.Len())
	}
}

// TestPreviewOfAnotherSearchIsIncompleteOnceReplaced: the user switches
// type while a preview is shown: its rows stay until the new search
// answers, and no longer say "so far" but that the list is incomplete.
func TestPreviewOfAnotherSearchIsIncompleteOnceReplaced(t *testing.T) {
	up := newFakeSearcher()
	up.gate = make(chan struct{})
	t.Cleanup(func() { close(up.gate) })
	h := previewHarness(t, up, 120, 30)
	all := rtNumbers("GB", api.Mobile, 50)
	seq := h.m.search.seq
	h.preview(seq, all, 30)
	next, _ := h.m.Update(typeChosenMsg{Type: mustType("local")}) // its search is not run
	h.m = next.(Model)
	h.preview(seq, all, 40) // the old search's late preview
	if h.m.res.set.Len() != 30 {
		t.Fatalf("a late preview of the old search was shown")
	}
	if st := h.statusText(); !strings.Contains(st, "30 numbers — list incomplete") || strings.Contains(st, "so far") {
		t.Errorf("status while another search runs: %q", st)
	}
}

// TestKeptResultsNotReplacedByPreview: the whole list kept from the last
// run stays on screen, saying how old it is, until the fresh answer: a
// preview of it would show fewer numbers.
func TestKeptResultsNotReplacedByPreview(t *testing.T) {
	m := keptGBModel(t)
	<-m.search.pending.done
	m.after = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg { return timerMsg{d: d, fn: fn} }
	}
	h := &rtHarness{t: t, m: m}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	if !h.m.res.stale || h.m.res.set.Len() != 12 {
		t.Fatalf("the kept results are not shown:\n%s", h.screen())
	}
	all := rtNumbers("GB", api.Mobile, 40)
	h.preview(h.m.search.seq, all, 30)
	if !h.m.res.stale || h.m.res.set.Len() != 12 || !strings.Contains(h.screen(), "refreshing") {
		t.Fatalf("a preview replaced the kept results:\n%s", h.screen())
	}
	h.answer(h.m.search.seq, all, nil)
	if h.m.res.stale || h.m.res.set.Len() != 40 {
		t.Fatalf("the answer did not replace the kept results")
	}
}

// TestPreviewExportAndBuy: a preview's numbers are fresh: b opens the
// purchase dialog on the one under the cursor; an export of them says it
// holds the first part of the answer only.
func TestPreviewExportAndBuy(t *testing.T) {
	dir := t.TempDir()
	h := previewHarness(t, newFakeSearcher(), 120, 30, func(o *Options) {
		o.Purchaser = &fakePurchaser{}
		o.ExportDir = dir
	})
	all := rtNumbers("GB", api.Mobile, 50)
	h.preview(h.m.search.seq, all, 30)
	h.keys("j", "b")
	if h.m.focus != focusBuy || h.m.buy.num.E164 != h.selected() {
		t.Fatalf("b on a preview did not open the purchase on the selected number:\n%s", h.screen())
	}
	h.keys("esc")
	h.keys("e")
	if h.m.focus != focusExport {
		t.Fatalf("e on a preview did not open the export:\n%s", h.screen())
	}
	h.keys("enter")
	st := h.statusText()
	if !strings.Contains(st, "Exported 30 numbers (the first part of the answer only)") || !strings.Contains(st, "30 numbers so far") {
		t.Errorf("status after an export of a preview: %q", st)
	}
}

// TestSecondPreviewReplacesTheFirst: a retried attempt's preview replaces
// the failed attempt's (both are partial lists of the same search).
func TestSecondPreviewReplacesTheFirst(t *testing.T) {
	h := previewHarness(t, newFakeSearcher(), 120, 30)
	all := rtNumbers("GB", api.Mobile, 50)
	h.preview(h.m.search.seq, all, 20)
	h.preview(h.m.search.seq, all, 30)
	if !h.m.res.preview || h.m.res.set.Len() != 30 || !strings.Contains(h.statusText(), "30 numbers so far") {
		t.Fatalf("the second attempt's preview did not replace the first:\n%s", h.screen())
	}
}

// TestWatchOverAPreviewIsNotBaselined: a watch started over a preview
// does not take its numbers as all there is (the rest would come as
// "new"): it waits for a search of its own.
func TestWatchOverAPreviewIsNotBaselined(t *testing.T) {
	h := previewHarness(t, newFakeSearcher(), 120, 30)
	h.preview(h.m.search.seq, rtNumbers("GB", api.Mobile, 50), 30)
	h.keys("w")
	if h.m.watch == nil || h.m.watch.baselined {
		t.Fatalf("watch %+v over a preview", h.m.watch)
	}
}

// TestKeptResultsAfterThePreviewAreDropped: results kept from before that
// are read after the search's first numbers came do not replace them
// (the user may be working on them; the answer comes soon).
func TestKeptResultsAfterThePreviewAreDropped(t *testing.T) {
	h := previewHarness(t, newFakeSearcher(), 120, 30)
	all := rtNumbers("GB", api.Mobile, 50)
	h.preview(h.m.search.seq, all, 30)
	h.keys("j", "space")
	h.send(staleResultsMsg{seq: h.m.search.seq, countries: gbMobileList, typ: api.OneType(api.Mobile),
		result: &api.Result{Numbers: rtNumbers("GB", api.Mobile, 12), FetchedAt: rtNow.Add(-time.Hour)}})
	if !h.m.res.preview || h.m.res.set.Len() != 30 || h.m.table.MarkedCount() != 1 {
		t.Fatalf("kept results replaced the preview:\n%s", h.screen())
	}
}

// TestPreviewThroughTheInventory: a real client and inventory behind the
// browser: an answer of 12,000 numbers that stops after 11,000 shows its
// first 10,000 (the search's events carry them), and the answer replaces
// them once the rest comes.
func TestPreviewThroughTheInventory(t *testing.T) {
	var body bytes.Buffer
	body.WriteString(`{"data":[`)
	cut := 0
	for i := range 12_000 {
		if i == 11_000 {
			cut = body.Len()
		}
		if i > 0 {
			body.WriteByte(',')
		}
		fmt.Fprintf(&body, `{"phone_number":"+4477009%05d","country_code":"GB","number_type":"mobile","monthly_cost":"1.00"}`, i)
	}
	body.WriteString(`]}`)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body.Bytes()[:cut])
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		_, _ = w.Write(body.Bytes()[cut:])
	}))
	t.Cleanup(srv.Close)
	c, err := api.NewClient(api.WithBaseURL(srv.URL), api.WithAPIKey("idc_test"))
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Inventory: inventory.New(c), Country: mustCountry("GB"), Type: api.OneType(api.Mobile),
		Keys: rtKeyMap(), Now: func() time.Time { return rtNow }})
	m, _ = update(m, tea.WindowSizeMsg{Width: 120, Height: 30})
	msgs := runAndCollect(m.Init())
	ev := waitFor[listenedMsg](t, msgs)
	if _, ok := ev.msg.(searchPreviewMsg); !ok {
		t.Fatalf("the search's first event is %T, want its preview", ev.msg)
	}
	m, _ = update(m, ev)
	if !m.res.preview || m.res.set.Len() != 10_000 || !strings.Contains(ansi.Strip(m.View().Content), "10,000 numbers so far") {
		t.Fatalf("the preview is not shown:\n%s", ansi.Strip(m.View().Content))
	}
	close(release)
	m, _ = update(m, waitFor[searchDoneMsg](t, msgs))
	if m.res.preview || m.res.set.Len() != 12_000 || !strings.Contains(ansi.Strip(m.View().Content), "12,000 numbers") {
		t.Fatalf("the answer did not replace the preview:\n%s", ansi.Strip(m.View().Content))
	}
}
