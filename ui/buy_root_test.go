package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
)

// Root-level tests of buying: the b key, the dialog in the browser, what a
// purchase changes (the rented row, the cached inventory, the status).

var gbMobile = api.Query{Country: "GB", Type: api.Mobile}

// buyHarness loads 30 GB mobile numbers through a real inventory service
// and gives the browser p as its purchaser (none when p is nil). The
// dialog's spinner does not tick.
func buyHarness(t *testing.T, p Purchaser, w, h int) (*rtHarness, *inventory.Service, *fakeSearcher) {
	t.Helper()
	up := newFakeSearcher()
	up.set(gbMobile, rtNumbers("GB", api.Mobile, 30), nil)
	inv := newService(up)
	o := Options{Inventory: inv, Country: mustCountry("GB"), Type: api.OneType(api.Mobile)}
	if p != nil {
		o.Purchaser = p
	}
	hs := newHarness(t, o, nil, w, h)
	hs.m.buy.spin = func(int) tea.Cmd { return nil }
	if hs.m.res.set == nil || hs.m.res.view.Len() == 0 {
		t.Fatal("the first search did not land")
	}
	return hs, inv, up
}

func lastFour(e164 string) string { return e164[len(e164)-4:] }

// helpTexts are the short help line and the full help overlay, as shown.
func helpTexts(h *rtHarness) (short, full string) {
	lines := strings.Split(h.screen(), "\n")
	short = lines[len(lines)-1]
	h.keys("?")
	full = h.screen()
	h.keys("?")
	return short, full
}

// hasBuyHelp reports whether a help text offers "b buy".
func hasBuyHelp(s string) bool {
	return strings.Contains(strings.Join(strings.Fields(s), " "), "b buy")
}

func TestBuyNeedsAPurchaser(t *testing.T) {
	tests := []struct {
		name string
		p    Purchaser
	}{
		{"none (read-only, serve without --allow-purchase)", nil},
		{"a nil *api.Client", (*api.Client)(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarness(t, Options{Purchaser: tt.p, Inventory: newService(func() *fakeSearcher {
				up := newFakeSearcher()
				up.set(gbMobile, rtNumbers("GB", api.Mobile, 30), nil)
				return up
			}())}, nil, 200, 40)
			if hs.m.keys.Buy.Enabled() {
				t.Error("buy is enabled")
			}
			short, full := helpTexts(hs)
			if hasBuyHelp(short) || hasBuyHelp(full) {
				t.Errorf("the help offers buy:\n%s\n%s", short, full)
			}
			hs.keys("b", "0", "1", "2", "3", "enter", "enter")
			if hs.m.focus == focusBuy || strings.Contains(hs.screen(), "Confirm") {
				t.Fatalf("b opened the purchase dialog:\n%s", hs.screen())
			}
		})
	}
	t.Run("New(Options{})", func(t *testing.T) {
		hs := newHarness(t, Options{}, nil, 100, 30)
		hs.keys("b")
		short, full := helpTexts(hs)
		if hs.m.focus != focusTable || hasBuyHelp(short) || hasBuyHelp(full) {
			t.Errorf("focus %v; help:\n%s\n%s", hs.m.focus, short, full)
		}
	})
}

func TestBuyHelpWithPurchaser(t *testing.T) {
	p := &fakePurchaser{res: &api.Purchased{ID: "77"}}
	hs, _, _ := buyHarness(t, p, 200, 40)
	short, full := helpTexts(hs)
	if !hs.m.keys.Buy.Enabled() || !hasBuyHelp(short) || !hasBuyHelp(full) {
		t.Errorf("buy enabled %v; help:\n%s\n%s", hs.m.keys.Buy.Enabled(), short, full)
	}
}

// TestBuyOnce: b, b again, the last four digits, enter, enter again: one
// purchase; the row is then rented, out of the cached inventory, and
// cannot be bought again.
func TestBuyOnce(t *testing.T) {
	p := &fakePurchaser{}
	hs, inv, up := buyHarness(t, p, 120, 40)
	hs.keys("j", "j")
	n := hs.selected()
	p.res = &api.Purchased{ID: "77", PhoneNumber: n, Name: "Sales"}

	hs.keys("b", "b") // the second b goes to the dialog: not a digit
	if hs.m.focus != focusBuy || !strings.Contains(hs.screen(), "Buy "+hs.m.buy.intl) {
		t.Fatalf("b did not open the dialog:\n%s", hs.screen())
	}
	hs.typeText(lastFour(n))
	hs.keys("enter", "enter")
	if reqs := p.Requests(); len(reqs) != 1 || reqs[0].PhoneNumber != n {
		t.Fatalf("purchases: %+v", reqs)
	}
	if _, ok := hs.m.rented[n]; !ok {
		t.Fatal("the number is not recorded as rented")
	}
	if hs.m.focus != focusTable {
		t.Fatalf("the second enter did not close the dialog (focus %v)", hs.m.focus)
	}
	if !strings.Contains(hs.m.note.text, "Bought +44") || !strings.Contains(hs.m.note.text, "(id 77)") {
		t.Errorf("status %q", hs.m.note.text)
	}
	row := screenLine(t, hs.screen(), hs.m.buy.intl)
	if !strings.HasPrefix(row, hs.m.st.Glyphs.Check+" ") {
		t.Errorf("the row is not marked rented: %q", row)
	}

	calls := up.calls
	res, err := inv.Search(context.Background(), inventory.Request{Query: gbMobile})
	if err != nil || !res.Cached || up.calls != calls {
		t.Fatalf("the cache was not used: %v cached=%v", err, res.Cached)
	}
	for _, m := range res.Numbers {
		if m.E164 == n {
			t.Fatal("the cached inventory still offers the bought number")
		}
	}

	// b on the rented row: disabled, hidden, and says why.
	if hs.m.keys.Buy.Enabled() {
		t.Error("buy is enabled on a rented row")
	}
	hs.keys("b")
	if hs.m.focus != focusTable || !strings.Contains(hs.m.note.text, "already yours") || len(p.Requests()) != 1 {
		t.Errorf("b on a rented row: focus %v, status %q, %d purchases", hs.m.focus, hs.m.note.text, len(p.Requests()))
	}
	hs.keys("j")
	if !hs.m.keys.Buy.Enabled() {
		t.Error("buy is disabled on the next row")
	}
}

