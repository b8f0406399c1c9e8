package api

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of the providers' examples")

// providerExample is one published example in testdata/providers: the
// verbatim file, and its .source note (repository, path, commit, where the
// entries are in it, and the search the entries answer).
type providerExample struct {
	name    string // "twilio/local"
	file    string // the example, as published
	entries string // dotted path of the entry list; "." for the whole file
	query   Query
}

// providerExamples lists the examples under testdata/providers.
func providerExamples(t testing.TB) []providerExample {
	t.Helper()
	notes, err := filepath.Glob("testdata/providers/*/*.source")
	if err != nil || len(notes) == 0 {
		t.Fatalf("no provider examples: %v", err)
	}
	var out []providerExample
	for _, note := range notes {
		b, err := os.ReadFile(note)
		if err != nil {
			t.Fatal(err)
		}
		ex := providerExample{name: strings.TrimSuffix(strings.TrimPrefix(note, "testdata/providers/"), ".source")}
		ex.file = strings.TrimSuffix(note, ".source") + ".json"
		for line := range strings.SplitSeq(string(b), "\n") {
			k, v, _ := strings.Cut(line, ": ")
			switch k {
			case "entries":
				ex.entries = v
			case "query":
				c, typ, _ := strings.Cut(v, " ")
				ex.query = Query{Country: c, Type: NumberType(typ)}
			case "repository", "path", "commit", "taken", "provider":
			case "":
			default:
				t.Fatalf("%s: unknown line %q", note, line)
			}
		}
		for _, need := range []string{"repository: ", "path: ", "commit: ", "taken: ", "entries: ", "query: "} {
			if !strings.Contains(string(b), need) {
				t.Fatalf("%s: no %q line", note, need)
			}
		}
		out = append(out, ex)
	}
	return out
}

// body wraps the example's entries as a search response, {"data": [...]},
// as the API passes a provider's entries through.
func (ex providerExample) body(t testing.TB) []byte {
	t.Helper()
	raw, err := os.ReadFile(ex.file)
	if err != nil {
		t.Fatal(err)
	}
	v := json.RawMessage(raw)
	if ex.entries != "." {
		for part := range strings.SplitSeq(ex.entries, ".") {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(v, &m); err != nil {
				t.Fatalf("%s: %s: %v", ex.name, part, err)
			}
			if v = m[part]; v == nil {
				t.Fatalf("%s: no %q", ex.name, part)
			}
		}
	}
	if v = bytes.TrimSpace(v); v[0] == '{' {
		v = append(append([]byte{'['}, v...), ']') // one entry
	}
	return append(append([]byte(`{"data": `), v...), '}')
}

// TestProviderExamples decodes every provider's published example and
// compares what numbrowse understood with its golden file (go test
// ./api -run ProviderExamples -update rewrites them; review the diff).
func TestProviderExamples(t *testing.T) {
	for _, ex := range providerExamples(t) {
		t.Run(ex.name, func(t *testing.T) {
			res, err := DecodeSearch(bytes.NewReader(ex.body(t)), ex.query)
			if err != nil {
				t.Fatal(err)
			}
			assertResultPrintable(t, res)
			got := understood(res)
			golden := strings.TrimSuffix(ex.file, ".json") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s understood differently; got:\n%s\nwant:\n%s", ex.name, got, want)
			}
		})
	}
}

// understood renders a result as the golden files hold it: every
// normalised field of every number, then what was skipped.
func understood(res *Result) []byte {
	type req struct {
		Label  string   `json:"label"`
		Detail string   `json:"detail,omitempty"`
		Fields []string `json:"fields,omitempty"`
	}
	type num struct {
		E164            string   `json:"e164"`
		Display         string   `json:"display,omitempty"`
		Country         string   `json:"country"`
		Type            string   `json:"type"`
		TypeWord        string   `json:"type_word,omitempty"`
		Upfront         string   `json:"upfront,omitempty"`
		UpfrontCurrency string   `json:"upfront_currency,omitempty"`
		Monthly         string   `json:"monthly,omitempty"`
		MonthlyCurrency string   `json:"monthly_currency,omitempty"`
		Currency        string   `json:"currency,omitempty"`
		Features        []string `json:"features,omitempty"`
		Regions         []string `json:"regions,omitempty"`
		Flags           []string `json:"flags,omitempty"`
		Requirements    []req    `json:"requirements,omitempty"`
		ProviderFields  []string `json:"provider_fields,omitempty"`
	}
	var out struct {
		Numbers []num  `json:"numbers"`
		Skipped string `json:"skipped,omitempty"`
	}
	for _, n := range res.Numbers {
		v := num{E164: n.E164, Display: n.Display, Country: n.Country, Type: string(n.Type), TypeWord: n.TypeWord,
			Upfront: n.Upfront.String(), UpfrontCurrency: n.UpfrontCurrency, Monthly: n.Monthly.String(),
			MonthlyCurrency: n.MonthlyCurrency, Currency: n.Currency(), Features: n.Features, Flags: n.Flags.Labels()}
		for _, r := range n.Regions {
			v.Regions = append(v.Regions, r.Type+": "+r.Name)
		}
		for _, r := range n.Requirements {
			rq := req{Label: r.Label, Detail: r.Detail}
			for _, f := range r.Fields {
				rq.Fields = append(rq.Fields, f.Key+" = "+string(f.Value))
			}
			v.Requirements = append(v.Requirements, rq)
		}
		for _, f := range n.Extra {
			v.ProviderFields = append(v.ProviderFields, f.Key+" = "+string(f.Value))
		}
		out.Numbers = append(out.Numbers, v)
	}
	out.Skipped = res.Skipped.String()
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}
