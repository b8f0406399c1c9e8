//go:build linux

// Command sshprobe attacks a running `numbrowse serve` the way the red
// team of issue 13 did, so that the next pass can repeat it (SECURITY.md,
// "How we attack it"). Run it against a server on loopback only:
//
//	numbrowse serve --demo --listen 127.0.0.1:2222 --authorized-keys keys --host-key /tmp/hk &
//	go run ./scripts/sshprobe -addr 127.0.0.1:2222 -key ~/.ssh/id_ed25519 -pid $! ATTACK
//
// ATTACK is one of:
//
//	flood     -n 20000 idle TCP connections that never log in (from
//	          127.0.0.2, and 127.0.1.x with -spread), then a login by -key:
//	          how many the server holds, and whether and how fast the login
//	          gets in while they are open
//	bigpty    a pty of -cols × -rows (10000 × 10000), window changes as big,
//	          and an in-band size report; what size the browser draws at
//	env       -n env requests of -size bytes before the shell
//	drop      -n sessions dropped (TCP closed) while their input arrives
//	winch     window changes before the shell request, on -n sessions:
//	          whether the shell is still answered
//	exec      `ssh -t host cmd`: what the client is told
//	agent     an agent-forwarding request: the answer
//	input     hostile input: a 40-parameter CSI, 16 MiB of an unterminated
//	          clipboard answer, a 4 MiB paste; whether the session lives
//
// With -pid the probe prints the server's resident memory and thread
// count before and after (from /proc), so a leak or a blow-up shows.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

var (
	addr    = flag.String("addr", "127.0.0.1:2222", "the server")
	keyPath = flag.String("key", "", "private key of an authorized user (unencrypted)")
	pid     = flag.Int("pid", 0, "the server's process id, to report its memory")
	n       = flag.Int("n", 0, "how many (connections, sessions, variables); each attack has a default")
	size    = flag.Int("size", 30000, "env: bytes per value")
	cols    = flag.Int("cols", 10000, "bigpty: columns")
	rows    = flag.Int("rows", 10000, "bigpty: rows")
	spread  = flag.Int("spread", 0, "flood: also from this many addresses 127.0.1.x")
	settle  = flag.Duration("settle", 3*time.Second, "wait before the after-figures")
)

func main() {
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: sshprobe [flags] flood|bigpty|env|drop|winch|exec|agent|input")
		os.Exit(2)
	}
	attacks := map[string]func() error{"flood": flood, "bigpty": bigPTY, "env": env, "drop": drop,
		"winch": winch, "exec": execCmd, "agent": agent, "input": input}
	attack, ok := attacks[flag.Arg(0)]
	if !ok {
		fmt.Fprintf(os.Stderr, "sshprobe: unknown attack %q\n", flag.Arg(0))
		os.Exit(2)
	}
	before := procStats()
	err := attack()
	time.Sleep(*settle)
	fmt.Printf("server: before %s; after %s\n", before, procStats())
	if err != nil {
		fmt.Fprintln(os.Stderr, "sshprobe:", err)
		os.Exit(1)
	}
}

func count(def int) int {
	if *n > 0 {
		return *n
	}
	return def
}

// procStats is the server's resident memory and threads, from /proc.
func procStats() string {
	if *pid == 0 {
		return "(no -pid)"
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", *pid))
	if err != nil {
		return "gone: " + err.Error()
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") || strings.HasPrefix(line, "Threads:") {
			out = append(out, strings.Join(strings.Fields(line), " "))
		}
	}
	return strings.Join(out, ", ")
}

func clientConfig() (*gossh.ClientConfig, error) {
	if *keyPath == "" {
		return nil, errors.New("pass -key, the private key of an authorized user")
	}
	pem, err := os.ReadFile(*keyPath)
	if err != nil {
		return nil, err
	}
	signer, err := gossh.ParsePrivateKey(pem)
	if err != nil {
		return nil, err
	}
	return &gossh.ClientConfig{User: "probe", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 30 * time.Second}, nil
}

func dial() (*gossh.Client, error) {
	cfg, err := clientConfig()
	if err != nil {
		return nil, err
	}
	return gossh.Dial("tcp", *addr, cfg)
}

