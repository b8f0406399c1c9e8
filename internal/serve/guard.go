package serve

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"charm.land/log/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// The largest terminal a session gets (README: "Limits"). A client may
// ask for any size; a larger one is treated as this one, so the screen
// buffers of a session stay bounded.
const (
	MaxColumns = 500
	MaxRows    = 200
)

// keptEnv reports whether a session keeps the variable name when the
// client sends it (SendEnv): the ones numbrowse reads, for colours
// (COLORTERM, NO_COLOR), the theme, the character set (LC_ALL,
// LC_CTYPE, LANG), and which desktop notification the terminal shows
// (TERM_PROGRAM, VTE_VERSION; ui.NotifierFor). TERM comes with the pty
// request. Every other variable is refused before it is stored, and each
// kept one is taken once.
func keptEnv(name string) bool {
	switch name {
	case "COLORTERM", "NO_COLOR", "NUMBROWSE_THEME", "LC_ALL", "LC_CTYPE", "LANG", "TERM_PROGRAM", "VTE_VERSION":
		return true
	}
	return false
}

// Bounds on what a client can make a session hold before it starts.
const (
	maxEnvValue = 128 // bytes of a kept variable's value
	maxTermLen  = 64  // bytes of TERM; a longer or odd one becomes "xterm"
	// maxChannelsPerConn is how many session channels one connection may
	// have open at once (OpenSSH's MaxSessions default).
	maxChannelsPerConn = 10
)

// Lines for a client whose request is refused.
const (
	msgCommand    = "numbrowse: this server runs the browser and does not run commands — connect with plain `ssh` (with -p and the host), without a command."
	msgForwarding = "numbrowse: %s is refused here; the browser does not need it."
)

// channelGuard stands between a session channel and charm.land/ssh's
// session handler, which would store every env request, block its request
// loop on a second window-change before the shell (its channel holds one),
// answer an agent-forwarding request with yes, and run the browser for an
// exec request as for a shell. The guard answers those requests itself:
// it keeps only keptEnv, bounded; clamps the pty request and every window
// change to MaxColumns × MaxRows; keeps the latest window size for the
// session without ever blocking; refuses agent and X11 forwarding; and
// remembers whether the session asked for a shell or a command.
type channelGuard struct {
	log    *log.Logger
	remote string

	mu      sync.Mutex
	kind    string // "shell", "exec" or "subsystem" once asked
	command string // the exec request's command, cleaned and cut
	envSeen []string
	ignored int  // env requests refused
	hasPTY  bool // a pty request was passed on
	win     ssh.Window
	resized chan struct{} // a token when win changed since it was last read
}

func newChannelGuard(logger *log.Logger, remote string) *channelGuard {
	return &channelGuard{log: logger, remote: remote, resized: make(chan struct{}, 1)}
}

// sessionChannel is the server's handler for "session" channels: it
// counts the connection's channels, then runs charm.land/ssh's session
// handler on the guarded channel, with a handler that hands the guard to
// the session middleware (see guardedSession).
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	count := connChannels(ctx)
	if count.Add(1) > maxChannelsPerConn {
		count.Add(-1)
		_ = newChan.Reject(gossh.ResourceShortage, fmt.Sprintf("at most %d sessions on one connection", maxChannelsPerConn))
		s.log.Warn("session channel refused", "remote", addrString(conn.RemoteAddr()), "reason", "too many on one connection")
		return
	}
	defer count.Add(-1)
	g := newChannelGuard(s.log, addrString(conn.RemoteAddr()))
	inner := &ssh.Server{
		Handler:                func(sess ssh.Session) { srv.Handler(&guardedSession{Session: sess, guard: g}) },
		PtyCallback:            srv.PtyCallback,
		PtyHandler:             srv.PtyHandler,
		SessionRequestCallback: srv.SessionRequestCallback,
		SubsystemHandlers:      srv.SubsystemHandlers,
	}
	ssh.DefaultSessionHandler(inner, conn, &guardedChannel{NewChannel: newChan, guard: g, done: ctx.Done()}, ctx)
}

// ctxChannelCount is where a connection's count of open session channels
// lives in its context.
type ctxChannelCount struct{}

func connChannels(ctx ssh.Context) *atomic.Int32 {
	ctx.Lock()
	defer ctx.Unlock()
	if c, ok := ctx.Value(ctxChannelCount{}).(*atomic.Int32); ok {
		return c
	}
	c := &atomic.Int32{}
	ctx.SetValue(ctxChannelCount{}, c)
	return c
}

// guardedSession is the ssh.Session the middleware sees: the library's,
// with the guard of its channel.
type guardedSession struct {
	ssh.Session
	guard *channelGuard
}

// guardOf returns the guard of sess's channel; for a session that did not
// come through sessionChannel it makes one from what the session says.
func guardOf(sess ssh.Session) *channelGuard {
	if gs, ok := sess.(*guardedSession); ok {
		return gs.guard
	}
	g := newChannelGuard(log.New(io.Discard), addrString(sess.RemoteAddr()))
	g.kind, g.command = "shell", truncateText(clean(sess.RawCommand()), 200)
	if g.command != "" {
		g.kind = "exec"
	}
	if pty, _, ok := sess.Pty(); ok {
		cols, rows := clampSize(uint32(max(pty.Window.Width, 0)), uint32(max(pty.Window.Height, 0)))
		g.hasPTY, g.win = true, ssh.Window{Width: int(cols), Height: int(rows)}
	}
	return g
}

