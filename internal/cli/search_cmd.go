package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
)

// exitEmpty is search's exit status with --fail-empty when nothing
// matched.
const exitEmpty = 3

// searchFlags are search's own flags as typed.
type searchFlags struct {
	format, sort, filter, fields, search string
	limit                                int
	noHeader, failEmpty                  bool
}

// searchRequest is search's own flags, parsed and checked.
type searchRequest struct {
	format    string // table, json, jsonl, csv or tsv
	sort      results.Sort
	sorted    bool // --sort was given: every number is needed before the first is written
	filter    results.Filter
	fields    []results.Field // nil: the format's default
	limit     int             // 0: no limit
	header    bool
	failEmpty bool
}

// outputFormats are the formats search writes.
var outputFormats = []string{"table", "json", "jsonl", "csv", "tsv"}

func newSearchCmd(p process, settingsOf func(*cobra.Command) (settings, error)) *cobra.Command {
	f := &searchFlags{}
	cmd := &cobra.Command{
		Use:   "search",
		Short: "Print the numbers on offer and exit (for scripts)",
		Long: "search runs one search and prints the results: an aligned table (the default),\n" +
			"JSON, JSON lines, CSV or TSV. Filter and sort exactly as in the browser.\n\n" +
			"Without --sort the numbers of one country come in the order the API sends them,\n" +
			"and every format but the table writes each one as soon as it arrives, so `| head`\n" +
			"or --limit answer before a long response ends; --sort, the table and a search of\n" +
			"several countries need them all first. The table fits the terminal's width,\n" +
			"dropping the less important columns first (flags, upfront, type, features,\n" +
			"region), and has every column when piped.\n\n" +
			"Filter syntax (--filter): terms separated by spaces, all of which must match; !term\n" +
			"negates any term.\n" + results.FilterHelp() + "\n" +
			"Fields (--fields, in the order given): " + results.FieldNames() + ".\n\n" +
			"Exit status: 0 on success (also when nothing matches, unless --fail-empty), 1 for\n" +
			"an API, network or response error (also when only some countries or types could\n" +
			"not be searched: what answered is printed, each failure warned on stderr), 2 for a\n" +
			"usage error (a bad flag, country or type), 3 with --fail-empty when no number\n" +
			"matched.",
		Example: "  numbrowse search --demo --country GB --type mobile\n" +
			"  numbrowse search --demo --country EU --filter sms --sort monthly\n" +
			"  numbrowse search --country US --type local --filter '^312 sms <1.5' --sort monthly\n" +
			"  numbrowse search --country DE --type all --format json | jq '.[0]'\n" +
			"  numbrowse search --country US --format tsv --fields number,monthly,region --no-header --limit 10\n" +
			"  until numbrowse search --country US --type toll-free --filter 'FLOWERS' --fail-empty --format jsonl; do sleep 600; done",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := settingsOf(cmd)
			if err != nil {
				return err
			}
			if f.search != "" {
				if s, err = f.applySaved(cmd, s); err != nil {
					return err
				}
			}
			req, err := f.parse(cmd, s.Prefix)
			if err != nil {
				return err
			}
			// One search, once: nothing to keep in memory after it.
			b, err := newKeyedBackend(s, p.build.userAgentVersion(), backendExtras{
				inventory: []inventory.Option{inventory.WithTTL(0)},
			})
			if err != nil {
				return err
			}
			defer func() { _ = b.Close() }()
			return runSearch(cmd.Context(), p, s, b.inv, req)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "table", "output format: "+strings.Join(outputFormats, ", "))
	fl.StringVar(&f.sort, "sort", "", "sort by a column, e.g. monthly or monthly:desc ("+columnNames()+")")
	fl.StringVar(&f.filter, "filter", "", "filter expression, e.g. '^415 sms <2 !fax' (syntax below)")
	fl.StringVar(&f.fields, "fields", "", "the fields to print, in order, e.g. number,monthly,region")
	fl.IntVar(&f.limit, "limit", 0, "print at most this many numbers (0: all)")
	fl.BoolVar(&f.noHeader, "no-header", false, "leave out the header row (table, csv, tsv)")
	fl.BoolVar(&f.failEmpty, "fail-empty", false, "exit with status 3 when no number matched")
	fl.StringVar(&f.search, "search", "", "a saved search (the config file's [searches.NAME]); --country, --type, --filter and --sort win over it")
	return cmd
}

// applySaved takes the countries, type, filter and sort of the saved
// search --search names, except those given by their own flags.
func (f *searchFlags) applySaved(cmd *cobra.Command, s settings) (settings, error) {
	sp, err := s.findSaved(f.search)
	if err != nil {
		return s, err
	}
	sr := sp.complete(s, results.Sort{})
	if !cmd.Flags().Changed("country") {
		s.Countries, s.Country, s.Prefix = sr.Countries, sr.Countries[0], ""
	}
	if !cmd.Flags().Changed("type") {
		s.Type = sr.Type
	}
	if !cmd.Flags().Changed("filter") {
		f.filter = sr.Filter
	}
	if !cmd.Flags().Changed("sort") && sp.sort != nil {
		f.sort = sp.sort.String()
	}
	return s, nil
}

