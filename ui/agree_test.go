package ui

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// providerBody wraps one of the api package's published provider examples
// (api/testdata/providers) as a search response, the way the API passes a
// provider's entries through, and returns it with the search it answers.
func providerBody(t *testing.T, source string) ([]byte, api.Query) {
	t.Helper()
	note, err := os.ReadFile(source)
	if err != nil {
		t.Fatal(err)
	}
	var entries string
	var q api.Query
	for line := range strings.SplitSeq(string(note), "\n") {
		k, v, _ := strings.Cut(line, ": ")
		switch k {
		case "entries":
			entries = v
		case "query":
			c, typ, _ := strings.Cut(v, " ")
			q = api.Query{Country: c, Type: api.NumberType(typ)}
		}
	}
	raw, err := os.ReadFile(strings.TrimSuffix(source, ".source") + ".json")
	if err != nil {
		t.Fatal(err)
	}
	v := json.RawMessage(raw)
	if entries != "." {
		for part := range strings.SplitSeq(entries, ".") {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(v, &m); err != nil {
				t.Fatal(err)
			}
			v = m[part]
		}
	}
	if v = bytes.TrimSpace(v); v[0] == '{' {
		v = append(append([]byte{'['}, v...), ']')
	}
	return append(append([]byte(`{"data":`), v...), '}'), q
}

