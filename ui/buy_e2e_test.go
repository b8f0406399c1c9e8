package ui

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"numbrowse/api"
	"numbrowse/api/demo"
	"numbrowse/internal/inventory"
)

// TestE2EBuy runs the real program, client and inventory against the demo
// API: b, the last four digits and enter buy the selected number; its row
// shows as rented; a refresh (r) no longer lists it, since the demo took
// it out of its inventory.
func TestE2EBuy(t *testing.T) {
	srv := httptest.NewServer(demo.NewHandler(demo.WithLatency(0, 0)))
	t.Cleanup(srv.Close)
	c, err := api.NewClient(api.WithBaseURL(srv.URL+demo.BasePath), api.WithAPIKey(demo.APIKey))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	o := Options{Country: mustCountry("GB"), Type: api.OneType(api.Mobile), Demo: true, ASCII: true, Inventory: inventory.New(c), Purchaser: c,
		Context: ctx, Keys: rtKeyMap(), Now: time.Now}
	tm := teatest.NewTestModel(t, probeModel{New(o)}, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))

	m := waitState(t, tm, "the first search", loadedState("GB", "mobile"))
	typeKeys(tm, "j", "j")
	m = waitState(t, tm, "the cursor", func(m Model) bool { return m.table.Cursor() == 2 })
	i, _ := m.table.Selected()
	e164, intl := m.res.set.At(i).E164, m.res.set.International(i)

	typeKeys(tm, "b")
	tm.Type(e164[len(e164)-4:])
	typeKeys(tm, "enter")
	m = waitState(t, tm, "the purchase", func(m Model) bool { return m.isRented(e164) && !m.buy.Busy() })
	if m.buy.result == nil || m.buy.result.ID == "" {
		t.Fatalf("the dialog shows no bought number: %+v", m.buy.result)
	}
	typeKeys(tm, "enter")
	m = waitState(t, tm, "the dialog to close", func(m Model) bool { return m.focus == focusTable })
	// The selected row starts with ASCII mode's cursor marker, then the
	// rented check mark.
	if row := screenLine(t, ansi.Strip(m.View().Content), intl); !strings.HasPrefix(row, ">+ ") {
		t.Errorf("the row is not marked rented (ASCII check mark): %q", row)
	}

	seq := m.search.seq
	typeKeys(tm, "r")
	m = waitState(t, tm, "the refresh", func(m Model) bool { return m.search.seq > seq && !m.search.loading })
	if m.issue != nil || m.res.set == nil {
		t.Fatalf("the refresh failed: %+v", m.issue)
	}
	for k := range m.res.set.Len() {
		if m.res.set.At(k).E164 == e164 {
			t.Fatalf("the refreshed results still offer %s", e164)
		}
	}
	typeKeys(tm, "q")
	finalModel(t, tm)
}
