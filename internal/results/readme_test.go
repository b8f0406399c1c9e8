package results

import (
	"context"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"numbrowse/api"
	"numbrowse/api/demo"
)

// readmeFilterRow is one row of the README's filter table.
type readmeFilterRow struct {
	terms   []string // the terms of the first column
	example string   // the last column's example
	country string
	typ     string // a number type, or "all types"
}

// readmeFilterTable reads the README's filter table: the rows of the
// table under "### Filter syntax".
func readmeFilterTable(t *testing.T) []readmeFilterRow {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start := strings.Index(text, "### Filter syntax")
	if start < 0 {
		t.Fatal("README has no Filter syntax section")
	}
	text = text[start:]
	if end := strings.Index(text[1:], "\n#"); end >= 0 {
		text = text[:end+1]
	}
	code := regexp.MustCompile("`([^`]+)`")
	where := regexp.MustCompile("^`([^`]+)` in ([A-Z]{2}) (mobile|local|toll-free|national|all types)$")
	var rows []readmeFilterRow
	for _, line := range strings.Split(text, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if !strings.HasPrefix(line, "| `") || len(cells) != 3 {
			continue
		}
		m := where.FindStringSubmatch(cells[2])
		if m == nil {
			t.Errorf("README filter table: %q has no example (`term` in CC type)", line)
			continue
		}
		row := readmeFilterRow{example: m[1], country: m[2], typ: m[3]}
		for _, c := range code.FindAllStringSubmatch(cells[0], -1) {
			row.terms = append(row.terms, c[1])
		}
		rows = append(rows, row)
	}
	if len(rows) < 15 {
		t.Fatalf("README filter table: %d rows", len(rows))
	}
	return rows
}

// TestReadmeFilterExamples runs every example of the README's filter
// table against the demo inventory and checks it finds numbers, and that
// every term the table lists is valid.
func TestReadmeFilterExamples(t *testing.T) {
	srv := httptest.NewServer(demo.NewHandler(demo.WithLatency(0, 0)))
	defer srv.Close()
	c, err := api.NewClient(api.WithBaseURL(srv.URL+demo.BasePath), api.WithAPIKey(demo.APIKey))
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string]*Set{}
	search := func(country, typ string) *Set {
		if s, ok := sets[country+typ]; ok {
			return s
		}
		types := api.NumberTypes()
		if typ != "all types" {
			types = []api.NumberType{api.NumberType(typ)}
		}
		var nums []api.Number
		for _, ty := range types {
			res, err := c.Search(context.Background(), api.Query{Country: country, Type: ty})
			if err != nil && typ != "all types" {
				t.Fatalf("%s %s: %v", country, ty, err)
			}
			if err == nil {
				nums = append(nums, res.Numbers...)
			}
		}
		s := NewSet(nums)
		sets[country+typ] = s
		return s
	}
	for _, row := range readmeFilterTable(t) {
		for _, term := range append(row.terms, row.example) {
			if bad := ParseFilter(term).Invalid(); len(bad) > 0 {
				t.Errorf("README term %q is invalid: %q", term, bad)
			}
		}
		s := search(row.country, row.typ)
		if n := s.View(ParseFilter(row.example), Sort{}).Len(); n == 0 {
			t.Errorf("README example %q finds nothing in %s %s (of %d numbers)", row.example, row.country, row.typ, s.Len())
		}
	}
}

// TestReadmeFilterTableIsComplete: the table names every key and keyword.
func TestReadmeFilterTableIsComplete(t *testing.T) {
	listed := map[string]bool{}
	for _, row := range readmeFilterTable(t) {
		for _, term := range append(row.terms, row.example) {
			term = strings.TrimPrefix(term, "!")
			listed[term] = true
			if k, _, ok := splitKey(term); ok {
				listed[k+":"] = true
			}
		}
	}
	var want []string
	for _, k := range Keys() {
		want = append(want, string(k)+":")
	}
	for kw := range keywords {
		want = append(want, kw)
	}
	want = append(want, "up<2", "mo<2", "flag:documents", "flag:address", "zip:", "postal:")
	for _, w := range want {
		if !listed[w] && w != "tollfree" {
			t.Errorf("the README's filter table does not list %q", w)
		}
	}
}
