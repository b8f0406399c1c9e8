package api

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"numbrowse/internal/leakcheck"
)

// TestReadAhead: the body is given back byte for byte, then the error that
// ended it; its length is known once it has all been read, before it has
// been decoded; stop ends the goroutine.
func TestReadAhead(t *testing.T) {
	snap := leakcheck.Take()
	body := benchBody(20_000) // several blocks, the last one part full
	if len(body) < 3*aheadMaxBlock {
		t.Fatalf("body of %d bytes: too small for the test", len(body))
	}
	ra := startReadAhead(iotest.HalfReader(bytes.NewReader(body[100:])), body[:100])
	<-ra.done // read to the end, nothing decoded yet
	if n := ra.size(); n != int64(len(body)) {
		t.Errorf("size %d once read, want %d", n, len(body))
	}
	got, err := io.ReadAll(iotest.OneByteReader(ra))
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("read back %d bytes (%v), want the %d sent", len(got), err, len(body))
	}
	ra.stop(-1)

	boom := errors.New("connection reset")
	ra = startReadAhead(iotest.ErrReader(boom), []byte(`{"data":[`))
	got, err = io.ReadAll(ra)
	if string(got) != `{"data":[` || !errors.Is(err, boom) {
		t.Errorf("read back %q, %v; want the bytes, then the reader's error", got, err)
	}
	if n := ra.size(); n != -1 {
		t.Errorf("size %d of a body cut short, want -1 (unknown)", n)
	}
	ra.stop(-1)

	// Stopped before the end: the goroutine ends at its next block.
	pr, pw := io.Pipe()
	ra = startReadAhead(pr, []byte(`{`))
	go func() {
		for range 3 {
			_, _ = pw.Write(make([]byte, aheadMaxBlock))
		}
		pw.Close()
	}()
	ra.stop(-1)
	pr.Close() // the writer's blocks that were not read
	snap.Check(t)
}

// TestDecodeSearchReadAhead: a body whose length is not known decodes to
// the numbers of the same body with its length known, read in small
// pieces or slowly; a body over the cap or cut by the network is told as
// before, and nothing reads the body once DecodeSearch has returned.
func TestDecodeSearchReadAhead(t *testing.T) {
	snap := leakcheck.Take()
	body := benchBody(30_000)
	sized, err := DecodeSearch(bytes.NewReader(body), usLocal)
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]io.Reader{
		"half reads": iotest.HalfReader(bytes.NewReader(body)),
		"slow":       &slowReader{r: bytes.NewReader(body), every: 64, wait: time.Millisecond},
	} {
		got, err := DecodeSearch(r, usLocal)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got.Numbers, sized.Numbers) || got.Skipped != sized.Skipped {
			t.Errorf("%s: %d numbers, skipped %v; with the length: %d, %v", name,
				len(got.Numbers), got.Skipped, len(sized.Numbers), sized.Skipped)
		}
	}

	for _, size := range []int64{int64(len(body)), -1} {
		br := &bodyReader{recordingReader: recordingReader{r: struct{ io.Reader }{bytes.NewReader(body)}},
			left: 1 << 20, limit: 1 << 20, size: size}
		_, err := decodeSearch(br, usLocal, redactor{}, nil)
		if limit, ok := IsTooLarge(err); !ok || limit != 1<<20 || KindOf(err) != KindBadResponse {
			t.Errorf("size %d: err = %v, want the body over the 1 MiB cap", size, err)
		}
	}

	boom := errors.New("connection reset")
	_, err = DecodeSearch(io.MultiReader(bytes.NewReader(body[:len(body)/2]), iotest.ErrReader(boom)), usLocal)
	if KindOf(err) != KindNetwork || !errors.Is(err, boom) {
		t.Errorf("err = %v, want KindNetwork wrapping the reader's error", err)
	}
	snap.Check(t)
}

// TestDecodeSearchUnsizedNotJSONAtOnce: a body without a length that is
// not a JSON object is told at once, not after the rest of it arrives
// (here, never): it is not read ahead.
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

// slowReader waits before every few reads, as a network does.
type slowReader struct {
	r     io.Reader
	every int
	wait  time.Duration
	n     int
}

func (s *slowReader) Read(p []byte) (int, error) {
	if s.n++; s.n%s.every == 0 {
		time.Sleep(s.wait)
	}
	return s.r.Read(p[:min(len(p), 4096)])
}

// TestSearchBodyNotEnded: a server that sends a whole answer without a
// length and then neither ends nor closes it: the numbers are shown once
// the JSON is complete, not when the request times out, and the reading
// left behind ends with the request.
func TestSearchBodyNotEnded(t *testing.T) {
	snap := leakcheck.Take()
	body := benchBody(5_000)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
		w.(http.Flusher).Flush()
		select { // the body is never ended
		case <-release:
		case <-r.Context().Done():
		}
	}))
	tr := &http.Transport{}
	c, err := NewClient(WithBaseURL(srv.URL), WithAPIKey(testKey), WithTimeout(time.Minute),
		WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	var res *Result
	go func() {
		var err error
		res, err = c.Search(context.Background(), usLocal)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil || len(res.Numbers) != 5_000 {
			t.Fatalf("%v, %d numbers; want 5,000", err, len(res.Numbers))
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no result until the request times out, though the JSON was complete")
	}
	close(release)
	srv.Close()
	tr.CloseIdleConnections()
	snap.Check(t)
}
