package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"numbrowse/api"
	"numbrowse/internal/inventory"
)

// guard bounds every wait in these tests. It only turns a hang into a
// failure: nothing asserts how long anything took.
const guard = 20 * time.Second

// syncBuffer is a bytes.Buffer safe for concurrent writes and reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// waitFor polls cond until it holds, failing the test after guard.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(guard)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// newSigner returns a fresh ed25519 client key.
func newSigner(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testServer is a running server on 127.0.0.1:0 with one authorized key.
type testServer struct {
	srv    *Server
	addr   string
	user   gossh.Signer // the authorized key
	log    *syncBuffer
	cancel context.CancelFunc
	served chan error
}

// startServer serves cfg (NewModel defaults to the probe model) with a
// temporary host key and an authorized_keys file holding ts.user's key.
func startServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	dir := t.TempDir()
	ts := &testServer{user: newSigner(t), log: &syncBuffer{}, served: make(chan error, 1)}
	keys := filepath.Join(dir, "authorized_keys")
	line := "# the team\n" + strings.TrimSpace(string(gossh.MarshalAuthorizedKey(ts.user.PublicKey()))) + " alice@laptop\n"
	if err := os.WriteFile(keys, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.HostKeyPath = filepath.Join(dir, "host", "ssh_host_ed25519")
	cfg.AuthorizedKeysPath = keys
	cfg.Listen = "127.0.0.1:0"
	cfg.Logger = NewLogger(ts.log)
	if cfg.NewModel == nil {
		cfg.NewModel = probeFactory(nil, nil)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.srv, ts.addr = srv, ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	ts.cancel = cancel
	go func() { ts.served <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() { ts.stop(t) })
	return ts
}

// stop shuts the server down and waits for Serve to return.
func (ts *testServer) stop(t *testing.T) {
	t.Helper()
	ts.cancel()
	select {
	case err, ok := <-ts.served:
		if ok && err != nil {
			t.Errorf("Serve: %v", err)
		}
		if ok {
			close(ts.served)
		}
	case <-time.After(guard):
		t.Errorf("Serve did not return after shutdown")
	}
}

// dial connects with the given auth methods, checking the host key.
func (ts *testServer) dial(auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{
		User:            "alice",
		Auth:            auth,
		HostKeyCallback: gossh.FixedHostKey(ts.srv.HostKey()),
		Timeout:         guard,
	})
}

// client connects as the authorized user.
func (ts *testServer) client(t *testing.T) *gossh.Client {
	t.Helper()
	c, err := ts.dial(gossh.PublicKeys(ts.user))
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// vterm is an SSH session with a PTY whose output is replayed through a
// terminal emulator, which also answers the program's terminal queries.
type vterm struct {
	sess  *gossh.Session
	emu   *vt.SafeEmulator
	stdin io.Writer
	raw   *syncBuffer // everything the server wrote, stdout and stderr
	done  chan error  // the session's exit
}

// openTerm starts a shell session with a w×h PTY of type xterm-256color.
func openTerm(t *testing.T, c *gossh.Client, w, h int, env ...string) *vterm {
	t.Helper()
	return openTermAsking(t, c, w, h, w, h, env...)
}

// openTermAsking is openTerm with a w×h terminal emulator that asks the
// server for a askW×askH PTY.
func openTermAsking(t *testing.T, c *gossh.Client, w, h, askW, askH int, env ...string) *vterm {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	t.Cleanup(func() { _ = sess.Close() })
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if err := sess.Setenv(k, v); err != nil {
			t.Fatalf("setenv %s: %v", kv, err)
		}
	}
	if err := sess.RequestPty("xterm-256color", askH, askW, gossh.TerminalModes{}); err != nil {
		t.Fatalf("pty: %v", err)
	}
	v := &vterm{sess: sess, emu: vt.NewSafeEmulator(w, h), raw: &syncBuffer{}, done: make(chan error, 1)}
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	v.stdin = stdin
	out := io.MultiWriter(v.emu, v.raw)
	sess.Stdout, sess.Stderr = out, v.raw
	if err := sess.Shell(); err != nil {
		t.Fatalf("shell: %v", err)
	}
	go func() { _, _ = io.Copy(stdin, v.emu) }() // the terminal's answers to queries
	go func() { v.done <- sess.Wait() }()
	return v
}

// screen is the emulator's screen as plain text.
func (v *vterm) screen() string { return ansi.Strip(v.emu.Render()) }

// waitScreen waits until the screen contains want.
func (v *vterm) waitScreen(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(guard)
	for !strings.Contains(v.screen(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("screen never showed %q; it shows:\n%s", want, v.screen())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitRaw waits until the session's output contains want.
func (v *vterm) waitRaw(t *testing.T, want string) {
	t.Helper()
	waitFor(t, fmt.Sprintf("output %q", want), func() bool { return strings.Contains(v.raw.String(), want) })
}

// typeKeys writes s to the session as if typed.
func (v *vterm) typeKeys(t *testing.T, s string) {
	t.Helper()
	if _, err := io.WriteString(v.stdin, s); err != nil {
		t.Fatalf("typing %q: %v", s, err)
	}
}

// resize changes the PTY size and the emulator with it.
func (v *vterm) resize(t *testing.T, w, h int) {
	t.Helper()
	v.emu.Resize(w, h)
	if err := v.sess.WindowChange(h, w); err != nil {
		t.Fatalf("window change: %v", err)
	}
}

// wait waits for the session to end and returns its exit status.
func (v *vterm) wait(t *testing.T) int {
	t.Helper()
	select {
	case err := <-v.done:
		var ee *gossh.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			return ee.ExitStatus()
		}
		t.Fatalf("session ended without a status: %v", err)
	case <-time.After(guard):
		t.Fatalf("session did not end; output:\n%s", v.raw.String())
	}
	return -1
}

// probe is a tiny browser stand-in: it shows its size, what was typed,
// the outcome of one inventory search and the server's notices. "!"
// panics, ctrl+z suspends, q quits.
type probe struct {
	w, h    int
	typed   string
	search  string
	resumed int
	notice  string
	onMsg   func(tea.Msg) // tests observe messages here (called from Update)

	ctx    context.Context
	inv    *inventory.Service
	onWait func(time.Duration) // the search's Request.OnWait
}

type noticeMsg struct{ text string }

type searchedMsg struct{ text string }

// probeFactoryWithWait is probeFactory whose search reports, on waits,
// each wait the limiter announces.
func probeFactoryWithWait(inv *inventory.Service, waits chan<- string) func(Session) (tea.Model, error) {
	return func(s Session) (tea.Model, error) {
		return probe{ctx: s.Context, inv: inv, w: s.Width, h: s.Height, onWait: func(d time.Duration) {
			select {
			case waits <- d.String():
			default:
			}
		}}, nil
	}
}

// probeFactory builds a probe per session; inv may be nil (no search).
func probeFactory(inv *inventory.Service, onMsg func(tea.Msg)) func(Session) (tea.Model, error) {
	return func(s Session) (tea.Model, error) {
		return probe{ctx: s.Context, inv: inv, onMsg: onMsg}, nil // the size comes as a message
	}
}

func (p probe) Init() tea.Cmd {
	if p.inv == nil {
		return nil
	}
	inv, ctx, onWait := p.inv, p.ctx, p.onWait
	return func() tea.Msg {
		r, err := inv.Search(ctx, inventory.Request{Query: api.Query{Country: "GB", Type: api.Mobile}, OnWait: onWait})
		if err != nil {
			return searchedMsg{"error " + err.Error()}
		}
		return searchedMsg{fmt.Sprintf("%d numbers", len(r.Numbers))}
	}
}

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if p.onMsg != nil {
		p.onMsg(msg)
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.w, p.h = msg.Width, msg.Height
	case searchedMsg:
		p.search = msg.text
	case noticeMsg:
		p.notice = msg.text
	case tea.ResumeMsg:
		p.resumed++
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q", "ctrl+c":
			return p, tea.Quit
		case "!":
			panic("probe: asked to panic")
		case "ctrl+z":
			return p, tea.Suspend
		default:
			p.typed += msg.Text
		}
	}
	return p, nil
}

func (p probe) View() tea.View {
	search := p.search
	if search == "" && p.inv != nil {
		search = "searching"
	}
	v := tea.NewView(fmt.Sprintf("numbrowse probe\nsize: %dx%d\ntyped: %s\nsearch: %s\nresumed: %d\nnotice: %s",
		p.w, p.h, p.typed, search, p.resumed, p.notice))
	v.AltScreen = true
	return v
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

func netListen() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }
