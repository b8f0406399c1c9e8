package serve

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

func TestProbeAnswersForARealServer(t *testing.T) {
	ts := startServer(t, Config{Version: "v1.2.3"})
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	banner, err := Probe(ctx, ts.addr)
	if err != nil {
		t.Fatalf("Probe: %v", err)
	}
	if banner != "SSH-2.0-numbrowse_v1.2.3" {
		t.Errorf("banner = %q, want SSH-2.0-numbrowse_v1.2.3", banner)
	}
	// A probe every 30 seconds must not fill the log: hanging up before
	// the key exchange is not worth a line.
	ts.stop(t)
	out := ts.log.String()
	for _, noise := range []string{"connection failed", "session start", "session refused", "key refused", "ERRO", "WARN"} {
		if strings.Contains(out, noise) {
			t.Errorf("the probe left %q in the log:\n%s", noise, out)
		}
	}
}

// fakeServer accepts one connection on loopback and hands it to serve.
func fakeServer(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer func() { _ = c.Close() }()
		serve(c)
	}()
	return ln.Addr().String()
}

func say(s string) func(net.Conn) {
	return func(c net.Conn) { _, _ = c.Write([]byte(s)) }
}

func TestProbeSaysWhatIsWrong(t *testing.T) {
	closedAddr := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		_ = ln.Close()
		return addr
	}
	for _, tt := range []struct {
		name    string
		addr    func() string
		timeout time.Duration
		want    string // in the error; "" means success
	}{
		{"numbrowse after a preamble",
			func() string { return fakeServer(t, say("hello\r\nSSH-2.0-numbrowse_dev\r\n")) }, guard, ""},
		{"another SSH server",
			func() string { return fakeServer(t, say("SSH-2.0-OpenSSH_9.6\r\n")) }, guard,
			`is an SSH server but not numbrowse: it says "SSH-2.0-OpenSSH_9.6"`},
		{"nothing listening", closedAddr, guard, "nothing is listening on"},
		{"silent", func() string {
			return fakeServer(t, func(c net.Conn) { _, _ = c.Read(make([]byte, 1)) })
		}, 200 * time.Millisecond, "accepted a connection but said nothing in time"},
		{"hangs up", func() string { return fakeServer(t, say("HTTP/1.1 400 Bad Request\r\n")) }, guard,
			"closed the connection before identifying itself"},
		{"endless line", func() string { return fakeServer(t, say(strings.Repeat("x", 400))) }, guard,
			"not an SSH server: it sent a line longer than 255 bytes"},
		{"control bytes in the banner", func() string {
			return fakeServer(t, say("SSH-2.0-evil\x1b]0;pwned\x07\r\n"))
		}, guard, `it says "SSH-2.0-evil"`}, // the escape sequence is gone
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), tt.timeout)
			defer cancel()
			banner, err := Probe(ctx, tt.addr())
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Probe: %v", err)
			case tt.want == "" && !strings.HasPrefix(banner, "SSH-2.0-numbrowse"):
				t.Errorf("banner = %q", banner)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestProbeAddr(t *testing.T) {
	for in, want := range map[string]string{
		":2222":              "127.0.0.1:2222",
		"0.0.0.0:2222":       "127.0.0.1:2222",
		"[::]:2222":          "[::1]:2222",
		"127.0.0.1:2222":     "127.0.0.1:2222",
		"10.0.0.5:22":        "10.0.0.5:22",
		"numbers.example:22": "numbers.example:22",
		"no-port":            "no-port",
	} {
		if got := ProbeAddr(in); got != want {
			t.Errorf("ProbeAddr(%q) = %q, want %q", in, got, want)
		}
	}
}
