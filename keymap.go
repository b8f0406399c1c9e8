package main

import (
	"charm.land/bubbles/v2/key"

	"numbrowse/ui"
)

// defaultKeyMap is the browser's default key bindings. Users rebind any
// action by name in the config file's [keys] table. The same bindings, as
// text, are ui/testdata/default_keymap.golden, which the tests of every
// package render from (keymap_test.go keeps the two in step).
func defaultKeyMap() ui.KeyMap {
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return ui.KeyMap{
		Up:       b([]string{"k", "up"}, "↑/k", "up"),
		Down:     b([]string{"j", "down"}, "↓/j", "down"),
		PageUp:   b([]string{"pgup"}, "pgup", "page up"),
		PageDown: b([]string{"pgdown"}, "pgdn", "page down"),
		HalfUp:   b([]string{"ctrl+u"}, "ctrl+u", "half page up"),
		HalfDown: b([]string{"ctrl+d"}, "ctrl+d", "half page down"),
		Top:      b([]string{"g", "home"}, "g/home", "first row"),
		Bottom:   b([]string{"G", "end"}, "G/end", "last row"),

		Country: b([]string{"c"}, "c", "country"),
		Type:    b([]string{"t"}, "t", "type"),
		Filter:  b([]string{"/"}, "/", "filter"),
		Sort:    b([]string{"s"}, "s", "sort"),
		Reverse: b([]string{"S"}, "S", "reverse sort"),
		Detail:  b([]string{"enter", "d"}, "enter/d", "details"),
		Focus:   b([]string{"tab"}, "tab", "focus details"),
		Copy:    b([]string{"y"}, "y", "copy number"),
		Export:  b([]string{"e"}, "e", "export"),
		Mark:    b([]string{"space"}, "space", "mark"),
		Buy:     b([]string{"b"}, "b", "buy"),
		Refresh: b([]string{"r"}, "r", "refresh"),
		Help:    b([]string{"?"}, "?", "help"),
		Redraw:  b([]string{"ctrl+l"}, "ctrl+l", "redraw"),
		Quit:    b([]string{"q", "ctrl+c"}, "q", "quit"),
		Back:    b([]string{"esc"}, "esc", "back"),

		CopyMenu:   b([]string{"Y"}, "Y", "copy menu"),
		MarkAll:    b([]string{"a"}, "a", "mark all shown"),
		ClearMarks: b([]string{"u"}, "u", "unmark all"),
		Searches:   b([]string{"p"}, "p", "saved searches"),
		SaveSearch: b([]string{"ctrl+s"}, "ctrl+s", "save search"),
		Owned:      b([]string{"o"}, "o", "your numbers"),
		Watch:      b([]string{"w"}, "w", "watch"),
	}
}
