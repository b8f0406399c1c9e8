package demo

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"numbrowse/api"
)

// TestClientEndToEnd runs the real api.Client against a started demo
// server: every entry, whatever its provider shape, decodes to a usable
// number, and the demo's errors map to the client's error kinds.
func TestClientEndToEnd(t *testing.T) {
	srv, err := Start(WithLatency(0, 0), WithSize(400))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Error(err)
		}
	})
	if !strings.HasPrefix(srv.URL(), "http://127.0.0.1:") || !strings.HasSuffix(srv.URL(), BasePath) {
		t.Errorf("URL %q", srv.URL())
	}
	client, err := api.NewClient(api.WithBaseURL(srv.URL()), api.WithAPIKey(APIKey))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, q := range []api.Query{
		{Country: "US", Type: api.Local}, {Country: "DE", Type: api.Local},
		{Country: "GB", Type: api.National}, {Country: "BR", Type: api.Mobile},
	} {
		res, err := client.Search(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if len(res.Numbers) != 400 || res.Skipped.Total() != 0 {
			t.Errorf("%s: %d numbers, %d skipped", q, len(res.Numbers), res.Skipped.Total())
		}
		var priced, regions int
		for _, n := range res.Numbers {
			if n.Country != q.Country || n.Type != q.Type {
				t.Errorf("%s: %s is %s %s", q, n.E164, n.Country, n.Type)
			}
			if n.Monthly.Valid() {
				priced++
			}
			if q.Type == api.Local && len(n.Regions) > 0 {
				regions++
			}
		}
		if priced < 390 || (q.Type == api.Local && regions < 300) {
			t.Errorf("%s: %d priced, %d with regions", q, priced, regions)
		}
	}

	if _, err := client.Search(ctx, api.Query{Country: "JP", Type: api.Mobile}); !api.IsRejected(err) {
		t.Errorf("JP mobile: %v, want a rejection", err)
	}
	bad, err := api.NewClient(api.WithBaseURL(srv.URL()), api.WithAPIKey("idc_"+strings.Repeat("0", 32)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.Search(ctx, api.Query{Country: "US", Type: api.Local}); !api.IsAuth(err) {
		t.Errorf("wrong key: %v, want an auth error", err)
	}
}

func TestServerCloseTwice(t *testing.T) {
	srv, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestSizeFromEnv(t *testing.T) {
	tests := []struct {
		env     string
		want    int
		wantErr bool
	}{
		{"", 0, false},
		{"  ", 0, false},
		{"1", 1, false},
		{"5000", 5000, false},
		{" 200000 ", MaxSize, false},
		{"200_000", MaxSize, false},
		{"0", 0, true},
		{"-3", 0, true},
		{"200001", 0, true},
		{"lots", 0, true},
		{"1e3", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			t.Setenv(SizeEnv, tt.env)
			got, err := SizeFromEnv()
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("SizeFromEnv() = %d, %v", got, err)
			}
			if err != nil && !strings.Contains(err.Error(), SizeEnv) {
				t.Errorf("error %q does not name %s", err, SizeEnv)
			}
		})
	}
}

func TestOptions(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		want config
	}{
		{"defaults", nil, config{minLatency: defaultMinLatency, maxLatency: defaultMaxLatency, seed: 1}},
		{"size capped", []Option{WithSize(MaxSize + 1)}, config{size: MaxSize, minLatency: defaultMinLatency, maxLatency: defaultMaxLatency, seed: 1}},
		{"negative size", []Option{WithSize(-5)}, config{minLatency: defaultMinLatency, maxLatency: defaultMaxLatency, seed: 1}},
		{"latency swapped", []Option{WithLatency(300, 100)}, config{minLatency: 100, maxLatency: 300, seed: 1}},
		{"negative latency", []Option{WithLatency(-1, -1)}, config{seed: 1}},
		{"seed", []Option{WithSeed(9)}, config{minLatency: defaultMinLatency, maxLatency: defaultMaxLatency, seed: 9}},
		{"arrivals", []Option{WithArrivals(time.Minute), WithLatency(0, 0)}, config{arrivals: time.Minute, seed: 1}},
		{"negative arrivals", []Option{WithArrivals(-time.Minute), WithLatency(0, 0)}, config{seed: 1}},
		{"owned capped", []Option{WithOwnedNumbers(1000), WithLatency(0, 0)}, config{owned: maxOwnedSeeds, seed: 1}},
	}
	for _, tt := range tests {
		got := newConfig(tt.opts)
		if got.now == nil {
			t.Errorf("%s: no clock", tt.name)
		}
		got.now = nil // funcs do not compare
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestAPIKeyShape(t *testing.T) {
	if !regexp.MustCompile(`^idc_demo[A-Za-z0-9]{32}$`).MatchString(APIKey) {
		t.Errorf("APIKey %q is not idc_demo and 32 letters or digits", APIKey)
	}
}

func TestLatencyFromEnv(t *testing.T) {
	for _, tt := range []struct {
		env    string
		lo, hi time.Duration
		ok     bool
		bad    bool
	}{
		{env: ""},
		{env: "2s", lo: 2 * time.Second, hi: 2 * time.Second, ok: true},
		{env: "100ms-400ms", lo: 100 * time.Millisecond, hi: 400 * time.Millisecond, ok: true},
		{env: "0", ok: true},
		{env: "soon", bad: true},
		{env: "2h", bad: true},
	} {
		t.Setenv(LatencyEnv, tt.env)
		lo, hi, ok, err := LatencyFromEnv()
		if (err != nil) != tt.bad || lo != tt.lo || hi != tt.hi || ok != tt.ok {
			t.Errorf("%q: %v %v %v %v", tt.env, lo, hi, ok, err)
		}
	}
}
