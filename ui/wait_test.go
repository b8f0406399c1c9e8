package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"numbrowse/api"
	fs "numbrowse/internal/faultserver"
	"numbrowse/internal/inventory"
)

// Issue 12's third problem: every wait says why. `r` against a 429 ran
// the spinner for ~13 s with no reason (the client's silent retries), then
// showed cached rows with no word that the refresh failed, the automatic
// retry never asking the API again; a stalled API with --timeout 3s
// answered after ~9.5 s with its three attempts unseen.

// startFaultProgram runs the browser (the real program loop) against a
// fault server answering steps, through a client with its default three
// attempts and the given per-attempt timeout.
func startFaultProgram(t *testing.T, timeout time.Duration, steps ...fs.Behaviour) (*teatest.TestModel, *fs.Server) {
	t.Helper()
	srv := fs.New(t, steps...)
	c, err := api.NewClient(api.WithBaseURL(srv.URL), api.WithAPIKey(faultKey), api.WithTimeout(timeout))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	o := Options{Country: mustCountry("US"), Type: api.OneType(api.Local), Inventory: inventory.New(c),
		Context: ctx, Keys: rtKeyMap(), Now: func() time.Time { return rtNow }}
	tm := teatest.NewTestModel(t, probeModel{New(o)}, teatest.WithInitialTermSize(100, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { tm.Send(tea.Quit()) })
	return tm, srv
}

// statusOf is the status line of the model's screen.
func statusOf(m Model) string {
	lines := strings.Split(ansi.Strip(m.View().Content), "\n")
	return lines[len(lines)-2]
}

// TestStalledAPIShowsItsAttempts: an API that never answers is retried
// with the timeout of each attempt, and the status line says so while it
// waits: "retrying (2 of 3) after a timeout", then "(3 of 3)"; the failure
// says how long each attempt waited and how many there were.
func TestStalledAPIShowsItsAttempts(t *testing.T) {
	tm, srv := startFaultProgram(t, time.Second, fs.SlowFirstByte(fs.Forever, fs.OK()))
	for next := 2; next <= 3; next++ {
		want := "retrying (" + itoaUI(next) + " of 3) after a timeout"
		m := waitState(t, tm, "the status line to say "+want, func(m Model) bool {
			return m.search.loading && strings.Contains(statusOf(m), want)
		})
		if s := statusOf(m); !strings.Contains(s, "Searching US · local") {
			t.Fatalf("while attempt %d waits, the status line says %q", next, s)
		}
	}
	m := waitState(t, tm, "the failure", func(m Model) bool { return !m.search.loading && m.issue != nil })
	if s := ansi.Strip(m.View().Content); !strings.Contains(s, "The API did not answer within 1s (3 attempts)") {
		t.Fatalf("the failure does not say the timeout and the attempts:\n%s", s)
	}
	if n := srv.Count(); n != 3 {
		t.Fatalf("%d attempts reached the server, want 3", n)
	}
}

// TestRateLimitedRetryIsSaid: while the client waits out a 429's
// Retry-After before its next attempt, the status line says it is rate
// limited, for how long and which attempt comes next; then the rows come.
func TestRateLimitedRetryIsSaid(t *testing.T) {
	tm, _ := startFaultProgram(t, time.Minute, fs.RateLimited(fs.Seconds(2)), fs.OK())
	waitState(t, tm, "the status line to say it is rate limited", func(m Model) bool {
		return m.search.loading && strings.Contains(statusOf(m), "Searching US · local… rate limited — retrying in 2 s (2 of 3)")
	})
	m := waitState(t, tm, "the rows", loadedState("US", "local"))
	if m.issue != nil || strings.Contains(statusOf(m), "retrying") {
		t.Fatalf("after the retry succeeded: issue %v, status %q", m.issue, statusOf(m))
	}
}

// TestRetryAfter429AsksTheAPIAgain: a refresh that the API answers with a
// 429 (after the client's own retries) says the refresh failed and how old
// the rows are, counts down, and then asks the API again: it used to take
// the cached rows the refresh was meant to replace.
func TestRetryAfter429AsksTheAPIAgain(t *testing.T) {
	sw := fs.NewSwitch(fs.OK())
	srv := fs.New(t, sw.Behaviour())
	c, err := api.NewClient(api.WithBaseURL(srv.URL), api.WithAPIKey(faultKey), api.WithRetry(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Inventory: inventory.New(c), Country: mustCountry("US"), Type: api.OneType(api.Local)}, nil, 120, 30)
	if h.m.res.set == nil || h.m.res.set.Len() != 3 {
		t.Fatalf("not loaded:\n%s", h.screen())
	}
	sw.Set(fs.RateLimited(fs.Seconds(2)))
	h.keys("r")
	s := h.screen()
	if !strings.Contains(s, "⚠ Refresh failed: rate limited") || !strings.Contains(s, "showing results fetched") ||
		!strings.Contains(s, "Rate limited — retrying in 2 s") {
		t.Fatalf("the failed refresh is not said:\n%s", s)
	}
	sw.Set(fs.OK(fs.Entry("+14155550111"), fs.Entry("+14155550112")))
	before := srv.Count()
	for h.m.retry != nil {
		if h.fire(func(msg tea.Msg) bool { _, ok := msg.(retryTickMsg); return ok }) == 0 {
			t.Fatal("the countdown stopped")
		}
	}
	if srv.Count() != before+1 {
		t.Fatalf("the automatic retry made %d requests, want 1 (the cache answered it)", srv.Count()-before)
	}
	if h.m.issue != nil || h.m.res.set.Len() != 2 || strings.Contains(h.screen(), "⚠") {
		t.Fatalf("the retry's rows are not shown (issue %v):\n%s", h.m.issue, h.screen())
	}
}

// TestSeveralCountriesRetryAndProgress: while a search of several
// countries runs, the status line says how many countries have answered
// (issue 14b) and, when one of them is being retried, which one and why
// (issue 12): "Searching US CA · local… 1 of 2 countries US: retrying
// (2 of 3) after a timeout".
func TestSeveralCountriesRetryAndProgress(t *testing.T) {
	srv := fs.New(t, fs.SlowFirstByte(fs.Forever, fs.OK()), fs.OK())
	c, err := api.NewClient(api.WithBaseURL(srv.URL), api.WithAPIKey(faultKey), api.WithTimeout(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	list, _, err := api.ParseCountries("US,CA")
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Country: list[0], Countries: list, Type: api.OneType(api.Local), Inventory: inventory.New(c),
		Context: ctx, Keys: rtKeyMap(), Now: func() time.Time { return rtNow }}
	tm := teatest.NewTestModel(t, probeModel{New(o)}, teatest.WithInitialTermSize(120, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { tm.Send(tea.Quit()) })
	m := waitState(t, tm, "the status line to say a country is retried", func(m Model) bool {
		return m.search.loading && strings.Contains(statusOf(m), "retrying (2 of 3) after a timeout")
	})
	s := statusOf(m)
	if !strings.Contains(s, "Searching US CA · local…") || !strings.Contains(s, " of 2 countries") ||
		!(strings.Contains(s, "US: retrying") || strings.Contains(s, "CA: retrying")) {
		t.Fatalf("the status line does not say the progress and which country is retried: %q", s)
	}
	m = waitState(t, tm, "the rows", func(m Model) bool { return !m.search.loading && m.res.set != nil })
	if m.issue != nil || len(m.res.failed) != 0 || strings.Contains(statusOf(m), "retrying") {
		t.Fatalf("after the retry succeeded: issue %v, failed %v, status %q", m.issue, m.res.failed, statusOf(m))
	}
}

func itoaUI(n int) string { return string(rune('0' + n)) }
