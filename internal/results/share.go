package results

import (
	"sync"
	"weak"

	"numbrowse/api"
)

// Sharer makes Sets that share their index when they are of the same
// result (the same *api.Result, as the inventory hands one cached result
// to everyone who asks): the SSH sessions of numbrowse serve keep one copy
// of the rows, sort orders and formatted numbers between them, and each
// only its own filter and order as indexes. An index lives as long as a
// Set uses it; the Sharer does not keep one alive. Safe for concurrent
// use; the zero Sharer is ready.
type Sharer struct {
	mu    sync.Mutex
	slots map[weak.Pointer[api.Result]]*shareSlot
}

// shareSlot is one result's index, built once by the first who asks.
type shareSlot struct {
	once  sync.Once
	idx   weak.Pointer[index] // set under Sharer.mu once built
	built bool                // idx is set (under Sharer.mu)
}

// NewSharer returns an empty Sharer.
func NewSharer() *Sharer { return &Sharer{} }

// Set returns a Set of r's numbers. Its index is the one of every other
// Set the Sharer made of r that is still in use; the first call builds it
// (the others wait for it rather than build their own). A nil Sharer
// builds a new index each time, as NewSet does.
func (sh *Sharer) Set(r *api.Result) *Set {
	if r == nil {
		return NewSet(nil)
	}
	if sh == nil {
		return NewSet(r.Numbers)
	}
	key := weak.Make(r)
	for {
		sh.mu.Lock()
		if sh.slots == nil {
			sh.slots = map[weak.Pointer[api.Result]]*shareSlot{}
		}
		slot, ok := sh.slots[key]
		if !ok {
			sh.sweep()
			slot = &shareSlot{}
			sh.slots[key] = slot
		}
		sh.mu.Unlock()

		var built *index
		slot.once.Do(func() {
			built = newIndex(r.Numbers)
			sh.mu.Lock()
			slot.idx, slot.built = weak.Make(built), true
			sh.mu.Unlock()
		})
		if built != nil {
			return &Set{index: built}
		}
		if idx := slot.idx.Value(); idx != nil {
			return &Set{index: idx}
		}
		// Every Set of it is gone and the index with them: build anew.
		sh.mu.Lock()
		if sh.slots[key] == slot {
			delete(sh.slots, key)
		}
		sh.mu.Unlock()
	}
}

// sweep forgets the results and indexes nobody uses any more; the caller
// holds mu.
func (sh *Sharer) sweep() {
	for k, slot := range sh.slots {
		if k.Value() == nil || (slot.built && slot.idx.Value() == nil) {
			delete(sh.slots, k)
		}
	}
}

// Shares reports whether a and b share their index (for tests).
func Shares(a, b *Set) bool { return a != nil && b != nil && a.index == b.index }
