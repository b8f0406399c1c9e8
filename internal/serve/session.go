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
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
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
	msgNoPTY    = "numbrowse: this is an interactive browser and needs a terminal — connect with plain `ssh` (or `ssh -t`)."
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
	g := guardOf(sess)
	pty, _, hasPTY := sess.Pty()
	info := s.describe(sess, pty, g)
	if kind, command := g.request(); kind != "shell" && (kind != "exec" || command != "") {
		s.log.Warn("session refused", append(sessionFields(info), "reason", "command", "request", kind, "command", command)...)
		refuse(sess, msgCommand)
		return
	}
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
	kv := append(sessionFields(info), "size", fmt.Sprintf("%dx%d", info.Width, info.Height))
	if n := g.envIgnored(); n > 0 {
		kv = append(kv, "env_ignored", n)
	}
	s.log.Info("session start", kv...)
	reason, pumped, runErr := s.run(ctx, sess, ls, info, g)
	kv = append(sessionFields(info), "duration", time.Since(start).Round(time.Second), "reason", reason.String())
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
	awaitInput(sess, pumped)
}

// run builds the model and runs its program until it quits, is stopped,
// or the client goes away. Every goroutine it starts has ended when it
// returns, except the input reader, which ends when the channel closes:
// pumped is closed then, and handle waits for it after the session's
// exit (awaitInput).
func (s *Server) run(ctx context.Context, sess ssh.Session, ls *liveSession, info Session, g *channelGuard) (
	reason endReason, pumped <-chan struct{}, err error) {
	model, err := s.cfg.NewModel(info)
	if err != nil {
		_, _ = fmt.Fprintf(sess.Stderr(), msgStartErr+"\n", clean(err.Error()))
		return endNoStart, nil, err
	}
	profile := colorprofile.Env(info.Environ) // the client's TERM and COLORTERM, not the server's
	if info.Getenv("NO_COLOR") != "" {
		// Any non-empty NO_COLOR means no colour (no-color.org), which
		// the profile detection does not follow for every value.
		profile = colorprofile.Ascii
	}
	p := tea.NewProgram(model,
		tea.WithInput(idleInput{ctx}), // pumpInput reads the channel
		// The first write asks for a collection (collect.go).
		tea.WithOutput(&firstOutput{w: sess, first: s.gc.request}),
		tea.WithEnvironment(info.Environ),
		tea.WithColorProfile(profile),
		tea.WithWindowSize(info.Width, info.Height),
		tea.WithFilter(sessionFilter),
		tea.WithContext(ctx),
		// The server handles SIGINT and SIGTERM, once for everyone.
		tea.WithoutSignalHandler(),
	)
	ls.setProgram(p)

	in := &activityReader{r: sess, onClose: ls.cancel}
	in.touch()
	inputDone := make(chan struct{})
	go func() {
		defer close(inputDone)
		pumpInput(ctx, in, terminalDecoder(info.Term), func(ev uv.Event) { p.Send(ev) }, s.log)
	}()
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-g.resized:
				w := g.window()
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	})
	if s.cfg.IdleTimeout > 0 {
		wg.Go(func() { watchIdle(ctx, in, s.cfg.IdleTimeout, func() { ls.stop(endIdle, nil) }) })
	}
	ran := make(chan struct{})
	wg.Go(func() {
		// A program told to stop that cannot (its output blocked by a
		// client that reads nothing) is cut off with its connection.
		select {
		case <-ran:
		case <-ctx.Done():
			select {
			case <-ran:
			case <-time.After(killAfter):
				closeConn(sess)
			}
		}
	})

	_, err = p.Run()
	p.Kill()
	close(ran)
	ls.finish()
	ls.cancel() // the input reader and the watchers stop
	wg.Wait()
	reason, stopped := ls.reason()
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		return endPanic, inputDone, err
	case err != nil && !errors.Is(err, tea.ErrProgramKilled):
		return endError, inputDone, err
	case err != nil && !stopped:
		return endGone, inputDone, nil // the client closed the session or the connection
	}
	return reason, inputDone, nil
}

// inputGrace is how long after a session ends its client has to close the
// channel, which ends the input reader, before its connection is closed.
const inputGrace = 5 * time.Second

// awaitInput waits for the session's input reader to end, which it does
// when the client closes the channel after the session's end (Exit); a
// client that does not within inputGrace loses its connection. pumped is
// nil when the session had no input reader.
func awaitInput(sess ssh.Session, pumped <-chan struct{}) {
	if pumped == nil {
		return
	}
	select {
	case <-pumped:
	case <-time.After(inputGrace):
		closeConn(sess)
		<-pumped
	}
}

// closeConn closes the session's SSH connection.
func closeConn(sess ssh.Session) {
	if c, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn); ok {
		_ = c.Close()
	}
}

// sessionFilter is every session program's message filter: a suspend is
// answered with a resume (there is no shell to suspend to over SSH), and
// a window size, whether from a window-change or reported in band by the
// terminal, is at most MaxColumns × MaxRows.
func sessionFilter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch m := msg.(type) {
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	case tea.WindowSizeMsg:
		m.Width = min(max(m.Width, 0), MaxColumns)
		m.Height = min(max(m.Height, 0), MaxRows)
		return m
	}
	return msg
}

// describe collects what the log and NewModel need to know. The size is
// the latest the client asked for (a window-change may come before the
// shell), clamped, and the environment the guard kept.
func (s *Server) describe(sess ssh.Session, pty ssh.Pty, g *channelGuard) Session {
	w := g.window()
	info := Session{
		User:          clean(sess.User()),
		RemoteAddr:    addrString(sess.RemoteAddr()),
		Term:          clean(pty.Term),
		Width:         w.Width,
		Height:        w.Height,
		Environ:       sess.Environ(),
		AllowPurchase: s.cfg.AllowPurchase,
		AllowOwned:    s.cfg.AllowOwned,
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
