package serve

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	uv "github.com/charmbracelet/ultraviolet"
)

// bounded runs in through inputBounds whole, and byte by byte: the two
// must agree (the bounds hold across reads of any size).
func bounded(t *testing.T, in string) string {
	t.Helper()
	var whole inputBounds
	got := string(whole.filter(nil, []byte(in)))
	var split inputBounds
	var b []byte
	for i := 0; i < len(in); i++ {
		b = split.filter(b, []byte{in[i]})
	}
	if string(b) != got {
		t.Fatalf("byte by byte %q, whole %q", b, got)
	}
	return got
}

func TestInputBoundsPassesRealInput(t *testing.T) {
	for _, in := range []string{
		"hello, wörld ؛ 日本 🙂",                  // U+061B ends in 0x9b, a C1 CSI byte
		"\x1b[A\x1b[B\x1bOP\x1b[1;5C",          // arrows, F1, ctrl+right
		"\x1b[<0;123;45M\x1b[<0;123;45m",       // SGR mouse
		"\x1b[97;5:1u",                         // kitty keyboard
		"\x1b[48;200;500;4000;10000t",          // in-band size report
		"\x1b]11;rgb:0000/0000/0000\x1b\\",     // background colour answer
		"\x1b]11;rgb:ffff/ffff/ffff\x07",       // the same, BEL-terminated
		"\x1bP1+r544e=787465726d\x1b\\",        // XTGETTCAP answer
		"\x1b[?2026;2$y",                       // mode report
		"\x1b[200~pasted \x1b[A text\x1b[201~", // a paste holding an escape
		"\x1b\x1b[A\x1bx",                      // alt+up, alt+x
		"\xd8\x9b \xe2\x80\x9d",                // ؛ and ”: C1 values inside characters
	} {
		if got := bounded(t, in); got != in {
			t.Errorf("%q became %q", in, got)
		}
	}
	// 8-bit introducers pass in their 7-bit forms.
	for in, want := range map[string]string{
		"\x9b1;2H\x9d0;t\x9c": "\x1b[1;2H\x1b]0;t\x1b\\",
		"\x9bM000\x8fP":       "\x1b[M000\x1bOP", // an X10 mouse report that panicked the decoder
		"\x901$r0m\x9c":       "\x1bP1$r0m\x1b\\",
		"\x1b\x9bM000":        "\x1b\x1b[M000", // after an ESC too: it slipped past as "\x9bM"
	} {
		if got := bounded(t, in); got != want {
			t.Errorf("%q became %q, want %q", in, got, want)
		}
	}
}

func TestInputBoundsCutsHostileInput(t *testing.T) {
	// 40 parameters: the decoder has room for 32 and panicked.
	csi := "\x1b[" + strings.Repeat("1;", 40) + "1m"
	got := bounded(t, csi+"x")
	if !strings.HasSuffix(got, "mx") || strings.Count(got, ";") > maxSeqParams {
		t.Errorf("40 parameters became %q", got)
	}
	// The same after an ESC and the 8-bit CSI, which passed unbounded.
	got = bounded(t, "\x1b\x9b"+strings.Repeat("1;", 40)+"1mx")
	if !strings.HasSuffix(got, "mx") || strings.Count(got, ";") > maxSeqParams {
		t.Errorf("40 parameters after ESC and the 8-bit CSI became %q", got)
	}
	got = bounded(t, "\x1bP"+strings.Repeat(";", 100)+"1|data\x1b\\y")
	if !strings.HasSuffix(got, "|data\x1b\\y") || strings.Count(got, ";") > maxSeqParams {
		t.Errorf("a DCS with 100 parameters became %q", got)
	}
	got = bounded(t, "\x1b["+strings.Repeat("1", 10000)+"mz")
	if len(got) > maxSeqBytes+10 || !strings.HasSuffix(got, "mz") {
		t.Errorf("a 10000-byte parameter kept %d bytes", len(got))
	}
	for _, intro := range []string{"\x1b]52;c;", "\x1b_", "\x1bX", "\x1b^", "\x9d0;"} {
		got = bounded(t, intro+strings.Repeat("A", 1<<20)+"\x07z")
		if len(got) > maxSeqData+20 || !strings.HasSuffix(got, "\x07z") {
			t.Errorf("a 1 MiB %q string kept %d bytes", intro, len(got))
		}
	}
	got = bounded(t, "\x1b[200~"+strings.Repeat("p\x1b[20", 1<<18)+"\x1b[201~q")
	if len(got) > maxPaste+20 || !strings.HasSuffix(got, "\x1b[201~q") || !strings.HasPrefix(got, "\x1b[200~p\x1b[20p") {
		t.Errorf("a 1.5 MiB paste kept %d bytes: %.40q…", len(got), got)
	}
	// An unterminated paste stays bounded however long it runs.
	var b inputBounds
	total := 0
	chunk := []byte(strings.Repeat("x", 4096))
	total += len(b.filter(nil, []byte("\x1b[200~")))
	for range 1000 {
		total += len(b.filter(nil, chunk))
	}
	if total > maxPaste+10 {
		t.Errorf("an unterminated 4 MB paste passed %d bytes", total)
	}
}

