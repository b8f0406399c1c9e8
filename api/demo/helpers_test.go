package demo

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"numbrowse/api"
)

// newTestServer serves a demo handler without latency.
func newTestServer(t *testing.T, opts ...Option) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(NewHandler(append([]Option{WithLatency(0, 0)}, opts...)...))
	t.Cleanup(srv.Close)
	return srv
}

// do sends one request with the demo key (or key, when not nil) and
// returns the status and body. A []byte body is sent as it is, anything
// else as JSON.
func do(t *testing.T, srv *httptest.Server, method, path string, body any, key *string) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if raw, ok := body.([]byte); ok {
		rd = bytes.NewReader(raw)
	} else if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, srv.URL+BasePath+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	k := APIKey
	if key != nil {
		k = *key
	}
	if k != "" {
		req.Header.Set("Authorization", "Bearer "+k)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// search runs GET /virtual_numbers/available and returns status and body.
func search(t *testing.T, srv *httptest.Server, country string, typ api.NumberType) (int, []byte) {
	t.Helper()
	v := url.Values{}
	if country != "" {
		v.Set("country", country)
	}
	if typ != "" {
		v.Set("number_type", string(typ))
	}
	return do(t, srv, http.MethodGet, "/virtual_numbers/available?"+v.Encode(), nil, nil)
}

// record is one decoded search entry, whatever the provider shape.
type record struct {
	raw     map[string]json.RawMessage
	e164    string
	country string // as the entry states it, "" when it does not
	regions []api.Region
}

// mustSearch runs a search that must succeed and decodes its entries.
func mustSearch(t *testing.T, srv *httptest.Server, country string, typ api.NumberType) []record {
	t.Helper()
	status, body := search(t, srv, country, typ)
	if status != http.StatusOK {
		t.Fatalf("search %s %s: status %d: %s", country, typ, status, body)
	}
	return decodeRecords(t, body)
}

func decodeRecords(t *testing.T, body []byte) []record {
	t.Helper()
	var resp struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		t.Fatalf("decode: %v", err)
	}
	out := make([]record, 0, len(resp.Data))
	for _, raw := range resp.Data {
		r := record{raw: raw}
		switch {
		case raw["phone_number"] != nil:
			r.e164 = str(t, raw["phone_number"])
		case raw["msisdn"] != nil:
			r.e164 = "+" + str(t, raw["msisdn"])
		default:
			t.Fatalf("entry without a number: %v", raw)
		}
		for _, k := range []string{"country_code", "iso_country", "country"} {
			if raw[k] != nil {
				r.country = str(t, raw[k])
				break
			}
		}
		if regs := raw["region_information"]; regs != nil {
			if err := json.Unmarshal(regs, &r.regions); err != nil {
				t.Fatalf("region_information: %v", err)
			}
		}
		out = append(out, r)
	}
	return out
}

func str(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("want a JSON string, got %s", raw)
	}
	return s
}

// errorBody decodes {"error": "..."}.
func errorBody(t *testing.T, body []byte) string {
	t.Helper()
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
		t.Fatalf("want {\"error\": ...}, got %s", body)
	}
	return e.Error
}

// offers lists every (country, type) the demo offers, in order.
func offers() []api.Query {
	var out []api.Query
	off := Offered()
	for _, code := range countryCodes() {
		for _, typ := range off[code] {
			out = append(out, api.Query{Country: code, Type: typ})
		}
	}
	return out
}

// lettersOnly folds s and keeps its letters, to compare place names.
func lettersOnly(s string) string {
	var b strings.Builder
	for _, r := range api.Fold(s) {
		if r >= 'a' && r <= 'z' || r > 0x7f {
			b.WriteRune(r)
		}
	}
	return b.String()
}
