//go:build unix

package serve

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestKeyringRefusesAPipe: an authorized_keys that is a named pipe is an
// error at start, not a server that waits for a writer.
func TestKeyringRefusesAPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "keys")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := loadKeyring(fifo, NewLogger(&syncBuffer{})); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("err = %v", err)
		}
	case <-time.After(guard):
		t.Fatal("loadKeyring waits on a named pipe")
	}
}
