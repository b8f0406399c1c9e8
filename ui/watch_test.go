package ui

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/watch"
)

// movingClock is a clock the test moves.
type movingClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *movingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *movingClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// watchHarness is a browser on GB mobile (n numbers) whose clock, and its
// inventory's, the test moves.
func watchHarness(t *testing.T, n int, o Options) (*rtHarness, *fakeSearcher, *movingClock) {
	t.Helper()
	clock := &movingClock{now: rtNow}
	up := newFakeSearcher()
	up.set(api.Query{Country: "GB", Type: api.Mobile}, rtNumbers("GB", api.Mobile, n), nil)
	o.Inventory = inventory.New(up, inventory.WithClock(clock.Now))
	o.Now = clock.Now
	hs := newHarness(t, o, nil, 120, 40)
	hs.m.jitter = func() float64 { return 0 }
	return hs, up, clock
}

// watchTimers are the pending watch timers' durations.
func watchTimers(hs *rtHarness) []time.Duration {
	var out []time.Duration
	for _, tm := range hs.timers {
		if _, ok := tm.fn(rtNow).(watchTickMsg); ok {
			out = append(out, tm.d)
		}
	}
	return out
}

// fireWatch fires the watch's pending search timer.
func fireWatch(t *testing.T, hs *rtHarness) {
	t.Helper()
	if n := hs.fire(func(m tea.Msg) bool { _, ok := m.(watchTickMsg); return ok }); n != 1 {
		t.Fatalf("%d watch timers fired", n)
	}
}

// rawSent are the raw sequences the browser wrote.
func rawSent(hs *rtHarness) []string {
	var out []string
	for _, m := range hs.other {
		if r, ok := m.(tea.RawMsg); ok {
			out = append(out, fmt.Sprint(r.Msg))
		}
	}
	return out
}

func TestWatchInBrowser(t *testing.T) {
	hs, up, clock := watchHarness(t, 10, Options{Notify: NotifyOSC777})
	q := api.Query{Country: "GB", Type: api.Mobile}
	nums := rtNumbers("GB", api.Mobile, 10)
	hs.keys("w")
	if hs.m.watch == nil || !strings.Contains(hs.m.note.text, "Watching GB · mobile every 5 min") {
		t.Fatalf("w: %q", hs.m.note.text)
	}
	// The results on screen are 2 min old: the first search is due 3 min on.
	if d := watchTimers(hs); len(d) != 1 || d[0] != 3*time.Minute {
		t.Fatalf("first search in %v, want 3m", d)
	}
	hs.keys("esc") // the message, to see the whole status line
	if !strings.Contains(hs.screen(), "watching GB · mobile: next in 3 min") {
		t.Errorf("status:\n%s", hs.screen())
	}

	// A number appears; the watch finds it at the next search.
	extra := api.Number{E164: "+447700900999", Country: "GB", Type: api.Mobile, Monthly: rtDecimal("1.00")}
	up.set(q, append(nums, extra), nil)
	clock.advance(3 * time.Minute)
	hs.other = nil
	fireWatch(t, hs)
	if !strings.Contains(hs.m.note.text, "New match for GB · mobile: +44 7700 900999") {
		t.Errorf("note %q", hs.m.note.text)
	}
	raw := rawSent(hs)
	if len(raw) != 1 || !strings.HasPrefix(raw[0], "\x1b]777;notify;numbrowse;New match for GB · mobile: +44 7700 900999\a") ||
		!strings.HasSuffix(raw[0], "\a\a") {
		t.Errorf("alert %q: want the OSC 777 notification and a bell", raw)
	}
	if hs.m.res.set.Len() != 11 {
		t.Errorf("the results on screen were not refreshed: %d numbers", hs.m.res.set.Len())
	}
	if d := watchTimers(hs); len(d) != 1 || d[0] != 5*time.Minute {
		t.Errorf("next search in %v, want the interval", d)
	}
	hs.keys("esc")
	if !strings.Contains(hs.screen(), "watching GB · mobile, 1 new: next in 5 min") {
		t.Errorf("status:\n%s", hs.screen())
	}

	// The same numbers again: nothing is news.
	clock.advance(5 * time.Minute)
	hs.other = nil
	fireWatch(t, hs)
	if len(rawSent(hs)) != 0 || hs.m.watch.found != 1 {
		t.Errorf("a number seen before was news again: %q", rawSent(hs))
	}

	// A rate limit: said, retried later.
	up.set(q, nil, &api.Error{Kind: api.KindRateLimited, Status: 429})
	clock.advance(5 * time.Minute)
	fireWatch(t, hs)
	if d := watchTimers(hs); len(d) != 1 || d[0] != 10*time.Minute {
		t.Errorf("after a 429, next search in %v, want 10m", d)
	}
	hs.keys("esc")
	if !strings.Contains(hs.screen(), "1 new: rate limited, retrying in 10 min") || hs.m.watch == nil {
		t.Errorf("status:\n%s", hs.screen())
	}

	// A refused key ends the watch, and says so (with the bell).
	up.set(q, nil, &api.Error{Kind: api.KindAuth, Status: 401})
	clock.advance(10 * time.Minute)
	hs.other = nil
	fireWatch(t, hs)
	if hs.m.watch != nil || !strings.Contains(hs.m.note.text, "Stopped watching GB · mobile: API key rejected") {
		t.Errorf("after a 401: watch %v, note %q", hs.m.watch, hs.m.note.text)
	}
	if len(rawSent(hs)) != 1 {
		t.Errorf("the watch stopping is not signalled: %q", rawSent(hs))
	}
	if _, shown := hs.m.watchSegment(); shown {
		t.Errorf("a stopped watch shows:\n%s", hs.screen())
	}
	if up.calls > 4+1 {
		t.Errorf("%d searches", up.calls)
	}
}

