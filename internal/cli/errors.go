package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"

	"numbrowse/api"
	"numbrowse/internal/inventory"
)

// usageError marks an error as the user's input being wrong (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// isUsage reports whether err is the user's input being wrong.
func isUsage(err error) bool {
	var ue usageError
	var ve *api.ValidationError
	var ce *configError
	if errors.As(err, &ue) || errors.As(err, &ve) || errors.As(err, &ce) {
		return true
	}
	// cobra's own flag and argument errors carry no type.
	s := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand flag", "flag needs an argument",
		"invalid argument", "unknown command", "accepts ", "requires at least", "bad flag syntax"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// printError writes err as one line on p's stderr (w), in red on a
// terminal.
func (p process) printError(w io.Writer, _ fang.Styles, err error) {
	var empty emptyError
	if errors.As(err, &empty) {
		// Not an error: what --fail-empty asked to be told.
		_, _ = fmt.Fprintln(w, "numbrowse: "+empty.why)
		return
	}
	msg := oneLine(describeError(err))
	if errors.Is(err, errNoMatch) {
		_, _ = fmt.Fprintln(w, "numbrowse: "+msg) // an outcome, not an error
		return
	}
	if isUsage(err) && !strings.Contains(msg, " — ") {
		msg += " — see numbrowse --help"
	}
	if f, ok := p.io.err.(term.File); ok && term.IsTerminal(f.Fd()) && p.env("NO_COLOR") == "" {
		label := lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Red).Render("error:")
		cw := colorprofile.NewWriter(w, os.Environ())
		_, _ = fmt.Fprintln(cw, "numbrowse: "+label+" "+msg)
		return
	}
	_, _ = fmt.Fprintln(w, "numbrowse: error: "+msg)
}

// oneLine makes a message printable on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(api.Printable(s)), " ")
}

// describeError turns any error into the line the user sees: for a
// failed request, what happened (api.Explain's sentence, which the browser
// prints too) and what to do on the command line.
func describeError(err error) string {
	var pe partialError
	if errors.As(err, &pe) {
		return describeError(pe.err) + fmt.Sprintf(" (the output stops after %d numbers: it is incomplete)", pe.written)
	}
	var none *inventory.NotOfferedError
	if errors.As(err, &none) {
		return withHint(none.Error(), "try another --country")
	}
	x, ok := api.Explain(err)
	if !ok {
		return err.Error()
	}
	return withHint(x.Sentence, cliHint(err, x))
}

// cliHint is what to do about err on the command line: the flag that
// helps, where one does, else the table's hint.
func cliHint(err error, x api.Explanation) string {
	switch api.KindOf(err) {
	case api.KindAuth:
		if errors.Is(err, api.ErrNoAPIKey) {
			return "export it, or try --demo"
		}
	case api.KindBadRequest:
		return "check --country and --type"
	case api.KindTimeout:
		return "try again, or raise --timeout"
	case api.KindNetwork:
		return "check the network and --api-url"
	case api.KindBadResponse:
		if _, ok := api.IsTooLarge(err); ok {
			return raiseMaxResponse
		}
	}
	return x.Hint
}

// raiseMaxResponse is what to do about a response over the size cap.
const raiseMaxResponse = "raise it with --max-response (or NUMBROWSE_MAX_RESPONSE, max_response in the config file), e.g. --max-response 512MiB"

// capitalize upper-cases the first letter of a sentence (ASCII only: the
// sentences are numbrowse's own).
func capitalize(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// withHint is s, then " — " and the hint when there is one.
func withHint(s, hint string) string {
	if hint == "" {
		return s
	}
	return s + " — " + hint
}
