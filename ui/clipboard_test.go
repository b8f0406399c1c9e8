package ui

import (
	"encoding/base64"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestClipboardText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+442079460958", "+442079460958"},
		{"+44 20 7946 0958", "+442079460958"},
		{"+1\x1b]52;c;ZXZpbA==\x07555\u009b2J0100", "+15550100"},
		{"+1\x1b[31m555", "+1555"},
		{"abc\x07\x1b\\", ""},
		{"", ""},
		{strings.Repeat("9", 100), strings.Repeat("9", clipboardMax)},
	}
	for _, tt := range tests {
		if got := clipboardText(tt.in); got != tt.want {
			t.Errorf("clipboardText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCopyCmd(t *testing.T) {
	const num = "+442079460958"
	b64 := base64.StdEncoding.EncodeToString([]byte(num))
	osc52 := "\x1b]52;c;" + b64 + "\x07"
	tests := []struct {
		name string
		text string
		tmux bool
		want tea.Msg
	}{
		// Plain: Bubble Tea's own OSC 52 write, which it sends as osc52.
		{"plain", num, false, tea.SetClipboard(num)()},
		{"plain filters", "+44 20\x1b[31m 7946 0958", false, tea.SetClipboard(num)()},
		// tmux: as is, then in a DCS passthrough with every ESC doubled.
		{"tmux", num, true, tea.RawMsg{Msg: osc52 + "\x1bPtmux;\x1b\x1b]52;c;" + b64 + "\x07\x1b\\"}},
		{"tmux filters", "+44\x1bPtmux;99\x1b\\2079460958", true, tea.RawMsg{Msg: osc52 + "\x1bPtmux;\x1b\x1b]52;c;" + b64 + "\x07\x1b\\"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := copyCmd(tt.text, tt.tmux)
			if cmd == nil {
				t.Fatal("nil command")
			}
			if got := cmd(); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v, want %#v", got, tt.want)
			}
		})
	}
	for _, tmux := range []bool{false, true} {
		if copyCmd("no digits\x1b]52;c;\x07", tmux) != nil {
			t.Errorf("tmux=%v: a command for nothing to copy", tmux)
		}
	}
}
