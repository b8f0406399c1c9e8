package cli

import (
	"io"
	"strings"

	"github.com/charmbracelet/x/term"
)

// colorOut reports whether p's stdout is a terminal that wants colour.
func colorOut(p process) bool {
	if p.env("NO_COLOR") != "" {
		return false
	}
	f, ok := p.io.out.(term.File)
	return ok && term.IsTerminal(f.Fd())
}

// utf8Locale reports whether the locale can show UTF-8. An unset locale
// counts as UTF-8 (as in most terminals reached over SSH); "C", "POSIX" or
// another charset does not.
func utf8Locale(env envFunc) bool {
	for _, name := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		v := env(name)
		if v == "" {
			continue
		}
		v = strings.ToLower(v)
		return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
	}
	return true
}

// isTerminalInput reports whether r is a terminal one can ask on. A
// reader may say so itself with an IsTerminal method (tests do).
func isTerminalInput(r io.Reader) bool {
	if t, ok := r.(interface{ IsTerminal() bool }); ok {
		return t.IsTerminal()
	}
	f, ok := r.(term.File)
	return ok && term.IsTerminal(f.Fd())
}
