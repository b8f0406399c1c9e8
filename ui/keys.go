package ui

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// KeyMap is every action of the browser and the keys bound to it. The
// defaults are built in the root keymap.go; users rebind actions by name
// in the config file's [keys] table (see Rebind).
type KeyMap struct {
	Up, Down, PageUp, PageDown, HalfUp, HalfDown, Top, Bottom key.Binding

	Country, Type, Filter, Sort, Reverse, Detail, Focus  key.Binding
	Copy, Export, Mark, Buy, Refresh, Help, Redraw, Quit key.Binding
	Back                                                 key.Binding

	CopyMenu, MarkAll, ClearMarks, Searches, SaveSearch key.Binding
	// Owned switches to the numbers the account owns and back; Watch
	// watches the current search or stops.
	Owned, Watch key.Binding
}

// keysOf returns *k, or the zero KeyMap (nothing bound) when k is nil, for
// components that may be built without key bindings.
func keysOf(k *KeyMap) KeyMap {
	if k == nil {
		return KeyMap{}
	}
	return *k
}

// wheelDir is -1 for the mouse wheel turned up, +1 for down, 0 otherwise
// (a sideways wheel).
func wheelDir(msg tea.MouseWheelMsg) int {
	switch msg.Mouse().Button {
	case tea.MouseWheelUp:
		return -1
	case tea.MouseWheelDown:
		return 1
	}
	return 0
}

// Action is one rebindable action: its stable name (used in the config
// file) and its binding.
type Action struct {
	Name    string
	Binding *key.Binding
}

// Actions lists the actions by their config names, in help order.
func (k *KeyMap) Actions() []Action {
	return []Action{
		{"up", &k.Up}, {"down", &k.Down}, {"page_up", &k.PageUp}, {"page_down", &k.PageDown},
		{"half_page_up", &k.HalfUp}, {"half_page_down", &k.HalfDown}, {"top", &k.Top}, {"bottom", &k.Bottom},
		{"country", &k.Country}, {"type", &k.Type}, {"filter", &k.Filter}, {"sort", &k.Sort},
		{"reverse_sort", &k.Reverse}, {"detail", &k.Detail}, {"focus", &k.Focus}, {"copy", &k.Copy},
		{"export", &k.Export}, {"mark", &k.Mark}, {"buy", &k.Buy}, {"refresh", &k.Refresh},
		{"help", &k.Help}, {"redraw", &k.Redraw}, {"quit", &k.Quit}, {"back", &k.Back},
		{"copy_menu", &k.CopyMenu}, {"mark_all", &k.MarkAll}, {"clear_marks", &k.ClearMarks},
		{"searches", &k.Searches}, {"save_search", &k.SaveSearch},
		{"owned", &k.Owned}, {"watch", &k.Watch},
	}
}

// Rebind replaces the keys of the named actions. It fails, naming the
// problem, for an unknown action, a key name that is not a key, or two
// actions left on the same key.
func (k *KeyMap) Rebind(user map[string][]string) error {
	actions := k.Actions()
	names := make([]string, 0, len(user))
	for name := range user {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		i := slices.IndexFunc(actions, func(a Action) bool { return a.Name == normalizeAction(name) })
		if i < 0 {
			var valid []string
			for _, a := range actions {
				valid = append(valid, a.Name)
			}
			return fmt.Errorf("unknown action %q in [keys] — valid actions: %s", name, strings.Join(valid, ", "))
		}
		keys := make([]string, 0, len(user[name]))
		for _, raw := range user[name] {
			kn, err := NormalizeKey(raw)
			if err != nil {
				return fmt.Errorf("[keys] %s: %w", name, err)
			}
			keys = append(keys, kn)
		}
		b := actions[i].Binding
		b.SetKeys(keys...)
		b.SetHelp(strings.Join(keys, "/"), b.Help().Desc)
	}
	return k.checkClashes()
}

func normalizeAction(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_")
}

// checkClashes fails when one key is bound to two actions.
func (k *KeyMap) checkClashes() error {
	owner := map[string]string{}
	for _, a := range k.Actions() {
		for _, kn := range a.Binding.Keys() {
			if prev, ok := owner[kn]; ok && prev != a.Name {
				return fmt.Errorf("key %q is bound to both %s and %s — change one of them in [keys]", kn, prev, a.Name)
			}
			owner[kn] = a.Name
		}
	}
	return nil
}

var namedKeys = []string{
	"up", "down", "left", "right", "enter", "esc", "tab", "space", "backspace", "delete", "insert",
	"home", "end", "pgup", "pgdown",
	"f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12",
}