// TestViewsAgree sends every provider example through the four places a
// number is shown (the table, the detail pane, `search --format json` and
// `--format csv`) and checks that each says the same costs with the same
// currency each, the same features, type, flags, documents and region.
func TestViewsAgree(t *testing.T) {
	sources, _ := filepath.Glob("../api/testdata/providers/*/*.source")
	if len(sources) == 0 {
		t.Fatal("no provider examples")
	}
	st := u3PlainStyles()
	for _, source := range sources {
		name := strings.TrimSuffix(strings.TrimPrefix(source, "../api/testdata/providers/"), ".source")
		t.Run(name, func(t *testing.T) {
			body, q := providerBody(t, source)
			res, err := api.DecodeSearch(bytes.NewReader(body), q)
			if err != nil {
				t.Fatal(err)
			}
			set := results.NewSet(res.Numbers)
			idx := set.View(results.Filter{}, results.Sort{})

			tb := newResultsTable(&st, pkKeys())
			tb.SetSize(220, idx.Len()+1)
			tb.SetData(set, idx, true)
			rows := strings.Split(ansi.Strip(tb.View()), "\n")

			var js bytes.Buffer
			if err := results.WriteJSON(&js, set, idx); err != nil {
				t.Fatal(err)
			}
			var entries []map[string]any
			if err := json.Unmarshal(js.Bytes(), &entries); err != nil {
				t.Fatal(err)
			}
			var cs bytes.Buffer
			if err := results.WriteCSV(&cs, set, idx); err != nil {
				t.Fatal(err)
			}
			records, err := csv.NewReader(&cs).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			col := map[string]int{}
			for i, h := range records[0] {
				col[h] = i
			}

			for pos, i := range idx.All() {
				n := set.At(i)
				row, e, rec := rows[pos+1], entries[pos], records[pos+1]
				detail := contentText(&st, n, 200)
				for _, c := range []struct {
					what           string
					amount         api.Decimal
					cur, jsonKey   string
					detailLabel    string
					csvAmt, csvCur string
				}{
					{"upfront", n.Upfront, n.UpfrontCurrency, "upfront", "Upfront", "upfront_cost", "upfront_currency"},
					{"monthly", n.Monthly, n.MonthlyCurrency, "monthly", "Monthly", "monthly_cost", "monthly_currency"},
				} {
					// JSON and CSV: the amount as sent, its own currency.
					if got := jsonString(e[c.jsonKey+"_cost"]); got != c.amount.String() {
						t.Errorf("%s: JSON %s %q, number says %q", n.E164, c.what, got, c.amount)
					}
					if got := jsonString(e[c.jsonKey+"_currency"]); got != c.cur {
						t.Errorf("%s: JSON %s currency %q, number says %q", n.E164, c.what, got, c.cur)
					}
					if rec[col[c.csvAmt]] != c.amount.String() || rec[col[c.csvCur]] != c.cur {
						t.Errorf("%s: CSV %s %q %q, number says %q %q", n.E164, c.what, rec[col[c.csvAmt]], rec[col[c.csvCur]], c.amount, c.cur)
					}
					if !c.amount.Valid() {
						continue
					}
					// The table: the amount with the same currency (marked
					// when it is not ISO 4217), or the amount under a header
					// that names the currency every amount of the column
					// has; the detail pane: the same, with the reason for
					// the mark.
					shape := tb.lay.upfront
					if c.what == "monthly" {
						shape = tb.lay.monthly
					}
					want := results.Cost(c.amount, c.cur)
					if shape.sharesCurrency() {
						want = results.Cost(c.amount, "")
						if head := "(" + results.CurrencyText(c.cur) + ")"; shape.shared != c.cur || !strings.Contains(rows[0], head) {
							t.Errorf("%s: the header %q does not name %s's currency %q", n.E164, rows[0], c.what, c.cur)
						}
					}
					if !strings.Contains(row, want) {
						t.Errorf("%s: table row lacks %s %q:\n%s", n.E164, c.what, want, row)
					}
					if want := results.CostLong(c.amount, c.cur); !hasRow(detail, c.detailLabel, want) {
						t.Errorf("%s: detail pane lacks %s %q:\n%s", n.E164, c.detailLabel, want, detail)
					}
				}
				if got, want := jsonString(e["currency"]), n.Currency(); got != want || rec[col["currency"]] != want {
					t.Errorf("%s: shared currency JSON %q CSV %q, number says %q", n.E164, got, rec[col["currency"]], want)
				}

				// Features: badges in the table, labels in the pane, names
				// in JSON and CSV.
				var badges []string
				for _, f := range api.KnownFeatures() {
					if n.Has(f) {
						badges = append(badges, api.FeatureBadge(f))
					} else {
						badges = append(badges, st.Glyphs.Dot)
					}
				}
				if want := strings.Join(badges, " "); !strings.Contains(row, want) {
					t.Errorf("%s: table row lacks features %q:\n%s", n.E164, want, row)
				}
				// The pane names each feature as the CLI does, with the
				// table's badge beside it: it is the row's legend.
				for _, f := range n.Features {
					want := api.FeatureLabel(f)
					if badge := api.FeatureBadge(f); badge != "" {
						want += " (" + badge + ")"
					}
					if !strings.Contains(detail, want) || !strings.Contains(api.FeatureLabels(n.Features), api.FeatureLabel(f)) {
						t.Errorf("%s: detail pane lacks feature %q", n.E164, want)
					}
				}
				if got := jsonStrings(e["features"]); !slices.Equal(got, n.Features) && len(n.Features)+len(got) > 0 {
					t.Errorf("%s: JSON features %q, number says %q", n.E164, got, n.Features)
				}
				if got := rec[col["features"]]; got != strings.Join(n.Features, ";") {
					t.Errorf("%s: CSV features %q", n.E164, got)
				}

				// Type: canonical everywhere, the provider's word beside it.
				if !strings.Contains(row, string(n.Type)) || jsonString(e["number_type"]) != string(n.Type) ||
					rec[col["number_type"]] != string(n.Type) {
					t.Errorf("%s: type differs from %q", n.E164, n.Type)
				}
				if jsonString(e["provider_type"]) != n.TypeWord || rec[col["provider_type"]] != n.TypeWord ||
					(n.TypeWord != "" && !strings.Contains(detail, n.TypeWord)) {
					t.Errorf("%s: provider's type word differs from %q", n.E164, n.TypeWord)
				}

				// Flags: badges in the table, labels in the pane and CSV,
				// names in JSON.
				if b := n.Flags.Badges(); b != "" && !strings.Contains(row, b) {
					t.Errorf("%s: table row lacks flags %q", n.E164, b)
				}
				flags, _ := e["flags"].(map[string]any)
				for _, f := range api.AllFlags() {
					if got, _ := flags[f.Name()].(bool); got != n.Flags.Has(f) {
						t.Errorf("%s: JSON flag %s = %v", n.E164, f.Name(), got)
					}
				}
				for _, l := range n.Flags.Labels() {
					if !strings.Contains(detail, l) || !strings.Contains(rec[col["flags"]], l) {
						t.Errorf("%s: flag %q missing from the pane or CSV", n.E164, l)
					}
				}
				for _, f := range n.Flags.List() {
					if f.Warns() && !strings.Contains(detail, " ("+f.Badge()+")") {
						t.Errorf("%s: the pane does not explain the badge %s", n.E164, f.Badge())
					}
				}

				// Documents: every requirement and its sub-fields.
				reqs, _ := e["requirements"].([]any)
				if len(reqs) != len(n.Requirements) {
					t.Errorf("%s: JSON has %d requirements, number %d", n.E164, len(reqs), len(n.Requirements))
				}
				for _, r := range n.Requirements {
					if !strings.Contains(detail, r.Label) || !strings.Contains(rec[col["requirements"]], r.Label) {
						t.Errorf("%s: requirement %q missing from the pane or CSV", n.E164, r.Label)
					}
					for _, f := range r.Fields {
						if want := strings.ReplaceAll(f.Key, "_", " ") + ": " + fieldText(f.Value); !strings.Contains(detail, want) {
							t.Errorf("%s: detail pane lacks requirement field %q", n.E164, want)
						}
					}
				}

				// Region: the table's summary (unless the table left the
				// column out because every summary is only the number's
				// country), and each part in the pane in the same display
				// form.
				summary := set.RegionSummary(i)
				shown := slices.Contains(tb.VisibleColumns(), results.Region)
				if (shown && !strings.Contains(row, summary)) || rec[col["region"]] != summary {
					t.Errorf("%s: region summary %q missing from the table or CSV", n.E164, summary)
				}
				if !shown && summary != results.CountryName(n.Country) {
					t.Errorf("%s: the table left out the region %q, which is not just the country", n.E164, summary)
				}
				for _, r := range results.RegionRows(n) {
					if !strings.Contains(detail, r.Value) {
						t.Errorf("%s: detail pane lacks region %q", n.E164, r.Value)
					}
				}

				// Provider fields: the same keys in the pane, JSON and CSV.
				pf, _ := e["provider_fields"].(map[string]any)
				for _, f := range n.Extra {
					if _, ok := pf[f.Key]; !ok || !strings.Contains(detail, f.Key) || !strings.Contains(rec[col["provider_fields"]], f.Key) {
						t.Errorf("%s: provider field %q missing somewhere", n.E164, f.Key)
					}
				}
			}
		})
	}
}

