package serve

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"

	"numbrowse/internal/inventory"
	"numbrowse/internal/leakcheck"
)

// What a hostile, authenticated client can ask of a session: any
// terminal size, any environment, requests in any order, commands, agent
// forwarding; and what a client that vanishes mid-input leaves behind.
// Each test is one of the red team's probes (issue 13), built on
// golang.org/x/crypto/ssh.

// rawSession opens a session channel on c without starting anything.
func rawSession(t *testing.T, c *gossh.Client) *gossh.Session {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// sessionsSeen is a NewModel that records every Session it is given and
// builds a probe.
func sessionsSeen(got chan<- Session) func(Session) (tea.Model, error) {
	return func(s Session) (tea.Model, error) {
		got <- s
		return probe{ctx: s.Context}, nil
	}
}

func nextSession(t *testing.T, got <-chan Session) Session {
	t.Helper()
	select {
	case s := <-got:
		return s
	case <-time.After(guard):
		t.Fatal("NewModel was not called")
	}
	return Session{}
}

// TestHugeTerminalIsClamped: a pty-req of 10000×10000, window changes of
// 4000×4000 and 100000×3, and an in-band size report typed as input all
// reach the browser as at most MaxColumns × MaxRows, so a session's
// screen buffers stay bounded whatever the client asks.
func TestHugeTerminalIsClamped(t *testing.T) {
	got := make(chan Session, 1)
	var mu sync.Mutex
	var sizes []tea.WindowSizeMsg
	ts := startServer(t, Config{NewModel: func(s Session) (tea.Model, error) {
		got <- s
		return probe{ctx: s.Context, onMsg: func(m tea.Msg) {
			if w, ok := m.(tea.WindowSizeMsg); ok {
				mu.Lock()
				sizes = append(sizes, w)
				mu.Unlock()
			}
		}}, nil
	}})
	// The client's own screen is the largest the server draws; the size
	// it asks for is not.
	v := openTermAsking(t, ts.client(t), MaxColumns, MaxRows, 10000, 10000)
	s := nextSession(t, got)
	if s.Width != MaxColumns || s.Height != MaxRows {
		t.Errorf("NewModel got %dx%d, want %dx%d", s.Width, s.Height, MaxColumns, MaxRows)
	}
	v.waitScreen(t, fmt.Sprintf("size: %dx%d", MaxColumns, MaxRows))
	for _, sz := range [][2]int{{4000, 4000}, {100000, 3}, {3, 100000}, {120, 40}} {
		if err := v.sess.WindowChange(sz[1], sz[0]); err != nil {
			t.Fatal(err)
		}
	}
	v.waitScreen(t, "size: 120x40")
	// Some terminals report their size in band (mode 2048); a client can
	// type the report.
	v.typeKeys(t, "\x1b[48;4000;4000;0;0t")
	v.typeKeys(t, "x")
	v.waitScreen(t, "typed: x")
	mu.Lock()
	defer mu.Unlock()
	for _, w := range sizes {
		if w.Width > MaxColumns || w.Height > MaxRows || w.Width < 0 || w.Height < 0 {
			t.Errorf("the browser got a %dx%d window", w.Width, w.Height)
		}
	}
	if log := ts.log.String(); !strings.Contains(log, fmt.Sprintf("size=%dx%d", MaxColumns, MaxRows)) {
		t.Errorf("the session start line does not show the clamped size:\n%s", log)
	}
}

// TestEnvironmentIsBounded: a client sends 2,000 variables of 30 KB and
// every documented one; the session keeps only the documented ones, each
// once and short, and says how many it ignored.
func TestEnvironmentIsBounded(t *testing.T) {
	got := make(chan Session, 1)
	ts := startServer(t, Config{NewModel: sessionsSeen(got)})
	c := ts.client(t)
	sess := rawSession(t, c)
	big := strings.Repeat("x", 30<<10)
	for i := range 2000 {
		_ = sess.Setenv(fmt.Sprintf("JUNK_%d", i), big) // refused: the error is the point
	}
	for _, kv := range [][2]string{
		{"LANG", "de_DE.UTF-8"}, {"LC_CTYPE", "C.UTF-8"}, {"LC_ALL", ""}, {"COLORTERM", "truecolor"},
		{"NO_COLOR", "1"}, {"NUMBROWSE_THEME", "light"}, {"TERM_PROGRAM", "iTerm.app"}, {"VTE_VERSION", "7600"},
		{"LANG", "en_US.UTF-8"},            // a second time: ignored
		{"COLORTERM", big},                 // too long (and a repeat)
		{"TERM", "vt100"},                  // TERM comes with the pty request
		{"LD_PRELOAD", "/tmp/x.so"},        // not ours
		{"NUMBROWSE_THEME\x1b[2J", "dark"}, // not a name we know
	} {
		_ = sess.Setenv(kv[0], kv[1])
	}
	if err := sess.Setenv("NO_COLOR", strings.Repeat("1", 1000)); err == nil {
		t.Error("a 1000-byte value was accepted")
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	s := nextSession(t, got)
	want := []string{"LANG=de_DE.UTF-8", "LC_CTYPE=C.UTF-8", "LC_ALL=", "COLORTERM=truecolor", "NO_COLOR=1",
		"NUMBROWSE_THEME=light", "TERM_PROGRAM=iTerm.app", "VTE_VERSION=7600", "TERM=xterm-256color"}
	if strings.Join(s.Environ, " ") != strings.Join(want, " ") {
		t.Errorf("environ = %q, want %q", s.Environ, want)
	}
	waitFor(t, "the count of ignored variables in the log", func() bool {
		return strings.Contains(ts.log.String(), "env_ignored=2006")
	})
}

// TestRequestsBeforeShellNeverBlock: window changes before the shell
// request (two are enough to fill the library's channel) are answered at
// once, and the shell still starts with the last size.
func TestRequestsBeforeShellNeverBlock(t *testing.T) {
	ts := startServer(t, Config{})
	c := ts.client(t)
	for i := range 3 {
		sess := rawSession(t, c)
		if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		for j := range 5 {
			if err := sess.WindowChange(30+j, 90+j); err != nil {
				t.Fatal(err)
			}
		}
		var out syncBuffer
		sess.Stdout = &out
		if _, err := sess.StdinPipe(); err != nil { // open: no end of input
			t.Fatal(err)
		}
		started := make(chan error, 1)
		go func() { started <- sess.Shell() }()
		select {
		case err := <-started:
			if err != nil {
				t.Fatalf("session %d: shell: %v", i, err)
			}
		case <-time.After(guard):
			t.Fatalf("session %d: the shell request was never answered (window changes before it blocked the session)", i)
		}
		waitFor(t, "the browser at the last size", func() bool { return strings.Contains(out.String(), "size: 94x34") })
	}
}

// TestCommandsAndAgentForwardingRefused: `ssh -t host cmd` gets one line
// saying commands are not run, exit status 1, and a log line; an agent
// forwarding request is answered no, said so on one line, and logged.
func TestCommandsAndAgentForwardingRefused(t *testing.T) {
	models := make(chan Session, 4)
	ts := startServer(t, Config{NewModel: sessionsSeen(models)})
	c := ts.client(t)

	for _, pty := range []bool{true, false} {
		sess := rawSession(t, c)
		if pty {
			if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
				t.Fatal(err)
			}
		}
		var out syncBuffer
		sess.Stdout, sess.Stderr = &out, &out
		err := sess.Run("cat /etc/passwd")
		var ee *gossh.ExitError
		if !errorsAs(err, &ee) || ee.ExitStatus() != 1 {
			t.Errorf("pty %v: err = %v, want exit status 1", pty, err)
		}
		if got := out.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, "does not run commands") {
			t.Errorf("pty %v: the client saw %q, want one line saying commands are not run", pty, got)
		}
	}
	waitFor(t, "the refusals in the log", func() bool {
		return strings.Count(ts.log.String(), `reason=command`) == 2 && strings.Contains(ts.log.String(), `command="cat /etc/passwd"`)
	})
	select {
	case s := <-models:
		t.Errorf("a command started the browser: %+v", s)
	default:
	}

	sess := rawSession(t, c)
	ok, err := sess.SendRequest("auth-agent-req@openssh.com", true, nil)
	if err != nil || ok {
		t.Errorf("agent forwarding: ok %v, err %v; want refused", ok, err)
	}
	var out syncBuffer
	sess.Stderr = &out
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	sess.Stdout = io.Discard
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	nextSession(t, models)
	waitFor(t, "the agent refusal", func() bool {
		return strings.Contains(out.String(), "agent forwarding") && strings.Contains(ts.log.String(), "agent forwarding refused")
	})
}

