package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
)

// problem is a failed search as the status line shows it: one sentence and
// a hint saying what to do.
type problem struct {
	text, hint string
	// retryIn, when > 0, is the rate limit's wait in whole seconds: the
	// browser counts it down and searches again by itself.
	retryIn int
}

// String is the sentence and the hint, joined by a dash.
func (p problem) String() string {
	if p.hint == "" {
		return p.text
	}
	return p.text + " — " + p.hint
}

// defaultRetryAfter is the wait after a 429 without a usable Retry-After.
const defaultRetryAfter = 10 * time.Second

// maxRetryAfter caps the countdown: a longer Retry-After is not believed.
const maxRetryAfter = 5 * time.Minute

// describe is the one translator from search errors to what the user
// reads. Provider text goes through api.Printable.
func describe(err error, country api.Country, typ api.TypeChoice) problem {
	var ve *api.ValidationError
	if errors.As(err, &ve) {
		return problem{text: capitalize(api.Printable(ve.Error())), hint: "choose another with c or t"}
	}
	var pe *panicError
	if errors.As(err, &pe) {
		return problem{text: "Internal error: " + clip(api.Printable(pe.Error()), 80), hint: "press r to retry"}
	}
	var e *api.Error
	errors.As(err, &e)
	msg := serverMessage(e)
	switch api.KindOf(err) {
	case api.KindAuth:
		if errors.Is(err, api.ErrNoAPIKey) {
			return problem{text: "IDENTITYCALL_API_KEY is not set", hint: "export it, or start with --demo"}
		}
		return problem{text: "API key rejected", hint: "check IDENTITYCALL_API_KEY"}
	case api.KindPermission:
		if msg == "" {
			msg = "the key lacks the permission to search"
		}
		return problem{text: "Permission denied: " + msg, hint: "use a key with read permission"}
	case api.KindRejected:
		if msg == "" {
			msg = fmt.Sprintf("No %s numbers offered in %s", typ.Label(), country.Code)
		}
		return problem{text: capitalize(msg), hint: "try another number type"}
	case api.KindBadRequest:
		if msg == "" {
			msg = "The API refused the search parameters"
		}
		return problem{text: capitalize(msg), hint: "try another country or type"}
	case api.KindRateLimited:
		wait := defaultRetryAfter
		if e != nil && e.RetryAfter > 0 {
			wait = min(e.RetryAfter, maxRetryAfter)
		}
		secs := int((wait + time.Second - 1) / time.Second)
		return problem{text: "Rate limited", hint: "press r to retry", retryIn: secs}
	case api.KindServer:
		status := ""
		if e != nil && e.Status != 0 {
			status = fmt.Sprintf(" (HTTP %d %s)", e.Status, http.StatusText(e.Status))
		}
		return problem{text: "The IdentityCall server failed" + status, hint: "press r to retry"}
	case api.KindNetwork:
		return problem{text: "Cannot reach the IdentityCall API", hint: "press r to retry"}
	case api.KindTimeout:
		return problem{text: "The search timed out", hint: "press r to retry"}
	case api.KindBadResponse:
		return problem{text: "The API sent a response numbrowse cannot read", hint: "press r to retry"}
	case api.KindCanceled:
		return problem{text: "The search was cancelled", hint: "press r to retry"}
	}
	return problem{text: "Search failed: " + clip(api.Printable(err.Error()), 80), hint: "press r to retry"}
}

// serverMessage is the server's own message, cleaned, or "".
func serverMessage(e *api.Error) string {
	if e == nil || len(e.Messages) == 0 {
		return ""
	}
	return clip(api.Printable(strings.Join(e.Messages, "; ")), 120)
}

// capitalize upper-cases the first letter (ASCII only: enough for our
// messages, harmless for others).
func capitalize(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// clip shortens s to at most n runes, ending in "…" when cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// retryState is the countdown to an automatic retry after a 429.
type retryState struct {
	seq  int // the search that was rate limited
	left int // seconds to go
}

// retryTickMsg is one second of the countdown for search seq.
type retryTickMsg struct{ seq int }

// retryTickCmd waits a second.
func (m *Model) retryTickCmd(seq int) tea.Cmd {
	return m.after(time.Second, func(time.Time) tea.Msg { return retryTickMsg{seq: seq} })
}

// retryTick counts down and searches again at zero. A tick for another
// search (the user started a new one, which cancels the countdown) is
// dropped.
func (m *Model) retryTick(msg retryTickMsg) tea.Cmd {
	if m.retry == nil || m.retry.seq != msg.seq || msg.seq != m.search.seq {
		return nil
	}
	m.retry.left--
	if m.retry.left > 0 {
		return m.retryTickCmd(msg.seq)
	}
	return m.startSearch(false, true)
}

// panicError is a panic in a command, turned into an error.
type panicError struct{ value any }

func (e *panicError) Error() string { return fmt.Sprintf("panic: %v", e.value) }

// commandFailedMsg reports a command that panicked (a search reports its
// own panic as its result instead).
type commandFailedMsg struct{ err error }

// safe wraps a command so that a panic in it becomes a commandFailedMsg
// instead of killing the program; the batches it returns are wrapped too.
func safe(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = commandFailedMsg{err: &panicError{value: r}}
			}
		}()
		msg = cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			wrapped := make(tea.BatchMsg, len(b))
			for i, c := range b {
				wrapped[i] = safe(c)
			}
			msg = wrapped
		}
		return msg
	}
}
