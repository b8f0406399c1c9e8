package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// DecodeSearch reads a search response, {"data": [entry, ...]}, in one
// pass: the body is read as a stream of JSON tokens (jsontext) and each
// entry goes straight from its tokens into a Number, so the body is never
// held whole and no byte is scanned twice. Each entry may be shaped like
// any provider's (see fields.go and docs/api.md); an entry that is not an
// object, has no usable phone number or repeats an earlier number is
// skipped and counted, by reason, in Result.Skipped. A body that is not a JSON object with a "data"
// list is a KindBadResponse *Error ("data": null counts as an empty list).
// Country and type default to q's when an entry has none.
func DecodeSearch(r io.Reader, q Query) (*Result, error) {
	res, err := decodeSearch(r, q, redactor{}, nil, nil)
	if err != nil {
		return nil, err
	}
	res.FetchedAt = time.Now()
	return res, nil
}

// decodeSearch is DecodeSearch without the time stamp; red takes the API
// key out of the messages of a body without "data" before they are cut.
// With emit, the numbers are handed to it in batches as they are decoded
// (see Client.SearchEach) instead of being collected in Result.Numbers.
// With preview (and no emit), a large answer's first numbers are handed
// to it once while the rest is decoded (see ObservePreview).
func decodeSearch(r io.Reader, q Query, red redactor, emit func([]Number) error, preview func(*Result)) (*Result, error) {
	if emit != nil {
		preview = nil // the numbers are handed over as they come anyway
	}
	rr := &recordingReader{r: r}
	res, err := decodeBody(rr, bodySize(r), q, red, emit, preview)
	if err != nil && rr.err != nil {
		// The reader failed, not the JSON (whatever the decoder made of it).
		var tl *tooLargeError
		if errors.As(rr.err, &tl) {
			return nil, &Error{Kind: KindBadResponse, Err: tl}
		}
		return nil, &Error{Kind: KindNetwork, Err: fmt.Errorf("reading response: %w", rr.err)}
	}
	return res, err
}

// bodySize is the length of the body r will give, when it is known
// before reading (a response's Content-Length, a bytes.Reader's Len), else
// -1. It only sizes the decoder's buffers: a wrong size costs time, never
// a wrong result.
func bodySize(r io.Reader) int64 {
	switch r := r.(type) {
	case *bodyReader:
		if r.size >= 0 {
			return min(r.size, r.left)
		}
	case interface{ Len() int }:
		return int64(r.Len())
	}
	return -1
}

// recordingReader remembers the first error other than io.EOF.
type recordingReader struct {
	r   io.Reader
	err error
}

func (r *recordingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF && r.err == nil {
		r.err = err
	}
	return n, err
}

func decodeBody(r io.Reader, size int64, q Query, red redactor, emit func([]Number) error, preview func(*Result)) (*Result, error) {
	dec := jsontext.NewDecoder(r, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, jsonError(err, true)
	}
	if tok.Kind() != '{' {
		return nil, badResponse("response is not a JSON object (it is %s)", describe(tok.Kind()))
	}
	res := &Result{Query: q}
	haveData := false
	var msgs []string
	var key []byte
	for {
		if k, err := peek(dec); err != nil {
			return nil, jsonError(err, false)
		} else if k == '}' {
			break
		}
		name, err := dec.ReadValue()
		if err != nil {
			return nil, jsonError(err, false)
		}
		key = unquote(key[:0], name)
		switch string(key) {
		case "data":
			if haveData {
				err = dec.SkipValue()
				break
			}
			haveData = true
			err = decodeData(dec, size, q, res, emit, preview)
		case "error", "errors", "message":
			var v jsontext.Value
			if v, err = dec.ReadValue(); err == nil {
				msgs = append(msgs, messagesFrom(json.RawMessage(bytes.Clone(v)), 0)...)
			}
		default:
			err = dec.SkipValue()
		}
		if err != nil {
			return nil, jsonError(err, false)
		}
	}
	if _, err := dec.ReadToken(); err != nil { // the closing brace
		return nil, jsonError(err, false)
	}
	if !haveData {
		e := badResponse(`response has no "data" list`)
		e.Messages = boundMessages(msgs, func(m string) string { return text(red.clean(m)) })
		return nil, e
	}
	return res, nil
}

// peek returns the kind of the next token, or the error that stops the
// decoder there.
func peek(dec *jsontext.Decoder) (jsontext.Kind, error) {
	if k := dec.PeekKind(); k != 0 {
		return k, nil
	}
	_, err := dec.ReadToken() // PeekKind keeps its error for the next read
	if err == nil {
		err = io.ErrUnexpectedEOF
	}
	return 0, err
}