var keyAliases = map[string]string{
	"escape": "esc", "return": "enter", "pageup": "pgup", "pagedown": "pgdown", "page_up": "pgup",
	"page_down": "pgdown", "del": "delete", "ins": "insert", " ": "space",
}

// NormalizeKey checks a key name as written in the config file and returns
// it in Bubble Tea's spelling ("ctrl+o", "O", "f5", "space").
func NormalizeKey(s string) (string, error) {
	if s == " " {
		return "space", nil
	}
	raw := strings.TrimSpace(s)
	parts := strings.Split(raw, "+")
	base := parts[len(parts)-1]
	if base == "" && strings.HasSuffix(raw, "+") { // "ctrl++" or "+"
		base, parts = "+", append(parts[:len(parts)-2], "+")
	}
	var mods []string
	for _, m := range parts[:len(parts)-1] {
		m = strings.ToLower(m)
		switch m {
		case "ctrl", "alt", "shift", "meta", "super", "hyper":
			if slices.Contains(mods, m) {
				return "", fmt.Errorf("%q repeats the modifier %s", s, m)
			}
			mods = append(mods, m)
		default:
			return "", fmt.Errorf("%q: unknown modifier %q — use ctrl, alt or shift", s, m)
		}
	}
	if utf8.RuneCountInString(base) != 1 {
		lb := strings.ToLower(base)
		if a, ok := keyAliases[lb]; ok {
			lb = a
		}
		if !slices.Contains(namedKeys, lb) {
			return "", fmt.Errorf("%q is not a key — use a character or one of %s", s, strings.Join(namedKeys[:15], ", "))
		}
		base = lb
	} else if r, _ := utf8.DecodeRuneInString(base); r < 0x20 || r == 0x7f {
		return "", fmt.Errorf("%q is not a printable key", s)
	}
	// A shifted letter arrives as its capital ("S"), as Bubble Tea reports it.
	if len(mods) == 1 && mods[0] == "shift" && len(base) == 1 && base[0] >= 'a' && base[0] <= 'z' {
		return strings.ToUpper(base), nil
	}
	// Bubble Tea writes modifiers in this order.
	order := []string{"ctrl", "alt", "shift", "meta", "hyper", "super"}
	slices.SortFunc(mods, func(a, b string) int { return slices.Index(order, a) - slices.Index(order, b) })
	return strings.Join(append(mods, base), "+"), nil
}

// ShortHelp is the one-line help under the table (disabled bindings, such
// as buy without a purchaser, are left out).
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Country, k.Type, k.Filter, k.Sort, k.Detail, k.Copy, k.Buy, k.Help, k.Quit}
}

// OwnedShortHelp is the one-line help in the owned view: the way back
// first, then as ShortHelp, help and quit last.
func (k KeyMap) OwnedShortHelp() []key.Binding {
	return []key.Binding{k.Owned, k.Filter, k.Sort, k.Detail, k.Copy, k.Export, k.Refresh, k.Help, k.Quit}
}

// DetailHelp is the one-line help while the detail pane has the focus:
// only the keys that do something there (the root's detailKey), the
// movement keys as what they do in the pane.
func (k KeyMap) DetailHelp() []key.Binding {
	pair := func(a, b key.Binding, desc string) key.Binding {
		keys := append(slices.Clone(a.Keys()), b.Keys()...)
		bind := key.NewBinding(key.WithKeys(keys...), key.WithHelp(a.Help().Key+" "+b.Help().Key, desc))
		bind.SetEnabled(a.Enabled() || b.Enabled())
		return bind
	}
	as := func(b key.Binding, desc string) key.Binding {
		b.SetHelp(b.Help().Key, desc)
		return b
	}
	return []key.Binding{
		pair(k.Up, k.Down, "scroll"), pair(k.PageUp, k.PageDown, "page"), pair(k.Top, k.Bottom, "top/end"),
		as(k.Focus, "back to the table"), as(k.Detail, "close details"), k.Copy, k.Help, k.Quit,
	}
}

// FullHelp is the help the ? key opens, in columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfUp, k.HalfDown, k.Top, k.Bottom},
		{k.Country, k.Type, k.Filter, k.Sort, k.Reverse, k.Refresh, k.Searches, k.SaveSearch, k.Watch},
		{k.Detail, k.Focus, k.Copy, k.CopyMenu, k.Mark, k.MarkAll, k.ClearMarks, k.Export, k.Buy, k.Owned},
		{k.Help, k.Redraw, k.Back, k.Quit},
	}
}
