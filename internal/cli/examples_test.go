package cli

import (
	"context"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"numbrowse/api"
	"numbrowse/api/demo"
	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
)

// filterExample is one filter the documentation shows, with the search it
// goes with when it names one (a command line's --country and --type).
type filterExample struct {
	where     string // "README.md:212", "search --help"
	filter    string
	countries []string // nil: any country of the demo
	typ       string   // "": any type
}

// TestDocumentedFiltersFindRows is issue 12's fourth problem: the
// README's own examples (`^312 sms <1.5`, `FLOWERS`, `^800flowers`) found
// nothing in the demo. Every filter example of the README (the filter
// table's terms, the section's "for example", every --filter on a command
// line) and of `numbrowse search --help` is read from the text itself, so
// a new example is covered when it is written, and must parse and find
// rows in the demo: in the country and type its command line names, or
// else in some search of the demo.
func TestDocumentedFiltersFindRows(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := readmeFilterExamples(string(readme))
	help := runCLI(t, nil, "search", "--help")
	if help.code != 0 {
		t.Fatalf("search --help: exit %d: %s", help.code, help.stderr)
	}
	fromHelp := helpFilterExamples(help.stdout)
	if len(fromHelp) == 0 {
		t.Fatalf("no filter example in search --help:\n%s", help.stdout)
	}
	examples = append(examples, fromHelp...)
	// The ones this test was written for must be among them: if the
	// parsing missed them, it misses others.
	for _, must := range []string{"^312 sms <1.5", "FLOWERS", "^800flowers", "chicago", "<=1.5"} {
		if !slices.ContainsFunc(examples, func(e filterExample) bool { return e.filter == must }) {
			t.Fatalf("the README's example %q was not found among %d examples", must, len(examples))
		}
	}

	d := newDemoSets(t)
	for _, ex := range examples {
		t.Run(ex.where+" "+ex.filter, func(t *testing.T) {
			f := results.ParseFilter(ex.filter)
			if inv := f.Invalid(); len(inv) > 0 {
				t.Fatalf("%s: the example %q does not parse: %v", ex.where, ex.filter, inv)
			}
			var searched []string
			for _, q := range d.queries(ex.countries, ex.typ) {
				set := d.set(t, q)
				if n := set.View(f, results.Sort{}).Len(); n > 0 {
					return
				}
				searched = append(searched, q.String())
			}
			t.Errorf("%s: %q finds no number in the demo (searched %s)", ex.where, ex.filter, strings.Join(searched, ", "))
		})
	}
}

// backticked is text in `backticks`.
var backticked = regexp.MustCompile("`([^`]+)`")

// readmeFilterExamples reads the filter examples of the README: in the
// "Filter syntax" section, the terms of its table's first column and the
// backticked text of a sentence that gives an example; anywhere, the
// --filter of a command line (with its --country and --type).
func readmeFilterExamples(text string) []filterExample {
	var out []filterExample
	lines := strings.Split(text, "\n")
	inSyntax := false
	para := ""
	flush := func(line int) {
		if strings.Contains(strings.ToLower(para), "example") {
			for _, m := range backticked.FindAllStringSubmatch(para, -1) {
				out = append(out, filterExample{where: "README.md:" + itoa(line), filter: m[1]})
			}
		}
		para = ""
	}
	for i, l := range lines {
		n := i + 1
		if strings.HasPrefix(l, "#") {
			flush(n)
			inSyntax = strings.Contains(strings.ToLower(l), "filter syntax")
		}
		if ex, ok := commandLineFilter(l); ok {
			ex.where = "README.md:" + itoa(n)
			out = append(out, ex)
		}
		if !inSyntax {
			continue
		}
		switch {
		case strings.HasPrefix(l, "|"):
			flush(n)
			cells := strings.Split(strings.Trim(l, "|"), "|")
			first := strings.TrimSpace(cells[0])
			if first == "" || strings.Trim(first, "-: ") == "" || !strings.Contains(first, "`") {
				continue // the header or the separator
			}
			for _, m := range backticked.FindAllStringSubmatch(first, -1) {
				out = append(out, filterExample{where: "README.md:" + itoa(n), filter: m[1]})
			}
		case strings.TrimSpace(l) == "":
			flush(n)
		default:
			para += " " + l
		}
	}
	flush(len(lines))
	return out
}