// decodeData decodes the "data" array, one entry at a time, straight from
// the decoder's tokens into Numbers: collected in res.Numbers, or with
// emit handed over in batches as they are decoded. size is the body's
// length when known (see bodySize), else -1. preview, when not nil, is
// called once, when previewAfter numbers are kept and another entry
// follows, with a copy of them and the skips so far.
func decodeData(dec *jsontext.Decoder, size int64, q Query, res *Result, emit func([]Number) error, preview func(*Result)) error {
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case 'n':
		return nil // "data": null
	case '[':
	default:
		if k := tok.Kind(); k == '{' {
			if err := skipRest(dec); err != nil {
				return err
			}
		}
		return badResponse(`response "data" is not a list (it is %s)`, describe(tok.Kind()))
	}
	ed := newEntryDecoder(dec, q)
	nums := numberChunks{dec: dec, size: size, start: dec.InputOffset()}
	if emit != nil {
		nums.stream = newStreamBatch(dec, emit)
	}
	var seen numberSet
	for {
		if err := nums.flushIfStarved(); err != nil {
			return err
		}
		k, err := peek(dec)
		if err != nil {
			return err
		}
		if k == ']' {
			break
		}
		if preview != nil && nums.n >= previewAfter {
			preview(&Result{Query: q, Numbers: nums.snapshot(), Skipped: res.Skipped})
			preview = nil
		}
		if k != '{' {
			if err := dec.SkipValue(); err != nil {
				return err
			}
			res.Skipped.Add(SkipNotObject)
			continue
		}
		n := nums.next()
		if nums.expect > 0 {
			seen.reserve(nums.expect)
			nums.expect = 0
		}
		why, err := ed.entry(n)
		if err != nil {
			return err
		}
		if why != skipNone {
			res.Skipped.Add(why)
			continue
		}
		if !seen.add(e164Key(n.E164)) {
			*n = Number{}
			res.Skipped.Add(SkipRepeated)
			continue
		}
		nums.keep()
	}
	if err := nums.flush(); err != nil {
		return err
	}
	if _, err := dec.ReadToken(); err != nil { // the closing bracket
		return err
	}
	res.Numbers = nums.all()
	return nil
}

// numberSet is a set of e164Keys: open addressing with linear probing in a
// power-of-two table kept at most half full. For 100,000 numbers it is
// several times quicker than a map (no hashing of strings, no buckets).
type numberSet struct {
	slots []uint64 // 0: empty (no key is 0: a key counts its digits)
	n     int
}

// add adds k and reports whether it was new.
func (s *numberSet) add(k uint64) bool {
	if 2*(s.n+1) > len(s.slots) {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := (k * 0x9e3779b97f4a7c15) >> 32 & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case 0:
			s.slots[i] = k
			s.n++
			return true
		case k:
			return false
		}
	}
}

func (s *numberSet) grow() { s.resize(max(1024, 2*len(s.slots))) }

// reserve makes room for n keys in all, so that adding them does not grow
// the table step by step.
func (s *numberSet) reserve(n int) {
	size := max(1024, len(s.slots))
	for 2*n > size {
		size *= 2
	}
	if size > len(s.slots) {
		s.resize(size)
	}
}

// resize moves the keys to a table of size slots (a power of two).
func (s *numberSet) resize(size int) {
	old := s.slots
	s.slots = make([]uint64, size)
	s.n = 0
	for _, k := range old {
		if k != 0 {
			s.add(k)
		}
	}
}

// e164Key packs an E.164 number ("+" and at most 15 digits) into one word:
// the digits as a number, times 16, plus their count (so "+10" and "+010"
// differ). Distinct numbers get distinct keys.
func e164Key(e164 string) uint64 {
	var k uint64
	n := uint64(0)
	for i := 1; i < len(e164); i++ {
		k = k*10 + uint64(e164[i]-'0')
		n++
	}
	return k<<4 | n
}

// skipRest skips the rest of the object or array just opened.
func skipRest(dec *jsontext.Decoder) error {
	depth := dec.StackDepth()
	for dec.StackDepth() >= depth {
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
	}
	return nil
}

// numberChunks collects decoded numbers in chunks and joins them once at
// the end. Appending to one slice would copy every number about five times
// over (large slices grow by a quarter) and leave the copies to the
// garbage collector: for 100,000 numbers that was 150 MB allocated and
// most of the decoding time.
//
// When the body's size is known, the join is avoided: after the first
// estimateAfter numbers, the bytes they took tell how many the rest of the
// body holds, and one slice of about that many takes them all (the few
// decoded so far are copied into it). Only when the estimate falls short
// do further chunks follow, joined at the end as without it.
type numberChunks struct {
	chunks [][]Number
	n      int
	// dec, size and start estimate the count: the decoder, the body's
	// size (-1: unknown) and the offset where the list began.
	dec       *jsontext.Decoder
	size      int64
	start     int64
	estimated bool // the estimate was made (at most once)
	expect    int  // the estimated count, until decodeData has used it
	// stream, when not nil, hands the numbers over in batches instead of
	// keeping them: then there is one chunk, reused.
	stream *streamBatch
}