// TestPumpInputSurvivesTheDecoder feeds the pump what made Bubble Tea's
// decoder panic, a 1 MiB unterminated clipboard answer and an endless
// paste, then keys: the keys arrive, and nothing panics.
func TestPumpInputSurvivesTheDecoder(t *testing.T) {
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var keys strings.Builder
	done := make(chan struct{})
	go func() {
		defer close(done)
		pumpInput(ctx, pr, terminalDecoder("xterm-256color"), func(ev uv.Event) {
			if k, ok := ev.(uv.KeyPressEvent); ok {
				mu.Lock()
				keys.WriteString(k.Text)
				mu.Unlock()
			}
		}, NewLogger(io.Discard))
	}()
	for _, s := range []string{
		"a",
		"\x1b[" + strings.Repeat("1;", 40) + "1m",
		"\x1b[" + strings.Repeat(";", 33) + "1;1:1m",
		"b",
		"\x1b]52;c;" + strings.Repeat("QUFB", 1<<18) + "\x07",
		"c",
	} {
		if _, err := io.WriteString(pw, s); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(guard)
	for {
		mu.Lock()
		got := keys.String()
		mu.Unlock()
		if strings.Contains(got, "c") {
			if got != "abc" {
				t.Errorf("keys %q, want abc", got)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("keys %q; the pump stopped", got)
		}
		time.Sleep(5 * time.Millisecond)
	}
	_ = pw.Close()
	select {
	case <-done:
	case <-time.After(guard):
		t.Fatal("the pump did not end with its input")
	}
}

// TestDecoderPanicIsRecovered: a decoder that panics is replaced by a new
// one, and the input after the panic still arrives (defence in depth:
// inputBounds keeps the panic known in Bubble Tea's decoder from
// happening). After maxDecoderRestarts panics the pump gives up.
func TestDecoderPanicIsRecovered(t *testing.T) {
	var mu sync.Mutex
	var got []string
	send := func(ev uv.Event) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, ev.(string))
	}
	logBuf := &syncBuffer{}
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		pumpInput(context.Background(), pr, func(r io.Reader) decoder { return panicky{r} }, send, NewLogger(logBuf))
	}()
	for _, s := range []string{"a", "!", "b", "!", "c"} {
		if _, err := io.WriteString(pw, s); err != nil {
			t.Fatal(err)
		}
	}
	_ = pw.Close()
	<-done
	if strings.Join(got, "") != "abc" || strings.Count(logBuf.String(), "input decoder panic") != 2 {
		t.Errorf("events %q; log:\n%s", got, logBuf.String())
	}

	// One panic too many: the pump stops, and still reads its input to
	// the end (so that the channel's reader ends with it).
	pr, pw = io.Pipe()
	done = make(chan struct{})
	go func() {
		defer close(done)
		pumpInput(context.Background(), pr, func(r io.Reader) decoder { return panicky{r} }, func(uv.Event) {}, NewLogger(io.Discard))
	}()
	for range maxDecoderRestarts + 5 {
		if _, err := io.WriteString(pw, "!"); err != nil {
			t.Fatal(err)
		}
	}
	_ = pw.Close()
	select {
	case <-done:
	case <-time.After(guard):
		t.Fatal("the pump did not end")
	}
}