func columnNames() string {
	var names []string
	for _, c := range results.Columns() {
		names = append(names, c.String())
	}
	return strings.Join(names, ", ")
}

// parse checks search's flags before anything is requested. prefix is
// the national digits of a number prefix given as the country (--country
// +1415): the filter then also asks for ^prefix.
func (f *searchFlags) parse(cmd *cobra.Command, prefix string) (searchRequest, error) {
	req := searchRequest{format: strings.ToLower(strings.TrimSpace(f.format)), header: !f.noHeader, failEmpty: f.failEmpty}
	known := false
	for _, name := range outputFormats {
		known = known || req.format == name
	}
	if !known {
		return req, usagef("unknown --format %q — use %s", f.format, strings.Join(outputFormats, ", "))
	}
	if f.sort != "" {
		var err error
		if req.sort, err = results.ParseSort(f.sort); err != nil {
			return req, usagef("--sort: %v", err)
		}
		req.sorted = true
	}
	query := f.filter
	if prefix != "" {
		query = strings.TrimSpace("^" + prefix + " " + query)
	}
	req.filter = results.ParseFilter(query)
	if bad := req.filter.Invalid(); len(bad) > 0 {
		return req, usagef("--filter: %s", strings.Join(bad, "; "))
	}
	if cmd.Flags().Changed("fields") {
		var err error
		if req.fields, err = results.ParseFields(f.fields); err != nil {
			return req, usagef("--fields: %v", err)
		}
	}
	if f.limit < 0 {
		return req, usagef("--limit %d must not be negative — use 0 for no limit", f.limit)
	}
	req.limit = f.limit
	if f.noHeader && (req.format == "json" || req.format == "jsonl") {
		return req, usagef("--no-header: --format %s has no header row — drop --no-header", req.format)
	}
	return req, nil
}

// emptyError is --fail-empty's outcome when no number matched: exit 3.
type emptyError struct{ why string }

func (e emptyError) Error() string { return e.why }

// partialError is a search that failed after some numbers were written:
// the output is incomplete.
type partialError struct {
	err     error
	written int
}

func (e partialError) Error() string { return e.err.Error() }
func (e partialError) Unwrap() error { return e.err }

// errLimit stops a streamed search once --limit numbers were written.
var errLimit = errors.New("limit reached")

// runSearch searches afresh for the settings' country and type through
// inv and prints the results on stdout, warnings on stderr. Without
// --sort the numbers are written as they arrive (but for the table,
// which needs every width first); with it, once all are there.
func runSearch(ctx context.Context, p process, s settings, inv *inventory.Service, req searchRequest) error {
	w := p.io.out
	table := req.format == "table"
	to := tableOptions{color: colorOut(p), ascii: s.ASCII || !utf8Locale(p.env), header: req.header, fields: req.fields}
	if width, ok := outputWidth(p); ok {
		to.width = width
	}
	choice := inventory.Choice{Country: s.Country, Countries: s.Countries, Types: s.Type, Fresh: true}
	several := len(s.Countries) > 1

	// Several countries are merged in the order asked once all answered,
	// so they are written once all are there, as a sort and the table are.
	if req.sorted || table || several {
		res, err := inv.SearchChoice(ctx, choice)
		if err != nil {
			return err
		}
		missing := warnMissing(p.io.err, res, s.Type, several)
		if k := res.Skipped.Total(); k > 0 {
			fmt.Fprintf(p.io.err, "numbrowse: note: %d of the provider's entries were skipped: %s\n", k, res.Skipped)
		}
		set := results.NewSet(res.Numbers)
		var idx results.Rows
		if req.sorted {
			idx = set.View(req.filter, req.sort)
			if cur := set.CurrencyOrder(req.sort.Col); cur != nil {
				fmt.Fprintf(p.io.err, "numbrowse: note: the %s costs are in %d currencies, sorted within each (%s first, then %s); numbrowse does not convert currencies\n",
					req.sort.Col, len(cur), cur[0], strings.Join(cur[1:], ", "))
			}
		} else {
			idx = results.RowsOf(set.Filtered(req.filter, nil))
		}
		noteReadings(p.io.err, set, req.filter, idx)
		if req.limit > 0 {
			idx = idx.Head(req.limit)
		}
		if table {
			if to.fields == nil {
				to.fields = defaultTableFields(set, idx, s.Type.All())
			}
			err = writeTable(w, set, idx, to)
		} else {
			err = results.WriteRows(newRowWriter(w, req), set, idx)
		}
		if err != nil {
			return err
		}
		if missing != "" {
			return fmt.Errorf("the results are incomplete: %s could not be searched — the numbers above are from the rest; try again", missing)
		}
		return emptyOutcome(p.io.err, req, idx.Len(), len(res.Numbers))
	}

	rw := newRowWriter(w, req)
	written, seen := 0, 0
	var idx []int32
	var notes readingNotes
	defer notes.write(p.io.err)
	res, err := inv.StreamChoice(ctx, choice, func(batch []api.Number) error {
		seen += len(batch)
		set := results.NewSet(batch)
		idx = set.Filtered(req.filter, idx[:0])
		notes.add(set, req.filter, set.ReadingsOf(req.filter, results.RowsOf(idx)))
		for _, i := range idx {
			if err := rw.Row(set, int(i)); err != nil {
				return err
			}
			written++
			if written == req.limit {
				return errLimit
			}
		}
		return rw.Flush() // each batch out as it comes
	})
	switch {
	case errors.Is(err, errLimit):
		return rw.Close() // the rest was not read, so nothing is said about it
	case err != nil:
		_ = rw.Close()
		if written > 0 {
			return partialError{err: err, written: written}
		}
		return err
	}
	if err := rw.Close(); err != nil {
		return err
	}
	warnSearch(p.io.err, res, true)
	if len(res.Failed) > 0 {
		types := make([]string, len(res.Failed))
		for i, te := range res.Failed {
			types[i] = string(te.Type)
		}
		return fmt.Errorf("the results are incomplete: %s could not be searched — the numbers above are from the rest; try again", strings.Join(types, ", "))
	}
	return emptyOutcome(p.io.err, req, written, seen)
}