// guardedChannel is a NewChannel whose Accept filters the requests.
type guardedChannel struct {
	gossh.NewChannel
	guard *channelGuard
	done  <-chan struct{} // the connection's end
}

func (c *guardedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go c.guard.filter(ch, reqs, out, c.done)
	return ch, out, nil
}

// filter answers the requests the guard handles and passes the others
// on, until the channel's requests end.
func (g *channelGuard) filter(ch gossh.Channel, in <-chan *gossh.Request, out chan<- *gossh.Request, done <-chan struct{}) {
	defer close(out)
	for req := range in {
		if g.handle(ch, req) {
			continue
		}
		select {
		case out <- req:
		case <-done:
			if req.WantReply {
				_ = req.Reply(false, nil)
			}
		}
	}
}

// handle answers req when the guard handles it and reports whether it
// did; otherwise it may rewrite req's payload for the library.
func (g *channelGuard) handle(ch gossh.Channel, req *gossh.Request) bool {
	switch req.Type {
	case "env":
		if !g.keepEnv(req.Payload) {
			_ = req.Reply(false, nil)
			return true
		}
	case "pty-req":
		payload, ok := g.ptyRequest(req.Payload)
		if !ok {
			_ = req.Reply(false, nil)
			return true
		}
		req.Payload = payload
	case "window-change":
		_ = req.Reply(g.windowChange(req.Payload), nil)
		return true
	case "shell", "exec", "subsystem":
		g.started(req)
	case "auth-agent-req@openssh.com", "x11-req":
		what := "agent forwarding"
		if req.Type == "x11-req" {
			what = "X11 forwarding"
		}
		_, _ = fmt.Fprintf(ch.Stderr(), msgForwarding+"\r\n", what)
		g.log.Warn(what+" refused", "remote", g.remote)
		_ = req.Reply(false, nil)
		return true
	}
	return false
}

// keepEnv reports whether an env request is one to keep: a variable of
// keptEnv not seen before on this channel, with a short printable value,
// before the session started.
func (g *channelGuard) keepEnv(payload []byte) bool {
	var kv struct{ Name, Value string }
	g.mu.Lock()
	defer g.mu.Unlock()
	ok := gossh.Unmarshal(payload, &kv) == nil && g.kind == "" &&
		keptEnv(kv.Name) && !slices.Contains(g.envSeen, kv.Name) &&
		len(kv.Value) <= maxEnvValue && kv.Value == clean(kv.Value)
	if ok {
		g.envSeen = append(g.envSeen, kv.Name)
	} else {
		g.ignored++
	}
	return ok
}

// ptyPayload is a pty-req (RFC 4254 6.2).
type ptyPayload struct {
	Term                         string
	Columns, Rows, Width, Height uint32
	Modes                        string
}

// ptyRequest returns the pty request with its size clamped and its TERM
// made sane, or false for one that does not parse.
func (g *channelGuard) ptyRequest(payload []byte) ([]byte, bool) {
	var p ptyPayload
	if gossh.Unmarshal(payload, &p) != nil {
		return nil, false
	}
	if !saneTerm(p.Term) {
		p.Term = "xterm"
	}
	p.Columns, p.Rows = clampSize(p.Columns, p.Rows)
	g.mu.Lock()
	if !g.hasPTY {
		g.win = ssh.Window{Width: int(p.Columns), Height: int(p.Rows)}
	}
	g.hasPTY = true
	g.mu.Unlock()
	return gossh.Marshal(&p), true
}

// windowChange takes a window-change (RFC 4254 6.7), clamped, as the
// latest size, and reports whether it parsed.
func (g *channelGuard) windowChange(payload []byte) bool {
	var w struct{ Columns, Rows, Width, Height uint32 }
	if gossh.Unmarshal(payload, &w) != nil {
		return false
	}
	cols, rows := clampSize(w.Columns, w.Rows)
	g.mu.Lock()
	if !g.hasPTY {
		g.mu.Unlock()
		return false
	}
	g.win = ssh.Window{Width: int(cols), Height: int(rows)}
	g.mu.Unlock()
	select {
	case g.resized <- struct{}{}:
	default: // a change is already pending; the reader takes the latest
	}
	return true
}

// window is the latest size the client asked for (clamped).
func (g *channelGuard) window() ssh.Window {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.win
}

// started records the request that starts the session.
func (g *channelGuard) started(req *gossh.Request) {
	var cmd struct{ Value string }
	_ = gossh.Unmarshal(req.Payload, &cmd)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.kind == "" {
		g.kind = req.Type
		g.command = truncateText(clean(cmd.Value), 200)
	}
}

// request is what started the session ("shell", "exec", "subsystem") and
// the command of an exec.
func (g *channelGuard) request() (kind, command string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.kind, g.command
}

// envIgnored is how many env requests were refused.
func (g *channelGuard) envIgnored() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.ignored
}

// clampSize bounds a terminal size to MaxColumns × MaxRows.
func clampSize(cols, rows uint32) (uint32, uint32) {
	return min(cols, MaxColumns), min(rows, MaxRows)
}

// saneTerm reports whether t looks like a terminal type: short, letters,
// digits and . _ + -.
func saneTerm(t string) bool {
	if t == "" || len(t) > maxTermLen {
		return false
	}
	return strings.IndexFunc(t, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._+-", r))
	}) < 0
}

// truncateText cuts s to at most n bytes at a rune boundary, with "…".
func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
