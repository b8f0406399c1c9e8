package ui

import (
	"context"
	_ "embed"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	"numbrowse/internal/inventory"
)

// Test helpers for the root model (prefix rt).

// rtNow is the fixed clock of the root tests: 27 Nov 2026, 11:30 UTC.
var rtNow = time.Date(2026, 11, 27, 11, 30, 0, 0, time.UTC)

// rtKeyMap is the default key map.
func rtKeyMap() KeyMap { return defaultKeys() }

// defaultKeymapText is the binary's default key map as text, which the
// root keymap_test.go keeps in step with keymap.go. It is embedded, not
// read when first used: tests that change directory (t.Chdir) use it too.
//
//go:embed testdata/default_keymap.golden
var defaultKeymapText []byte

// defaultKeys is the binary's default key map.
var defaultKeys = sync.OnceValue(func() KeyMap {
	var km KeyMap
	if err := km.UnmarshalText(defaultKeymapText); err != nil {
		panic(err)
	}
	return km
})

// mustCountry is the country with the alpha-2 code, as the command line
// hands it to the browser after parsing.
func mustCountry(code string) api.Country {
	c, err := api.ParseCountry(code)
	if err != nil {
		panic(err)
	}
	return c
}

// mustType is the type choice s ("mobile", "all"...), as the command line
// hands it to the browser after parsing.
func mustType(s string) api.TypeChoice {
	c, err := api.ParseTypeChoice(s)
	if err != nil {
		panic(err)
	}
	return c
}

// rtKey builds a key press as Bubble Tea reports it: "enter", "ctrl+c",
// "space", or one printable character.
func rtKey(s string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "backspace": {Code: tea.KeyBackspace},
		"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "pgup": {Code: tea.KeyPgUp},
		"pgdown": {Code: tea.KeyPgDown}, "home": {Code: tea.KeyHome}, "end": {Code: tea.KeyEnd},
		"tab": {Code: tea.KeyTab}, "space": {Code: tea.KeySpace, Text: " "},
		"ctrl+c": {Code: 'c', Mod: tea.ModCtrl}, "ctrl+l": {Code: 'l', Mod: tea.ModCtrl},
		"ctrl+u": {Code: 'u', Mod: tea.ModCtrl}, "ctrl+d": {Code: 'd', Mod: tea.ModCtrl},
		"ctrl+o": {Code: 'o', Mod: tea.ModCtrl}, "ctrl+w": {Code: 'w', Mod: tea.ModCtrl},
		"ctrl+n": {Code: 'n', Mod: tea.ModCtrl}, "ctrl+p": {Code: 'p', Mod: tea.ModCtrl},
		"ctrl+a": {Code: 'a', Mod: tea.ModCtrl}, "shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
	}
	if k, ok := special[s]; ok {
		return k
	}
	r := []rune(s)
	if len(r) != 1 {
		panic("rtKey: unknown key " + s)
	}
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// rtNumbers builds n deterministic numbers of one country and type, with
// varied costs, features and regions (and some missing costs).
func rtNumbers(country string, typ api.NumberType, n int) []api.Number {
	regions := []string{"London", "Manchester", "Leeds", "Glasgow", "Cardiff", "Belfast", "Bristol"}
	feats := [][]string{{"sms", "voice"}, {"voice"}, {"sms", "voice", "mms"}, {"fax", "voice"}, {"sms"}}
	prefix := map[api.NumberType]string{api.Mobile: "+4477009", api.Local: "+4420794", api.TollFree: "+4480098", api.National: "+4433302"}[typ]
	if prefix == "" {
		prefix = "+4477009"
	}
	out := make([]api.Number, n)
	for i := range out {
		num := api.Number{
			E164:            fmt.Sprintf("%s%05d", prefix, (i*7919)%100000),
			Country:         country,
			Type:            typ,
			UpfrontCurrency: "USD", MonthlyCurrency: "USD",
			Features: feats[i%len(feats)],
			Regions:  []api.Region{{Type: "locality", Name: regions[i%len(regions)]}},
		}
		if i%11 != 5 {
			num.Monthly = rtDecimal(fmt.Sprintf("%d.%02d", 1+i%4, (i*37)%100))
			num.Upfront = rtDecimal(fmt.Sprintf("%d.00", i%3))
		}
		out[i] = num
	}
	return out
}

func rtDecimal(s string) api.Decimal {
	d, err := api.ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// fakeSearcher is an upstream for a real inventory.Service: canned
// results per query, an optional gate that holds searches until released,
// and a record of every context it was given.
type fakeSearcher struct {
	mu      sync.Mutex
	results map[api.Query][]api.Number
	errs    map[api.Query]error
	gate    chan struct{} // when not nil, searches wait for it (or ctx)
	started chan struct{} // when not nil, told of each search (non-blocking)
	ctxs    []context.Context
	calls   int
}

func newFakeSearcher() *fakeSearcher {
	return &fakeSearcher{results: map[api.Query][]api.Number{}, errs: map[api.Query]error{}}
}

func (f *fakeSearcher) set(q api.Query, nums []api.Number, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.results[q], f.errs[q] = nums, err
}

func (f *fakeSearcher) Search(ctx context.Context, q api.Query) (*api.Result, error) {
	f.mu.Lock()
	f.ctxs = append(f.ctxs, ctx)
	f.calls++
	gate, nums, err := f.gate, f.results[q], f.errs[q]
	if f.started != nil {
		select {
		case f.started <- struct{}{}:
		default:
		}
	}
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, &api.Error{Kind: api.KindCanceled, Err: ctx.Err()}
		}
	}
	if err != nil {
		return nil, err
	}
	return &api.Result{Query: q, Numbers: nums, FetchedAt: rtNow.Add(-2 * time.Minute)}, nil
}

