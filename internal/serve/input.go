package serve

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"charm.land/log/v2"
	uv "github.com/charmbracelet/ultraviolet"
)

// A session's input, read by numbrowse rather than by Bubble Tea.
//
// Bubble Tea reads its input on a goroutine that sends each event on an
// unbuffered channel nobody reads once the program has ended: a session
// that ended while input was still arriving left that goroutine (and what
// it held, ~0.75 MB) behind for good. Its decoder also panics on a CSI
// sequence of more than 32 parameters, which would take the whole server
// down, and it holds an unterminated escape sequence or bracketed paste in
// memory whole.
//
// So the program gets an input that gives it nothing (idleInput), and
// pumpInput reads the channel instead: it bounds each escape sequence and
// paste (inputBounds), decodes the bytes with Bubble Tea's own decoder on
// a goroutine it drains to the end, recovers from a decoder panic by
// starting a fresh decoder, and hands each event to the program with Send,
// which returns at once once the program has ended.

// idleInput is the program's input: it blocks until the session ends,
// then reports the end of input.
type idleInput struct{ ctx context.Context }

func (r idleInput) Read([]byte) (int, error) {
	<-r.ctx.Done()
	return 0, io.EOF
}

// maxDecoderRestarts is how many decoder panics a session survives.
const maxDecoderRestarts = 3

// decoder turns input bytes into events: Bubble Tea's, a
// *uv.TerminalReader (see terminalDecoder).
type decoder interface {
	StreamEvents(ctx context.Context, events chan<- uv.Event) error
}

// terminalDecoder makes Bubble Tea's decoder for a terminal of type term.
func terminalDecoder(term string) func(io.Reader) decoder {
	return func(r io.Reader) decoder { return uv.NewTerminalReader(r, term) }
}

// pumpInput reads src until it ends or ctx ends, decodes it with a
// decoder from newDecoder, and sends each event with send. It returns
// when both src's reader and the decoder have stopped: src must end (the
// channel closes) for pumpInput to return after ctx ends.
func pumpInput(ctx context.Context, src io.Reader, newDecoder func(io.Reader) decoder, send func(uv.Event), logger *log.Logger) {
	chunks := make(chan []byte)
	fed := make(chan struct{})
	go func() { // the one reader of src
		defer close(fed)
		var bounds inputBounds
		buf := make([]byte, 4096)
		for {
			n, err := src.Read(buf)
			if n > 0 {
				out := bounds.filter(nil, buf[:n])
				if len(out) > 0 {
					select {
					case chunks <- out:
					case <-ctx.Done():
						return
					}
				}
			}
			if err != nil {
				return
			}
		}
	}()
	for restart := 0; ; restart++ {
		panicked := decode(ctx, chunks, fed, newDecoder, send)
		if panicked == "" {
			break
		}
		logger.Error("input decoder panic; starting a new one", "panic", panicked)
		if restart == maxDecoderRestarts {
			break
		}
	}
	// Unblock the reader: it returns once src's Read does.
	for {
		select {
		case <-chunks:
		case <-fed:
			return
		}
	}
}

// decode runs one decoder over chunks until they end (fed closes), ctx
// ends, or the decoder panics, which it describes ("" when it did not).
// Every event the decoder makes is taken, so it never blocks.
func decode(ctx context.Context, chunks <-chan []byte, fed <-chan struct{}, newDecoder func(io.Reader) decoder,
	send func(uv.Event)) (panicked string) {
	dctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := make(chan uv.Event)
	done := make(chan string, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Sprintf("%v\n%s", r, debug.Stack())
				return
			}
			done <- ""
		}()
		_ = newDecoder(&chunkReader{ctx: dctx, chunks: chunks, fed: fed}).StreamEvents(dctx, events)
	}()
	for {
		select {
		case ev := <-events:
			send(ev)
		case p := <-done:
			return p
		}
	}
}

// chunkReader reads the bounded chunks; it ends at the end of the input
// or of its decoder.
type chunkReader struct {
	ctx    context.Context
	chunks <-chan []byte
	fed    <-chan struct{}
	rest   []byte
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.rest) == 0 {
		select {
		case b := <-c.chunks:
			c.rest = b
		case <-c.fed:
			return 0, io.EOF
		case <-c.ctx.Done():
			return 0, io.EOF
		}
	}
	n := copy(p, c.rest)
	c.rest = c.rest[n:]
	return n, nil
}

// Bounds on an escape sequence or a paste in a session's input. Real
// ones are far smaller: a mouse report or a key is under 20 bytes, a
// colour answer under 30, a clipboard answer is never asked for.
const (
	maxSeqParams = 16       // parameter separators in a CSI or DCS (the decoder has room for 32)
	maxSeqBytes  = 256      // bytes of a CSI's or DCS's parameters
	maxSeqData   = 4 << 10  // bytes of an OSC, DCS, SOS, PM or APC string
	maxPaste     = 64 << 10 // bytes of one bracketed paste
)

// inputBounds follows the escape sequences of a terminal's input stream
// and drops what goes over the bounds: the parameters of a CSI or DCS past
// maxSeqParams separators or maxSeqBytes, the data of a control string past
// maxSeqData, and the text of a bracketed paste past maxPaste. Each
// sequence and paste keeps its end, so the decoder sees it end. The 8-bit
// forms of CSI, SS3, DCS, OSC, SOS, PM, APC and ST, which no UTF-8
// terminal sends, are passed in their 7-bit forms (ESC [ and so on): the
// decoder mishandles some of them (an 8-bit X10 mouse report, "\x9bM",
// made it slice past its buffer and panic; that one is also mended in the
// decoder itself, internal/third_party/ultraviolet/PATCH.md, as ESC then
// "\x9bM" still reached it). Text and sequences within the bounds pass
// unchanged.
type inputBounds struct {
	state    inState
	n        int  // bytes of the current sequence's parameters, string or paste
	seps     int  // parameter separators of the current CSI or DCS
	over     bool // the current parameters went over: drop until the final byte
	dcs      bool // the current parameters are a DCS's (data follows)
	paste    bool // the current CSI's parameters are "200" so far
	utf8Left int  // continuation bytes of a character still to come
	endSeen  int  // bytes of pasteEnd matched (held back)
}

