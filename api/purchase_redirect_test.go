package api

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestPurchaseRedirectNotFollowed: a purchase is never sent on to where a
// redirect points (Go's client would re-send a POST on 307/308, or turn it
// into a GET on 301/302/303). 307 and 308 mean the server did not act, so
// nothing was bought; after the others (a 303 is how a server says "done,
// see over there") the outcome is unknown, so the caller checks Owned.
func TestPurchaseRedirectNotFollowed(t *testing.T) {
	tests := []struct {
		status   int
		location string
		host     string
		unknown  bool
	}{
		{307, "https://elsewhere.example/api/v1/public/virtual_numbers/purchase", "elsewhere.example", false},
		{308, "/moved/virtual_numbers/purchase", "", false}, // host filled in: the server's own
		{301, "https://elsewhere.example/purchase", "elsewhere.example", true},
		{302, "/login", "", true},
		{303, "https://api.example.test:8443/virtual_numbers/9", "api.example.test", true},
		{307, "", "without a usable Location", false},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status)+" "+tt.location, func(t *testing.T) {
			srv, rc := recordServer(t, func(w http.ResponseWriter, r *http.Request) {
				if !strings.HasSuffix(r.URL.Path, purchasePath) {
					reply(201, `{"data":{"id":1,"phone_number":"+15551234567"}}`)(w, r)
					return
				}
				if tt.location != "" {
					w.Header().Set("Location", tt.location)
				}
				w.WriteHeader(tt.status)
			})
			c, _ := testClient(t, srv)
			got, err := c.Purchase(context.Background(), salesLine)
			if got != nil || err == nil {
				t.Fatalf("got %+v, %v; want a failure", got, err)
			}
			if reqs := rc.Requests(); len(reqs) != 1 || !strings.HasSuffix(reqs[0].path, purchasePath) {
				t.Fatalf("requests %+v; want only the one POST", reqs)
			}
			if KindOf(err) != KindUnknown || IsOutcomeUnknown(err) != tt.unknown {
				t.Errorf("kind %v, outcome unknown %v; want %v, %v (%v)",
					KindOf(err), IsOutcomeUnknown(err), KindUnknown, tt.unknown, err)
			}
			host := tt.host
			if host == "" {
				host = "127.0.0.1"
			}
			if msg := err.Error(); !strings.Contains(msg, "redirected the purchase") || !strings.Contains(msg, host) {
				t.Errorf("error %q does not name the redirect and %q", msg, host)
			}
			if !tt.unknown && !strings.Contains(err.Error(), "nothing was bought") {
				t.Errorf("error %q does not say it was not bought", err)
			}
		})
	}
}

// TestRedirectsStillFollowedForReads: only the purchase stops at a
// redirect; an idempotent GET still follows one.
func TestRedirectsStillFollowedForReads(t *testing.T) {
	srv, rc := recordServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/public"+ownedPath {
			http.Redirect(w, r, "/v2"+ownedPath, http.StatusTemporaryRedirect)
			return
		}
		reply(200, `{"data":[{"id":1,"phone_number":"+15551234567"}]}`)(w, r)
	})
	c, _ := testClient(t, srv)
	list, err := c.Owned(context.Background())
	if err != nil || len(list) != 1 || len(rc.Requests()) != 2 {
		t.Fatalf("Owned = %v, %v after %d requests", list, err, len(rc.Requests()))
	}
}