// TestTooManyChannelsOnOneConnection: one connection may hold at most
// maxChannelsPerConn session channels; more are rejected, so a client
// cannot pile up goroutines without ever asking for a shell.
func TestTooManyChannelsOnOneConnection(t *testing.T) {
	ts := startServer(t, Config{})
	c := ts.client(t)
	var open []*gossh.Session
	for range maxChannelsPerConn {
		open = append(open, rawSession(t, c))
	}
	if s, err := c.NewSession(); err == nil {
		_ = s.Close()
		t.Fatalf("channel %d on one connection was accepted", maxChannelsPerConn+1)
	}
	_ = open[0].Close()
	waitFor(t, "a slot to be released", func() bool {
		s, err := c.NewSession()
		if err == nil {
			_ = s.Close()
		}
		return err == nil
	})
}

// TestDroppedSessionsLeaveNothing is the red team's leak probe: 200
// browser sessions are dropped (the TCP connection closed) while their
// input is still arriving. Once they are gone, the goroutines are those
// of before, and the heap is back within a few MiB of where it was (a
// leak was ~0.5 MB a session).
func TestDroppedSessionsLeaveNothing(t *testing.T) {
	up := newUpstream(t, false)
	inv := inventory.New(up.client(t, nil))
	// Eight logins at a time from one address are more than the default
	// per-address limit of logins in flight (startups.go).
	ts := startServer(t, Config{NewModel: browserFactory(inv), MaxStartupsPerAddress: 16})

	drop := func() {
		c, err := ts.dial(gossh.PublicKeys(ts.user))
		if err != nil {
			t.Error(err)
			return
		}
		defer func() { _ = c.Close() }()
		sess, err := c.NewSession()
		if err != nil {
			t.Error(err)
			return
		}
		if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
			t.Error(err)
			return
		}
		in, _ := sess.StdinPipe()
		out, _ := sess.StdoutPipe()
		if err := sess.Shell(); err != nil {
			t.Error(err)
			return
		}
		var first [1]byte
		if _, err := out.Read(first[:]); err != nil { // the browser is up
			t.Error(err)
			return
		}
		go func() { _, _ = io.Copy(io.Discard, out) }()
		// Keys, a filter, a country search and a resize, still arriving
		// when the connection goes.
		keys := strings.Repeat("jjkkG/44 7\x1b[A\x1b[Bcde\r", 400)
		go func() { _, _ = io.WriteString(in, keys) }()
		_ = sess.WindowChange(30, 100)
		time.Sleep(time.Millisecond)
	}
	// Warm up: whatever the server and the browser make once (the
	// inventory's cache, pools, the demo data) exists before the baseline.
	for range 10 {
		drop()
	}
	waitFor(t, "the warm-up sessions to end", func() bool { return ts.srv.reg.count() == 0 })
	snap := leakcheck.Take()
	before := heapInUse()

	const sessions, parallel = 200, 8
	var wg sync.WaitGroup
	sem := make(chan struct{}, parallel)
	for range sessions {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			drop()
		}()
	}
	wg.Wait()
	waitFor(t, "every session to end", func() bool { return ts.srv.reg.count() == 0 })
	// The shared api client may keep a new idle connection to the
	// upstream (searches ran eight at a time): the server's, not a
	// session's.
	snap.Check(t, leakcheck.Patience(guard), leakcheck.Ignore("net/http.(*persistConn)"),
		leakcheck.Ignore("net/http.(*conn).serve"))
	after := heapInUse()
	t.Logf("heap in use: %.1f MiB before, %.1f MiB after %d dropped sessions", mib(before), mib(after), sessions)
	if after > before+maxHeapGrowth {
		t.Errorf("heap in use grew from %.1f MiB to %.1f MiB after %d dropped sessions", mib(before), mib(after), sessions)
	}
}

