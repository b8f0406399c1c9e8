package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
)

// fakePurchaser records purchases and answers them as told.
type fakePurchaser struct {
	mu       sync.Mutex
	reqs     []api.PurchaseRequest
	owned    int
	res      *api.Purchased
	err      error
	list     []api.OwnedNumber
	ownedErr error
}

func (f *fakePurchaser) Purchase(_ context.Context, req api.PurchaseRequest) (*api.Purchased, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reqs = append(f.reqs, req)
	return f.res, f.err
}

func (f *fakePurchaser) Owned(context.Context) ([]api.OwnedNumber, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.owned++
	return f.list, f.ownedErr
}

func (f *fakePurchaser) Requests() []api.PurchaseRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]api.PurchaseRequest(nil), f.reqs...)
}

func buyNumber(country string) api.Number {
	n := api.Number{E164: "+447700900123", Country: country, Type: api.Mobile,
		Upfront: api.MustDecimal("1.1"), Monthly: api.MustDecimal("0.0075"), UpfrontCurrency: "GBP", MonthlyCurrency: "GBP"}
	if country == "US" {
		n.E164, n.Type, n.UpfrontCurrency, n.MonthlyCurrency = "+15551234567", api.Local, "USD", "USD"
	}
	return n
}

// newTestBuy opens a dialog for n with results age old; the spinner does
// not tick (no timers in tests).
func newTestBuy(p Purchaser, n api.Number, age time.Duration) buyDialog {
	d := newBuyDialog(u3Styles()["plain"], u3Keys(), context.Background(), p)
	d.spin = func(int) tea.Cmd { return nil }
	d.SetSize(80, 30)
	return d.Open(n, "", age)
}

// buyKeys feeds the dialog key presses ("{enter}"-style names as u3Key
// takes them; other strings are typed character by character when they
// are not a key name) and runs every command it returns, feeding its own
// messages back, as the program would. It returns the messages meant for
// the root.
func buyKeys(t *testing.T, d buyDialog, keys ...string) (buyDialog, []tea.Msg) {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		d, cmd = d.Update(buyKey(k))
		d, out = buyRun(d, cmd, out)
	}
	return d, out
}

// buyKey is u3Key with the keys only the purchase dialog uses.
func buyKey(s string) tea.KeyPressMsg {
	switch s {
	case "ctrl+r":
		return tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	}
	return u3Key(s)
}

func buyRun(d buyDialog, cmd tea.Cmd, out []tea.Msg) (buyDialog, []tea.Msg) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case purchaseDoneMsg, ownedCheckedMsg:
			var next tea.Cmd
			d, next = d.Update(msg)
			queue = append(queue, next)
		default:
			out = append(out, msg)
		}
	}
	return d, out
}

func buyScreen(d buyDialog) string { return ansi.Strip(d.View()) }

// buyText is the dialog's text with the border and line breaks gone, so
// wrapped sentences read whole.
func buyText(d buyDialog) string {
	return strings.Join(strings.Fields(strings.NewReplacer("│", " ", "|", " ").Replace(buyScreen(d))), " ")
}

func TestBuyDialogShowsWhatIsBought(t *testing.T) {
	tests := []struct {
		name    string
		n       api.Number
		age     time.Duration
		want    []string
		notWant []string
	}{
		{"GB", buyNumber("GB"), time.Minute,
			[]string{"Buy +44 7700 900123", "United Kingdom (GB, +44)", "mobile", "1.10 GBP", "0.0075 GBP per month",
				"Numbers in GB may need regulatory documents", "Name", "Req. group", "Confirm", "type the last 4 digits"},
			[]string{"old"}},
		{"US", buyNumber("US"), 0,
			[]string{"Buy +1 555-123-4567", "United States (US, +1)", "local", "1.10 USD"},
			[]string{"regulatory documents", "old"}},
		{"stale", buyNumber("US"), 12 * time.Minute,
			[]string{"These results are 12 min old", "ctrl+r"}, nil},
		{"no costs", api.Number{E164: "+15551234567", Country: "US", Type: api.Local}, 0,
			[]string{"Upfront   —", "Monthly   — per month"}, nil},
		{"documents listed", func() api.Number {
			n := buyNumber("DE")
			n.Requirements = []api.Requirement{{Label: "Proof of address"}}
			return n
		}(), 0, []string{"The provider lists requirements (Proof of address)"}, nil},
		// The screen where money is spent names each cost's currency
		// in full: none given, or one that is not an ISO 4217 code.
		{"no currency", func() api.Number {
			n := buyNumber("US")
			n.UpfrontCurrency, n.MonthlyCurrency = "", ""
			return n
		}(), 0, []string{"Upfront      1.10 (no currency given)", "Monthly      0.0075 per month (no currency given)"}, nil},
		{"not ISO 4217", func() api.Number {
			n := buyNumber("US")
			n.MonthlyCurrency = "DOLLAR"
			return n
		}(), 0, []string{"Monthly      0.0075 DOLLAR per month (not an ISO 4217 code)"}, []string{"DOLLAR? per month"}},
		// An address requirement (Twilio's address_requirements) is
		// said, in the US too, where no documents note is shown.
		{"address", func() api.Number {
			n := buyNumber("US")
			n.Flags.AddressRequirement = "local"
			return n
		}(), 0, []string{"The provider requires a local address for this number: give the id of an approved requirement group."}, nil},
		{"address and documents", func() api.Number {
			n := buyNumber("DE")
			n.Flags.DocumentsRequired, n.Flags.AddressRequirement = true, "any"
			return n
		}(), 0, []string{"The provider says documents are required, and requires an address: give the id"}, []string{"may need"}},
		// A flag the buyer must accept: the number may not be delivered.
		{"best effort", func() api.Number {
			n := buyNumber("US")
			n.Flags.BestEffort = true
			return n
		}(), 0, []string{"Best effort: the provider may not be able to deliver this exact number."}, nil},
		{"not best effort", buyNumber("US"), 0, nil, []string{"Best effort"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newTestBuy(&fakePurchaser{}, tt.n, tt.age)
			v, flat := buyScreen(d), buyText(d)
			for _, w := range tt.want {
				if !strings.Contains(v, w) && !strings.Contains(flat, strings.Join(strings.Fields(w), " ")) {
					t.Errorf("missing %q in\n%s", w, v)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(v, w) {
					t.Errorf("unexpected %q in\n%s", w, v)
				}
			}
		})
	}
}

func TestBuyWrongConfirmationSendsNothing(t *testing.T) {
	for _, typed := range [][]string{{"1", "2", "3", "4"}, {"0", "1", "2"}, {}, {"x", "y"}} {
		p := &fakePurchaser{res: &api.Purchased{ID: "1"}}
		d := newTestBuy(p, buyNumber("GB"), 0)
		d, out := buyKeys(t, d, append(typed, "enter", "enter")...)
		if n := len(p.Requests()); n != 0 || len(out) != 0 {
			t.Fatalf("typed %v: %d purchases, messages %v", typed, n, out)
		}
		if !strings.Contains(buyText(d), "— nothing was sent.") {
			t.Errorf("typed %v: the dialog does not say nothing was sent:\n%s", typed, buyScreen(d))
		}
		if d.state != buyEditing || len(d.fields[buyConfirmField]) != 0 {
			t.Errorf("state %v, confirmation %q", d.state, string(d.fields[buyConfirmField]))
		}
	}
}

func TestBuySendsOneRequest(t *testing.T) {
	p := &fakePurchaser{res: &api.Purchased{ID: "4201", PhoneNumber: "+447700900123", Name: "Support"}}
	d := newTestBuy(p, buyNumber("GB"), 0)
	d, _ = buyKeys(t, d, "tab", "S", "u", "p", "p", "o", "r", "t", "tab", "4", "2", "tab", "0", "1", "2", "3")
	// enter sends; the result is not fed back yet, so the dialog is locked.
	d, cmd := d.Update(buyKey("enter"))
	if d.state != buySending || cmd == nil {
		t.Fatalf("state %v after enter", d.state)
	}
	for _, k := range []string{"enter", "b", "enter", "esc", "3"} {
		var again tea.Cmd
		d, again = d.Update(buyKey(k))
		if again != nil {
			t.Fatalf("%q while sending returned a command", k)
		}
	}
	d, _ = d.Update(tea.PasteMsg{Content: "0123"})
	d, out := buyRun(d, cmd, nil)
	reqs := p.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d purchases, want exactly 1", len(reqs))
	}
	r := reqs[0]
	if r.PhoneNumber != "+447700900123" || r.CountryCode != "GB" || r.NumberType != "mobile" || r.Name != "Support" ||
		r.RequirementGroupID == nil || *r.RequirementGroupID != 42 || r.UpfrontCost != "1.1" || r.MonthlyCost != "0.0075" {
		t.Errorf("request %+v", r)
	}
	if len(out) != 1 {
		t.Fatalf("messages %v", out)
	}
	pm, ok := out[0].(purchasedMsg)
	if !ok || pm.E164 != "+447700900123" || pm.Query != (api.Query{Country: "GB", Type: api.Mobile}) || pm.Owned.ID != "4201" {
		t.Errorf("purchasedMsg %+v", out[0])
	}
	if !strings.Contains(buyText(d), "Bought +44 7700 900123 — id 4201, name “Support”") {
		t.Errorf("view:\n%s", buyScreen(d))
	}
	_, out = buyKeys(t, d, "enter")
	if len(out) != 1 || out[0] != (pickerClosedMsg{}) {
		t.Errorf("enter after the outcome: %v", out)
	}
	if len(p.Requests()) != 1 {
		t.Error("closing sent another request")
	}
}

