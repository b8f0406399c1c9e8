package ui

import (
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	"numbrowse/internal/inventory"
)

// problem is a failed search as the status line shows it: one sentence and
// a hint saying what to do.
type problem struct {
	text, hint string
	// retryIn, when > 0, is the rate limit's wait in whole seconds: the
	// browser counts it down and searches again by itself.
	retryIn int
	// countries and typ are the search that failed (or found nothing),
	// when the problem is a search's; the rows shown may be another
	// search's.
	countries api.CountryList
	typ       api.TypeChoice
}

// String is the sentence and the hint, joined by a dash.
func (p problem) String() string {
	if p.hint == "" {
		return p.text
	}
	return p.text + " — " + p.hint
}

// minFitText is the fewest cells fit leaves the sentence before it gives
// up keeping the hint whole.
const minFitText = 12

// fit is String on one line of at most w cells where it can be: the
// sentence (which may carry a long server message) is cut short with an
// ellipsis so that the hint, what to do, stays whole.
func (p problem) fit(st *Styles, w int) string {
	text := st.text(p.text)
	if p.hint == "" {
		return text
	}
	hint := st.text(" — " + p.hint)
	if room := w - ansi.StringWidth(hint); ansi.StringWidth(text) > room && room >= minFitText {
		text = ansi.Truncate(text, room, st.Glyphs.Ellipsis)
	}
	return text + hint
}

// defaultRetryAfter is the wait after a 429 without a usable Retry-After.
const defaultRetryAfter = 10 * time.Second

// maxRetryAfter caps the countdown: a longer Retry-After is not believed.
const maxRetryAfter = 5 * time.Minute

// maxProblemText bounds the sentence of a problem, in runes: the status
// line cuts it to the screen anyway, and the empty table wraps it.
const maxProblemText = 200

// describe turns a failed search into what the status line says: the
// sentence of api.Explain (which the command line prints too), with the
// browser's own hint, a key where one helps. Provider text goes through
// api.Printable.
func describe(err error) problem {
	var ve *api.ValidationError
	if errors.As(err, &ve) {
		return problem{text: capitalize(api.Printable(ve.Error())), hint: "choose another with c or t"}
	}
	var none *inventory.NotOfferedError
	if errors.As(err, &none) {
		return problem{text: capitalize(none.Error()), hint: "press c for another country"}
	}
	var pe *panicError
	if errors.As(err, &pe) {
		return problem{text: "Internal error: " + clip(api.Printable(pe.Error()), 80), hint: "press r to retry"}
	}
	x, ok := api.Explain(err)
	if !ok {
		return problem{text: "Search failed: " + clip(api.Printable(err.Error()), 80), hint: "press r to retry"}
	}
	p := problem{text: capitalize(clip(api.Printable(x.Sentence), maxProblemText)), hint: browserHint(err, x)}
	if e := (*api.Error)(nil); errors.As(err, &e) && e.Kind == api.KindRateLimited {
		wait := defaultRetryAfter
		if e.RetryAfter > 0 {
			wait = min(e.RetryAfter, maxRetryAfter)
		}
		p.retryIn = int((wait + time.Second - 1) / time.Second)
	}
	return p
}

// browserHint is what to do about err in the browser: a key where one
// helps (r to search again after a passing failure), else the table's
// hint.
func browserHint(err error, x api.Explanation) string {
	switch {
	case errors.Is(err, api.ErrNoAPIKey):
		return "export it, or start with --demo"
	case api.IsBadRequest(err):
		return "try another country or type"
	case isTooLarge(err):
		return "restart with a larger --max-response"
	case x.Transient:
		return "press r to retry"
	}
	return x.Hint
}

// isTooLarge reports whether err is a response over the size cap.
func isTooLarge(err error) bool {
	_, ok := api.IsTooLarge(err)
	return ok
}

// noKeyProblem is what the browser says without an API key.
func noKeyProblem() problem {
	return describe(&api.Error{Kind: api.KindAuth, Err: api.ErrNoAPIKey})
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
	return m.startSearch(true, true)
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
