package api

import (
	"io"
	"strings"
	"testing"
	"time"
)

// TestDecodeSearchUnsizedNotJSONAtOnce: a body without a length that is
// not a JSON object is told at once, not after the rest of it arrives
// (here, never).
func TestDecodeSearchUnsizedNotJSONAtOnce(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() { _, _ = pw.Write([]byte("<html><body>Bad gateway")) }()
	done := make(chan error, 1)
	go func() {
		_, err := DecodeSearch(pr, usLocal)
		done <- err
	}()
	select {
	case err := <-done:
		if KindOf(err) != KindBadResponse || !strings.Contains(err.Error(), "not JSON") {
			t.Errorf("err = %v, want a response that is not JSON", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the decoder waited for the rest of a body that is not JSON")
	}
}
