package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"numbrowse/api"
	fs "numbrowse/internal/faultserver"
)

func exportSet() *Set {
	return NewSet([]api.Number{
		{E164: "+15555550100", Country: "US", Type: api.Local, Upfront: api.MustDecimal("1.10"), Monthly: api.MustDecimal("1"),
			UpfrontCurrency: "USD", MonthlyCurrency: "USD", Features: []string{"sms", "voice"},
			Regions: []api.Region{{Type: "rate_center", Name: "=HYPERLINK(\"x\")"}, {Type: "state", Name: "IL"}},
			Flags:   api.Flags{BestEffort: true}, Requirements: []api.Requirement{{Label: "Proof of address"}},
			Extra: []api.Field{{Key: "lata", Value: json.RawMessage(`"358"`)}, {Key: "note", Value: json.RawMessage("\"a\u009b31mb\u202e\"")}}},
		{E164: "+15555550101", Country: "US", Type: api.Local},
	})
}

func TestWriteJSONShapeAndSafety(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, exportSet(), rowsOf(0, 1)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"\u009b", "\u202e"} {
		if strings.Contains(out, bad) {
			t.Errorf("JSON output contains a literal %U", []rune(bad)[0])
		}
	}
	if !strings.Contains(out, `\u009b`) || !strings.Contains(out, `\u202e`) {
		t.Errorf("control characters were dropped instead of escaped:\n%s", out)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got[0]["upfront_cost"] != "1.10" || got[0]["currency"] != "USD" || got[1]["monthly_cost"] != nil || got[1]["currency"] != nil {
		t.Errorf("costs and currency: %v / %v", got[0], got[1])
	}
	if f, ok := got[1]["features"].([]any); !ok || len(f) != 0 {
		t.Errorf("features of a number without any should be [], got %v", got[1]["features"])
	}
	var entries []Entry
	if err := json.Unmarshal(b.Bytes(), &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries[0].ProviderFields) != 2 || entries[0].ProviderFields[0].Key != "lata" {
		t.Errorf("provider fields lost their order: %+v", entries[0].ProviderFields)
	}
}

func TestWriteCSVDefusesFormulas(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, exportSet(), rowsOf(0)); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || len(recs[1]) != len(CSVHeader) {
		t.Fatalf("records: %v", recs)
	}
	row := map[string]string{}
	for i, h := range CSVHeader {
		row[h] = recs[1][i]
	}
	if row["phone_number"] != "+15555550100" || row["upfront_cost"] != "1.10" {
		t.Errorf("phone number and cost must stay as they are: %v", row)
	}
	if !strings.HasPrefix(row["region_information"], "rate_center==HYPERLINK") {
		t.Errorf("region_information = %q", row["region_information"])
	}
	if strings.HasPrefix(row["region"], "=") {
		t.Errorf("region %q would run as a formula", row["region"])
	}
	if strings.ContainsRune(row["provider_fields"], 0x9b) {
		t.Errorf("provider_fields has a C1 control: %q", row["provider_fields"])
	}
}

func TestCSVCell(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"local", "local"},
		{"=cmd|' /c calc'!a0type", "'=cmd|' /c calc'!a0type"},
		{"+SUM(1+1)", "'+SUM(1+1)"},
		{"-2+3", "'-2+3"},
		{"@SUM(1)", "'@SUM(1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"  =1", "'  =1"},
		{"'=1", "'=1"}, // already defused
		// Plain numbers: phone numbers and costs, as the spreadsheet reads them.
		{"+14155550100", "+14155550100"},
		{"-0.50", "-0.50"},
		{"+1", "+1"},
		{"1.5e3", "1.5e3"},
		{"-1E-2", "-1E-2"},
		{"1e", "1e"}, // starts with a digit: no formula either way
		{"-", "'-"},
		{"-.", "'-."},
		{"+1-800", "'+1-800"},
		{"--1", "'--1"},
		{"-1e", "'-1e"},
	} {
		if got := csvCell(tt.in); got != tt.want {
			t.Errorf("csvCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestWriteCSVDefusesEveryColumn puts a formula in every text field of a
// number: no cell of the CSV may start one, and the phone number and the
// costs stay numbers.
func TestWriteCSVDefusesEveryColumn(t *testing.T) {
	for _, f := range fs.FormulaTexts {
		n := api.Number{E164: "+15555550100", Country: f, Type: api.NumberType(f + "type"),
			Upfront: api.MustDecimal("-0.50"), Monthly: api.MustDecimal("1e1"), UpfrontCurrency: f,
			MonthlyCurrency: f + "m", TypeWord: f,
			Features: []string{f, "sms"}, Regions: []api.Region{{Type: f, Name: f}},
			Flags:        api.Flags{AddressRequirement: f},
			Requirements: []api.Requirement{{Label: f}},
			Extra:        []api.Field{{Key: "note", Value: json.RawMessage(`"x"`)}}}
		var b bytes.Buffer
		if err := WriteCSV(&b, NewSet([]api.Number{n}), rowsOf(0)); err != nil {
			t.Fatal(err)
		}
		bad, err := fs.FormulaCells(b.String())
		if err != nil {
			t.Fatal(err)
		}
		if len(bad) > 0 {
			t.Errorf("%q: cells that run as formulas: %q", f, bad)
		}
		if !strings.Contains(b.String(), "+15555550100,") || !strings.Contains(b.String(), ",-0.50,1e1,") {
			t.Errorf("the phone number or a cost was changed:\n%s", b.String())
		}
	}
}

// TestWriteJSONReplacesInvalidUTF8: provider fields are passed on raw, and
// a byte that is not UTF-8 (0x9b is a one-byte CSI on some terminals)
// becomes U+FFFD.
func TestWriteJSONReplacesInvalidUTF8(t *testing.T) {
	set := NewSet([]api.Number{{E164: "+15555550100", Country: "US", Type: api.Local,
		Extra: []api.Field{{Key: "note", Value: json.RawMessage("\"a\x9b2Jb\x9d0;t\\u0007c\xff\"")}}}})
	var b bytes.Buffer
	if err := WriteJSON(&b, set, rowsOf(0)); err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(b.Bytes()) {
		t.Fatalf("the JSON is not UTF-8: %q", b.String())
	}
	if !strings.Contains(b.String(), "a\uFFFD2Jb\uFFFD0;t") {
		t.Errorf("the invalid bytes were not replaced: %q", b.String())
	}
	for _, r := range b.String() {
		if r >= 0x80 && r <= 0x9f {
			t.Errorf("a C1 control %U is in the JSON", r)
		}
	}
}
