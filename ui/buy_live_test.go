package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
)

// TestBuyStaleWarningWhileOpen: results 4 min old when the dialog opens
// are not stale; the warning appears when they pass 5 min while it is
// open, the root having asked for a repaint at that moment, and the age
// it gives goes on growing.
func TestBuyStaleWarningWhileOpen(t *testing.T) {
	hs, _, clock := watchHarness(t, 5, Options{})
	hs.m.cfg.Purchaser = &fakePurchaser{}
	// The results are 2 min old (the fake's FetchedAt); 2 more minutes on.
	clock.advance(2 * time.Minute)
	hs.timers = nil
	hs.keys("b")
	if hs.m.focus != focusBuy {
		t.Fatal("b did not open the dialog")
	}
	if strings.Contains(hs.screen(), "These results are") {
		t.Fatal("stale at 4 min")
	}
	var repaint []time.Duration
	for _, tm := range hs.timers {
		if _, ok := tm.fn(rtNow).(buyAgeMsg); ok {
			repaint = append(repaint, tm.d)
		}
	}
	if len(repaint) != 1 || repaint[0] != time.Minute {
		t.Fatalf("repaints at %v, want in 1m (when the results reach 5 min)", repaint)
	}
	clock.advance(time.Minute)
	if n := hs.fire(func(m tea.Msg) bool { _, ok := m.(buyAgeMsg); return ok }); n != 1 {
		t.Fatal("the repaint did not fire")
	}
	if !strings.Contains(hs.screen(), "These results are 5 min old") {
		t.Errorf("no warning at 5 min:\n%s", hs.screen())
	}
	if !strings.Contains(hs.screen(), "ctrl+r") {
		t.Error("the warning's key is not shown")
	}
	clock.advance(2 * time.Minute)
	hs.fire(func(m tea.Msg) bool { _, ok := m.(buyAgeMsg); return ok })
	if !strings.Contains(hs.screen(), "These results are 7 min old") {
		t.Errorf("the age does not go on:\n%s", hs.screen())
	}
	hs.keys("esc")
	if hs.fire(func(m tea.Msg) bool { _, ok := m.(buyAgeMsg); return ok }) > 1 {
		t.Error("a closed dialog keeps repainting")
	}
}

// TestBuyFeaturesAndDueNow: the dialog shows the features and what is
// due at once, added only when the currencies allow.
func TestBuyFeaturesAndDueNow(t *testing.T) {
	tests := []struct {
		name string
		edit func(*api.Number)
		want []string
	}{
		{"same currency", func(n *api.Number) { n.Features = []string{"sms", "voice"} },
			[]string{"Features SMS, Voice", "Due now 1.1075 GBP (1.10 upfront + 0.0075 first month)"}},
		{"no features", func(*api.Number) {}, []string{"Features none listed"}},
		{"two currencies", func(n *api.Number) { n.MonthlyCurrency = "EUR" },
			[]string{"1.10 GBP upfront + 0.0075 EUR first month — not added: they are in two currencies"}},
		{"no monthly", func(n *api.Number) { n.Monthly, n.MonthlyCurrency = api.Decimal{}, "" },
			[]string{"Due now 1.10 GBP upfront, and the monthly cost is unknown"}},
	}
	for _, tt := range tests {
		n := buyNumber("GB")
		tt.edit(&n)
		d := newBuyDialog(u3Styles()["plain"], u3Keys(), context.Background(), &fakePurchaser{})
		d.spin = func(int) tea.Cmd { return nil }
		d.SetSize(100, 40)
		d = d.Open(n, "", 0)
		text := buyText(d)
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q not in\n%s", tt.name, w, buyScreen(d))
			}
		}
	}
}
