package serve

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"
)

func TestSessionDrawsTypesAndResizes(t *testing.T) {
	ts := startServer(t, Config{})
	v := openTerm(t, ts.client(t), 120, 40)
	v.waitScreen(t, "numbrowse probe")
	v.waitScreen(t, "size: 120x40")

	v.typeKeys(t, "hello")
	v.waitScreen(t, "typed: hello")

	v.resize(t, 100, 30)
	v.waitScreen(t, "size: 100x30")

	v.typeKeys(t, "q")
	if code := v.wait(t); code != 0 {
		t.Errorf("exit status %d after q, want 0", code)
	}
	log := ts.log.String()
	for _, want := range []string{
		"session start", "user=alice", "key=" + gossh.FingerprintSHA256(ts.user.PublicKey()),
		"key_comment=alice@laptop", "remote=127.0.0.1:", "term=xterm-256color", "size=120x40",
		"session end", "duration=", "reason=quit",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}

func TestCtrlZDoesNotHang(t *testing.T) {
	ts := startServer(t, Config{})
	v := openTerm(t, ts.client(t), 80, 24)
	v.waitScreen(t, "resumed: 0")
	v.typeKeys(t, "\x1a") // ctrl+z: the program asks to suspend; the server resumes it
	v.waitScreen(t, "resumed: 1")
	v.typeKeys(t, "still here")
	v.waitScreen(t, "typed: still here")
}

func TestAuthRefusals(t *testing.T) {
	ts := startServer(t, Config{})

	t.Run("unknown key", func(t *testing.T) {
		stranger := newSigner(t)
		if c, err := ts.dial(gossh.PublicKeys(stranger)); err == nil {
			_ = c.Close()
			t.Fatal("a key that is not in authorized_keys got in")
		}
		fp := gossh.FingerprintSHA256(stranger.PublicKey())
		waitFor(t, "the refusal in the log", func() bool {
			return strings.Contains(ts.log.String(), "key refused") && strings.Contains(ts.log.String(), fp)
		})
	})

	t.Run("password and keyboard-interactive", func(t *testing.T) {
		var asked atomic.Int32
		kbd := gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			asked.Add(1)
			return []string{"hunter2"}, nil
		})
		c, err := ts.dial(gossh.Password("hunter2"), kbd)
		if err == nil {
			_ = c.Close()
			t.Fatal("a password login got in")
		}
		if !strings.Contains(err.Error(), "unable to authenticate") {
			t.Errorf("err = %v", err)
		}
		if asked.Load() != 0 {
			t.Error("the server offered keyboard-interactive authentication")
		}
	})
}

func TestSessionWithoutPTYIsToldAndClosed(t *testing.T) {
	ts := startServer(t, Config{})
	sess, err := ts.client(t).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	sess.Stdout, sess.Stderr = out, out
	err = sess.Run("") // no pty-req
	var ee *gossh.ExitError
	if !errorsAs(err, &ee) || ee.ExitStatus() != 1 {
		t.Fatalf("err = %v, want exit status 1", err)
	}
	got := out.String()
	if strings.Count(got, "\n") != 1 || !strings.Contains(got, "needs a terminal") {
		t.Errorf("message = %q, want one line saying a terminal is needed", got)
	}
}

func TestMaxSessions(t *testing.T) {
	ts := startServer(t, Config{MaxSessions: 2})
	c := ts.client(t)
	first := openTerm(t, c, 80, 24)
	first.waitScreen(t, "numbrowse probe")
	second := openTerm(t, ts.client(t), 80, 24)
	second.waitScreen(t, "numbrowse probe")

	third := openTerm(t, ts.client(t), 80, 24)
	if code := third.wait(t); code != 1 {
		t.Errorf("exit status %d for the session over the limit, want 1", code)
	}
	if got := third.raw.String(); !strings.Contains(got, "the server is full (2 sessions at most)") || strings.Contains(got, "numbrowse probe") {
		t.Errorf("over the limit the client saw %q", got)
	}

	first.typeKeys(t, "q")
	first.wait(t)
	waitFor(t, "the slot to be released", func() bool { return ts.srv.reg.count() == 1 })
	again := openTerm(t, c, 80, 24)
	again.waitScreen(t, "numbrowse probe")
}

