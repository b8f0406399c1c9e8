package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"numbrowse/api"
)

func ownedFixture() []api.OwnedNumber {
	return []api.OwnedNumber{
		{ID: "3101", PhoneNumber: "+13125550100", Name: "Sales Chicago", CountryCode: "US", Active: true, ActiveKnown: true,
			OperatorsCount: 2, Operators: json.RawMessage(`[{"name":"Ana Souza"},{"email":"bo@example.com"}]`)},
		{ID: "3102", PhoneNumber: "+447700900123", Name: "Support UK", CountryCode: "GB", ActiveKnown: true, Status: "suspended"},
		{ID: "abc", PhoneNumber: "+4930123456", Name: "Berlin Büro", CountryCode: "DE", Active: true, ActiveKnown: true,
			Extra: []api.Field{{Key: "created_at", Value: json.RawMessage(`"2026-01-01"`)}}},
		{PhoneNumber: "+18003569377", Name: "=HYPERLINK(\"x\")", CountryCode: "US", OperatorsCount: 1, Operators: json.RawMessage(`["cy"]`)},
	}
}

func TestOwnedFilter(t *testing.T) {
	list := ownedFixture()
	tests := []struct {
		q       string
		want    []int // indices, in number order
		invalid int
	}{
		{"", []int{0, 3, 1, 2}, 0},
		{"active", []int{0, 2}, 0},
		{"inactive", []int{1}, 0},
		{"!active", []int{3, 1}, 0},
		{"^312", []int{0}, 0},
		{"^07700", []int{1}, 0}, // the UK trunk prefix
		{"+49", []int{2}, 0},
		{"0100$", []int{0}, 0},
		{"FLOWERS", []int{3}, 0}, // keypad letters in the number
		{"buro", []int{2}, 0},    // accents ignored
		{"gb", []int{1}, 0},      // country code
		{"germany", []int{2}, 0}, // country name
		{"ana", []int{0}, 0},     // an operator
		{"bo@example.com", []int{0}, 0},
		{"sales active", []int{0}, 0},
		{"sms", []int{0, 3, 1, 2}, 1},
		{"<2 local", []int{0, 3, 1, 2}, 2},
		{"!!x", []int{0, 3, 1, 2}, 1},
		// The search filter's typed terms and wildcards, merged in after
		// the owned filter was written: wildcards match, and the keys of
		// what owned numbers do not carry are said invalid rather than
		// silently matching nothing.
		{"^312***0100$", []int{0}, 0},
		{"^07*00", []int{1}, 0},
		{"+4%456$", []int{2}, 0},
		{`"sales chicago"`, []int{0}, 0},
		{"state:IL", []int{0, 3, 1, 2}, 1},
		{"cur:EUR docs feature:emergency type:mobile", []int{0, 3, 1, 2}, 4},
	}
	for _, tt := range tests {
		f := ParseOwnedFilter(tt.q)
		got := OwnedView(list, f, OwnedSort{})
		if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("%q: %v, want %v", tt.q, got, tt.want)
		}
		if len(f.Invalid()) != tt.invalid {
			t.Errorf("%q: invalid %q, want %d", tt.q, f.Invalid(), tt.invalid)
		}
		for i := range list {
			if MatchOwned(list[i], f) != slices.Contains(got, i) {
				t.Errorf("%q: MatchOwned(%d) disagrees with OwnedView", tt.q, i)
			}
		}
	}
	if inv := ParseOwnedFilter("sms").Invalid(); !strings.Contains(inv[0], "without their features") {
		t.Errorf("%q", inv)
	}
	// The filter line's hint says what each owned term matches.
	words := ParseOwnedFilter(`!active sales ^312 state:IL`).Words()
	meanings := []string{"not: the number is in service", "the name, country or an operator contains sales, or its keypad digits 72537 are in the number",
		"the national number starts 312", "owned numbers are listed without their region: type a name or a number"}
	if len(words) != len(meanings) {
		t.Fatalf("words %v", words)
	}
	for i, w := range words {
		if got := w.Meaning(); got != meanings[i] {
			t.Errorf("%q means %q, want %q", w.Text, got, meanings[i])
		}
	}
}

