package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	"numbrowse/internal/inventory"
)

func TestErrorTranslation(t *testing.T) {
	tests := []struct {
		err  error
		want string
		wait int
	}{
		{&api.Error{Kind: api.KindAuth, Status: 401}, "API key rejected (401) — check IDENTITYCALL_API_KEY", 0},
		{&api.Error{Kind: api.KindAuth, Status: 401, Messages: []string{"Invalid or expired API key"}},
			"API key rejected (401): Invalid or expired API key — check IDENTITYCALL_API_KEY", 0},
		{&api.Error{Kind: api.KindAuth, Err: api.ErrNoAPIKey}, "IDENTITYCALL_API_KEY is not set — export it, or start with --demo", 0},
		{&api.Error{Kind: api.KindPermission, Status: 403, Messages: []string{"Read permission required"}},
			"API key lacks a permission (403): Read permission required — use a key with read permission", 0},
		{&api.Error{Kind: api.KindRejected, Status: 422, Messages: []string{"national numbers are not offered in GB"}},
			"Search rejected (HTTP 422): national numbers are not offered in GB — try another number type or country", 0},
		{&api.Error{Kind: api.KindRejected, Status: 404}, "Search rejected (HTTP 404) — try another number type or country", 0},
		{&api.Error{Kind: api.KindBadRequest, Status: 400}, "The API refused the request (400) — try another country or type", 0},
		{&api.Error{Kind: api.KindRateLimited, Status: 429, RetryAfter: 12 * time.Second}, "Rate limited — press r to retry", 12},
		{&api.Error{Kind: api.KindRateLimited, Status: 429, RetryAfter: 1500 * time.Millisecond}, "Rate limited — press r to retry", 2},
		{&api.Error{Kind: api.KindRateLimited, Status: 429}, "Rate limited — press r to retry", 10},
		{&api.Error{Kind: api.KindServer, Status: 502}, "The IdentityCall server failed (HTTP 502 Bad Gateway) — press r to retry", 0},
		{&api.Error{Kind: api.KindServer, Status: 503, Snippet: "Service Temporarily Unavailable", Attempts: 3},
			"The IdentityCall server failed (HTTP 503 Service Unavailable): Service Temporarily Unavailable (3 attempts) — press r to retry", 0},
		{&api.Error{Kind: api.KindNetwork}, "Cannot reach the IdentityCall API — press r to retry", 0},
		{&api.Error{Kind: api.KindNetwork, Err: errors.New("connection refused")}, "Cannot reach the IdentityCall API: connection refused — press r to retry", 0},
		{&api.Error{Kind: api.KindTimeout}, "The API did not answer in time — press r to retry", 0},
		{&api.Error{Kind: api.KindBadResponse, Status: 200}, "The API sent a response numbrowse cannot read — press r to retry", 0},
		{&api.Error{Kind: api.KindCanceled}, "Interrupted — press r to retry", 0},
		{&api.Error{Kind: api.KindRejected, Status: 422, Messages: []string{"bad\x1b]0;pwned\a type"}},
			"Search rejected (HTTP 422): bad type — try another number type or country", 0},
		{errors.New("something else"), "Search failed: something else — press r to retry", 0},
		{&api.ValidationError{Field: "country", Value: "XX"}, `Unknown country "XX" — choose another with c or t`, 0},
	}
	for _, tt := range tests {
		p := describe(tt.err)
		if got := p.String(); got != tt.want || p.retryIn != tt.wait {
			t.Errorf("describe(%v) = %q (retry %d), want %q (retry %d)", tt.err, got, p.retryIn, tt.want, tt.wait)
		}
	}
}

// TestProblemFitKeepsTheHint: a long sentence (a server's message) is cut
// short in the status line so that what to do stays whole.
func TestProblemFitKeepsTheHint(t *testing.T) {
	st := NewStyles(true, colorprofile.Ascii, false)
	p := describe(&api.Error{Kind: api.KindPermission, Status: 403, Messages: []string{strings.Repeat("no access ", 20)}})
	for _, w := range []int{50, 80, 200} {
		got := p.fit(&st, w)
		if !strings.HasSuffix(got, " — use a key with read permission") || ansi.StringWidth(got) > w {
			t.Errorf("width %d: %q (%d cells)", w, got, ansi.StringWidth(got))
		}
	}
	if got := p.fit(&st, 300); got != p.String() {
		t.Errorf("with room: %q, want %q", got, p.String())
	}
	if got := p.fit(&st, 40); got != p.String() {
		t.Errorf("no room for a useful cut: %q, want the whole line for the status line to cut", got)
	}
}

func TestCommandPanicsBecomeMessages(t *testing.T) {
	msg := safe(func() tea.Msg { panic("kaboom") })()
	cf, ok := msg.(commandFailedMsg)
	if !ok || !strings.Contains(cf.err.Error(), "kaboom") {
		t.Fatalf("got %#v", msg)
	}
	batch := safe(func() tea.Msg { return tea.BatchMsg{func() tea.Msg { panic("inner") }} })()
	inner := batch.(tea.BatchMsg)[0]()
	if _, ok := inner.(commandFailedMsg); !ok {
		t.Fatalf("a panic in a batched command escaped: %#v", inner)
	}

	h := newHarness(t, Options{Inventory: newService(newFakeSearcher())}, panicService{}, 80, 24)
	h.keys("r")
	if s := h.screen(); !strings.Contains(s, "Internal error: panic: upstream exploded") || h.m.search.loading {
		t.Fatalf("a search panic is not reported:\n%s", s)
	}
}

type panicService struct{}

func (panicService) SearchChoice(context.Context, inventory.Choice) (inventory.Merged, error) {
	panic("upstream exploded")
}