func TestIdleTimeout(t *testing.T) {
	ts := startServer(t, Config{IdleTimeout: 300 * time.Millisecond})
	v := openTerm(t, ts.client(t), 80, 24)
	v.waitScreen(t, "numbrowse probe")
	if code := v.wait(t); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	if got := v.raw.String(); !strings.Contains(got, "closed after 300ms without a key press") {
		t.Errorf("the idle session was not told why it closed: %q", got)
	}
	waitFor(t, "the end line", func() bool { return strings.Contains(ts.log.String(), "reason=idle") })
}

func TestPanicClosesOnlyThatSession(t *testing.T) {
	ts := startServer(t, Config{})
	calm := openTerm(t, ts.client(t), 80, 24)
	doomed := openTerm(t, ts.client(t), 80, 24)
	calm.waitScreen(t, "numbrowse probe")
	doomed.waitScreen(t, "numbrowse probe")

	doomed.typeKeys(t, "!")
	if code := doomed.wait(t); code != 1 {
		t.Errorf("exit status %d after a panic, want 1", code)
	}
	doomed.waitRaw(t, "internal error")

	calm.typeKeys(t, "fine")
	calm.waitScreen(t, "typed: fine")
	fresh := openTerm(t, ts.client(t), 80, 24)
	fresh.waitScreen(t, "numbrowse probe")
	if !strings.Contains(ts.log.String(), "reason=panic") {
		t.Errorf("log lacks the panic:\n%s", ts.log.String())
	}
}

func TestShutdownTellsSessionsAndExits(t *testing.T) {
	var notices atomic.Int32
	onMsg := func(m tea.Msg) {
		if n, ok := m.(noticeMsg); ok && strings.Contains(n.text, "shutting down") {
			notices.Add(1)
		}
	}
	ts := startServer(t, Config{
		NewModel: probeFactory(nil, onMsg),
		Notice:   func(s string) tea.Msg { return noticeMsg{s} },
	})
	a := openTerm(t, ts.client(t), 80, 24)
	b := openTerm(t, ts.client(t), 80, 24)
	a.waitScreen(t, "numbrowse probe")
	b.waitScreen(t, "numbrowse probe")

	ts.stop(t) // Serve returned nil (checked by stop)
	for _, v := range []*vterm{a, b} {
		if code := v.wait(t); code != 0 {
			t.Errorf("exit status %d, want 0", code)
		}
		if !strings.Contains(v.raw.String(), "the server is shutting down") {
			t.Errorf("session was not told: %q", v.raw.String())
		}
	}
	if n := notices.Load(); n != 2 {
		t.Errorf("%d browsers got the shutdown notice, want 2", n)
	}
	if _, err := ts.dial(gossh.PublicKeys(ts.user)); err == nil {
		t.Error("the server still accepts connections after shutdown")
	}
	if log := ts.log.String(); !strings.Contains(log, "reason=shutdown") || !strings.Contains(log, "stopped") {
		t.Errorf("log:\n%s", log)
	}
}