func TestBuyOutcomes(t *testing.T) {
	unknown := func(kind api.Kind, status int) error {
		// What api.Client returns: an *Error whose chain holds ErrOutcomeUnknown.
		return &api.Error{Kind: kind, Status: status, Err: api.ErrOutcomeUnknown}
	}
	mine := []api.OwnedNumber{{ID: "9", PhoneNumber: "+15550000000"}, {ID: "123", PhoneNumber: "+447700900123"}}
	tests := []struct {
		name      string
		p         *fakePurchaser
		want      []string
		purchased bool
		checks    int
	}{
		{"403", &fakePurchaser{err: &api.Error{Kind: api.KindPermission, Status: 403, Messages: []string{"Write permission required"}}},
			[]string{"lacks write permission (403)", "Write permission required"}, false, 0},
		{"422 error", &fakePurchaser{err: &api.Error{Kind: api.KindRejected, Status: 422,
			Messages: []string{"Number +447700900123 is no longer available"}}},
			[]string{"Not bought: the provider refused the purchase (HTTP 422): Number +447700900123 is no longer available."}, false, 0},
		{"422 errors", &fakePurchaser{err: &api.Error{Kind: api.KindRejected, Status: 422,
			Messages: []string{"phone_number is required", "name is too long"}}},
			[]string{"phone_number is required; name is too long"}, false, 0},
		{"not sent", &fakePurchaser{err: &api.Error{Kind: api.KindNetwork, Err: errors.New("dial tcp: connection refused")}},
			[]string{"Not sent", "nothing was bought"}, false, 0},
		{"timeout, then found", &fakePurchaser{err: unknown(api.KindTimeout, 0), list: mine},
			[]string{"no answer came in time", "may have gone through", "+44 7700 900123 is now on your account (id 123)"}, true, 1},
		{"500, then not found", &fakePurchaser{err: unknown(api.KindServer, 500), list: mine[:1]},
			[]string{"HTTP 500", "+44 7700 900123 is not on your account — it was not bought"}, false, 1},
		{"lost, check fails", &fakePurchaser{err: unknown(api.KindNetwork, 0), ownedErr: errors.New("boom")},
			[]string{"connection was lost", "Could not check your numbers: boom", "dashboard"}, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newTestBuy(tt.p, buyNumber("GB"), 0)
			d, out := buyKeys(t, d, "0", "1", "2", "3", "enter")
			v, flat := buyScreen(d), buyText(d)
			for _, w := range tt.want {
				if !strings.Contains(flat, w) {
					t.Errorf("missing %q in\n%s", w, v)
				}
			}
			gotPurchased := len(out) == 1
			if gotPurchased != tt.purchased || len(out) > 1 {
				t.Errorf("messages %v", out)
			}
			if len(tt.p.Requests()) != 1 || tt.p.owned != tt.checks {
				t.Errorf("%d purchases and %d ownership checks, want 1 and %d", len(tt.p.Requests()), tt.p.owned, tt.checks)
			}
			if d.state != buyDone || d.Busy() {
				t.Errorf("state %v", d.state)
			}
		})
	}
}

func TestBuyKeys(t *testing.T) {
	p := &fakePurchaser{}
	t.Run("esc cancels", func(t *testing.T) {
		_, out := buyKeys(t, newTestBuy(p, buyNumber("GB"), 0), "0", "esc")
		if len(out) != 1 || out[0] != (pickerClosedMsg{}) {
			t.Errorf("messages %v", out)
		}
	})
	t.Run("ctrl+r refreshes", func(t *testing.T) {
		_, out := buyKeys(t, newTestBuy(p, buyNumber("GB"), 6*time.Minute), "ctrl+r")
		if len(out) != 1 || out[0] != (buyRefreshMsg{}) {
			t.Errorf("messages %v", out)
		}
	})
	t.Run("digits only", func(t *testing.T) {
		d, _ := buyKeys(t, newTestBuy(p, buyNumber("GB"), 0), "1", "-", "2", "3", "4", "5", "6", "q")
		if got := string(d.fields[buyConfirmField]); got != "1234" || !strings.Contains(buyScreen(d), "digits only") {
			t.Errorf("confirmation %q", got)
		}
		d, _ = buyKeys(t, d, "backspace", "ctrl+u", "shift+tab")
		if len(d.fields[buyConfirmField]) != 0 || d.focus != buyGroupField {
			t.Errorf("after editing: %q, focus %v", string(d.fields[buyConfirmField]), d.focus)
		}
	})
	t.Run("name takes every printable key", func(t *testing.T) {
		d, _ := buyKeys(t, newTestBuy(p, buyNumber("GB"), 0), "tab", "q", "b", "j")
		d, _ = d.Update(tea.PasteMsg{Content: " line\x1b[2J\none"})
		if got := string(d.fields[buyNameField]); got != "qbj line[2J one" {
			t.Errorf("name %q", got)
		}
	})
	t.Run("enter on an input moves to the confirmation", func(t *testing.T) {
		d, out := buyKeys(t, newTestBuy(p, buyNumber("GB"), 0), "tab", "enter")
		if d.focus != buyConfirmField || len(out) != 0 {
			t.Errorf("focus %v, messages %v", d.focus, out)
		}
	})
	t.Run("group id zero", func(t *testing.T) {
		d, _ := buyKeys(t, newTestBuy(p, buyNumber("GB"), 0), "shift+tab", "0", "tab", "0", "1", "2", "3", "enter")
		if len(p.Requests()) != 0 || !strings.Contains(buyScreen(d), "positive whole number") {
			t.Errorf("view\n%s", buyScreen(d))
		}
	})
	t.Run("no purchaser", func(t *testing.T) {
		d, _ := buyKeys(t, newTestBuy(nil, buyNumber("GB"), 0), "0", "1", "2", "3", "enter")
		if d.state != buyEditing || !strings.Contains(buyScreen(d), "not available") {
			t.Errorf("view\n%s", buyScreen(d))
		}
	})
}

