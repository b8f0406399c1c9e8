package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// FuzzDecodeSearch feeds arbitrary bodies to the decoder. The seed corpus is
// in testdata/fuzz/FuzzDecodeSearch (real provider shapes and broken ones).
// The decoder must never panic, must fail only with a *Error, and whatever
// it returns must be safe to print.
func FuzzDecodeSearch(f *testing.F) {
	f.Add([]byte(`{"data":[{"phone_number":"+15551234567"}]}`))
	f.Fuzz(checkDecode)
}

// FuzzDecodeEntry explores one entry: a known (or any) key with an
// arbitrary JSON value, next to a usable number.
func FuzzDecodeEntry(f *testing.F) {
	values := []string{`null`, `""`, `"x"`, `"1.50"`, `1e999`, `true`, `[]`, `{}`, `["sms",{"name":"voice"},null]`,
		`{"amount":"1","currencyCode":"usd"}`, `[{"region_type":"state","region_name":"CA"}]`,
		`{"SMS":true,"voice":false}`, `[{"label":"ID","description":"d"},"proof"]`, `"\u001b]52;c;x\u0007"`}
	for _, d := range entryFields {
		name := d.name
		for _, v := range values {
			f.Add(name, []byte(v))
		}
	}
	f.Add("record_type", []byte(`"available_phone_number"`))
	f.Fuzz(func(t *testing.T, key string, value []byte) {
		k, err := json.Marshal(key)
		if err != nil {
			return
		}
		body := append([]byte(`{"data":[{"phone_number":"+15551234567",`), k...)
		body = append(body, ':')
		body = append(body, value...)
		body = append(body, "}]}"...)
		checkDecode(t, body)
	})
}

// checkDecode decodes body and checks everything the decoder promises.
func checkDecode(t *testing.T, body []byte) {
	res, err := DecodeSearch(bytes.NewReader(body), usLocal)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || res != nil {
			t.Fatalf("DecodeSearch failed with %T %v and result %v", err, err, res)
		}
		if e.Kind != KindBadResponse {
			t.Errorf("kind %v for a body in memory", e.Kind)
		}
		assertPrintable(t, "Error()", err.Error(), false)
		for _, m := range e.Messages {
			assertPrintable(t, "message", m, false)
		}
		return
	}
	assertResultPrintable(t, res)
	seen := map[string]bool{}
	for _, n := range res.Numbers {
		if !validE164(n.E164) || seen[n.E164] {
			t.Errorf("bad or repeated number %q", n.E164)
		}
		seen[n.E164] = true
		if !slices.IsSorted(n.Features) || len(slices.Compact(slices.Clone(n.Features))) != len(n.Features) {
			t.Errorf("features not a sorted set: %q", n.Features)
		}
		for _, f := range n.Features {
			if f == "" || f != strings.ToLower(f) {
				t.Errorf("feature %q", f)
			}
		}
		if n.Country == "" || n.Type == "" {
			t.Errorf("no country or type: %+v", n)
		}
		if len(n.Requirements) > 0 && !n.Flags.DocumentsRequired {
			t.Error("requirements without DocumentsRequired")
		}
		for _, x := range n.Extra {
			if !json.Valid(x.Value) || bytes.ContainsAny(x.Value, "\n\r\t") {
				t.Errorf("Extra %q is not one-line JSON: %q", x.Key, x.Value)
			}
		}
	}
	if res.Skipped.Total() < 0 {
		t.Errorf("Skipped = %d", res.Skipped)
	}
	// Reading in tiny pieces must not change the answer.
	again, err := DecodeSearch(iotest.OneByteReader(bytes.NewReader(body)), usLocal)
	if err != nil || !reflect.DeepEqual(again.Numbers, res.Numbers) || again.Skipped != res.Skipped {
		t.Errorf("one-byte reads gave a different answer: %v", err)
	}
}

func validE164(s string) bool {
	if len(s) < 8 || len(s) > 16 || s[0] != '+' {
		return false
	}
	return allDigits(s[1:])
}
