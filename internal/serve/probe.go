package serve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
)

// softwareVersion is the software part of the server's SSH identification
// line, "SSH-2.0-numbrowse_v1.2.3" (RFC 4253 §4.2); Probe looks for it.
const softwareVersion = "numbrowse"

// ProbeAddr is the address to probe for a server listening on listen: a
// listen address on every interface (":2222", "0.0.0.0:2222", "[::]:2222")
// is reached on loopback.
func ProbeAddr(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	switch ip := net.ParseIP(host); {
	case host == "":
		host = "127.0.0.1"
	case ip != nil && ip.IsUnspecified() && ip.To4() != nil:
		host = "127.0.0.1"
	case ip != nil && ip.IsUnspecified():
		host = "::1"
	}
	return net.JoinHostPort(host, port)
}

// Probe reports whether a numbrowse SSH server answers at addr, for health
// checks: it connects, reads the server's identification line and hangs
// up before the key exchange, which the server does not log. It returns
// the identification line (made printable), or an error of one line that
// says what was wrong. ctx bounds the whole probe.
func Probe(ctx context.Context, addr string) (string, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.ECONNREFUSED) {
			return "", fmt.Errorf("nothing is listening on %s", addr)
		}
		if ctx.Err() != nil {
			return "", fmt.Errorf("%s did not accept a connection in time", addr)
		}
		return "", fmt.Errorf("cannot connect to %s: %v", addr, unwrapOpErr(err))
	}
	defer func() { _ = conn.Close() }()
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()

	// A server may send other lines before its identification (RFC 4253
	// §4.2); each line is at most 255 bytes. Read a bounded amount.
	r := bufio.NewReaderSize(conn, 256)
	for range 16 {
		line, err := r.ReadSlice('\n')
		if err != nil {
			switch {
			case ctx.Err() != nil:
				return "", fmt.Errorf("%s accepted a connection but said nothing in time", addr)
			case errors.Is(err, bufio.ErrBufferFull):
				return "", fmt.Errorf("%s is not an SSH server: it sent a line longer than 255 bytes", addr)
			}
			return "", fmt.Errorf("%s closed the connection before identifying itself", addr)
		}
		s := strings.TrimRight(string(line), "\r\n")
		if !strings.HasPrefix(s, "SSH-") {
			continue
		}
		shown := clean(s)
		if !strings.HasPrefix(s, "SSH-2.0-"+softwareVersion) {
			return "", fmt.Errorf("%s is an SSH server but not numbrowse: it says %q", addr, shown)
		}
		return shown, nil
	}
	return "", fmt.Errorf("%s is not an SSH server: no identification line", addr)
}

func unwrapOpErr(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err
	}
	return err
}