type inState uint8

const (
	inGround    inState = iota
	inEsc               // after ESC
	inParams            // a CSI's or DCS's parameters and intermediates
	inString            // an OSC, DCS, SOS, PM or APC string
	inStringEsc         // an ESC inside a string (ST is ESC \)
	inPaste             // inside a bracketed paste
)

const pasteEnd = "\x1b[201~"

// filter appends to dst the bytes of src to pass on.
func (b *inputBounds) filter(dst, src []byte) []byte {
	for _, c := range src {
		dst = b.step(dst, c)
	}
	return dst
}

func (b *inputBounds) step(dst []byte, c byte) []byte {
	switch b.state {
	case inEsc:
		if _, ok := c1Intro(c); ok {
			// ESC then an 8-bit introducer: the ESC stands alone, and
			// the introducer starts a sequence that is followed and
			// bounded as any other (it passed raw, its parameters
			// unbounded, and reached the decoder as "\x9bM" does).
			return b.ground(dst, c)
		}
		b.state = inGround
		switch c {
		case '[':
			b.startParams(false)
		case 'P':
			b.startParams(true)
		case ']', 'X', '^', '_':
			b.state, b.n = inString, 0
		case 0x1b:
			b.state = inEsc
		}
		return append(dst, c)
	case inParams:
		switch {
		case c >= 0x30 && c <= 0x3f || c >= 0x20 && c <= 0x2f:
			if c == ';' || c == ':' {
				b.seps++
			}
			b.n++
			b.paste = b.paste && b.n <= 3 && c == "200"[b.n-1]
			if b.over || b.seps > maxSeqParams || b.n > maxSeqBytes {
				b.over = true
				return dst
			}
			return append(dst, c)
		case c >= 0x40 && c <= 0x7e:
			b.state = inGround
			switch {
			case b.dcs:
				b.state, b.n = inString, 0
			case b.paste && b.n == 3 && c == '~':
				b.state, b.n, b.endSeen = inPaste, 0, 0
			}
			return append(dst, c)
		}
		b.state = inGround // anything else ends the sequence
	case inString:
		switch c {
		case 0x07:
			b.state = inGround
			return append(dst, c)
		case 0x9c: // ST
			b.state = inGround
			return append(dst, 0x1b, '\\')
		case 0x1b:
			b.state = inStringEsc
			return append(dst, c)
		}
		if b.n++; b.n > maxSeqData {
			return dst
		}
		return append(dst, c)
	case inStringEsc:
		if c == '\\' {
			b.state = inGround
			return append(dst, c)
		}
		b.state = inEsc
		return b.step(dst, c)
	case inPaste:
		return b.pasteByte(dst, c)
	}
	return b.ground(dst, c)
}

// ground handles a byte outside any sequence.
func (b *inputBounds) ground(dst []byte, c byte) []byte {
	b.state = inGround
	if b.utf8Left > 0 && c >= 0x80 && c <= 0xbf {
		b.utf8Left--
		return append(dst, c)
	}
	b.utf8Left = 0
	if c >= 0x80 && c <= 0x9f {
		if seven, ok := c1Intro(c); ok {
			// An 8-bit introducer stands alone (not in a character):
			// pass its 7-bit form, and follow it as that.
			b.state = inEsc
			return b.step(append(dst, 0x1b), seven)
		}
	}
	switch {
	case c == 0x1b:
		b.state = inEsc
	case c >= 0xf0:
		b.utf8Left = 3
	case c >= 0xe0:
		b.utf8Left = 2
	case c >= 0xc0:
		b.utf8Left = 1
	}
	return append(dst, c)
}

// c1Intro is the byte that follows ESC in the 7-bit form of the 8-bit
// introducer c.
func c1Intro(c byte) (byte, bool) {
	switch c {
	case 0x9b:
		return '[', true
	case 0x8f:
		return 'O', true
	case 0x90:
		return 'P', true
	case 0x9d:
		return ']', true
	case 0x98:
		return 'X', true
	case 0x9e:
		return '^', true
	case 0x9f:
		return '_', true
	}
	return 0, false
}

func (b *inputBounds) startParams(dcs bool) {
	b.state, b.n, b.seps, b.over, b.dcs, b.paste = inParams, 0, 0, false, dcs, !dcs
}

// pasteByte handles a byte of a paste: text up to maxPaste passes, and
// the end marker always does.
func (b *inputBounds) pasteByte(dst []byte, c byte) []byte {
	if c == pasteEnd[b.endSeen] {
		if b.endSeen++; b.endSeen == len(pasteEnd) {
			b.state = inGround
			return append(dst, pasteEnd...)
		}
		return dst
	}
	// What was held back was text after all.
	held := pasteEnd[:b.endSeen]
	b.endSeen = 0
	for i := 0; i < len(held); i++ {
		dst = b.pasteText(dst, held[i])
	}
	if c == pasteEnd[0] {
		b.endSeen = 1
		return dst
	}
	return b.pasteText(dst, c)
}

func (b *inputBounds) pasteText(dst []byte, c byte) []byte {
	if b.n++; b.n > maxPaste {
		return dst
	}
	return append(dst, c)
}