// TestWatchFilterAndStop: only numbers that match the watched filter are
// news; w again stops and its timers do nothing.
func TestWatchFilterAndStop(t *testing.T) {
	hs, up, clock := watchHarness(t, 5, Options{NoBell: true})
	q := api.Query{Country: "GB", Type: api.Mobile}
	nums := rtNumbers("GB", api.Mobile, 5)
	hs.keys("/")
	hs.typeText("999$")
	hs.keys("enter", "w")
	if hs.m.watch == nil || hs.m.watch.label != "GB · mobile · 999$" {
		t.Fatalf("watch %+v", hs.m.watch)
	}
	up.set(q, append(nums, api.Number{E164: "+447700900111", Country: "GB", Type: api.Mobile},
		api.Number{E164: "+447700900999", Country: "GB", Type: api.Mobile}), nil)
	clock.advance(3 * time.Minute)
	hs.other = nil
	fireWatch(t, hs)
	if hs.m.watch.found != 1 || !strings.Contains(hs.m.note.text, "+44 7700 900999") {
		t.Errorf("found %d, note %q", hs.m.watch.found, hs.m.note.text)
	}
	if raw := rawSent(hs); len(raw) != 0 {
		t.Errorf("with NoBell and no notifier, the terminal got %q", raw)
	}
	hs.keys("w")
	if hs.m.watch != nil || !strings.Contains(hs.m.note.text, "Stopped watching GB · mobile · 999$") {
		t.Fatalf("w did not stop: %q", hs.m.note.text)
	}
	calls := up.calls
	hs.fire(func(m tea.Msg) bool { _, ok := m.(watchTickMsg); return ok })
	if up.calls != calls {
		t.Error("a stopped watch searched")
	}
}

