package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
)

// Notifier is how the user's terminal shows a desktop notification, if it
// can: an escape sequence the terminal turns into one. A terminal that
// does not know a sequence may print it as garbage, so one is sent only to
// terminals known to take it (NotifierFor); the others get the bell only.
type Notifier int

// The notification sequences numbrowse sends.
const (
	NotifyNone   Notifier = iota // no desktop notification: the bell and the status line only
	NotifyOSC9                   // ESC ] 9 ; text BEL (iTerm2)
	NotifyOSC777                 // ESC ] 777 ; notify ; title ; text BEL (urxvt, foot, Ghostty, WezTerm, VTE)
	NotifyOSC99                  // ESC ] 99 ; ; text ESC \ (kitty's own)
)

// String names the sequence ("OSC 9", "none").
func (n Notifier) String() string {
	switch n {
	case NotifyOSC9:
		return "OSC 9"
	case NotifyOSC777:
		return "OSC 777"
	case NotifyOSC99:
		return "OSC 99"
	}
	return "none"
}

// NotifierFor decides, from the terminal's environment (the local one, or
// what an SSH client sent: usually only TERM), which notification
// sequence the terminal shows. It is conservative: inside tmux or screen
// (which do not pass the sequences on), on the Linux console, on a dumb
// terminal and on any terminal it does not recognise, none.
//
//	TERM_PROGRAM=iTerm.app                         OSC 9
//	TERM_PROGRAM=ghostty, TERM=xterm-ghostty       OSC 777
//	TERM_PROGRAM=WezTerm, TERM=wezterm             OSC 777
//	TERM=foot, foot-extra                          OSC 777
//	TERM=rxvt-unicode, rxvt-unicode-256color       OSC 777
//	VTE_VERSION set (GNOME Terminal, Tilix…)       OSC 777
//	TERM=xterm-kitty                               OSC 99
func NotifierFor(getenv func(string) string) Notifier {
	if getenv == nil {
		return NotifyNone
	}
	term := strings.ToLower(strings.TrimSpace(getenv("TERM")))
	if getenv("TMUX") != "" || getenv("STY") != "" || strings.HasPrefix(term, "screen") || strings.HasPrefix(term, "tmux") {
		return NotifyNone
	}
	switch term {
	case "", "dumb", "linux", "vt100", "vt220", "cons25":
		return NotifyNone
	}
	switch getenv("TERM_PROGRAM") {
	case "iTerm.app":
		return NotifyOSC9
	case "ghostty", "WezTerm":
		return NotifyOSC777
	}
	switch {
	case term == "xterm-ghostty", term == "wezterm", term == "foot", term == "foot-extra",
		strings.HasPrefix(term, "rxvt-unicode"):
		return NotifyOSC777
	case term == "xterm-kitty":
		return NotifyOSC99
	case getenv("VTE_VERSION") != "":
		return NotifyOSC777
	}
	return NotifyNone
}

// notifyMax bounds a notification's text, in runes.
const notifyMax = 200

// notifyText makes text safe inside an OSC sequence: printable, on one
// line, without the characters that end the sequence or separate its
// fields, and short.
func notifyText(s string) string {
	s = api.Printable(s)
	s = strings.Map(func(r rune) rune {
		switch r {
		case ';':
			return ','
		case '\a', '\x1b', '\x9c':
			return -1
		}
		return r
	}, s)
	return clip(strings.Join(strings.Fields(s), " "), notifyMax)
}

// sequence is the escape sequence that shows body (under title where the
// sequence has one), or "" for NotifyNone.
func (n Notifier) sequence(title, body string) string {
	title, body = notifyText(title), notifyText(body)
	switch n {
	case NotifyOSC9:
		return "\x1b]9;" + title + ": " + body + "\a"
	case NotifyOSC777:
		return "\x1b]777;notify;" + title + ";" + body + "\a"
	case NotifyOSC99:
		return "\x1b]99;;" + title + ": " + body + "\x1b\\"
	}
	return ""
}

// alertCmd tells the user something happened while they may be looking
// elsewhere: the terminal bell (unless bell is false) and the desktop
// notification n shows, in one write. nil when there is nothing to send.
func alertCmd(n Notifier, bell bool, title, body string) tea.Cmd {
	seq := n.sequence(title, body)
	if bell {
		seq += "\a"
	}
	if seq == "" {
		return nil
	}
	return tea.Raw(seq)
}
