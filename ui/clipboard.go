package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
)

// clipboardMax bounds what copyCmd sends: an E.164 number has at most 15
// digits, so this leaves room and no more.
const clipboardMax = 32

// copyCmd copies a phone number to the clipboard of the terminal the user
// is looking at, with OSC 52, which works over SSH.
//
// Escape sequences in text are dropped whole, then only "+" and ASCII
// digits are kept (at most clipboardMax of them): the number came from a
// provider, and nothing else may reach the escape sequence. With nothing
// left it returns nil.
//
// With tmux set (the root sets it when running locally inside tmux, never
// when serving over SSH), the sequence is sent twice in one write: as is,
// which tmux forwards when its set-clipboard option is on, and wrapped in
// tmux's DCS passthrough, which reaches the outer terminal when
// allow-passthrough is on. Either way the clipboard gets the same text.
//
// The command emits no message the root must handle: the root confirms
// in the status line itself.
func copyCmd(text string, tmux bool) tea.Cmd {
	t := clipboardText(text)
	if t == "" {
		return nil
	}
	if !tmux {
		return tea.SetClipboard(t)
	}
	seq := ansi.SetSystemClipboard(t)
	return tea.Raw(seq + ansi.TmuxPassthrough(seq))
}

// clipboardText drops escape sequences from s whole (see api.Printable),
// then keeps "+" and ASCII digits, at most clipboardMax.
func clipboardText(s string) string {
	s = api.Printable(s)
	b := make([]byte, 0, min(len(s), clipboardMax))
	for i := 0; i < len(s) && len(b) < clipboardMax; i++ {
		if c := s[i]; c == '+' || (c >= '0' && c <= '9') {
			b = append(b, c)
		}
	}
	return string(b)
}

// copyTextCmd copies any text to the clipboard with OSC 52, as copyCmd
// does (tmux-wrapped when tmux is set): the copy menu's formats, a CSV
// row, the marked numbers one a line. Escape sequences and control
// characters are dropped (api.PrintableLines: line breaks stay), so that
// nothing pasted from it can act on a terminal. With nothing left it
// returns nil. The caller bounds the size (maxClipboardExport).
func copyTextCmd(text string, tmux bool) tea.Cmd {
	t := api.PrintableLines(text)
	if t == "" {
		return nil
	}
	if !tmux {
		return tea.SetClipboard(t)
	}
	seq := ansi.SetSystemClipboard(t)
	return tea.Raw(seq + ansi.TmuxPassthrough(seq))
}
