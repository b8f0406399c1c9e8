package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"
	gossh "golang.org/x/crypto/ssh"
)

const (
	// noticeGrace is how long a shutdown notice stays on screen before
	// the browser closes.
	noticeGrace = 1500 * time.Millisecond
	// killAfter is how long a browser asked to close may take before its
	// program is killed.
	killAfter = 3 * time.Second
)

// Lines written to a session that cannot run the browser.
const (
	msgNoPTY    = "numbrowse: this is an interactive browser and needs a terminal — connect with plain `ssh` (or `ssh -t`), without a command."
	msgFull     = "numbrowse: the server is full (%d %s at most) — please try again in a few minutes."
	msgClosing  = "numbrowse: the server is shutting down — please try again later."
	msgStartErr = "numbrowse: cannot start the browser: %s"
)

// sessionMiddleware runs the browser in each session: one tea.Program,
// model, size and colour profile per session.
func (s *Server) sessionMiddleware() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			s.handle(sess)
			next(sess)
		}
	}
}

// handle is one session from start to end.
func (s *Server) handle(sess ssh.Session) {
	pty, winCh, hasPTY := sess.Pty()
	info := s.describe(sess, pty)
	if !hasPTY {
		s.log.Info("session refused", append(sessionFields(info), "reason", "no terminal")...)
		refuse(sess, msgNoPTY)
		return
	}
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	info.Context = ctx
	ls := &liveSession{cancel: cancel}
	switch s.reg.add(ls) {
	case admitFull:
		s.log.Warn("session refused", append(sessionFields(info), "reason", "full", "max_sessions", s.cfg.MaxSessions)...)
		refuse(sess, fmt.Sprintf(msgFull, s.cfg.MaxSessions, plural(s.cfg.MaxSessions, "session", "sessions")))
		return
	case admitClosing:
		refuse(sess, msgClosing)
		return
	}
	defer s.reg.remove(ls)
	// The program catches panics in the model; this catches the rest
	// (NewModel, our own code), so one session never takes others down.
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("session panic", append(sessionFields(info), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))...)
			_, _ = io.WriteString(sess, farewell(endPanic, 0)+"\n")
			_ = sess.Exit(1)
		}
	}()

	start := time.Now()
	s.log.Info("session start", append(sessionFields(info), "size", fmt.Sprintf("%dx%d", info.Width, info.Height))...)
	reason, runErr := s.run(ctx, sess, ls, info, winCh)
	kv := append(sessionFields(info), "duration", time.Since(start).Round(time.Second), "reason", reason.String())
	if runErr != nil {
		kv = append(kv, "err", clean(runErr.Error()))
		s.log.Error("session end", kv...)
	} else {
		s.log.Info("session end", kv...)
	}
	if msg := farewell(reason, s.cfg.IdleTimeout); msg != "" {
		_, _ = io.WriteString(sess, msg+"\n")
	}
	code := 0
	if reason == endPanic || reason == endError || reason == endNoStart {
		code = 1
	}
	_ = sess.Exit(code)
}

// run builds the model and runs its program until it quits, is stopped,
// or the client goes away.
func (s *Server) run(ctx context.Context, sess ssh.Session, ls *liveSession, info Session, winCh <-chan ssh.Window) (endReason, error) {
	model, err := s.cfg.NewModel(info)
	if err != nil {
		_, _ = fmt.Fprintf(sess.Stderr(), msgStartErr+"\n", clean(err.Error()))
		return endNoStart, err
	}
	in := &activityReader{r: sess, onClose: ls.cancel}
	in.touch()
	opts := append(bubbletea.MakeOptions(sess), // input, output, env, profile, size; ctrl+z resumes
		tea.WithInput(in),
		tea.WithContext(ctx),
		// The server handles SIGINT and SIGTERM, once for everyone.
		tea.WithoutSignalHandler(),
	)
	if info.Getenv("NO_COLOR") != "" {
		// Any non-empty NO_COLOR means no colour (no-color.org), which
		// the profile detection does not follow for every value.
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	p := tea.NewProgram(model, opts...)
	ls.setProgram(p)

	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case w := <-winCh:
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	if s.cfg.IdleTimeout > 0 {
		go watchIdle(ctx, in, s.cfg.IdleTimeout, func() { ls.stop(endIdle, nil) })
	}

	_, err = p.Run()
	p.Kill()
	ls.finish()
	reason, stopped := ls.reason()
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		return endPanic, err
	case err != nil && !errors.Is(err, tea.ErrProgramKilled):
		return endError, err
	case err != nil && !stopped:
		return endGone, nil // the client closed the session or the connection
	}
	return reason, nil
}

