package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/inventory"
)

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
		p := describe(tt.err, mustCountry("GB"), api.OneType(api.Mobile))
		if got := p.String(); got != tt.want || p.retryIn != tt.wait {
			t.Errorf("describe(%v) = %q (retry %d), want %q (retry %d)", tt.err, got, p.retryIn, tt.want, tt.wait)
		}
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
