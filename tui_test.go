package main

import (
	"context"
	"testing"
	"time"
)

// TestBrowserPurchaser: the browser may buy only when not read-only, and
// then through the app's client; read-only (or no key) gives a literal
// nil, never a nil *api.Client in the interface.
func TestBrowserPurchaser(t *testing.T) {
	tests := []struct {
		name     string
		set      settings
		purchase bool
	}{
		{"demo", settings{Demo: true, Country: "GB", Type: "mobile", Timeout: time.Second}, true},
		{"demo, read-only", settings{Demo: true, ReadOnly: true, Country: "GB", Type: "mobile", Timeout: time.Second}, false},
		{"API key", settings{APIKey: testKey, APIURL: "https://api.example.com", Country: "US", Type: "local", Timeout: time.Second}, true},
		{"API key, read-only", settings{APIKey: testKey, APIURL: "https://api.example.com", ReadOnly: true, Timeout: time.Second}, false},
		{"no key", settings{Country: "US", Type: "local"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := tt.set
			a := &app{env: func(string) string { return "" }, set: &set}
			t.Cleanup(a.close)
			o, err := a.browserOptions(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := o.Purchaser != nil; got != tt.purchase {
				t.Fatalf("purchaser given: %v, want %v (%#v)", got, tt.purchase, o.Purchaser)
			}
			if tt.purchase && o.Purchaser != a.client {
				t.Error("the purchaser is not the app's client")
			}
		})
	}
}
