package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func TestParseStartups(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Startups
		err  string
	}{
		{in: "10:30:100", want: Startups{10, 30, 100}},
		{in: " 5:100:5 ", want: Startups{5, 100, 5}},
		{in: "20", want: Startups{20, 100, 20}},
		{in: "10:30", err: "start:rate:full"},
		{in: "a:b:c", err: "start:rate:full"},
		{in: "10:-1:100", err: "start:rate:full"},
		{in: "0:30:100", err: "start must be at least 1"},
		{in: "10:130:100", err: "at most 100"},
		{in: "10:30:5", err: "full must be at least start"},
	} {
		got, err := ParseStartups(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseStartups(%q) = %v, %v; want an error about %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseStartups(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if d, err := ParseStartups(DefaultMaxStartups); err != nil || d != (Startups{10, 30, 100}) {
		t.Errorf("the default %q parses to %v, %v", DefaultMaxStartups, d, err)
	}
}

func tcpAddr(s string) net.Addr {
	a, err := net.ResolveTCPAddr("tcp", s)
	if err != nil {
		panic(err)
	}
	return a
}

// TestStartupGate checks the admission rule: everyone below start; from
// start a drop with a probability from rate to 100 % at full; nobody at
// full; and never more than the per-address cap from one address (an
// IPv6 /64 counting as one).
func TestStartupGate(t *testing.T) {
	logBuf := &syncBuffer{}
	g := newStartupGate(Startups{Start: 4, Rate: 50, Full: 8}, 3, NewLogger(logBuf))
	roll := 0
	g.roll = func() int { return roll }
	var releases []func()
	admit := func(addr string) bool {
		r, ok := g.admit(tcpAddr(addr))
		if ok {
			releases = append(releases, r)
		}
		return ok
	}
	for i := range 4 {
		if !admit(fmt.Sprintf("10.0.0.%d:1000", i)) {
			t.Fatalf("connection %d below start was dropped", i)
		}
	}
	// From start (4) to full (8) the drop chance rises from 50 % by
	// 50/4 per connection: 50, 62, 75, 87; a roll under it drops.
	for i, p := range []int{50, 62, 75, 87} {
		roll = p - 1
		if admit(fmt.Sprintf("10.0.1.%d:1", i)) {
			t.Errorf("at %d connections a roll of %d passed a %d %% drop", 4+i, roll, p)
		}
		roll = p
		if !admit(fmt.Sprintf("10.0.2.%d:1", i)) {
			t.Errorf("at %d connections a roll of %d was dropped by a %d %% drop", 4+i, roll, p)
		}
	}
	roll = 99
	if g.total != 8 || admit("10.0.3.1:1") {
		t.Errorf("%d connections; one at full was admitted", g.total)
	}
	for _, r := range releases {
		r()
		r() // a second call does nothing
	}
	if g.total != 0 || len(g.byAddr) != 0 {
		t.Fatalf("after every release: total %d, by address %v", g.total, g.byAddr)
	}

	// Per address: the fourth from one address is dropped, another
	// address is not; the /64 of IPv6 is one address.
	releases = nil
	for i := range 3 {
		if !admit(fmt.Sprintf("192.0.2.7:%d", 1000+i)) {
			t.Fatal("dropped under the per-address cap")
		}
	}
	if admit("192.0.2.7:2000") || !admit("192.0.2.8:1") {
		t.Error("the per-address cap is not per address")
	}
	for _, r := range releases {
		r()
	}
	releases = nil
	for i := range 3 {
		if !admit(fmt.Sprintf("[2001:db8:1:2::%x]:22", i+1)) {
			t.Fatal("an IPv6 address was dropped under the cap")
		}
	}
	if admit("[2001:db8:1:2:ffff::1]:22") || !admit("[2001:db8:1:3::1]:22") {
		t.Error("an IPv6 /64 is not counted as one address")
	}
}

// TestDropsLoggedOncePerBurst: a burst of drops is one line when it
// starts and one with its total when it is over, however many were
// dropped.
func TestDropsLoggedOncePerBurst(t *testing.T) {
	logBuf := &syncBuffer{}
	g := newStartupGate(Startups{Start: 1, Rate: 100, Full: 1}, 1, NewLogger(logBuf))
	g.quiet = 50 * time.Millisecond
	release, _ := g.admit(tcpAddr("10.0.0.1:1"))
	for burst := 1; burst <= 2; burst++ {
		for i := range 500 {
			if _, ok := g.admit(tcpAddr(fmt.Sprintf("10.0.%d.%d:1", i/200, i%200))); ok {
				t.Fatal("admitted over full")
			}
		}
		waitFor(t, "the end of the burst", func() bool {
			return strings.Count(logBuf.String(), "stopped dropping") == burst
		})
		if n := strings.Count(logBuf.String(), "dropping connections that have not logged in"); n != burst {
			t.Fatalf("%d lines for %d bursts:\n%s", n, burst, logBuf.String())
		}
		if !strings.Contains(logBuf.String(), "dropped=500") || !strings.Contains(logBuf.String(), "reason=per-address") &&
			!strings.Contains(logBuf.String(), "reason=full") {
			t.Errorf("log:\n%s", logBuf.String())
		}
	}
	release()
}

// floodFrom opens n TCP connections to addr from the local address
// from, sends nothing, and reports how many the server holds (it sent its
// SSH banner) and how many it dropped (closed at once). The held ones
// stay open until the test ends or close is called.
func floodFrom(t *testing.T, addr, from string, n int) (held []net.Conn, dropped int) {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: guard}
	var conns []net.Conn
	for range n {
		c, err := d.Dial("tcp", addr)
		if err != nil {
			if errors.Is(err, syscall.EADDRNOTAVAIL) {
				// macOS has only 127.0.0.1 unless told otherwise.
				t.Skipf("cannot connect from %s on this machine: %v", from, err)
			}
			t.Fatalf("dial from %s: %v", from, err)
		}
		conns = append(conns, c)
	}
	for _, c := range conns {
		_ = c.SetReadDeadline(time.Now().Add(guard))
		buf := make([]byte, 4)
		_, err := io.ReadFull(c, buf)
		switch {
		case err == nil && bytes.Equal(buf, []byte("SSH-")):
			held = append(held, c)
			continue
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), isReset(err):
			dropped++
		default:
			t.Fatalf("connection from %s: %v", from, err)
		}
		_ = c.Close()
	}
	t.Cleanup(func() {
		for _, c := range held {
			_ = c.Close()
		}
	})
	return held, dropped
}