// helpFilterExamples reads the filter examples of search's help: every
// --filter of an example command line, and the one in the flag's
// description ("e.g. '…'").
func helpFilterExamples(text string) []filterExample {
	var out []filterExample
	eg := regexp.MustCompile(`e\.g\. '([^']+)'`)
	for l := range strings.SplitSeq(text, "\n") {
		if ex, ok := commandLineFilter(l); ok {
			ex.where = "search --help"
			out = append(out, ex)
			continue
		}
		if strings.Contains(l, "--filter") {
			for _, m := range eg.FindAllStringSubmatch(l, -1) {
				out = append(out, filterExample{where: "search --help", filter: m[1]})
			}
		}
	}
	return out
}

// commandLineFilter reads `numbrowse search … --filter EXPR …` on one line
// (shell quoting), with the line's --country (read as the flag reads it:
// a code, a group such as EU, several separated by commas or the flag
// repeated) and --type.
func commandLineFilter(line string) (filterExample, bool) {
	if !strings.Contains(line, "numbrowse search") || !strings.Contains(line, "--filter") {
		return filterExample{}, false
	}
	words := shellWords(line[strings.Index(line, "numbrowse search"):])
	var ex filterExample
	found := false
	for i := 0; i < len(words); i++ {
		w := words[i]
		name, value, inline := strings.Cut(w, "=")
		if !inline && i+1 < len(words) {
			value = words[i+1]
		}
		switch name {
		case "--filter":
			ex.filter, found = value, true
		case "--country":
			// As --country reads it: EU is its members, UK is GB.
			if list, _, err := api.ParseCountries(value); err == nil {
				ex.countries = append(ex.countries, list.Codes()...)
			} else {
				ex.countries = append(ex.countries, value) // searches nothing: the test says so
			}
		case "--type":
			ex.typ = value
		case "#", "|", ">":
			i = len(words) // a comment or the rest of a pipeline
		}
	}
	return ex, found && ex.filter != ""
}

// shellWords splits a command line into words as a shell does, for the
// quoting the README uses ('…' and "…").
func shellWords(s string) []string {
	var out []string
	var cur strings.Builder
	in, quote := false, rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

// demoSets searches the demo inventory (in this process, without
// latency) once per country and type, as numbrowse --demo does.
type demoSets struct {
	inv  *inventory.Service
	mu   sync.Mutex
	sets map[api.Query]*results.Set
}

func newDemoSets(t *testing.T) *demoSets {
	srv := httptest.NewServer(demo.NewHandler(demo.WithLatency(0, 0)))
	t.Cleanup(srv.Close)
	c, err := api.NewClient(api.WithBaseURL(srv.URL+demo.BasePath), api.WithAPIKey(demo.APIKey))
	if err != nil {
		t.Fatal(err)
	}
	return &demoSets{inv: inventory.New(c), sets: map[api.Query]*results.Set{}}
}

// queries are the demo's searches of the countries (all when nil) and the
// type ("" or "all": every type), in a fixed order.
func (d *demoSets) queries(countries []string, typ string) []api.Query {
	var out []api.Query
	for code, types := range demo.Offered() {
		if countries != nil && !slices.ContainsFunc(countries, func(c string) bool { return strings.EqualFold(c, code) }) {
			continue
		}
		for _, t := range types {
			if typ == "" || typ == "all" || strings.EqualFold(typ, string(t)) {
				out = append(out, api.Query{Country: code, Type: t})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// set is the result of one demo search.
func (d *demoSets) set(t *testing.T, q api.Query) *results.Set {
	t.Helper()
	d.mu.Lock()
	defer d.mu.Unlock()
	if s, ok := d.sets[q]; ok {
		return s
	}
	r, err := d.inv.Search(context.Background(), inventory.Request{Query: q})
	if err != nil {
		t.Fatalf("demo search %s: %v", q, err)
	}
	s := results.NewSet(r.Numbers)
	d.sets[q] = s
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }
