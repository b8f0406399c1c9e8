package ui

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
)

// newTestTypePicker opens a picker on current as a person or the config
// file writes it; what does not parse is no choice.
func newTestTypePicker(current string) typePicker {
	p := newTypePicker(pkStyles()["color"], pkKeys())
	p.SetSize(80, 24)
	c, _ := api.ParseTypeChoice(current)
	return p.Open(c)
}

// tpPress sends the keys in order and returns the last command.
func tpPress(p typePicker, keys ...string) (typePicker, tea.Cmd) {
	var cmd tea.Cmd
	for _, k := range keys {
		p, cmd = p.Update(pkKey(k))
	}
	return p, cmd
}

func TestTypePickerOpen(t *testing.T) {
	tests := []struct{ current, want string }{
		{"mobile", "mobile"}, {"toll-free", "toll-free"}, {"tollfree", "toll-free"}, {"NATIONAL", "national"},
		{"all", "all"}, {"", "mobile"}, {"fax", "mobile"},
	}
	for _, tt := range tests {
		t.Run(tt.current, func(t *testing.T) {
			if got := newTestTypePicker(tt.current).Selected().String(); got != tt.want {
				t.Errorf("Open(%q): cursor on %q, want %q", tt.current, got, tt.want)
			}
		})
	}
}

func TestTypePickerKeys(t *testing.T) {
	tests := []struct {
		keys    []string
		wantSel string
		wantMsg tea.Msg
	}{
		{[]string{"1"}, "mobile", typeChosenMsg{Type: mustType("mobile")}},
		{[]string{"2"}, "local", typeChosenMsg{Type: mustType("local")}},
		{[]string{"3"}, "toll-free", typeChosenMsg{Type: mustType("toll-free")}},
		{[]string{"4"}, "national", typeChosenMsg{Type: mustType("national")}},
		{[]string{"5"}, "all", typeChosenMsg{Type: mustType("all")}},
		{[]string{"6"}, "local", nil},
		{[]string{"enter"}, "local", typeChosenMsg{Type: mustType("local")}},
		{[]string{"j", "enter"}, "toll-free", typeChosenMsg{Type: mustType("toll-free")}},
		{[]string{"down", "down", "enter"}, "national", typeChosenMsg{Type: mustType("national")}},
		{[]string{"k", "k", "k"}, "mobile", nil},                // stops at the top
		{[]string{"end", "j", "down"}, "all", nil},              // stops at the bottom
		{[]string{"G", "up"}, "national", nil},                  // vim keys
		{[]string{"g"}, "mobile", nil},                          //
		{[]string{"tab", "ctrl+n", "ctrl+p"}, "toll-free", nil}, //
		{[]string{"q"}, "local", nil},                           // not quit, not anything
		{[]string{"esc"}, "local", pickerClosedMsg{}},
		{[]string{"j", "esc"}, "toll-free", pickerClosedMsg{}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, ","), func(t *testing.T) {
			p, cmd := tpPress(newTestTypePicker("local"), tt.keys...)
			if got := p.Selected().String(); got != tt.wantSel {
				t.Errorf("selected %q, want %q", got, tt.wantSel)
			}
			if got := pkRun(cmd); got != tt.wantMsg {
				t.Errorf("message %#v, want %#v", got, tt.wantMsg)
			}
		})
	}
}

func TestTypePickerRebound(t *testing.T) {
	km := pkKeys()
	km.Down = key.NewBinding(key.WithKeys("n"))
	p := newTypePicker(pkStyles()["color"], km)
	p = p.Open(api.OneType(api.Mobile))
	p, _ = tpPress(p, "n")
	if p.Selected() != api.OneType(api.Local) {
		t.Errorf("a rebound down key should move: on %q", p.Selected())
	}
	p, _ = p.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if p.Selected() != api.OneType(api.TollFree) {
		t.Errorf("wheel down: on %q", p.Selected())
	}
}

func TestTypePickerViewFits(t *testing.T) {
	for name, st := range pkStyles() {
		for _, sz := range pkSizes {
			for _, cur := range []string{"mobile", "all"} {
				t.Run(fmt.Sprintf("%s/%dx%d/%s", name, sz[0], sz[1], cur), func(t *testing.T) {
					p := newTypePicker(st, nil)
					p.SetSize(sz[0], sz[1])
					p = p.Open(mustType(cur))
					v := p.View()
					pkCheckFits(t, v, sz[0], sz[1])
					// The highlighted item is always on screen.
					if label := typeItems[p.cursor].Label(); sz[0] >= 20 && sz[1] >= 3 && !strings.Contains(ansi.Strip(v), label) {
						t.Errorf("highlighted %q not drawn:\n%s", label, ansi.Strip(v))
					}
				})
			}
		}
	}
}

func TestTypePickerViewContent(t *testing.T) {
	p := newTestTypePicker("toll-free")
	v := ansi.Strip(p.View())
	for _, want := range []string{"Number type", "1  mobile", "✓ 3  toll-free", "5  all types", "Free to call", "esc"} {
		if !strings.Contains(v, want) {
			t.Errorf("missing %q in\n%s", want, v)
		}
	}
	st := pkStyles()["nocolor"]
	p.SetStyles(st)
	if v := p.View(); !strings.Contains(v, "\x1b[7m") {
		t.Errorf("without colour the highlighted item must be reverse video:\n%q", v)
	}
}