// newRowWriter is the writer of req's format (not the table).
func newRowWriter(w io.Writer, req searchRequest) results.RowWriter {
	switch req.format {
	case "json":
		return results.NewJSONWriter(w, req.fields)
	case "jsonl":
		return results.NewJSONLinesWriter(w, req.fields)
	case "csv":
		return results.NewCSVWriter(w, req.fields, req.header)
	}
	return results.NewTSVWriter(w, req.fields, req.header)
}

// warnSearch tells on w which types of an all-types search failed and
// which entries were skipped. streamed says the failed types' numbers may
// be partly written.
func warnSearch(w io.Writer, res inventory.Merged, streamed bool) {
	for _, te := range res.Failed {
		msg := oneLine(describeError(te.Err))
		var e *api.Error
		if streamed && errors.As(te.Err, &e) && e.Partial > 0 {
			msg += fmt.Sprintf(" (after %d of them were written: their list is incomplete)", e.Partial)
		}
		fmt.Fprintf(w, "numbrowse: warning: %s numbers could not be searched: %s\n", te.Type, msg)
	}
	if res.Result == nil {
		return
	}
	if k := res.Skipped.Total(); k > 0 {
		fmt.Fprintf(w, "numbrowse: note: %d of the provider's entries were skipped: %s\n", k, res.Skipped)
	}
}

// emptyOutcome says when no number was written whether the API offered
// none or the filter left none: --fail-empty's verdict (an emptyError,
// exit 3), else a note on errW, so that a table of a header alone (or an
// empty file) does not leave the reader to guess which.
func emptyOutcome(errW io.Writer, req searchRequest, written, offered int) error {
	if written > 0 {
		return nil
	}
	why := "the API offered none"
	if offered > 0 {
		why = fmt.Sprintf("none of the %s offered passed the filter", api.Thousands(offered))
	}
	if !req.failEmpty {
		fmt.Fprintf(errW, "numbrowse: note: no numbers matched: %s\n", why)
		return nil
	}
	return emptyError{"no numbers matched: " + why + " (--fail-empty)"}
}

// warnMissing warns on w of each country and type of res that could not
// be searched, notes the countries that offer nothing of the type, and
// says in a few words what is missing ("" when nothing is). several says
// the search was of several countries, whose warnings name the country.
func warnMissing(w io.Writer, res inventory.Merged, typ api.TypeChoice, several bool) string {
	var missing []string
	for _, o := range res.Countries {
		name := ""
		if several {
			name = o.Country.Code + " "
		}
		switch {
		case o.Failure():
			fmt.Fprintf(w, "numbrowse: warning: %s(%s) could not be searched: %s\n", name, o.Country.Name, oneLine(describeError(o.Err)))
			missing = append(missing, o.Country.Code)
		case o.Err != nil:
			fmt.Fprintf(w, "numbrowse: note: %s(%s) offers no %s numbers: %s\n", name, o.Country.Name, typ.Label(), oneLine(explainOnly(o.Err)))
		}
		var types []string
		for _, te := range o.Failed {
			fmt.Fprintf(w, "numbrowse: warning: %s%s numbers could not be searched: %s\n", name, te.Type, oneLine(describeError(te.Err)))
			types = append(types, string(te.Type))
		}
		if len(types) > 0 {
			missing = append(missing, strings.TrimSpace(name+strings.Join(types, ", ")))
		}
	}
	return strings.Join(missing, "; ")
}

// explainOnly is api.Explain's sentence for err, without a hint.
func explainOnly(err error) string {
	if x, ok := api.Explain(err); ok {
		return x.Sentence
	}
	return err.Error()
}
