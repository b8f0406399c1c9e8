package leakcheck

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestNoLeak(t *testing.T) {
	snap := Take()
	done := make(chan struct{})
	go func() { <-done }()
	close(done) // the goroutine ends soon after: Check waits for it
	snap.Check(t)
}

func TestFindsALeak(t *testing.T) {
	snap := Take()
	stop := make(chan struct{})
	defer close(stop)
	go leaky(stop)
	left := snap.Leaked(Patience(20 * time.Millisecond))
	if len(left) != 1 || !strings.Contains(left[0], "leakcheck.leaky") {
		t.Fatalf("Leaked = %q, want the leaky goroutine", left)
	}
	if left := snap.Leaked(Patience(0), Ignore("leakcheck.leaky")); len(left) != 0 {
		t.Fatalf("Ignore did not ignore: %q", left)
	}
	var ft fakeT
	snap.Check(&ft, Patience(0))
	if !strings.Contains(ft.msg, "1 goroutine(s) still running") || !strings.Contains(ft.msg, "leaky") {
		t.Fatalf("Check reported %q", ft.msg)
	}
}

func TestOlderGoroutinesDoNotCount(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	go leaky(stop) // listed by Take even before it first runs
	snap := Take()
	snap.Check(t, Patience(0))
}

func leaky(stop chan struct{}) { <-stop }

// fakeT records Errorf.
type fakeT struct {
	testing.TB
	msg string
}

func (f *fakeT) Helper()                        {}
func (f *fakeT) Errorf(format string, a ...any) { f.msg = fmt.Sprintf(format, a...) }

func TestParseID(t *testing.T) {
	for in, want := range map[string]uint64{"goroutine 42 [running]:\nmain.main()": 42, "goroutine 7 [chan receive, 2 minutes]:": 7} {
		if id, ok := parseID([]byte(in)); !ok || id != want {
			t.Errorf("parseID(%q) = %d, %v", in, id, ok)
		}
	}
	if _, ok := parseID([]byte("nonsense")); ok {
		t.Error("parsed nonsense")
	}
}