// session opens a session with a pty of w×h and a shell, and returns it
// with its stdin and what it wrote.
func session(c *gossh.Client, w, h int) (*gossh.Session, io.WriteCloser, *buffer, error) {
	s, err := c.NewSession()
	if err != nil {
		return nil, nil, nil, err
	}
	if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		return nil, nil, nil, err
	}
	in, _ := s.StdinPipe()
	out := &buffer{}
	s.Stdout, s.Stderr = out, out
	if err := s.Shell(); err != nil {
		return nil, nil, nil, err
	}
	return s, in, out, nil
}

// buffer is a bytes buffer safe for the session's writers, keeping the
// last 1 MiB.
type buffer struct {
	mu  sync.Mutex
	b   []byte
	all int
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.all += len(p)
	b.b = append(b.b, p...)
	if len(b.b) > 1<<20 {
		b.b = b.b[len(b.b)-1<<20:]
	}
	return len(p), nil
}

func (b *buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.b)
}

func flood() error {
	total := count(20000)
	var held []net.Conn
	defer func() {
		for _, c := range held {
			_ = c.Close()
		}
	}()
	froms := []string{"127.0.0.2"}
	for i := range *spread {
		froms = append(froms, fmt.Sprintf("127.0.1.%d", i%250+1))
	}
	per := total / len(froms)
	dialErrs, dropped := 0, 0
	start := time.Now()
	for _, from := range froms {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
		var conns []net.Conn
		for range per {
			c, err := d.Dial("tcp", *addr)
			if err != nil {
				dialErrs++
				continue
			}
			conns = append(conns, c)
		}
		for _, c := range conns {
			_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
			var b [4]byte
			if _, err := io.ReadFull(c, b[:]); err == nil && string(b[:]) == "SSH-" {
				held = append(held, c)
				continue
			}
			dropped++
			_ = c.Close()
		}
	}
	fmt.Printf("flood: %d connections in %s: %d held by the server, %d dropped, %d could not connect\n",
		per*len(froms), time.Since(start).Round(time.Millisecond), len(held), dropped, dialErrs)
	fmt.Printf("server during the flood: %s\n", procStats())
	// A login, tried up to five times (ssh -o ConnectionAttempts=5): past
	// start, the server drops a new connection at random, whoever sends it.
	t0 := time.Now()
	var c *gossh.Client
	var err error
	attempts := 0
	for attempts < 5 && c == nil {
		attempts++
		c, err = dial()
	}
	if err != nil {
		return fmt.Errorf("%d logins during the flood failed, in %s: %w", attempts, time.Since(t0).Round(time.Millisecond), err)
	}
	defer func() { _ = c.Close() }()
	_, _, out, err := session(c, 80, 24)
	if err != nil {
		return err
	}
	for !strings.Contains(out.String(), "numbrowse") && time.Since(t0) < 30*time.Second {
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Printf("login during the flood: in at attempt %d, browser drawn after %s\n", attempts, time.Since(t0).Round(time.Millisecond))
	return nil
}

func bigPTY() error {
	c, err := dial()
	if err != nil {
		return err
	}
	defer func() { _ = c.Close() }()
	s, in, out, err := session(c, *cols, *rows)
	if err != nil {
		return err
	}
	time.Sleep(2 * time.Second)
	fmt.Printf("bigpty: asked for %dx%d; after 2 s the server wrote %d bytes; server %s\n", *cols, *rows, out.all, procStats())
	for range 5 {
		_ = s.WindowChange(*rows, *cols)
		_ = s.WindowChange(*cols, *rows)
	}
	_, _ = io.WriteString(in, fmt.Sprintf("\x1b[48;%d;%d;0;0t", *rows, *cols))
	time.Sleep(2 * time.Second)
	fmt.Printf("bigpty: after window changes and an in-band report: %d bytes written; server %s\n", out.all, procStats())
	return nil
}

func env() error {
	c, err := dial()
	if err != nil {
		return err
	}
	defer func() { _ = c.Close() }()
	s, err := c.NewSession()
	if err != nil {
		return err
	}
	value := strings.Repeat("x", *size)
	refused := 0
	for i := range count(20000) {
		if err := s.Setenv(fmt.Sprintf("PROBE_%d", i), value); err != nil {
			refused++
		}
	}
	fmt.Printf("env: %d of %d variables of %d bytes refused; server %s\n", refused, count(20000), *size, procStats())
	return nil
}

func drop() error {
	total := count(500)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4) // under the default per-address limit of logins in flight
	var failed sync.Map
	for i := range total {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			c, err := dial()
			if err != nil {
				failed.Store(i, err)
				return
			}
			_, in, out, err := session(c, 120, 40)
			if err != nil {
				failed.Store(i, err)
				_ = c.Close()
				return
			}
			for out.all == 0 {
				time.Sleep(time.Millisecond)
			}
			go func() { _, _ = io.WriteString(in, strings.Repeat("jjkkG/44 7\x1b[A\x1b[Bcde\r", 400)) }()
			time.Sleep(time.Millisecond)
			_ = c.Close() // mid-input
		}()
	}
	wg.Wait()
	nfail := 0
	why := map[string]int{}
	failed.Range(func(_, err any) bool {
		nfail++
		why[fmt.Sprint(err)]++
		return true
	})
	fmt.Printf("drop: %d sessions dropped mid-input (%d failed to open: %v)\n", total, nfail, why)
	return nil
}