// TestWatchBaselineAndFloor: without results on screen for the watched
// search, the first search only learns what matches now; an interval
// under a minute is a minute.
func TestWatchBaselineAndFloor(t *testing.T) {
	hs, up, clock := watchHarness(t, 4, Options{WatchEvery: 10 * time.Second})
	if hs.m.cfg.WatchEvery != watch.Floor {
		t.Fatalf("WatchEvery %v", hs.m.cfg.WatchEvery)
	}
	// Another country is on screen when w is pressed.
	hs.m.countries = api.CountryList{mustCountry("DE")}
	up.set(api.Query{Country: "DE", Type: api.Mobile}, []api.Number{{E164: "+4915112345678", Country: "DE", Type: api.Mobile}}, nil)
	hs.keys("w")
	if d := watchTimers(hs); len(d) != 1 || d[0] != 0 {
		t.Fatalf("first search in %v, want at once", d)
	}
	fireWatch(t, hs)
	if hs.m.watch.found != 0 || !hs.m.watch.baselined {
		t.Errorf("the numbers matching at the start were news: %d", hs.m.watch.found)
	}
	if d := watchTimers(hs); len(d) != 1 || d[0] != time.Minute {
		t.Errorf("next search in %v, want the floor", d)
	}
	if hs.m.res.countries[0].Code != "GB" {
		t.Error("the watch of DE replaced the GB results on screen")
	}
	clock.advance(time.Minute)
	fireWatch(t, hs)
}

func TestNotifierFor(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want Notifier
	}{
		{map[string]string{"TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"}, NotifyOSC9},
		{map[string]string{"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, NotifyOSC777},
		{map[string]string{"TERM": "xterm-ghostty"}, NotifyOSC777},
		{map[string]string{"TERM": "foot"}, NotifyOSC777},
		{map[string]string{"TERM": "rxvt-unicode-256color"}, NotifyOSC777},
		{map[string]string{"TERM": "xterm-256color", "VTE_VERSION": "7600"}, NotifyOSC777},
		{map[string]string{"TERM": "xterm-kitty"}, NotifyOSC99},
		{map[string]string{"TERM": "xterm-256color"}, NotifyNone},
		{map[string]string{"TERM": "xterm-256color", "TERM_PROGRAM": "Apple_Terminal"}, NotifyNone},
		{map[string]string{"TERM": "linux"}, NotifyNone},
		{map[string]string{"TERM": "dumb", "TERM_PROGRAM": "iTerm.app"}, NotifyNone},
		{map[string]string{"TERM": "screen-256color", "TERM_PROGRAM": "iTerm.app"}, NotifyNone},
		{map[string]string{"TERM": "xterm-kitty", "TMUX": "/tmp/tmux-1000/default,1,0"}, NotifyNone},
		{map[string]string{}, NotifyNone},
	}
	for _, tt := range tests {
		if got := NotifierFor(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("%v: %s, want %s", tt.env, got, tt.want)
		}
	}
	if NotifierFor(nil) != NotifyNone {
		t.Error("nil env")
	}
}

// TestNotifySequences: the text is made safe inside the sequence: no
// escape, no BEL or ST that would end it early, no ; that would start a
// field, one line, short.
func TestNotifySequences(t *testing.T) {
	hostile := "a\x1b]0;pwned\x07b;c\nd\u009ce" + strings.Repeat("x", 300)
	for _, n := range []Notifier{NotifyOSC9, NotifyOSC777, NotifyOSC99} {
		seq := n.sequence("numbrowse", hostile)
		inner := seq[2 : len(seq)-1]
		if n == NotifyOSC99 {
			inner = seq[2 : len(seq)-2]
		}
		if strings.ContainsAny(inner, "\x1b\a\u009c\n") {
			t.Errorf("%s: %q", n, seq)
		}
		if n == NotifyOSC777 && strings.Count(inner, ";") != 3 {
			t.Errorf("%s: fields %q", n, seq)
		}
		if len([]rune(seq)) > notifyMax+40 {
			t.Errorf("%s: %d runes", n, len([]rune(seq)))
		}
	}
	if NotifyNone.sequence("a", "b") != "" || alertCmd(NotifyNone, false, "a", "b") != nil {
		t.Error("NotifyNone sent something")
	}
	if msg := alertCmd(NotifyNone, true, "a", "b")(); fmt.Sprint(msg.(tea.RawMsg).Msg) != "\a" {
		t.Errorf("the bell alone: %q", msg)
	}
}
