package cli

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// lockedBuffer is safe to write from the server while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func TestServeSettingsErrors(t *testing.T) {
	dir := t.TempDir()
	openKey := filepath.Join(dir, "open_key")
	if err := os.WriteFile(openKey, []byte("whatever"), 0o644); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(openKey, 0o644)
	badKeys := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(badKeys, []byte("# team\nssh-ed25519 nope\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(conf, []byte("[serve]\nlisten = \"127.0.0.1:0\"\nidle_timeout = \"soon\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	typo := filepath.Join(dir, "typo.toml")
	if err := os.WriteFile(typo, []byte("[serve]\nmax_session = 3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	startupsConf := filepath.Join(dir, "startups.toml")
	if err := os.WriteFile(startupsConf, []byte("[serve]\nmax_startups = \"1:2:3:4\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	xdg := filepath.Join(dir, "xdg")
	defaultConf := filepath.Join(xdg, "numbrowse", "config.toml")
	if err := os.MkdirAll(filepath.Dir(defaultConf), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(defaultConf, []byte("[serve]\n\nmax_sessions = 0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	hk := filepath.Join(dir, "hk")
	for _, tc := range []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string
	}{
		{"no API key", []string{"serve"}, nil, "IDENTITYCALL_API_KEY is not set"},
		{"open to all without keys", []string{"serve", "--demo", "--listen", "0.0.0.0:0", "--host-key", hk},
			nil, "pass --authorized-keys"},
		{"host key readable by others", []string{"serve", "--demo", "--host-key", openKey}, nil, "chmod 600 " + openKey},
		{"bad authorized_keys line", []string{"serve", "--demo", "--host-key", hk, "--authorized-keys", badKeys},
			nil, badKeys + ":2"},
		{"zero sessions", []string{"serve", "--demo", "--max-sessions", "0"}, nil, "--max-sessions 0 must be at least 1"},
		{"zero rate", []string{"serve", "--demo", "--searches-per-minute", "0"}, nil, "must be at least 1"},
		{"purchase and read-only", []string{"serve", "--demo", "--allow-purchase", "--read-only"}, nil, "contradict"},
		{"bad max-startups", []string{"serve", "--demo", "--max-startups", "10:30"}, nil,
			`--max-startups: "10:30" is not start:rate:full (like 10:30:100) or one number`},
		{"max-startups full under start", []string{"serve", "--demo", "--max-startups", "10:30:5"}, nil, "full must be at least start"},
		{"zero per address", []string{"serve", "--demo", "--max-startups-per-address", "0"}, nil,
			"--max-startups-per-address 0 must be at least 1"},
		{"bad max_startups in the file", []string{"serve", "--demo", "--config", startupsConf}, nil,
			"config file " + startupsConf + ", line 2: serve.max_startups: \"1:2:3:4\" is not start:rate:full"},
		{"bad idle_timeout in the file", []string{"serve", "--demo", "--config", conf}, nil,
			"config file " + conf + ", line 3: serve.idle_timeout"},
		{"unknown [serve] setting", []string{"serve", "--demo", "--config", typo}, nil, `unknown setting "serve.max_session"`},
		{"[serve] of the default config file", []string{"serve", "--demo"}, map[string]string{"XDG_CONFIG_HOME": xdg},
			"config file " + defaultConf + ", line 3: serve.max_sessions: must be at least 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.env, tc.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tc.wantErr) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", r.code, r.stderr, tc.wantErr)
			}
		})
	}
}

func TestServeRunsAndStopsCleanly(t *testing.T) {
	dir := t.TempDir()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	keys := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(keys, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "config.toml")
	toml := "[serve]\nlisten = \"127.0.0.1:0\"\nauthorized_keys = \"authorized_keys\"\nmax_sessions = 4\nidle_timeout = \"1h\"\n" +
		"max_startups = \"4:50:20\"\nmax_startups_per_address = 3\nallow_owned = true\n"
	if err := os.WriteFile(conf, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HOME": dir, "XDG_DATA_HOME": filepath.Join(dir, "data"), "NO_COLOR": "1"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb lockedBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, testBuild(), []string{"serve", "--demo", "--config", conf}, stdio{in: strings.NewReader(""), out: &out, err: &errb},
			func(k string) string { return env[k] })
	}()

	addrRE := regexp.MustCompile(`listening addr=(127\.0\.0\.1:\d+)`)
	var addr string
	deadline := time.Now().Add(40 * time.Second)
	for addr == "" {
		if m := addrRE.FindStringSubmatch(errb.String()); m != nil {
			addr = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("the server never said where it listens:\n%s", errb.String())
		} else {
			time.Sleep(5 * time.Millisecond)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "numbrowse", "ssh_host_ed25519")); err != nil {
		t.Errorf("no host key at the default path: %v", err)
	}
	for _, want := range []string{"authorized_keys=" + keys, "max_sessions=4", "idle_timeout=1h0m0s", "purchases=false",
		"max_startups=4:50:20", "max_startups_per_address=3", "owned_numbers=true"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("start line lacks %q:\n%s", want, errb.String())
		}
	}

	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "bob", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 20 * time.Second})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer func() { _ = c.Close() }()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	var sessOut lockedBuffer
	sess.Stdout, sess.Stderr = &sessOut, &sessOut
	if _, err := sess.StdinPipe(); err != nil { // open, unlike a nil Stdin, which sends EOF
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- sess.Wait() }()
	for !strings.Contains(sessOut.String(), "DEMO") { // the browser's header
		if time.Now().After(deadline) {
			t.Fatalf("the browser never drew; the session showed %q", sessOut.String())
		}
		time.Sleep(5 * time.Millisecond)
	}

	cancel() // as SIGINT does through fang: the open session is told and closed
	select {
	case err := <-waited:
		if err != nil {
			t.Errorf("the session ended with %v, want exit status 0", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the session was not closed by the shutdown")
	}
	if !strings.Contains(sessOut.String(), "the server is shutting down") {
		t.Errorf("the session was not told the server is going down")
	}
	select {
	case got := <-code:
		if got != exitOK {
			t.Errorf("exit %d after shutdown, want 0; stderr:\n%s", got, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	if log := errb.String(); !strings.Contains(log, "session start") || !strings.Contains(log, "user=bob") ||
		!strings.Contains(log, "stopped") || strings.Contains(log, "idc_") {
		t.Errorf("log:\n%s", log)
	}
}
