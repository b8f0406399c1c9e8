package demo

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"numbrowse/api"
)

func TestAuth(t *testing.T) {
	srv := newTestServer(t)
	empty, wrong, basic := "", "idc_"+strings.Repeat("x", 32), "Basic "+APIKey
	tests := []struct {
		name string
		key  *string
		want string
	}{
		{"missing", &empty, "Unauthorized"},
		{"wrong key", &wrong, "Invalid or expired API key"},
		{"not bearer", &basic, "Invalid or expired API key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"/virtual_numbers/available?country=US", "/virtual_numbers"} {
				key := *tt.key
				if strings.HasPrefix(key, "Basic ") {
					// do adds "Bearer "; send the raw header instead.
					req := httptest.NewRequest(http.MethodGet, BasePath+path, nil)
					req.Header.Set("Authorization", key)
					rec := httptest.NewRecorder()
					NewHandler(WithLatency(0, 0)).ServeHTTP(rec, req)
					if rec.Code != http.StatusUnauthorized || errorBody(t, rec.Body.Bytes()) != tt.want {
						t.Errorf("%s: %d %s", path, rec.Code, rec.Body)
					}
					continue
				}
				status, body := do(t, srv, http.MethodGet, path, nil, &key)
				if status != http.StatusUnauthorized || errorBody(t, body) != tt.want {
					t.Errorf("%s: %d %s", path, status, body)
				}
			}
		})
	}
}

func TestSearchErrors(t *testing.T) {
	srv := newTestServer(t)
	tests := []struct {
		country string
		typ     api.NumberType
		status  int
		want    string // in the error message
	}{
		{"US", api.National, http.StatusUnprocessableEntity, "No national numbers available in US"},
		{"JP", api.Mobile, http.StatusUnprocessableEntity, "No mobile numbers available in JP"},
		{"AQ", api.Local, http.StatusUnprocessableEntity, "No local numbers available in AQ"},
		{"XX", api.Local, http.StatusUnprocessableEntity, "XX"},
		{"USA", api.Local, http.StatusUnprocessableEntity, "USA"},
		{"US", "landline", http.StatusBadRequest, "number_type"},
		{"US", "Local", http.StatusBadRequest, "number_type"},
	}
	for _, tt := range tests {
		t.Run(tt.country+"/"+string(tt.typ), func(t *testing.T) {
			status, body := search(t, srv, tt.country, tt.typ)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, body)
			}
			if msg := errorBody(t, body); !strings.Contains(msg, tt.want) {
				t.Errorf("error %q, want it to mention %q", msg, tt.want)
			}
		})
	}
}

func TestSearchDefaultsAndCase(t *testing.T) {
	srv := newTestServer(t)
	_, def := search(t, srv, "", "")
	_, usMobile := search(t, srv, "US", api.Mobile)
	if string(def) != string(usMobile) {
		t.Error("no parameters did not search US mobile")
	}
	_, lower := search(t, srv, " gb ", api.Local)
	_, upper := search(t, srv, "GB", api.Local)
	if string(lower) != string(upper) {
		t.Error("country is case-sensitive")
	}
}

func TestSearchResponse(t *testing.T) {
	srv := newTestServer(t, WithSize(3000))
	resp, err := srv.Client().Do(authed(t, http.MethodGet, srv.URL+BasePath+"/virtual_numbers/available?country=DE&number_type=local"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	if resp.ContentLength != -1 {
		t.Errorf("Content-Length %d: the body is not streamed", resp.ContentLength)
	}
	var body struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	shapes := map[string]int{}
	for _, e := range body.Data {
		switch {
		case e["record_type"] != nil:
			shapes["telnyx"]++
			if e["regulatory_requirements"] == nil || e["cost_information"] == nil {
				t.Errorf("Telnyx entry without requirements or costs: %v", e)
			}
		case e["friendly_name"] != nil:
			shapes["twilio"]++
		case e["msisdn"] != nil:
			shapes["vonage"]++
		default:
			shapes["plain"]++
			if e["number_type"] == nil || string(e["number_type"]) != `"local"` {
				t.Errorf("plain entry type %s", e["number_type"])
			}
		}
	}
	n := len(body.Data)
	if shapes["plain"] < n*3/4 || shapes["telnyx"] < n/20 || shapes["twilio"] == 0 || shapes["vonage"] == 0 {
		t.Errorf("shapes %v of %d entries", shapes, n)
	}
}

func TestMethodsAndPaths(t *testing.T) {
	srv := newTestServer(t)
	tests := []struct {
		method, path string
		status       int
		allow        string
	}{
		{http.MethodPost, "/virtual_numbers/available", http.StatusMethodNotAllowed, "GET"},
		{http.MethodDelete, "/virtual_numbers", http.StatusMethodNotAllowed, "GET"},
		{http.MethodGet, "/virtual_numbers/purchase", http.StatusMethodNotAllowed, "POST"},
		{http.MethodGet, "/virtual_numbers/123", http.StatusNotFound, ""},
		{http.MethodGet, "/numbers", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		resp, err := srv.Client().Do(authed(t, tt.method, srv.URL+BasePath+tt.path))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status || resp.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d Allow %q", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
}

// TestLatencyHonoursCancel starts a request that would wait an hour and
// cancels it: the handler must return without answering.
func TestLatencyHonoursCancel(t *testing.T) {
	h := NewHandler(WithLatency(time.Hour, time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	req := authed(t, http.MethodGet, BasePath+"/virtual_numbers/available").WithContext(ctx)
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		h.ServeHTTP(rec, req)
		close(done)
	}()
	cancel()
	<-done // hangs (and the test times out) if the wait ignores ctx
	if rec.Body.Len() != 0 {
		t.Errorf("answered a cancelled request: %s", rec.Body)
	}
}

func authed(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+APIKey)
	return req
}
