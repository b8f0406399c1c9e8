package api

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// TestHoldBody: a body without a known length is read whole, its length
// known, and given back byte for byte, then the error that ended it.
func TestHoldBody(t *testing.T) {
	body := benchBody(20_000) // several blocks, the last one part full
	if len(body) < 3*heldMaxBlock {
		t.Fatalf("body of %d bytes: too small for the test", len(body))
	}
	r, size := holdBody(iotest.HalfReader(bytes.NewReader(body)))
	if size != int64(len(body)) {
		t.Fatalf("size %d, want %d", size, len(body))
	}
	if n := bodySize(r); n != size {
		t.Errorf("bodySize of the held body = %d, want %d", n, size)
	}
	got, err := io.ReadAll(iotest.OneByteReader(r))
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("read back %d bytes (%v), want the %d sent", len(got), err, len(body))
	}

	boom := errors.New("connection reset")
	r, size = holdBody(io.MultiReader(strings.NewReader(`{"data":[`), iotest.ErrReader(boom)))
	if size != 9 {
		t.Errorf("size %d, want 9", size)
	}
	got, err = io.ReadAll(r)
	if string(got) != `{"data":[` || !errors.Is(err, boom) {
		t.Errorf("read back %q, %v; want the bytes, then the reader's error", got, err)
	}
}

// TestDecodeSearchUnsizedAsSized: the numbers of a body read without its
// length are those of the same body with it, and a body over the cap is
// told the same way.
func TestDecodeSearchUnsizedAsSized(t *testing.T) {
	body := benchBody(30_000)
	sized, err := DecodeSearch(bytes.NewReader(body), usLocal)
	if err != nil {
		t.Fatal(err)
	}
	unsized, err := DecodeSearch(iotest.HalfReader(bytes.NewReader(body)), usLocal)
	if err != nil {
		t.Fatal(err)
	}
	if len(unsized.Numbers) != len(sized.Numbers) || unsized.Skipped != sized.Skipped {
		t.Fatalf("unsized: %d numbers, skipped %v; sized: %d, %v",
			len(unsized.Numbers), unsized.Skipped, len(sized.Numbers), sized.Skipped)
	}
	if !reflect.DeepEqual(unsized.Numbers, sized.Numbers) {
		t.Error("the numbers differ")
	}

	// Over the cap: the same error as a body whose length is known.
	for _, size := range []int64{int64(len(body)), -1} {
		br := &bodyReader{recordingReader: recordingReader{r: struct{ io.Reader }{bytes.NewReader(body)}},
			left: 1 << 20, limit: 1 << 20, size: size}
		_, err := decodeSearch(br, usLocal, redactor{}, nil)
		if limit, ok := IsTooLarge(err); !ok || limit != 1<<20 || KindOf(err) != KindBadResponse {
			t.Errorf("size %d: err = %v, want the body over the 1 MiB cap", size, err)
		}
	}
}

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
