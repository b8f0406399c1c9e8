package results

import (
	"runtime"
	"sync"
	"testing"

	"numbrowse/api"
)

// TestSharerShares: Sets of one result share their index, whoever asks
// first and however many ask at once; each keeps its own filtering state;
// another result gets another index.
func TestSharerShares(t *testing.T) {
	sh := NewSharer()
	r := &api.Result{Numbers: exportSet().nums}
	sets := make([]*Set, 8)
	var wg sync.WaitGroup
	for i := range sets {
		wg.Go(func() {
			sets[i] = sh.Set(r)
			_ = sets[i].View(ParseFilter("sms"), Sort{Col: Monthly, Desc: i%2 == 0})
			_ = sets[i].International(i % 2)
		})
	}
	wg.Wait()
	for i := range sets {
		if !Shares(sets[0], sets[i]) {
			t.Fatalf("set %d has its own index", i)
		}
	}
	if sets[0] == sets[1] {
		t.Error("two users got the same Set (their filter state would mix)")
	}
	other := sh.Set(&api.Result{Numbers: exportSet().nums})
	if Shares(other, sets[0]) {
		t.Error("another result shares the index")
	}
	if Shares(NewSet(r.Numbers), sets[0]) {
		t.Error("NewSet shares")
	}
	var nilSharer *Sharer
	if s := nilSharer.Set(r); s == nil || s.Len() != 2 {
		t.Error("a nil Sharer makes no Set")
	}
}

// TestSharerLetsGo: an index nobody uses is not kept.
func TestSharerLetsGo(t *testing.T) {
	sh := NewSharer()
	for range 20 {
		_ = sh.Set(&api.Result{Numbers: exportSet().nums})
	}
	runtime.GC()
	_ = sh.Set(&api.Result{Numbers: exportSet().nums}) // sweeps
	sh.mu.Lock()
	n := len(sh.slots)
	sh.mu.Unlock()
	if n > 2 {
		t.Errorf("%d slots kept for results nobody holds", n)
	}
}