// maxHeapGrowth is what TestDroppedSessionsLeaveNothing lets the heap grow
// by: a tenth of what 200 leaked sessions held.
const maxHeapGrowth = 12 << 20

// heapInUse is the live heap after two collections.
func heapInUse() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// TestHostileInputKeepsTheServerUp types what a terminal never sends: a
// CSI with 40 parameters (Bubble Tea's decoder indexes a 32-slot array
// with them and panicked, on a goroutine no recover covers: the whole
// server went down), 16 MB of an unterminated clipboard answer and a
// 4 MB paste. The session goes on, its memory stays bounded, and another
// session opens.
func TestHostileInputKeepsTheServerUp(t *testing.T) {
	ts := startServer(t, Config{})
	v := openTerm(t, ts.client(t), 80, 24)
	v.waitScreen(t, "numbrowse probe")
	v.typeKeys(t, "a\x1b["+strings.Repeat("1;", 40)+"1mb")
	v.waitScreen(t, "typed: ab")

	before := heapInUse()
	v.typeKeys(t, "\x1b]52;c;")
	chunk := strings.Repeat("QUFB", 1<<16)
	for range 64 { // 16 MiB, never terminated
		v.typeKeys(t, chunk)
	}
	v.typeKeys(t, "\x07c\x1b[200~")
	for range 16 { // a 4 MiB paste
		v.typeKeys(t, chunk)
	}
	v.typeKeys(t, "\x1b[201~d")
	v.waitScreen(t, "typed: abcd")
	if after := heapInUse(); after > before+maxHeapGrowth {
		t.Errorf("heap in use grew from %.1f MiB to %.1f MiB on 20 MiB of unterminated input", mib(before), mib(after))
	}
	other := openTerm(t, ts.client(t), 80, 24)
	other.waitScreen(t, "numbrowse probe")
}