// TestBuyLateSuccessIsReported: a success for an older dialog still
// reaches the root (the number was bought), without changing the view.
func TestBuyLateSuccessIsReported(t *testing.T) {
	d := newTestBuy(&fakePurchaser{}, buyNumber("GB"), 0)
	d, cmd := d.Update(purchaseDoneMsg{seq: d.seq - 1, purchased: &api.Purchased{ID: "7"}})
	if cmd == nil {
		t.Fatal("no purchasedMsg for a late success")
	}
	if msg, ok := cmd().(purchasedMsg); !ok || msg.Owned.ID != "7" || d.state != buyEditing {
		t.Errorf("got %v, state %v", msg, d.state)
	}
	if _, cmd = d.Update(purchaseDoneMsg{seq: d.seq - 1, err: errors.New("x")}); cmd != nil {
		t.Error("a late failure did something")
	}
}

func TestBuyViewFits(t *testing.T) {
	hostile := buyNumber("GB")
	hostile.Type = "mobile\x1b]0;t\x07"
	hostile.Requirements = []api.Requirement{{Label: strings.Repeat("證明文件", 30)}}
	p := &fakePurchaser{err: &api.Error{Kind: api.KindRejected, Status: 422, Messages: []string{strings.Repeat("long message ", 20)}}}
	for _, size := range [][2]int{{60, 16}, {80, 24}, {120, 40}, {30, 10}, {12, 5}, {0, 0}} {
		for name, st := range u3Styles() {
			for _, age := range []time.Duration{0, time.Hour} {
				d := newBuyDialog(st, u3Keys(), context.Background(), p)
				d.spin = func(int) tea.Cmd { return nil }
				d.SetSize(size[0], size[1])
				d = d.Open(hostile, "", age)
				views := []string{d.View()}
				d, _ = buyKeys(t, d, "tab", "x", "tab", "1", "tab", "0", "1", "2", "3", "enter")
				views = append(views, d.View())
				for _, v := range views {
					lines := strings.Split(v, "\n")
					if v != "" && len(lines) > size[1] {
						t.Errorf("%s %v: %d lines", name, size, len(lines))
					}
					for _, l := range lines {
						if w := lipgloss.Width(l); w > size[0] {
							t.Errorf("%s %v: line %d wide: %q", name, size, w, ansi.Strip(l))
						}
					}
					if name == "plain" && strings.ContainsAny(v, "\x1b\x07") {
						t.Errorf("%s %v: control characters in the view", name, size)
					}
				}
			}
		}
	}
}

// TestBuyDialogInputsLineUp is what the dialog looked like at 80x24: the
// costs' values in one column, the empty inputs' placeholders one cell
// right of it (two for the focused one, past its cursor), so that a
// placeholder moved as the focus moved:
//
//	Monthly      2.00 USD per month
//	Name          optional
//	Confirm    ›   type the last 4 digits
//
// Every value and placeholder starts in one column, focused or not.
func TestBuyDialogInputsLineUp(t *testing.T) {
	d := newTestBuy(&fakePurchaser{}, buyNumber("US"), 0)
	for _, tab := range []bool{false, true} {
		if tab {
			d, _ = d.Update(tea.KeyPressMsg{Code: tea.KeyTab})
		}
		v := buyScreen(d)
		col := map[string]int{}
		for _, l := range strings.Split(v, "\n") {
			l = strings.TrimLeft(l, "│ ")
			for _, w := range []string{"1.10 USD", "optional id", "optional", "type the last 4 digits"} {
				if i := strings.Index(l, w); i >= 0 && col[w] == 0 {
					col[w] = ansi.StringWidth(l[:i])
					break
				}
			}
		}
		want := col["1.10 USD"]
		if want == 0 {
			t.Fatalf("no cost in\n%s", v)
		}
		for w, c := range col {
			if c != want {
				t.Errorf("tab=%v: %q starts at cell %d, the costs at %d:\n%s", tab, w, c, want, v)
			}
		}
	}
}
