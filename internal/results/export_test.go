package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"numbrowse/api"
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
	if err := WriteJSON(&b, exportSet(), []int{0, 1}); err != nil {
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
	if err := WriteCSV(&b, exportSet(), []int{0}); err != nil {
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