// contexts returns the contexts of the searches so far.
func (f *fakeSearcher) contexts() []context.Context {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]context.Context(nil), f.ctxs...)
}

// timerMsg is what a test's "after" returns instead of sleeping: the test
// fires it by hand.
type timerMsg struct {
	d  time.Duration
	fn func(time.Time) tea.Msg
}

// rtHarness drives a Model synchronously: it runs the commands Update
// returns (batches concurrently, as Bubble Tea does), feeds the package's
// own messages back, keeps timers for the test to fire, and records the
// rest (quit, clipboard, ...).
type rtHarness struct {
	t      testing.TB
	m      Model
	timers []timerMsg
	other  []tea.Msg
}

// newHarness builds a model for o (with the fixed clock and test keys when
// unset) at w×h and runs Init.
func newHarness(t testing.TB, o Options, svc searchService, w, h int) *rtHarness {
	t.Helper()
	if o.Now == nil {
		o.Now = func() time.Time { return rtNow }
	}
	if o.Keys.Quit.Keys() == nil {
		o.Keys = rtKeyMap()
	}
	if o.Country.Code == "" {
		o.Country = mustCountry("GB")
	}
	m := New(o)
	if svc != nil {
		m.svc = svc
	}
	h0 := &rtHarness{t: t, m: m}
	m.after = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg { return timerMsg{d: d, fn: fn} }
	}
	if svc != nil {
		// New started the first search with o's service: start it again
		// with this one.
		m.firstSearch = m.startSearch(false, false)
	}
	h0.m = m
	h0.send(tea.WindowSizeMsg{Width: w, Height: h})
	h0.run(h0.m.Init())
	return h0
}

// send updates the model with msg and runs the resulting commands.
func (h *rtHarness) send(msgs ...tea.Msg) {
	for _, msg := range msgs {
		next, cmd := h.m.Update(msg)
		h.m = next.(Model)
		h.run(cmd)
	}
}

// keys sends key presses by name ("j", "enter", "ctrl+c").
func (h *rtHarness) keys(names ...string) {
	for _, n := range names {
		h.send(rtKey(n))
	}
}

// typeText sends each rune of s as a key press.
func (h *rtHarness) typeText(s string) {
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// run executes cmd and everything it leads to.
func (h *rtHarness) run(cmd tea.Cmd) {
	for _, msg := range collect(cmd) {
		switch msg := msg.(type) {
		case nil, spinner.TickMsg:
		case timerMsg:
			h.timers = append(h.timers, msg)
		default:
			if reflect.TypeOf(msg).PkgPath() == "numbrowse/ui" {
				h.send(msg)
			} else {
				h.other = append(h.other, msg)
			}
		}
	}
}

// fire fires the pending timers whose message satisfies keep, and returns
// how many fired.
func (h *rtHarness) fire(keep func(tea.Msg) bool) int {
	pending := h.timers
	h.timers = nil
	n := 0
	for _, tm := range pending {
		msg := tm.fn(rtNow)
		if keep(msg) {
			n++
			h.send(msg)
		} else {
			h.timers = append(h.timers, tm)
		}
	}
	return n
}

// collect runs cmd; batches run concurrently and are flattened.
func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	b, ok := msg.(tea.BatchMsg)
	if !ok {
		return []tea.Msg{msg}
	}
	var (
		mu  sync.Mutex
		out []tea.Msg
		wg  sync.WaitGroup
	)
	for _, c := range b {
		wg.Go(func() {
			msgs := collect(c)
			mu.Lock()
			out = append(out, msgs...)
			mu.Unlock()
		})
	}
	wg.Wait()
	return out
}

// screen is the current view without styles.
func (h *rtHarness) screen() string { return ansi.Strip(h.m.View().Content) }

// checkScreen fails when the view has more lines than h or a line wider
// than w.
func checkScreen(t testing.TB, content string, w, h int) {
	t.Helper()
	lines := strings.Split(content, "\n")
	if content != "" && len(lines) > h {
		t.Fatalf("%dx%d: view has %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("%dx%d: line %d is %d cells wide: %q", w, h, i, lw, ansi.Strip(l))
		}
	}
}

// newService wraps a fake upstream in a real inventory service.
func newService(f *fakeSearcher) *inventory.Service {
	return inventory.New(f, inventory.WithClock(func() time.Time { return rtNow }))
}
