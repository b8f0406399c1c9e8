package api

import "context"

// previewAfter is how many numbers an answer must hold, with more still
// to come, before its first ones are handed to the caller of
// ObservePreview. Real answers hold tens to hundreds of numbers and are
// decoded in well under a millisecond: they never pay for a preview (a
// copy of the numbers so far, and for the browser a table built twice).
// 10,000 numbers take 15–25 ms to decode on a shared 2-core machine, less
// than a frame or two, so a preview of fewer would show nothing sooner
// that a person could see; at 100,000 (a 31 MB answer, 200–350 ms of
// decoding) the first 10,000 arrive after a tenth of it. The copy costs
// about 2.5 MB and a millisecond once per attempt.
const previewAfter = 10_000

// previewKey is the context key of ObservePreview.
type previewKey struct{}

// ObservePreview returns a context under which a search (Client.Search)
// whose answer holds more than 10,000 numbers tells fn, once per attempt,
// the first 10,000 while the rest is still being decoded: a Result with a
// copy of them (which fn may keep), the entries skipped so far and
// FetchedAt, the time of the preview. fn is called from the goroutine
// that decodes the answer, which waits for it: it must return at once. A
// smaller answer gives no preview; an attempt that fails after its
// preview is retried as any other, and may give another. The Result the
// search returns replaces every preview; a preview is never the answer.
// SearchEach, which hands every number over as it comes, gives none. The
// innermost fn of a context wins.
func ObservePreview(ctx context.Context, fn func(*Result)) context.Context {
	return context.WithValue(ctx, previewKey{}, fn)
}

// previewObserver is the fn of ObservePreview for ctx, or nil.
func previewObserver(ctx context.Context) func(*Result) {
	fn, _ := ctx.Value(previewKey{}).(func(*Result))
	return fn
}
