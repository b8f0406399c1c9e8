package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// fakeDialog is a dialog that only a test registers: it records what the
// root routes to it, draws a marker, and closes on esc the way the
// pickers and dialogs do (closeCmd).
type fakeDialog struct {
	got            []string
	focused, blurs int
}

// fakeDialogMsg is a message of the fake dialog's own, which the root does
// not know.
type fakeDialogMsg struct{ n int }

func (d *fakeDialog) update(_ *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		d.got = append(d.got, "key "+msg.String())
		if msg.String() == "esc" {
			return closeCmd()
		}
	case tea.PasteMsg:
		d.got = append(d.got, "paste "+msg.Content)
	case tea.MouseWheelMsg:
		d.got = append(d.got, "wheel")
	case fakeDialogMsg:
		d.got = append(d.got, fmt.Sprintf("msg %d", msg.n))
	}
	return nil
}

func (d *fakeDialog) overlay() string  { return "FAKE DIALOG" }
func (d *fakeDialog) onFocus() tea.Cmd { d.focused++; return nil }
func (d *fakeDialog) onBlur()          { d.blurs++ }
func (d *fakeDialog) modal() bool      { return true }

// TestRoutingGoesToTheRegisteredFocus registers a dialog the browser does
// not have, through the registry alone, and checks that the root routes
// to it while it has the focus (keys, pastes, the wheel, its own
// messages), draws it, and gives the keys back to the table when it
// closes; ctrl+c stays the root's.
func TestRoutingGoesToTheRegisteredFocus(t *testing.T) {
	h := loaded(t, 40, 100, 30, Options{})
	const focusFake focus = 100
	d := &fakeDialog{}
	h.m.parts[focusFake] = func(*Model) component { return d }

	h.keys("j", "j")
	sel, sort := h.selected(), h.m.sort
	h.run(h.m.setFocus(focusFake))
	if d.focused != 1 || !strings.Contains(h.screen(), "FAKE DIALOG") {
		t.Fatalf("the dialog was not focused (%d) or not drawn:\n%s", d.focused, h.screen())
	}

	// Every key goes to it: the table's actions (quit, country, filter,
	// sort, detail, help) and movement do nothing.
	h.keys("j", "q", "c", "/", "s", "d", "?", "tab", "down", "enter")
	h.send(tea.PasteMsg{Content: "pasted"}, fakeDialogMsg{n: 7},
		tea.MouseWheelMsg(tea.Mouse{X: 10, Y: 5, Button: tea.MouseWheelDown}))
	want := []string{"key j", "key q", "key c", "key /", "key s", "key d", "key ?", "key tab", "key down", "key enter",
		"paste pasted", "msg 7", "wheel"}
	if !slices.Equal(d.got, want) {
		t.Errorf("the dialog got %q, want %q", d.got, want)
	}
	if h.m.focus != focusFake || h.selected() != sel || h.m.sort != sort || h.m.showDetail ||
		h.m.filter.Query() != "" || quitAsked(h) {
		t.Fatalf("a key reached the table: focus %v, cursor on %s (was %s), sort %v (was %v), detail %v, filter %q, quit %v",
			h.m.focus, h.selected(), sel, h.m.sort, sort, h.m.showDetail, h.m.filter.Query(), quitAsked(h))
	}
	if !strings.Contains(h.screen(), "FAKE DIALOG") {
		t.Fatalf("the dialog is not drawn:\n%s", h.screen())
	}

	// esc closes it; the next keys are the table's again.
	h.keys("esc", "j")
	if h.m.focus != focusTable || d.blurs != 1 || len(d.got) != len(want)+1 {
		t.Fatalf("esc: focus %v, %d blurs, the dialog got %q", h.m.focus, d.blurs, d.got)
	}
	if h.selected() == sel || strings.Contains(h.screen(), "FAKE DIALOG") {
		t.Fatalf("after the close j did not move the table, or the dialog is still drawn:\n%s", h.screen())
	}

	// ctrl+c quits while it has the focus.
	h.run(h.m.setFocus(focusFake))
	h.keys("ctrl+c")
	if !quitAsked(h) || slices.Contains(d.got, "key ctrl+c") {
		t.Errorf("ctrl+c: quit %v, the dialog got %q", quitAsked(h), d.got)
	}
}