// hasRow reports whether the pane's text has the row "label   value".
func hasRow(text, label, value string) bool {
	for line := range strings.SplitSeq(text, "\n") {
		if rest, ok := strings.CutPrefix(line, label); ok && strings.TrimSpace(rest) == value {
			return true
		}
	}
	return false
}

func jsonString(v any) string {
	s, _ := v.(string)
	return s
}

func jsonStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, jsonString(x))
	}
	return out
}

// TestProviderFilters: the filter terms find the providers' numbers by
// what their own words mean (issue 11's examples): sms for Plivo's
// sms_enabled, a city for Bandwidth's city, mobile for Vonage's
// mobile-lvn, local for Plivo's fixed.
func TestProviderFilters(t *testing.T) {
	tests := []struct {
		source, filter string
		want           int
	}{
		{"plivo/search", "sms", 2},
		{"plivo/search", "local", 2},
		{"plivo/search", "voice <1", 2},
		{"bandwidth/local", "cary", 2},
		{"bandwidth/iris-detail", "allentown", 3},
		{"bandwidth/tollfree-price", "toll-free <1", 1},
		{"vonage/node-search", "mobile mms", 1},
		{"vonage/search", "local", 3},
		{"sinch/list", "local voice", 1},
		{"messagebird/search", "mobile sms =1", 1},
		{"twilio/local", "hilo", 1},
		{"twilio/local", "sms", 0},
	}
	for _, tt := range tests {
		body, q := providerBody(t, "../api/testdata/providers/"+tt.source+".source")
		res, err := api.DecodeSearch(bytes.NewReader(body), q)
		if err != nil {
			t.Fatal(err)
		}
		set := results.NewSet(res.Numbers)
		if got := set.View(results.ParseFilter(tt.filter), results.Sort{}).Len(); got != tt.want {
			t.Errorf("%s, filter %q: %d numbers, want %d", tt.source, tt.filter, got, tt.want)
		}
	}
}
