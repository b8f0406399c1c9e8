package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

// TestJSONWriterIsTheIndentedArray: the streamed JSON array is byte for
// byte what encoding/json writes for the whole slice of entries.
func TestJSONWriterIsTheIndentedArray(t *testing.T) {
	set := exportSet()
	var got bytes.Buffer
	if err := WriteJSON(&got, set, rowsOf(1, 0)); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode([]Entry{newEntry(set.At(1)), newEntry(set.At(0))}); err != nil {
		t.Fatal(err)
	}
	if got.String() != string(SafeJSON(want.Bytes())) {
		t.Errorf("streamed:\n%s\nwhole:\n%s", got.String(), want.String())
	}
}

func TestWritersEmpty(t *testing.T) {
	set := exportSet()
	for _, tt := range []struct {
		name string
		rw   func(*bytes.Buffer) RowWriter
		want string
	}{
		{"json", func(b *bytes.Buffer) RowWriter { return NewJSONWriter(b, nil) }, "[]\n"},
		{"jsonl", func(b *bytes.Buffer) RowWriter { return NewJSONLinesWriter(b, nil) }, ""},
		{"csv", func(b *bytes.Buffer) RowWriter { return NewCSVWriter(b, []Field{FieldNumber, FieldMonthly}, true) }, "phone_number,monthly_cost\n"},
		{"csv no header", func(b *bytes.Buffer) RowWriter { return NewCSVWriter(b, nil, false) }, ""},
		{"tsv", func(b *bytes.Buffer) RowWriter { return NewTSVWriter(b, []Field{FieldRegion, FieldNumber}, true) }, "region\tphone_number\n"},
		{"tsv no header", func(b *bytes.Buffer) RowWriter { return NewTSVWriter(b, nil, false) }, ""},
	} {
		var b bytes.Buffer
		if err := WriteRows(tt.rw(&b), set, Rows{}); err != nil || b.String() != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, b.String(), err, tt.want)
		}
	}
}

// TestWritersWithFields: --fields chooses and orders the JSON keys and the
// CSV and TSV columns; every format says the same.
func TestWritersWithFields(t *testing.T) {
	set := exportSet()
	fields, err := ParseFields("number, cost,REGION,provider-type,flags,requirements")
	if err != nil {
		t.Fatal(err)
	}
	var js, jl, cs, ts bytes.Buffer
	for _, w := range []struct {
		rw  RowWriter
		out *bytes.Buffer
	}{{NewJSONWriter(&js, fields), &js}, {NewJSONLinesWriter(&jl, fields), &jl}, {NewCSVWriter(&cs, fields, true), &cs}, {NewTSVWriter(&ts, fields, true), &ts}} {
		if err := WriteRows(w.rw, set, rowsOf(0, 1)); err != nil {
			t.Fatal(err)
		}
	}
	wantKeys := `"phone_number","monthly_cost","region","provider_type","flags","requirements"`
	for _, line := range strings.Split(strings.TrimSpace(jl.String()), "\n") {
		var keys []string
		dec := json.NewDecoder(strings.NewReader(line))
		dec.Token()
		for dec.More() {
			k, _ := dec.Token()
			keys = append(keys, `"`+k.(string)+`"`)
			var v json.RawMessage
			_ = dec.Decode(&v)
		}
		if strings.Join(keys, ",") != wantKeys {
			t.Errorf("JSON line keys %s, want %s", strings.Join(keys, ","), wantKeys)
		}
	}
	var arr []map[string]any
	if err := json.Unmarshal(js.Bytes(), &arr); err != nil || len(arr) != 2 {
		t.Fatalf("JSON array: %v\n%s", err, js.String())
	}
	if arr[0]["phone_number"] != "+15555550100" || arr[0]["monthly_cost"] != "1" || arr[1]["monthly_cost"] != nil ||
		arr[1]["provider_type"] != nil || arr[1]["region"] == "" {
		t.Errorf("JSON values: %v", arr)
	}
	if r, ok := arr[1]["requirements"].([]any); !ok || len(r) != 0 {
		t.Errorf("requirements of a number without any: %v, want []", arr[1]["requirements"])
	}
	recs, err := csv.NewReader(&cs).ReadAll()
	if err != nil || len(recs) != 3 || strings.Join(recs[0], ",") != strings.ReplaceAll(wantKeys, `"`, "") {
		t.Fatalf("CSV: %v %q", err, recs)
	}
	if recs[1][0] != "+15555550100" || recs[1][1] != "1" || !strings.HasPrefix(recs[1][2], "'=") || recs[1][5] != "Proof of address" {
		t.Errorf("CSV row: %q", recs[1])
	}
	lines := strings.Split(strings.TrimSuffix(ts.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("TSV: %q", ts.String())
	}
	for k, line := range lines {
		if got := strings.Split(line, "\t"); len(got) != len(fields) || (k > 0 && strings.Join(got, ",") != strings.Join(recs[k], ",")) {
			t.Errorf("TSV line %d %q does not say what CSV says: %q", k, line, recs[k])
		}
	}
}

// TestTSVEscapes: a tab, line break or backslash in provider text cannot
// break a TSV record (Text already makes control characters spaces; a
// backslash is escaped so \t in the text does not read as a tab).
func TestTSVEscapes(t *testing.T) {
	set := exportSet()
	set.nums[1].TypeWord = "mobile\tlvn\nx\\y\r"
	var b bytes.Buffer
	if err := WriteRows(NewTSVWriter(&b, []Field{FieldProviderType, FieldNumber}, false), set, rowsOf(1)); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != `mobile lvn x\\y `+"\t+15555550101\n" {
		t.Errorf("TSV line %q", got)
	}
}

func TestParseFields(t *testing.T) {
	if f, err := ParseFields("phone_number,monthly,Region"); err != nil || len(f) != 3 || f[0] != FieldNumber || f[1] != FieldMonthly || f[2] != FieldRegion {
		t.Errorf("ParseFields = %v, %v", f, err)
	}
	for in, want := range map[string]string{
		"number,colour":   `unknown field "colour": use number, country, type`,
		"number,,monthly": "an empty field",
		"number,phone":    `field "number" is listed twice`,
		"":                "an empty field",
	} {
		if _, err := ParseFields(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseFields(%q) = %v, want %q", in, err, want)
		}
	}
	for _, f := range AllFields() {
		if g, ok := parseField(f.String()); !ok || g != f {
			t.Errorf("%v does not parse back", f)
		}
		if g, ok := parseField(f.Key()); !ok || g != f {
			t.Errorf("key %q does not parse back", f.Key())
		}
	}
}

func TestFiltered(t *testing.T) {
	set := exportSet()
	if got := set.Filtered(ParseFilter(""), nil); len(got) != 2 || got[0] != 0 || got[1] != 1 {
		t.Errorf("no filter: %v", got)
	}
	if got := set.Filtered(ParseFilter("sms"), []int32{7}); len(got) != 2 || got[0] != 7 || got[1] != 0 {
		t.Errorf("sms: %v", got)
	}
	if got := set.Filtered(ParseFilter("!sms 0101$"), nil); len(got) != 1 || got[0] != 1 {
		t.Errorf("!sms 0101$: %v", got)
	}
}

// TestFilterHelpExamplesParse: every example the filter help shows is a
// valid term.
func TestFilterHelpExamplesParse(t *testing.T) {
	for _, row := range filterHelp {
		f := ParseFilter(row[0])
		if bad := f.Invalid(); len(bad) > 0 || f.Empty() {
			t.Errorf("help example %q: %v", row[0], bad)
		}
	}
}