func winch() error {
	c, err := dial()
	if err != nil {
		return err
	}
	defer func() { _ = c.Close() }()
	blocked := 0
	for range count(20) {
		s, err := c.NewSession()
		if err != nil {
			return err
		}
		_ = s.RequestPty("xterm", 24, 80, gossh.TerminalModes{})
		for j := range 3 {
			_ = s.WindowChange(30+j, 90+j)
		}
		done := make(chan error, 1)
		go func() { done <- s.Shell() }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			blocked++
		}
		_ = s.Close()
	}
	fmt.Printf("winch: %d of %d shell requests after window changes were never answered\n", blocked, count(20))
	return nil
}

func execCmd() error {
	c, err := dial()
	if err != nil {
		return err
	}
	defer func() { _ = c.Close() }()
	s, err := c.NewSession()
	if err != nil {
		return err
	}
	_ = s.RequestPty("xterm", 24, 80, gossh.TerminalModes{})
	out := &buffer{}
	s.Stdout, s.Stderr = out, out
	in, _ := s.StdinPipe()
	defer func() { _ = in.Close() }()
	done := make(chan error, 1)
	go func() { done <- s.Run("id; cat /etc/passwd") }()
	select {
	case err = <-done:
	case <-time.After(5 * time.Second):
		err = errors.New("still running after 5 s (the browser started)")
	}
	fmt.Printf("exec: %v; the client saw %q\n", err, truncate(out.String(), 300))
	return nil
}

func agent() error {
	c, err := dial()
	if err != nil {
		return err
	}
	defer func() { _ = c.Close() }()
	s, err := c.NewSession()
	if err != nil {
		return err
	}
	ok, err := s.SendRequest("auth-agent-req@openssh.com", true, nil)
	fmt.Printf("agent: forwarding accepted=%v err=%v\n", ok, err)
	return nil
}

func input() error {
	c, err := dial()
	if err != nil {
		return err
	}
	defer func() { _ = c.Close() }()
	_, in, out, err := session(c, 80, 24)
	if err != nil {
		return err
	}
	time.Sleep(time.Second)
	_, _ = io.WriteString(in, "\x1b["+strings.Repeat("1;", 40)+"1m")
	_, _ = io.WriteString(in, "\x1b]52;c;")
	chunk := strings.Repeat("QUFB", 1<<16)
	for range 64 {
		_, _ = io.WriteString(in, chunk)
	}
	_, _ = io.WriteString(in, "\x07\x1b[200~")
	for range 16 {
		_, _ = io.WriteString(in, chunk)
	}
	_, _ = io.WriteString(in, "\x1b[201~")
	time.Sleep(2 * time.Second)
	fmt.Printf("input: sent; session output so far %d bytes; server %s\n", out.all, procStats())
	c2, err := dial()
	if err != nil {
		return fmt.Errorf("a new login after the hostile input failed: %w", err)
	}
	_ = c2.Close()
	fmt.Println("input: the server still takes logins")
	return nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