func isReset(err error) bool {
	var ne *net.OpError
	return errors.As(err, &ne) && strings.Contains(ne.Err.Error(), "reset")
}

// TestUnauthenticatedFlood is the red team's probe: a flood of TCP
// connections that never log in. From one address the server holds only
// MaxStartupsPerAddress of them and drops the rest at once (they used to
// pile up until the process ran out of file descriptors), and a
// legitimate user from another address logs in during the flood; from
// many addresses it holds at most Full. One log line says it is dropping.
func TestUnauthenticatedFlood(t *testing.T) {
	ts := startServer(t, Config{})
	cfg := ts.srv.cfg
	held, dropped := floodFrom(t, ts.addr, "127.0.0.2", 300)
	if len(held) > cfg.MaxStartupsPerAddress || dropped < 300-cfg.MaxStartupsPerAddress {
		t.Fatalf("one address: %d connections held, %d dropped; want at most %d held",
			len(held), dropped, cfg.MaxStartupsPerAddress)
	}

	// A user logs in while the flood holds its connections.
	v := openTerm(t, ts.client(t), 80, 24)
	v.waitScreen(t, "numbrowse probe")

	// From five addresses, 25 held: past start, a new connection is
	// dropped with a chance of 30 % + 70 % × 15/90 = 41 %, whoever sends
	// it; a user who tries again (ssh -o ConnectionAttempts) gets in.
	var all []net.Conn
	for i := range 4 {
		h, _ := floodFrom(t, ts.addr, fmt.Sprintf("127.0.2.%d", i+1), 6)
		all = append(all, h...)
	}
	var in *gossh.Client
	for try := 1; in == nil; try++ {
		c, err := ts.dial(gossh.PublicKeys(ts.user))
		switch {
		case err == nil:
			in = c
		case try == 20: // 0.41^20: never, unless every login is dropped
			t.Fatalf("20 logins during a flood from five addresses failed: %v", err)
		}
	}
	_ = in.Close()

	// From 30 more addresses, 6 each: at most Full are held.
	for i := range 30 {
		h, _ := floodFrom(t, ts.addr, fmt.Sprintf("127.0.1.%d", i+1), 6)
		all = append(all, h...)
	}
	if got := len(all) + len(held); got > cfg.MaxStartups.Full {
		t.Errorf("%d connections held that have not logged in, over full (%d)", got, cfg.MaxStartups.Full)
	}
	for _, c := range append(all, held...) {
		_ = c.Close()
	}
	// Closed, they free their slots: the next login needs no luck.
	waitFor(t, "the slots to be freed", func() bool {
		ts.srv.gate.mu.Lock()
		defer ts.srv.gate.mu.Unlock()
		return ts.srv.gate.total == 0
	})
	c, err := ts.dial(gossh.PublicKeys(ts.user))
	if err != nil {
		t.Fatalf("login after the flood: %v", err)
	}
	_ = c.Close()
	if n := strings.Count(ts.log.String(), "dropping connections that have not logged in"); n != 1 {
		t.Errorf("%d log lines for one burst of drops:\n%s", n, ts.log.String())
	}
}
