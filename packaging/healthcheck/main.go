// Command healthcheck is the container image's HEALTHCHECK for `numbrowse
// serve`: it connects to the server, reads its SSH identification line and
// hangs up before the key exchange (the server logs nothing for that). The
// image has no shell or nc, so this small static binary is the probe.
//
//	numbrowse-healthcheck [ADDR]
//
// ADDR is the server's listen address (default 127.0.0.1:2222); one on
// every interface, such as 0.0.0.0:2222, is probed on loopback. It prints
// one line and exits 0 when numbrowse answers, 1 otherwise (Docker's
// "healthy" and "unhealthy"), 2 on a usage error.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"numbrowse/internal/serve"
)

// timeout bounds one probe; Docker's own --timeout (30s by default) is the
// outer bound.
const timeout = 5 * time.Second

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	addr := serve.DefaultListen
	switch {
	case len(args) == 1 && args[0] != "-h" && args[0] != "--help":
		addr = args[0]
	case len(args) > 0:
		_, _ = fmt.Fprintln(stderr, "usage: numbrowse-healthcheck [ADDR]   (default "+serve.DefaultListen+")")
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	addr = serve.ProbeAddr(addr)
	banner, err := serve.Probe(ctx, addr)
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "unhealthy: "+err.Error())
		return 1
	}
	_, _ = fmt.Fprintf(stdout, "healthy: %s answers at %s\n", banner, addr)
	return 0
}
