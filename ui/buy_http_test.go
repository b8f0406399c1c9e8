package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
)

// buyAPI is an httptest API that answers purchases with status and body
// and lists owned as the account's numbers, counting requests by path.
type buyAPI struct {
	mu     *sync.Mutex
	counts map[string]int
	status int
	body   string
	owned  string
}

func (b *buyAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	b.counts[r.Method+" "+r.URL.Path]++
	b.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/virtual_numbers" {
		_, _ = w.Write([]byte(b.owned))
		return
	}
	w.WriteHeader(b.status)
	_, _ = w.Write([]byte(b.body))
}

func (b *buyAPI) count(key string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.counts[key]
}

func buyClient(t *testing.T, b *buyAPI) *api.Client {
	t.Helper()
	b.mu, b.counts = &sync.Mutex{}, map[string]int{}
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	c, err := api.NewClient(api.WithBaseURL(srv.URL), api.WithAPIKey("idc_test0123456789abcdefghijklmnopqr"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const postPurchase = "POST /virtual_numbers/purchase"

// TestBuyThroughClient drives the dialog with the real api client against
// an httptest server: what reaches the server is what counts.
func TestBuyThroughClient(t *testing.T) {
	tests := []struct {
		name          string
		api           buyAPI
		keys          []string
		posts, checks int
		want          string
	}{
		{"wrong confirmation", buyAPI{status: 201, body: `{"data":{"id":1}}`},
			[]string{"9", "9", "9", "9", "enter", "enter", "b", "enter"}, 0, 0, "nothing was sent"},
		{"201, keys pressed again", buyAPI{status: 201, body: `{"data":{"id":77,"phone_number":"+447700900123","name":"+447700900123"}}`},
			[]string{"0", "1", "2", "3", "enter", "enter", "b"}, 1, 0, "Bought +44 7700 900123 — id 77"},
		{"403", buyAPI{status: 403, body: `{"error":"Write permission required"}`},
			[]string{"0", "1", "2", "3", "enter", "enter"}, 1, 0, "lacks write permission (403)"},
		{"422 errors", buyAPI{status: 422, body: `{"errors":["phone_number is required"]}`},
			[]string{"0", "1", "2", "3", "enter"}, 1, 0, "Not bought: the provider refused the purchase (HTTP 422): phone_number is required."},
		{"500, not owned", buyAPI{status: 500, body: ``, owned: `{"data":[]}`},
			[]string{"0", "1", "2", "3", "enter", "enter"}, 1, 1, "is not on your account — it was not bought"},
		{"307 redirect", buyAPI{status: 307, body: ``},
			[]string{"0", "1", "2", "3", "enter", "enter"}, 1, 0, "a purchase is never sent on, so nothing was bought"},
		{"303 redirect, not owned", buyAPI{status: 303, body: ``, owned: `{"data":[]}`},
			[]string{"0", "1", "2", "3", "enter"}, 1, 1, "answered with a redirect (HTTP 303), which is not followed"},
		{"502, owned", buyAPI{status: 502, body: `<html>bad gateway</html>`,
			owned: `{"data":[{"id":5,"phone_number":"+447700900123"}]}`},
			[]string{"0", "1", "2", "3", "enter"}, 1, 1, "is now on your account (id 5)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := tt.api
			d := newTestBuy(buyClient(t, &srv), buyNumber("GB"), 0)
			// Keys are handled one at a time; commands run only after
			// all of them, as when keys arrive faster than the network.
			var cmds []tea.Cmd
			for _, k := range tt.keys {
				var cmd tea.Cmd
				d, cmd = d.Update(buyKey(k))
				cmds = append(cmds, cmd)
			}
			for _, c := range cmds {
				d, _ = buyRun(d, c, nil)
			}
			if p, c := srv.count(postPurchase), srv.count("GET /virtual_numbers"); p != tt.posts || c != tt.checks {
				t.Errorf("%d purchases and %d ownership checks, want %d and %d", p, c, tt.posts, tt.checks)
			}
			if !strings.Contains(buyText(d), tt.want) {
				t.Errorf("missing %q in\n%s", tt.want, buyScreen(d))
			}
		})
	}
}

// TestBuyClosedSessionCancels: the purchase runs under the session's
// context; a session that is already gone sends nothing.
func TestBuyClosedSessionCancels(t *testing.T) {
	srv := buyAPI{status: 201, body: `{"data":{"id":1}}`}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := newBuyDialog(u3Styles()["plain"], u3Keys(), ctx, buyClient(t, &srv))
	d.spin = func(int) tea.Cmd { return nil }
	d.SetSize(80, 30)
	d = d.Open(buyNumber("GB"), "", 0)
	d, _ = buyKeys(t, d, "0", "1", "2", "3", "enter")
	if srv.count(postPurchase) != 0 || !strings.Contains(buyText(d), "Not sent") {
		t.Errorf("%d purchases; view\n%s", srv.count(postPurchase), buyScreen(d))
	}
}