// streamBatch is how numberChunks hands numbers over as they come.
type streamBatch struct {
	dec  *jsontext.Decoder
	emit func([]Number) error
	err  error // what emit returned, which stops the decoding
}

// streamBatchSize is the most numbers handed over at once: about 64 KiB
// of Numbers, few enough that the first ones are written within
// microseconds of arriving.
const streamBatchSize = 256

// starvedBelow is how few bytes of decoded input may be left before the
// batch is handed over: less than an entry, so the next one will have to
// be read from the network, which may wait.
const starvedBelow = 512

func newStreamBatch(dec *jsontext.Decoder, emit func([]Number) error) *streamBatch {
	return &streamBatch{dec: dec, emit: emit}
}

// errStopped marks the decoding stopped by emit's error (kept in
// streamBatch.err).
var errStopped = errors.New("stopped by the caller")

// flushIfStarved hands over the numbers kept so far when the batch is
// full, or when the decoder has too little input left to decode the next
// entry without reading (and perhaps waiting for) the network.
func (c *numberChunks) flushIfStarved() error {
	if c.stream == nil || len(c.chunks) == 0 || len(c.chunks[0]) == 0 {
		return nil
	}
	if len(c.chunks[0]) < streamBatchSize && len(c.stream.dec.UnreadBuffer()) >= starvedBelow {
		return nil
	}
	return c.flush()
}

// flush hands over the numbers kept so far, when streaming, and clears
// their slots for reuse.
func (c *numberChunks) flush() error {
	if c.stream == nil || len(c.chunks) == 0 || len(c.chunks[0]) == 0 {
		return nil
	}
	batch := c.chunks[0]
	if err := c.stream.emit(batch); err != nil {
		c.stream.err = err
		return errStopped
	}
	clear(batch)
	c.chunks[0] = batch[:0]
	c.n = 0
	return nil
}

// chunkMax is the largest chunk: 4,096 numbers, about 1.3 MB.
const chunkMax = 4096

// next returns the slot the next number is decoded into (zeroed): it is
// kept by keep, or reused by the next call when the entry is skipped.
// Decoding in place saves copying every Number once more.
func (c *numberChunks) next() *Number {
	if c.stream != nil {
		if len(c.chunks) == 0 {
			c.chunks = [][]Number{make([]Number, 0, streamBatchSize)}
		}
		ch := c.chunks[0]
		return &ch[:len(ch)+1][len(ch)]
	}
	last := len(c.chunks) - 1
	if last < 0 || len(c.chunks[last]) == cap(c.chunks[last]) {
		if c.estimate() {
			return c.next()
		}
		size := chunkMax
		if last < 0 || cap(c.chunks[last]) < chunkMax {
			size = min(max(8, 2*c.n), chunkMax) // small responses stay small
		}
		c.chunks = append(c.chunks, make([]Number, 0, size))
		last++
	}
	ch := c.chunks[last]
	return &ch[:len(ch)+1][len(ch)]
}

// estimateAfter is how many numbers are decoded before their count is
// estimated from the bytes they took.
const estimateAfter = 64

// estimate, once enough numbers are in, replaces the chunks with one slice
// sized for the whole body (the count so far times the body's bytes over
// the bytes read, plus 1/32), and reports whether it did.
func (c *numberChunks) estimate() bool {
	if c.estimated || c.size < 0 || c.n < estimateAfter || c.dec == nil {
		return false
	}
	c.estimated = true
	read := c.dec.InputOffset() - c.start
	left := c.size - c.start
	if read <= 0 || left <= read {
		return false
	}
	// Each number took at least a dozen bytes, so est ≤ left/12: the
	// size cannot make the slice larger than the body could fill.
	est := int64(c.n) * left / read
	est += est/32 + 16
	if est <= int64(c.n)+chunkMax {
		return false // small: the chunks do as well
	}
	one := make([]Number, 0, est)
	for i, ch := range c.chunks {
		one = append(one, ch...)
		c.chunks[i] = nil
	}
	c.chunks = append(c.chunks[:0], one)
	c.expect = int(est)
	return true
}

// keep keeps the number next returned.
func (c *numberChunks) keep() {
	last := len(c.chunks) - 1
	c.chunks[last] = c.chunks[last][:len(c.chunks[last])+1]
	c.n++
}

