package inventory

import (
	"context"
	"errors"
	"sync"
	"time"

	"numbrowse/api"
)

// Streamer is a Searcher that can hand the numbers over as they are
// decoded; *api.Client is one (api.Client.SearchEach).
type Streamer interface {
	SearchEach(ctx context.Context, q api.Query, emit func([]api.Number) error) (*api.Result, error)
}

// StreamChoice runs c afresh, like SearchChoice with Fresh, but hands the
// numbers to emit as they arrive instead of collecting them, so a caller
// that writes them out holds a few hundred at a time: numbrowse search.
// The cache is neither read nor filled, and the searches wait for the
// limiter like any other.
//
// emit is called from one goroutine at a time, in the order SearchChoice
// would return the numbers: for all types, mobile first, then local,
// toll-free and national. The first type is handed over as it arrives; the
// others are searched at the same time and held until their turn (as the
// browser holds them all). A batch is only valid during the call. An error
// from emit stops every search and is returned as it is.
//
// The returned Merged has no Numbers; it counts the skipped entries and
// says which types failed or are not offered, as SearchChoice does. When
// the source cannot stream, each search's numbers are handed over once it
// has answered.
func (s *Service) StreamChoice(ctx context.Context, c Choice, emit func([]api.Number) error) (Merged, error) {
	if t, ok := c.Types.One(); ok {
		r, err := s.stream(ctx, api.Query{Country: c.Country.Code, Type: t}, c.OnWait, emit)
		return Merged{Result: r}, err
	}
	if !c.Types.All() {
		return Merged{}, &api.ValidationError{Field: "type", Value: "", Hint: "choose a number type, or all"}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	types := c.Types.Types()
	o := &ordered{emit: emit, held: make([][]api.Number, len(types)), done: make([]bool, len(types)), cancel: cancel}
	resps := make([]*api.Result, len(types))
	errs := make([]error, len(types))
	var wg sync.WaitGroup
	for i, t := range types {
		wg.Go(func() {
			resps[i], errs[i] = s.stream(ctx, api.Query{Country: c.Country.Code, Type: t}, c.OnWait,
				func(b []api.Number) error { return o.add(i, b) })
			o.finish(i, errs[i] != nil)
		})
	}
	wg.Wait()
	if o.err != nil {
		return Merged{}, o.err
	}

	out := Merged{Result: &api.Result{Query: api.Query{Country: c.Country.Code}}}
	for i, t := range types {
		err := errs[i]
		var ve *api.ValidationError
		switch {
		case errors.As(err, &ve), api.IsCanceled(err):
			return Merged{}, err
		case api.IsRejected(err):
			out.Rejected = append(out.Rejected, t)
			continue
		case err != nil:
			out.Failed = append(out.Failed, TypeError{Type: t, Err: err})
			continue
		}
		r := resps[i]
		out.Skipped.Merge(r.Skipped)
		if out.FetchedAt.IsZero() || r.FetchedAt.Before(out.FetchedAt) {
			out.FetchedAt = r.FetchedAt
		}
	}
	if len(out.Failed) > 0 && len(out.Failed)+len(out.Rejected) == len(types) {
		return out, out.Failed[0].Err
	}
	if len(out.Rejected) == len(types) {
		return out, &NotOfferedError{Country: c.Country, Err: errs[0]} // as SearchChoice says it
	}
	return out, nil
}

// stream runs one search of q through the limiter, streaming when the
// source can.
func (s *Service) stream(ctx context.Context, q api.Query, onWait func(d time.Duration), emit func([]api.Number) error) (*api.Result, error) {
	q, err := q.Normalize()
	if err != nil {
		return nil, err
	}
	if s.limiter != nil {
		if err := s.limiter.Wait(ctx, func(d time.Duration) {
			if onWait != nil {
				onWait(d)
			}
		}); err != nil {
			if ctx.Err() != nil {
				return nil, &api.Error{Kind: api.KindCanceled, Err: err}
			}
			return nil, err
		}
	}
	if st, ok := s.src.(Streamer); ok {
		return st.SearchEach(ctx, q, emit)
	}
	r, err := s.src.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(r.Numbers) > 0 {
		if err := emit(r.Numbers); err != nil {
			return nil, err
		}
	}
	cp := *r
	cp.Numbers = nil
	return &cp, nil
}

// ordered hands the batches of several concurrent searches to one emit in
// the order of the searches: those of the search whose turn it is go
// through at once; the others are copied and held until their turn.
type ordered struct {
	mu     sync.Mutex
	emit   func([]api.Number) error
	turn   int            // the search whose numbers go straight through
	held   [][]api.Number // per search: numbers waiting for its turn
	done   []bool         // per search: it has finished
	err    error          // emit's error, which stops everything
	cancel context.CancelFunc
}

// add takes a batch of search i.
func (o *ordered) add(i int, b []api.Number) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err != nil {
		return o.err
	}
	if i != o.turn {
		o.held[i] = append(o.held[i], b...) // copies: b is reused
		return nil
	}
	return o.send(b)
}

// send emits b; the caller holds mu.
func (o *ordered) send(b []api.Number) error {
	if err := o.emit(b); err != nil {
		o.err = err
		o.cancel()
		return err
	}
	return nil
}

// finish marks search i done (failed: its held numbers are dropped, as a
// failed search's are) and passes the turn on while the searches whose
// turn comes have finished, emitting what they held.
func (o *ordered) finish(i int, failed bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.done[i] = true
	if failed && i != o.turn {
		o.held[i] = nil
	}
	for o.turn < len(o.done) && o.done[o.turn] {
		o.turn++
		if o.turn < len(o.held) && o.err == nil && len(o.held[o.turn]) > 0 {
			held := o.held[o.turn]
			o.held[o.turn] = nil
			for len(held) > 0 && o.err == nil {
				n := min(len(held), 256)
				_ = o.send(held[:n])
				held = held[n:]
			}
		}
	}
}