// panicky is a decoder that sends each byte it reads as a string event
// and panics on "!".
type panicky struct{ r io.Reader }

func (p panicky) StreamEvents(ctx context.Context, events chan<- uv.Event) error {
	var b [1]byte
	for {
		if _, err := p.r.Read(b[:]); err != nil {
			return nil
		}
		if b[0] == '!' {
			panic("decoder trouble")
		}
		select {
		case events <- string(b[:]):
		case <-ctx.Done():
			return nil
		}
	}
}

// FuzzInputBounds feeds any input through inputBounds: the bounds hold
// however the input is split into reads, nothing over them passes, and
// Bubble Tea's decoder takes what passes without panicking. The seed
// corpus is in testdata/fuzz/FuzzInputBounds.
func FuzzInputBounds(f *testing.F) {
	for _, s := range []string{"abc", "\x1b[A\x1b[<0;1;2M", "\x1b[" + strings.Repeat("1;", 40) + "m",
		"\x1bP" + strings.Repeat(";", 40) + "1|x\x1b\\", "\x1b]52;c;QUFB\x07", "\x1b[200~x\x1b[20\x1b[201~",
		"\x9b1;2H\xd8\x9b\x9d0;t\x9c", "\x1b_Gi=1;x\x1b\\", "\x1b[48;40;120;0;0t"} {
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, in []byte, step uint8) {
		var whole inputBounds
		out := whole.filter(nil, in)
		var split inputBounds
		var parts []byte
		k := int(step%16) + 1
		for i := 0; i < len(in); i += k {
			parts = split.filter(parts, in[i:min(i+k, len(in))])
		}
		if !bytes.Equal(out, parts) {
			t.Fatalf("reads of %d bytes gave %q, one read %q", k, parts, out)
		}
		if len(out) > 2*len(in) { // an 8-bit introducer becomes two bytes
			t.Fatalf("%d bytes in, %d out", len(in), len(out))
		}
		events := make(chan uv.Event)
		go func() {
			for range events {
			}
		}()
		err := uv.NewTerminalReader(bytes.NewReader(out), "xterm-256color").StreamEvents(context.Background(), events)
		close(events)
		if err != nil {
			t.Fatalf("the decoder failed: %v", err)
		}
	})
}

// The decoder itself (the patched ultraviolet, as the browser's own
// terminal reader uses it, without inputBounds in front) takes an X10
// mouse report after an 8-bit CSI without slicing past its buffer: it
// read the three bytes at buf[3:6], which is past the end after a
// one-byte introducer (internal/third_party/ultraviolet/PATCH.md).
func TestDecoderTakesX10MouseAfter8BitCSI(t *testing.T) {
	for _, in := range []string{"\x9bM000", "\x1b\x9bM000", "\x1b[M000", "a\x9bM!!!b"} {
		events := make(chan uv.Event)
		var got []uv.Event
		done := make(chan struct{})
		go func() {
			for ev := range events {
				got = append(got, ev)
			}
			close(done)
		}()
		err := uv.NewTerminalReader(strings.NewReader(in), "xterm-256color").StreamEvents(context.Background(), events)
		close(events)
		<-done
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		var mouse bool
		for _, ev := range got {
			if _, ok := ev.(uv.MouseEvent); ok {
				mouse = true
			}
		}
		if !mouse {
			t.Errorf("%q: no mouse event in %v", in, got)
		}
	}
}
