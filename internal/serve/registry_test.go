package serve

import (
	"context"
	"testing"
)

func TestRegistry(t *testing.T) {
	r := registry{max: 2}
	a, b, c := &liveSession{}, &liveSession{}, &liveSession{}
	for i, step := range []struct {
		ls   *liveSession
		want admission
	}{{a, admitted}, {b, admitted}, {c, admitFull}} {
		if got := r.add(step.ls); got != step.want {
			t.Fatalf("add %d = %v, want %v", i, got, step.want)
		}
	}
	r.remove(a)
	r.remove(a) // twice is harmless
	if got := r.count(); got != 1 {
		t.Fatalf("count = %d after a remove, want 1", got)
	}
	if got := r.add(c); got != admitted {
		t.Fatalf("add after a remove = %v", got)
	}

	live := r.close()
	if len(live) != 2 {
		t.Fatalf("close returned %d sessions, want 2", len(live))
	}
	if got := r.add(a); got != admitClosing {
		t.Fatalf("add after close = %v, want admitClosing", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r.waitEmpty(ctx) {
		t.Fatal("waitEmpty reported empty with two sessions left")
	}
	r.remove(b)
	r.remove(c)
	if !r.waitEmpty(context.Background()) {
		t.Fatal("waitEmpty did not see the registry empty")
	}
}
