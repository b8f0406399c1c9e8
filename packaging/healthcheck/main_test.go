package main

import (
	"bytes"
	"net"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ln.Close() }()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_, _ = c.Write([]byte("SSH-2.0-numbrowse_v1.2.3\r\n"))
			_ = c.Close()
		}
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())

	for _, tt := range []struct {
		name      string
		args      []string
		code      int
		out, errs string
	}{
		{"a listen address on every interface is probed on loopback", []string{"0.0.0.0:" + port}, 0,
			"healthy: SSH-2.0-numbrowse_v1.2.3 answers at 127.0.0.1:" + port + "\n", ""},
		{"nothing there", []string{"127.0.0.1:1"}, 1, "", "unhealthy: nothing is listening on 127.0.0.1:1\n"},
		{"too many arguments", []string{"a", "b"}, 2, "", "usage: numbrowse-healthcheck [ADDR]"},
		{"help", []string{"--help"}, 2, "", "usage: numbrowse-healthcheck [ADDR]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out, errs bytes.Buffer
			code := run(tt.args, &out, &errs)
			if code != tt.code || out.String() != tt.out || !strings.HasPrefix(errs.String(), tt.errs) {
				t.Errorf("run(%q) = %d, stdout %q, stderr %q; want %d, %q, %q…", tt.args, code, out.String(), errs.String(), tt.code, tt.out, tt.errs)
			}
		})
	}
}
