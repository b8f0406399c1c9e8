package serve

import (
	"context"
	"sync"
)

// admission is the registry's answer to a new session.
type admission int

const (
	admitted admission = iota
	admitFull
	admitClosing
)

// registry is the set of running sessions, bounded by max.
type registry struct {
	max int

	mu      sync.Mutex
	live    map[*liveSession]struct{}
	closing bool
	wg      sync.WaitGroup // one per live session
}

func (r *registry) add(ls *liveSession) admission {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.closing:
		return admitClosing
	case len(r.live) >= r.max:
		return admitFull
	}
	if r.live == nil {
		r.live = map[*liveSession]struct{}{}
	}
	r.live[ls] = struct{}{}
	r.wg.Add(1)
	return admitted
}

func (r *registry) remove(ls *liveSession) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.live[ls]; ok {
		delete(r.live, ls)
		r.wg.Done()
	}
}

func (r *registry) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.live)
}

// close admits no more sessions and returns the running ones.
func (r *registry) close() []*liveSession {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closing = true
	out := make([]*liveSession, 0, len(r.live))
	for ls := range r.live {
		out = append(out, ls)
	}
	return out
}

// waitEmpty waits until every session has ended (after close) or ctx
// ends; it reports whether they all ended.
func (r *registry) waitEmpty(ctx context.Context) bool {
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}