// describe collects what the log and NewModel need to know.
func (s *Server) describe(sess ssh.Session, pty ssh.Pty) Session {
	info := Session{
		User:          clean(sess.User()),
		RemoteAddr:    addrString(sess.RemoteAddr()),
		Term:          clean(pty.Term),
		Width:         pty.Window.Width,
		Height:        pty.Window.Height,
		Environ:       sess.Environ(),
		AllowPurchase: s.cfg.AllowPurchase,
	}
	if pty.Term != "" {
		info.Environ = append(info.Environ, "TERM="+pty.Term)
	}
	if k := sess.PublicKey(); k != nil {
		info.KeyFingerprint = gossh.FingerprintSHA256(k)
	}
	if c, ok := sess.Context().Value(ctxKeyComment{}).(string); ok {
		info.KeyComment = clean(c)
	}
	return info
}

// refuse writes one line to the client's stderr and ends the session.
func refuse(sess ssh.Session, msg string) {
	_, _ = io.WriteString(sess.Stderr(), msg+"\n")
	_ = sess.Exit(1)
}

// liveSession is a running browser that the server may stop.
type liveSession struct {
	cancel context.CancelFunc // ends the session's context: kills the program

	mu      sync.Mutex
	prog    *tea.Program
	why     endReason
	stopped bool
	pending bool // stop was called before the program existed
	kill    *time.Timer
	notice  func(string) tea.Msg
}

func (ls *liveSession) setProgram(p *tea.Program) {
	ls.mu.Lock()
	ls.prog = p
	pending := ls.pending
	ls.mu.Unlock()
	if pending {
		go ls.quit(p)
	}
}

// stop asks the browser to close for reason r (the first reason wins):
// with a notice first when notice is not nil, then a quit; a browser that
// does not quit within killAfter is killed.
func (ls *liveSession) stop(r endReason, notice func(string) tea.Msg) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.stopped {
		return
	}
	ls.stopped, ls.why, ls.notice = true, r, notice
	wait := killAfter
	if notice != nil {
		wait += noticeGrace
	}
	ls.kill = time.AfterFunc(wait, ls.cancel)
	if ls.prog == nil {
		ls.pending = true
		return
	}
	go ls.quit(ls.prog)
}

// quit shows the notice, if any, and quits p. Send returns at once once
// the program has ended.
func (ls *liveSession) quit(p *tea.Program) {
	ls.mu.Lock()
	notice, why := ls.notice, ls.why
	ls.mu.Unlock()
	if notice != nil && why == endShutdown {
		p.Send(notice("The server is shutting down — this session closes in a moment."))
		t := time.NewTimer(noticeGrace)
		defer t.Stop()
		<-t.C
	}
	p.Quit()
}

// finish releases the kill timer once the program has ended.
func (ls *liveSession) finish() {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.kill != nil {
		ls.kill.Stop()
	}
}

// reason is why the session was stopped, and whether it was.
func (ls *liveSession) reason() (endReason, bool) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return ls.why, ls.stopped
}

// activityReader is the session's input: it remembers when the user last
// typed, and ends the session when the client closes its side.
type activityReader struct {
	r       io.Reader
	last    atomic.Int64 // unix nanoseconds
	onClose func()
}

func (a *activityReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.touch()
	}
	if err != nil {
		a.onClose()
	}
	return n, err
}

func (a *activityReader) touch() { a.last.Store(time.Now().UnixNano()) }

func (a *activityReader) idle() time.Duration { return time.Since(time.Unix(0, a.last.Load())) }

// watchIdle calls expire once in has seen no input for timeout, unless ctx
// ends first. Output does not count: the browser redraws on its own.
func watchIdle(ctx context.Context, in *activityReader, timeout time.Duration, expire func()) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			idle := in.idle()
			if idle >= timeout {
				expire()
				return
			}
			t.Reset(timeout - idle)
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