func TestSessionEnvironment(t *testing.T) {
	got := make(chan Session, 1)
	ts := startServer(t, Config{AllowPurchase: true, NewModel: func(s Session) (tea.Model, error) {
		got <- s
		return probe{}, nil
	}})
	openTerm(t, ts.client(t), 90, 20, "NO_COLOR=1", "LANG=de_DE.UTF-8")
	var s Session
	select {
	case s = <-got:
	case <-time.After(guard):
		t.Fatal("NewModel was not called")
	}
	if s.Getenv("NO_COLOR") != "1" || s.Getenv("LANG") != "de_DE.UTF-8" || s.Getenv("TERM") != "xterm-256color" {
		t.Errorf("environ = %q", s.Environ)
	}
	if s.Width != 90 || s.Height != 20 || s.User != "alice" || !s.AllowPurchase || s.Context == nil ||
		s.KeyComment != "alice@laptop" || !strings.HasPrefix(s.KeyFingerprint, "SHA256:") {
		t.Errorf("session = %+v", s)
	}
	if s.Context.Err() != nil {
		t.Error("the session context ended while the session runs")
	}
}

func TestNewRefusesOpenServerWithoutKeys(t *testing.T) {
	dir := t.TempDir()
	probeModel := probeFactory(nil, nil)
	for _, tc := range []struct {
		listen string
		ok     bool
	}{
		{"127.0.0.1:0", true},
		{"[::1]:0", true},
		{"localhost:2222", true},
		{"0.0.0.0:2222", false},
		{":2222", false},
		{"192.0.2.10:2222", false},
	} {
		t.Run(tc.listen, func(t *testing.T) {
			_, err := New(Config{Listen: tc.listen, HostKeyPath: dir + "/hk", NewModel: probeModel, Logger: NewLogger(&syncBuffer{})})
			if (err == nil) != tc.ok {
				t.Errorf("New without authorized keys on %s: err = %v", tc.listen, err)
			}
			if err != nil && !strings.Contains(err.Error(), "--authorized-keys") {
				t.Errorf("the error does not say what to do: %v", err)
			}
		})
	}
}

func TestLoopbackWithoutKeysLetsAnyKeyInAndWarns(t *testing.T) {
	dir := t.TempDir()
	logBuf := &syncBuffer{}
	srv, err := New(Config{Listen: "127.0.0.1:0", HostKeyPath: dir + "/hk", NewModel: probeFactory(nil, nil), Logger: NewLogger(logBuf)})
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{srv: srv, log: logBuf, served: make(chan error, 1), user: newSigner(t)}
	ln, err := netListen()
	if err != nil {
		t.Fatal(err)
	}
	ts.addr = ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	ts.cancel = cancel
	go func() { ts.served <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() { ts.stop(t) })

	v := openTerm(t, ts.client(t), 80, 24)
	v.waitScreen(t, "numbrowse probe")
	if !strings.Contains(logBuf.String(), "NO AUTHORIZED KEYS") {
		t.Errorf("no loud warning in the log:\n%s", logBuf.String())
	}
}

func TestNewModelErrorIsOneLine(t *testing.T) {
	ts := startServer(t, Config{NewModel: func(Session) (tea.Model, error) {
		return nil, errors.New("no \x1b[2Jinventory")
	}})
	v := openTerm(t, ts.client(t), 80, 24)
	if code := v.wait(t); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if got := v.raw.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, "cannot start the browser: no") ||
		strings.Contains(got, "\x1b[2J") {
		t.Errorf("the client saw %q", got)
	}
	waitFor(t, "the end line", func() bool { return strings.Contains(ts.log.String(), `reason="start failed"`) })
}

func TestPanicInNewModelClosesOnlyThatSession(t *testing.T) {
	var calls atomic.Int32
	ts := startServer(t, Config{NewModel: func(s Session) (tea.Model, error) {
		if calls.Add(1) == 2 {
			panic("factory trouble")
		}
		return probe{}, nil
	}})
	calm := openTerm(t, ts.client(t), 80, 24)
	calm.waitScreen(t, "numbrowse probe")
	doomed := openTerm(t, ts.client(t), 80, 24)
	if code := doomed.wait(t); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	doomed.waitRaw(t, "internal error")
	calm.typeKeys(t, "ok")
	calm.waitScreen(t, "typed: ok")
	if !strings.Contains(ts.log.String(), "session panic") {
		t.Errorf("log:\n%s", ts.log.String())
	}
}