func TestOwnedSort(t *testing.T) {
	list := ownedFixture()
	tests := []struct {
		sort string
		want []int
	}{
		{"number", []int{0, 3, 1, 2}}, // the digits as text, as search sorts them
		{"number:desc", []int{2, 1, 3, 0}},
		{"name", []int{3, 2, 0, 1}},
		{"country", []int{2, 1, 0, 3}},
		{"active", []int{0, 2, 1, 3}},      // in service first, unknown last
		{"active:desc", []int{1, 0, 2, 3}}, // unknown last both ways
		{"operators:desc", []int{0, 3, 1, 2}},
		{"Status", []int{0, 2, 1, 3}},
	}
	for _, tt := range tests {
		so, err := ParseOwnedSort(tt.sort)
		if err != nil {
			t.Fatal(err)
		}
		if got := OwnedView(list, OwnedFilter{}, so); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.sort, got, tt.want)
		}
		if back, _ := ParseOwnedSort(so.String()); back != so {
			t.Errorf("%s does not read back", so)
		}
	}
	for _, bad := range []string{"price", "name:up", ""} {
		if _, err := ParseOwnedSort(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if (OwnedSort{Col: OwnedOperators}).Next() != (OwnedSort{}) || (OwnedSort{}).Reverse() != (OwnedSort{Desc: true}) {
		t.Error("Next or Reverse")
	}
}

func TestOwnedWriters(t *testing.T) {
	list := ownedFixture()
	idx := []int{0, 1, 2, 3}

	var b bytes.Buffer
	if err := WriteOwnedJSON(&b, list, idx); err != nil {
		t.Fatal(err)
	}
	var entries []map[string]any
	if err := json.Unmarshal(b.Bytes(), &entries); err != nil || len(entries) != 4 {
		t.Fatalf("%v: %s", err, b.String())
	}
	if entries[0]["id"] != 3101.0 || entries[2]["id"] != "abc" || entries[3]["id"] != nil {
		t.Errorf("ids: %v %v %v", entries[0]["id"], entries[2]["id"], entries[3]["id"])
	}
	if entries[3]["active"] != nil || entries[1]["active"] != false || entries[1]["status"] != "suspended" {
		t.Errorf("active: %v %v", entries[3]["active"], entries[1])
	}
	if pf := entries[2]["provider_fields"].(map[string]any); pf["created_at"] != "2026-01-01" {
		t.Errorf("provider fields %v", pf)
	}
	if ops, _ := entries[1]["operators"].([]any); ops == nil {
		t.Errorf("operators of a number without any: %v", entries[1]["operators"])
	}

	b.Reset()
	if err := WriteOwnedJSONL(&b, list, idx); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		var e map[string]any
		if err := json.Unmarshal([]byte(l), &e); err != nil || e["phone_number"] == "" {
			t.Errorf("line %q: %v", l, err)
		}
	}

	b.Reset()
	if err := WriteOwnedCSV(&b, list, idx); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(recs) != 5 || !slices.Equal(recs[0], OwnedCSVHeader) {
		t.Fatalf("%v %v", recs, err)
	}
	if recs[1][1] != list[idx[0]].PhoneNumber || !strings.HasPrefix(recs[1][1], "+") {
		t.Errorf("an E.164 number is written %q, want it as it is", recs[1][1])
	}
	if recs[1][8] != "Ana Souza;bo@example.com" || recs[4][2] != `'=HYPERLINK("x")` || recs[4][4] != "" || recs[2][4] != "false" {
		t.Errorf("rows %q", recs[1:])
	}

	b.Reset()
	odd := []api.OwnedNumber{{ID: "1", PhoneNumber: "+15550000001", Name: "a\tb"}, {ID: "2", PhoneNumber: "+1=cmd|' /C calc'!A0"}}
	if err := WriteOwnedTSV(&b, odd, []int{0, 1}); err != nil {
		t.Fatal(err)
	}
	tsv := strings.Split(b.String(), "\n")
	if len(tsv) != 4 || strings.Count(tsv[1], "\t") != len(OwnedCSVHeader)-1 || !strings.Contains(tsv[1], `a\tb`) {
		t.Errorf("TSV %q", b.String())
	}
	if f := strings.Split(tsv[1], "\t"); len(f) < 2 || f[1] != "+15550000001" {
		t.Errorf("TSV number %q, want +15550000001 as it is", tsv[1])
	}
	if f := strings.Split(tsv[2], "\t"); len(f) < 2 || !strings.HasPrefix(f[1], "'") {
		t.Errorf("a phone number that is not one is not defused: %q", tsv[2])
	}
}

func TestOwnedCells(t *testing.T) {
	list := ownedFixture()
	tests := []struct {
		i    int
		c    OwnedColumn
		want string
	}{
		{0, OwnedNumber, "+1 312-555-0100"},
		{1, OwnedNumber, "+44 7700 900123"},
		{1, OwnedActive, "no (suspended)"},
		{0, OwnedActive, "yes"},
		{3, OwnedActive, ""},
		{0, OwnedOperators, "2 (Ana Souza, bo@example.com)"},
		{2, OwnedOperators, "0"},
		{2, OwnedCountry, "DE"},
	}
	for _, tt := range tests {
		if got := OwnedCell(list[tt.i], tt.c); got != tt.want {
			t.Errorf("%d %s: %q, want %q", tt.i, tt.c, got, tt.want)
		}
	}
	if got := OwnedInternational(api.OwnedNumber{PhoneNumber: "4930123456", CountryCode: "DE"}); got != "+49 30 123456" {
		t.Errorf("without +: %q", got)
	}
}

func TestWriteJSONLAndTSV(t *testing.T) {
	nums := []api.Number{
		{E164: "+15550000001", Country: "US", Type: api.Local, Monthly: api.MustDecimal("1.10"), MonthlyCurrency: "USD"},
		{E164: "+15550000002", Country: "US", Type: api.Local, Regions: []api.Region{{Type: "locality", Name: "A\tB"}}},
	}
	set := NewSet(nums)
	var b bytes.Buffer
	if err := WriteRows(NewJSONLinesWriter(&b, nil), set, rowsOf(1, 0)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	var e Entry
	if len(lines) != 2 || json.Unmarshal([]byte(lines[1]), &e) != nil || e.PhoneNumber != "+15550000001" || e.MonthlyCost.String() != "1.10" {
		t.Errorf("JSONL %q", b.String())
	}
	b.Reset()
	if err := WriteRows(NewTSVWriter(&b, nil, true), set, rowsOf(0, 1)); err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(rows) != 3 || strings.Join(strings.Split(rows[0], "\t"), ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("TSV %q", b.String())
	}
	for _, r := range rows {
		if strings.Count(r, "\t") != len(CSVHeader)-1 {
			t.Errorf("row %q has %d tabs", r, strings.Count(r, "\t"))
		}
	}
}
