package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"

	"numbrowse/api"
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
	msg := oneLine(describeError(err))
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

// noKeyError is the sentence for having no API key (and no --demo).
const noKeyError = "IDENTITYCALL_API_KEY is not set — export it, or try --demo"

// describeError turns any error into the sentence the user sees.
func describeError(err error) string {
	var ae *api.Error
	if errors.As(err, &ae) {
		return explainAPIError(ae)
	}
	return err.Error()
}

// explainAPIError is one sentence naming the cause and what to do.
func explainAPIError(e *api.Error) string {
	with := func(s string) string { return withMessages(s, e) }
	switch e.Kind {
	case api.KindAuth:
		if errors.Is(e, api.ErrNoAPIKey) {
			return noKeyError
		}
		return with("API key rejected (401)") + " — check IDENTITYCALL_API_KEY"
	case api.KindPermission:
		return with("API key lacks a permission (403)") + " — use a key with read permission"
	case api.KindRejected:
		return with("search rejected") + " — try another number type or country"
	case api.KindBadRequest:
		return with("the API refused the request (400)") + " — check --country and --type"
	case api.KindRateLimited:
		if e.RetryAfter > 0 {
			return with("rate limited") + fmt.Sprintf(" — try again in %s", e.RetryAfter.Round(time.Second))
		}
		return with("rate limited") + " — wait a minute and try again"
	case api.KindServer:
		return e.Error() + " — the API is having trouble; try again later"
	case api.KindTimeout:
		return "the API did not answer in time — try again, or raise --timeout"
	case api.KindNetwork:
		return e.Error() + " — check the network and --api-url"
	case api.KindBadResponse:
		return e.Error() + " — the API sent something numbrowse cannot read; try again later"
	case api.KindCanceled:
		return "interrupted"
	}
	return e.Error()
}

// withMessages is s followed by what the API said in e, if it said
// anything.
func withMessages(s string, e *api.Error) string {
	if msg := strings.Join(e.Messages, "; "); msg != "" {
		return s + ": " + msg
	}
	return s
}
