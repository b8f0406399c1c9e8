package serve

import (
	"net/http"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"numbrowse/api"
	fs "numbrowse/internal/faultserver"
	"numbrowse/internal/inventory"
	"numbrowse/internal/leakcheck"
)

// TestEndedSessionsLeaveNoGoroutine opens browser sessions whose search
// hangs upstream and ends them every way a session ends: q, ctrl+c, and a
// lost connection. Each time the session's search is cancelled upstream
// (the fault server's handler returns), and once the client is closed no
// goroutine started by the session is left.
func TestEndedSessionsLeaveNoGoroutine(t *testing.T) {
	up := fs.New(t, fs.SlowFirstByte(fs.Forever, fs.OK()))
	tr := &http.Transport{}
	c, err := api.NewClient(api.WithBaseURL(up.URL), api.WithAPIKey("idc_leaktest0123456789abcdefghijkl"),
		api.WithTimeout(2*guard), api.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, Config{NewModel: browserFactory(inventory.New(c))})
	// One session first, so that whatever the server starts once (its
	// accept loop runs on a goroutine of Serve's own) is running before the
	// snapshots.
	warm := openTerm(t, ts.client(t), 80, 24)
	warm.waitScreen(t, "Searching GB")
	warm.typeKeys(t, "q")
	warm.wait(t)

	for _, end := range []string{"q", "ctrl+c", "lost connection"} {
		t.Run(end, func(t *testing.T) {
			snap := leakcheck.Take()
			client, err := ts.dial(gossh.PublicKeys(ts.user))
			if err != nil {
				t.Fatal(err)
			}
			requests := up.Count()
			v := openTerm(t, client, 80, 24)
			v.waitScreen(t, "Searching GB")
			waitFor(t, "the search to reach the upstream", func() bool { return up.Count() > requests })
			switch end {
			case "q":
				v.typeKeys(t, "q")
			case "ctrl+c":
				v.typeKeys(t, "\x03")
			}
			if end != "lost connection" {
				if code := v.wait(t); code != 0 {
					t.Errorf("exit status %d", code)
				}
				v.done <- nil // for the wait below
			}
			_ = client.Close()
			<-v.done // the client's side of the session is over
			tr.CloseIdleConnections()
			// openTerm's emulator keeps a goroutine reading its answers
			// for the whole test (vt's Close races with it): the test's
			// own terminal, not the server's.
			snap.Check(t, leakcheck.Patience(guard), leakcheck.Ignore("serve.openTermAsking.func2"))
		})
	}
	// The searches never answered, so the upstream saw each one.
	if n := up.Count(); n != 4 {
		t.Errorf("%d upstream searches, want 4", n)
	}
}
