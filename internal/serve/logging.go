package serve

import (
	"errors"
	"io"
	"strings"
	"time"

	"charm.land/log/v2"

	"numbrowse/api"
)

// NewLogger returns the server's logger: one line per event with a
// timestamp and key=value fields, coloured only when w is a terminal that
// takes colour. Pass it as Config.Logger and to RequestLogger.
func NewLogger(w io.Writer) *log.Logger {
	return log.NewWithOptions(w, log.Options{
		ReportTimestamp: true,
		TimeFormat:      "2006-01-02 15:04:05",
		Prefix:          "numbrowse",
	})
}

// RequestLogger returns an api.WithObserver callback that logs one line
// per upstream HTTP attempt: the search, status, latency and attempt, and
// the error kind when it failed. The API key is never part of an event.
func RequestLogger(l *log.Logger) func(api.RequestEvent) {
	return func(ev api.RequestEvent) {
		kv := []any{
			"country", ev.Query.Country, "type", string(ev.Query.Type),
			"status", ev.Status, "latency", ev.Latency.Round(time.Millisecond),
		}
		if ev.Attempt > 1 {
			kv = append(kv, "attempt", ev.Attempt)
		}
		if ev.Path != "" && !strings.HasSuffix(ev.Path, "/available") {
			kv = append(kv, "path", ev.Method+" "+ev.Path)
		}
		if ev.Err != nil {
			kv = append(kv, "err", clean(errorText(ev.Err)))
			l.Warn("upstream search", kv...)
			return
		}
		l.Info("upstream search", kv...)
	}
}

// errorText is an api error's kind and status, short enough for a log
// line; other errors as they are.
func errorText(err error) string {
	var ae *api.Error
	if errors.As(err, &ae) {
		return ae.Error()
	}
	return err.Error()
}

// sessionFields are the fields of a session's start and end lines.
func sessionFields(info Session) []any {
	kv := []any{"user", info.User, "key", info.KeyFingerprint}
	if info.KeyComment != "" {
		kv = append(kv, "key_comment", info.KeyComment)
	}
	return append(kv, "remote", info.RemoteAddr, "term", info.Term)
}

// endReason is why a session ended.
type endReason int

const (
	endQuit     endReason = iota // the user quit, or the client went away
	endIdle                      // no key press for the idle timeout
	endShutdown                  // the server is going down
	endPanic                     // the browser panicked
	endError                     // the browser failed to start or run
	endGone                      // the client closed the session or the connection
	endNoStart                   // NewModel failed (the user was told why)
)

func (r endReason) String() string {
	switch r {
	case endIdle:
		return "idle"
	case endShutdown:
		return "shutdown"
	case endPanic:
		return "panic"
	case endError:
		return "error"
	case endGone:
		return "disconnected"
	case endNoStart:
		return "start failed"
	}
	return "quit"
}

// farewell is the line written to the user's terminal after the browser
// closed for reason r; "" when they closed it themselves.
func farewell(r endReason, idle time.Duration) string {
	switch r {
	case endIdle:
		return "numbrowse: closed after " + shortDuration(idle) + " without a key press — reconnect any time."
	case endShutdown:
		return "numbrowse: the server is shutting down — goodbye."
	case endPanic:
		return "numbrowse: the browser hit an internal error and was closed — sorry; reconnect to start again."
	case endError:
		return "numbrowse: the browser stopped with an error — reconnect to start again."
	}
	return ""
}

// shortDuration prints 15m0s as 15m and 1h0m0s as 1h.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// printfLogger adapts the logger to wish's recover middleware.
type printfLogger struct{ l *log.Logger }

func (p printfLogger) Printf(format string, v ...any) { p.l.Errorf(format, v...) }
