//go:build unix

package cli

import "golang.org/x/sys/unix"

// limitData caps the process's data segment (its heap) at n bytes.
func limitData(n uint64) error {
	return unix.Setrlimit(unix.RLIMIT_DATA, &unix.Rlimit{Cur: n, Max: n})
}