// all returns the numbers in one slice of exactly their length (nil for
// none), releasing the chunks as it copies them.
func (c *numberChunks) all() []Number {
	if c.n == 0 || c.stream != nil {
		return nil
	}
	if len(c.chunks) == 1 {
		one := c.chunks[0][:c.n:c.n]
		if c.estimated && cap(c.chunks[0])-c.n > c.n/4 {
			// Far fewer than estimated (most entries were skipped, or
			// the body lied about its size): keep only what is used.
			one = slices.Clone(one)
		}
		return one
	}
	out := make([]Number, 0, c.n)
	for i, ch := range c.chunks {
		out = append(out, ch...)
		c.chunks[i] = nil
	}
	return out
}

// snapshot returns a copy of the numbers kept so far, in one slice of
// exactly their length: the decoder goes on writing into the chunks.
func (c *numberChunks) snapshot() []Number {
	out := make([]Number, 0, c.n)
	for _, ch := range c.chunks {
		out = append(out, ch...)
	}
	return out
}

// describe names a JSON kind in plain words.
func describe(k jsontext.Kind) string {
	switch k {
	case '[':
		return "a list"
	case '{':
		return "an object"
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "something else"
}

// jsonError turns a decoder error into an *Error: over the size cap, empty,
// truncated or not JSON. An *Error is returned as it is.
func jsonError(err error, first bool) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var tl *tooLargeError
	var se *jsontext.SyntacticError
	switch {
	case errors.As(err, &tl):
		return &Error{Kind: KindBadResponse, Err: tl}
	case err == io.EOF && first:
		return badResponse("response body is empty")
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return badResponse("response body ended early (truncated JSON)")
	case errors.As(err, &se) && first:
		return badResponse("response is not JSON (%s)", text(syntaxText(se)))
	case errors.As(err, &se):
		return badResponse("response is not valid JSON at byte %d (%s)", se.ByteOffset, text(syntaxText(se)))
	}
	return &Error{Kind: KindBadResponse, Err: err}
}

// syntaxText is what a syntax error says, without the package prefix.
func syntaxText(se *jsontext.SyntacticError) string {
	if se.Err != nil {
		return se.Err.Error()
	}
	return strings.TrimPrefix(se.Error(), "jsontext: ")
}

// compactJSON returns a copy of a valid JSON value without insignificant
// white space, so it prints on one line.
func compactJSON(v []byte) json.RawMessage {
	if bytes.ContainsAny(v, " \t\r\n") {
		var b bytes.Buffer
		if json.Compact(&b, v) == nil {
			return b.Bytes()
		}
	}
	return bytes.Clone(v)
}

// bodyReader caps a response body. Past the cap it returns a *tooLargeError;
// like recordingReader, it remembers the first read error that is not
// io.EOF, so a connection that breaks mid-body is told apart from a body
// that is not JSON.
type bodyReader struct {
	recordingReader
	left  int64
	limit int64
	size  int64 // the body's announced length (Content-Length), or -1
}

func (b *bodyReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// At the cap: one more byte means the body is too big.
		var one [1]byte
		n, err := b.recordingReader.Read(one[:])
		if n > 0 {
			return 0, &tooLargeError{limit: b.limit}
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.recordingReader.Read(p)
	b.left -= int64(n)
	return n, err
}

// tooLargeError is returned by bodyReader past its cap.
type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string {
	return "response body is over the " + formatBytes(e.limit) + " limit"
}

// IsTooLarge reports whether err is a response over the client's size cap
// (WithMaxBodyBytes), and the cap.
func IsTooLarge(err error) (limit int64, ok bool) {
	var tl *tooLargeError
	if errors.As(err, &tl) {
		return tl.limit, true
	}
	return 0, false
}

// FormatBytes renders a size the way numbrowse's messages do: "512 B",
// "64 KiB", "32 MiB", or "1.5 MiB" when it is not a whole number of them.
func FormatBytes(n int64) string { return formatBytes(n) }

func overLimit(limit int64) *Error {
	return &Error{Kind: KindBadResponse, Err: &tooLargeError{limit: limit}}
}

// formatBytes renders a size for messages: "512 B", "64 KiB", "32 MiB",
// "1.5 GiB" (one decimal when the size is not a whole number of the unit).
func formatBytes(n int64) string {
	for _, u := range []struct {
		shift uint
		name  string
	}{{30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n >= 1<<u.shift {
			if n%(1<<u.shift) == 0 {
				return fmt.Sprintf("%d %s", n>>u.shift, u.name)
			}
			return fmt.Sprintf("%.1f %s", float64(n)/float64(int64(1)<<u.shift), u.name)
		}
	}
	return fmt.Sprintf("%d B", n)
}
