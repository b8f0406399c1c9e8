package api

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

// benchBody builds a search response of n entries in a mix of provider
// shapes.
func benchBody(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		switch i % 4 {
		case 0, 1: // Telnyx, the likely provider
			fmt.Fprintf(&b, `{"record_type":"available_phone_number","phone_number":"+1970%07d","vanity_format":"",`+
				`"best_effort":false,"quickship":true,"reservable":true,"region_information":[`+
				`{"region_type":"country_code","region_name":"US"},{"region_type":"rate_center","region_name":"DENVER"},`+
				`{"region_type":"state","region_name":"CO"}],"cost_information":{"upfront_cost":"1.00",`+
				`"monthly_cost":"1.%02d","currency":"USD"},"features":[{"name":"sms"},{"name":"voice"},{"name":"mms"}]}`,
				i, i%100)
		case 2: // Twilio
			fmt.Fprintf(&b, `{"friendly_name":"(808) 925-%04d","phone_number":"+1808%07d","lata":"834",`+
				`"locality":"Hilo","rate_center":"HILO","latitude":"19.705000","longitude":"-155.085000","region":"HI",`+
				`"postal_code":"96720","iso_country":"US","address_requirements":"none","beta":false,`+
				`"capabilities":{"voice":true,"SMS":true,"MMS":false}}`, i%10000, i)
		case 3: // Vonage
			fmt.Fprintf(&b, `{"country":"US","msisdn":"1555%07d","type":"mobile-lvn","cost":%d.25,"features":["VOICE","SMS"]}`,
				i, i%10)
		}
	}
	b.WriteString(`],"metadata":{"total_results":1}}`)
	return b.Bytes()
}

// documentedBody builds a search response of n entries of the documented
// shape (docs/api.md), as the IdentityCall API describes its entries.
func documentedBody(n int) []byte {
	var b bytes.Buffer
	writeDocumented(&b, n)
	return b.Bytes()
}

// writeDocumented writes documentedBody(n) to w.
func writeDocumented(w io.Writer, n int) {
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"data":[`)
	for i := range n {
		if i > 0 {
			bw.WriteByte(',')
		}
		fmt.Fprintf(bw, `{"phone_number":"+1555%07d","country_code":"US","number_type":"local",`+
			`"upfront_cost":"1.00","monthly_cost":"1.%02d","features":["sms","voice","mms"],`+
			`"region_information":[{"region_type":"state","region_name":"CA"}]}`, i, i%100)
	}
	bw.WriteString(`]}`)
	_ = bw.Flush()
}

// BenchmarkDecodeDocumented decodes 100,000 entries of the documented shape
// (the issue 11 budget: at most 150 ms, and no slower than
// BenchmarkDecodeBaseline on the same body).
func BenchmarkDecodeDocumented(b *testing.B) {
	body := documentedBody(100_000)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		res, err := DecodeSearch(bytes.NewReader(body), usLocal)
		if err != nil || len(res.Numbers) != 100_000 {
			b.Fatalf("%v, %d numbers", err, len(res.Numbers))
		}
	}
}

// BenchmarkDecodeUnsized is BenchmarkDecodeDocumented through a reader
// whose length is not known in advance, as a response streamed without a
// Content-Length (the demo's, and the API's): the numbers are then
// collected in chunks and joined at the end.
func BenchmarkDecodeUnsized(b *testing.B) {
	body := documentedBody(100_000)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		res, err := DecodeSearch(struct{ io.Reader }{bytes.NewReader(body)}, usLocal)
		if err != nil || len(res.Numbers) != 100_000 {
			b.Fatalf("%v, %d numbers", err, len(res.Numbers))
		}
	}
}

// BenchmarkDecodeBaseline is the yardstick for BenchmarkDecodeDocumented: a
// plain encoding/json decode of the same body into a minimal struct of the
// documented fields, with no normalising, checking or interning at all.
func BenchmarkDecodeBaseline(b *testing.B) {
	type region struct {
		Type string `json:"region_type"`
		Name string `json:"region_name"`
	}
	type entry struct {
		PhoneNumber string   `json:"phone_number"`
		CountryCode string   `json:"country_code"`
		NumberType  string   `json:"number_type"`
		UpfrontCost string   `json:"upfront_cost"`
		MonthlyCost string   `json:"monthly_cost"`
		Features    []string `json:"features"`
		Regions     []region `json:"region_information"`
	}
	body := documentedBody(100_000)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var v struct {
			Data []entry `json:"data"`
		}
		if err := json.NewDecoder(bytes.NewReader(body)).Decode(&v); err != nil || len(v.Data) != 100_000 {
			b.Fatalf("%v, %d entries", err, len(v.Data))
		}
	}
}

// BenchmarkDecodeTokenize is the floor under BenchmarkDecodeDocumented: a
// plain jsontext ReadToken loop over the same body, with the options
// DecodeSearch uses, doing nothing with the tokens.
func BenchmarkDecodeTokenize(b *testing.B) {
	body := documentedBody(100_000)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		dec := jsontext.NewDecoder(bytes.NewReader(body), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
		for {
			if _, err := dec.ReadToken(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkDecodeSearch decodes responses of 1,000 to 100,000 entries. It
// also reports the body's size and the heap the decoded numbers keep
// (MiB-kept): the decoder streams, so the body itself is never held.
func BenchmarkDecodeSearch(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			body := benchBody(n)
			kept := keptMiB(body) // first: no earlier result is alive
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				res, err := DecodeSearch(bytes.NewReader(body), usLocal)
				if err != nil || len(res.Numbers) != n {
					b.Fatalf("%v, %d numbers", err, len(res.Numbers))
				}
			}
			b.ReportMetric(kept, "MiB-kept")
			b.ReportMetric(float64(len(body))/(1<<20), "MiB-body")
		})
	}
}

// keptMiB is the heap the numbers decoded from body keep.
func keptMiB(body []byte) float64 {
	before := heapInUse()
	res, _ := DecodeSearch(bytes.NewReader(body), usLocal)
	after := heapInUse()
	runtime.KeepAlive(res)
	return float64(after-before) / (1 << 20)
}

// heapInUse is the live heap after a collection.
func heapInUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