// screenLine is the line of the screen that contains s.
func screenLine(t *testing.T, screen, s string) string {
	t.Helper()
	for l := range strings.SplitSeq(screen, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	t.Fatalf("%q is not on the screen:\n%s", s, screen)
	return ""
}

func TestBuyRootWrongConfirmation(t *testing.T) {
	p := &fakePurchaser{res: &api.Purchased{ID: "1"}}
	hs, _, _ := buyHarness(t, p, 100, 30)
	n := hs.selected()
	wrong := "0000"
	if lastFour(n) == wrong {
		wrong = "1111"
	}
	hs.keys("b")
	hs.typeText(wrong)
	hs.keys("enter", "enter")
	if len(p.Requests()) != 0 || !strings.Contains(hs.m.buy.err, "nothing was sent") || !strings.Contains(hs.screen(), "nothing was") {
		t.Fatalf("%d purchases; screen:\n%s", len(p.Requests()), hs.screen())
	}
	hs.keys("esc")
	if hs.m.focus != focusTable || len(hs.m.rented) != 0 {
		t.Errorf("esc: focus %v, rented %v", hs.m.focus, hs.m.rented)
	}
}

// TestBuyInFlight: while the purchase is in flight, q and esc do nothing,
// ctrl+c asks first, and the answer lands whatever has the focus.
func TestBuyInFlight(t *testing.T) {
	p := &fakePurchaser{}
	hs, _, _ := buyHarness(t, p, 100, 30)
	n := hs.selected()
	p.res = &api.Purchased{ID: "5", PhoneNumber: n}
	hs.keys("b")
	hs.typeText(lastFour(n))
	// enter by hand: the purchase command is held, as if the network
	// were slow.
	next, held := hs.m.Update(rtKey("enter"))
	hs.m = next.(Model)
	if !hs.m.buy.Busy() || hs.m.PurchaseInFlight() != hs.m.buy.intl || hs.m.keys.Buy.Enabled() {
		t.Fatalf("busy %v, in flight %q, buy enabled %v", hs.m.buy.Busy(), hs.m.PurchaseInFlight(), hs.m.keys.Buy.Enabled())
	}
	hs.keys("q", "esc", "b")
	if hs.m.focus != focusBuy || quitAsked(hs) {
		t.Fatalf("q/esc while busy: focus %v, quit %v", hs.m.focus, quitAsked(hs))
	}
	hs.keys("ctrl+c")
	if quitAsked(hs) || !strings.Contains(hs.m.note.text, "press ctrl+c again") {
		t.Fatalf("the first ctrl+c: quit %v, status %q", quitAsked(hs), hs.m.note.text)
	}
	hs.run(held)
	if len(p.Requests()) != 1 || hs.m.buy.Busy() || !hs.m.isRented(n) {
		t.Fatalf("%d purchases, busy %v, rented %v", len(p.Requests()), hs.m.buy.Busy(), hs.m.isRented(n))
	}
	hs.keys("ctrl+c")
	if !quitAsked(hs) {
		t.Error("ctrl+c after the answer did not quit")
	}

	t.Run("ctrl+c twice quits", func(t *testing.T) {
		hs, _, _ := buyHarness(t, &fakePurchaser{res: &api.Purchased{ID: "1"}}, 100, 30)
		hs.keys("b")
		hs.typeText(lastFour(hs.m.buy.num.E164))
		next, _ := hs.m.Update(rtKey("enter"))
		hs.m = next.(Model)
		hs.keys("ctrl+c", "ctrl+c")
		if !quitAsked(hs) {
			t.Error("the second ctrl+c did not quit")
		}
	})
}

// quitAsked reports whether a command asked the program to quit.
func quitAsked(h *rtHarness) bool {
	for _, m := range h.other {
		if _, ok := m.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}

// TestBuyStaleRefresh: on results over five minutes old the dialog offers
// ctrl+r, which closes it and searches again, bypassing the cache.
func TestBuyStaleRefresh(t *testing.T) {
	hs, _, up := buyHarness(t, &fakePurchaser{}, 100, 30)
	hs.m.cfg.Now = func() time.Time { return rtNow.Add(10 * time.Minute) }
	hs.keys("b")
	if !strings.Contains(buyTextOf(hs), "12 min old") {
		t.Fatalf("no stale warning:\n%s", hs.screen())
	}
	calls := up.calls
	hs.send(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	if hs.m.focus != focusTable || up.calls != calls+1 {
		t.Errorf("ctrl+r: focus %v, %d new upstream searches", hs.m.focus, up.calls-calls)
	}
}

// buyTextOf is the screen with borders and line breaks gone.
func buyTextOf(h *rtHarness) string {
	return strings.Join(strings.Fields(strings.NewReplacer("│", " ", "|", " ").Replace(h.screen())), " ")
}

// TestTableRented: rented rows show the check mark in the gutter, dimmed,
// and the table asks only about the rows on screen.
func TestTableRented(t *testing.T) {
	for _, name := range []string{"color", "ascii", "nocolor"} {
		t.Run(name, func(t *testing.T) {
			st := u3Styles()[name]
			tb := newResultsTable(st, u3Keys())
			set, idx := tdSet(1000, results.Sort{Col: results.Monthly})
			tb.SetData(set, idx, false)
			tb.SetSize(100, 11) // a header and 10 rows
			rented := set.At(idx.At(3)).E164
			asked := 0
			tb.SetRented(func(e string) bool { asked++; return e == rented })
			lines := strings.Split(tb.View(), "\n")
			if asked != 10 {
				t.Errorf("asked about %d numbers for 10 rows on screen", asked)
			}
			plain := ansi.Strip(lines[4])
			cursor := strings.Repeat(" ", cellWidth(st.CursorMark)) // the gutter starts with the cursor's marker, if any
			if !strings.HasPrefix(plain, cursor+st.Glyphs.Check+" ") {
				t.Errorf("rented row %q", plain)
			}
			if name == "color" && !strings.Contains(lines[4], sgrOf(st.RentedRow).pre) {
				t.Errorf("the rented row is not dimmed: %q", lines[4])
			}
			for i, l := range lines {
				if ansi.StringWidth(l) != 100 {
					t.Errorf("line %d is %d cells wide", i, ansi.StringWidth(l))
				}
				if i != 4 && strings.HasPrefix(ansi.Strip(l), cursor+st.Glyphs.Check+" ") {
					t.Errorf("line %d is marked rented: %q", i, ansi.Strip(l))
				}
			}
			// Selected and rented: the mark shows in the selection's run.
			tb.SetCursor(3)
			if l := ansi.Strip(strings.Split(tb.View(), "\n")[4]); !strings.HasPrefix(l, st.CursorMark+st.Glyphs.Check+" ") {
				t.Errorf("selected rented row %q", l)
			}
		})
	}
}

// TestBuyDialogASCII: in ASCII mode the dialog draws ASCII only, in every
// state (its sentences carry dashes, quotes and ellipses otherwise).
func TestBuyDialogASCII(t *testing.T) {
	n := buyNumber("GB")
	n.Upfront = api.Decimal{} // drawn as a dash
	tests := []struct {
		name string
		p    *fakePurchaser
		keys []string
	}{
		{"editing, stale, wrong digits", &fakePurchaser{}, []string{"9", "9", "9", "9", "enter"}},
		{"bought", &fakePurchaser{res: &api.Purchased{ID: "7", Name: "Sales"}}, []string{"0", "1", "2", "3", "enter"}},
		{"refused", &fakePurchaser{err: &api.Error{Kind: api.KindPermission, Status: 403}}, []string{"0", "1", "2", "3", "enter"}},
		{"unknown, not owned", &fakePurchaser{err: &api.Error{Kind: api.KindTimeout, Err: api.ErrOutcomeUnknown}},
			[]string{"0", "1", "2", "3", "enter"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newBuyDialog(u3Styles()["ascii"], u3Keys(), context.Background(), tt.p)
			d.spin = func(int) tea.Cmd { return nil }
			d.SetSize(60, 30)
			d = d.Open(n, "", 20*time.Minute)
			d, _ = buyKeys(t, d, tt.keys...)
			for _, r := range ansi.Strip(d.View()) {
				if r >= 0x80 {
					t.Fatalf("%q in ASCII mode:\n%s", r, buyScreen(d))
				}
			}
		})
	}
}
