package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
)

// searchFlags are search's own flags as typed.
type searchFlags struct {
	format, sort, filter, search string
}

// searchRequest is search's own flags, parsed and checked.
type searchRequest struct {
	format string // table, json or csv
	sort   results.Sort
	filter results.Filter
}

func newSearchCmd(p process, settingsOf func(*cobra.Command) (settings, error)) *cobra.Command {
	f := &searchFlags{}
	cmd := &cobra.Command{
		Use:   "search",
		Short: "Print the numbers on offer and exit (for scripts)",
		Long: "search runs one search and prints the results: an aligned table (the default),\n" +
			"JSON or CSV. Filter and sort exactly as in the browser.\n\n" +
			"Exit status: 0 on success (also when nothing matches), 1 for an API, network or\n" +
			"response error (also when only some countries or types could not be searched:\n" +
			"what answered is printed, each failure warned on stderr), 2 for a usage error\n" +
			"(a bad flag, country or type).",
		Example: "  numbrowse search --demo --country GB --type mobile\n" +
			"  numbrowse search --demo --country EU --filter sms --sort monthly\n" +
			"  numbrowse search --country US --type local --filter '^312 sms <1.5' --sort monthly\n" +
			"  numbrowse search --country DE --type all --format json | jq '.[0]'",
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
			req, err := f.parse(s.Prefix)
			if err != nil {
				return err
			}
			if err := s.requireKey(); err != nil {
				return err
			}
			b, err := newBackend(s, p.build.userAgentVersion(), backendExtras{})
			if err != nil {
				return err
			}
			defer func() { _ = b.Close() }()
			return runSearch(cmd.Context(), p, s, b.inv, req)
		},
	}
	cmd.Flags().StringVar(&f.format, "format", "table", "output format: table, json or csv")
	cmd.Flags().StringVar(&f.sort, "sort", "", "sort by a column, e.g. monthly or monthly:desc ("+columnNames()+")")
	cmd.Flags().StringVar(&f.filter, "filter", "", "filter expression, e.g. '^415 sms <2 !fax' (see the README)")
	cmd.Flags().StringVar(&f.search, "search", "", "a saved search (the config file's [searches.NAME]); --country, --type, --filter and --sort win over it")
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
func (f *searchFlags) parse(prefix string) (searchRequest, error) {
	req := searchRequest{format: strings.ToLower(strings.TrimSpace(f.format))}
	if req.format != "table" && req.format != "json" && req.format != "csv" {
		return req, usagef("unknown --format %q — use table, json or csv", f.format)
	}
	if f.sort != "" {
		var err error
		if req.sort, err = results.ParseSort(f.sort); err != nil {
			return req, usagef("--sort: %v", err)
		}
	}
	query := f.filter
	if prefix != "" {
		query = strings.TrimSpace("^" + prefix + " " + query)
	}
	req.filter = results.ParseFilter(query)
	if bad := req.filter.Invalid(); len(bad) > 0 {
		return req, usagef("--filter: %s", strings.Join(bad, "; "))
	}
	return req, nil
}

// runSearch searches afresh for the settings' countries and type through
// inv and prints the results on stdout, warnings on stderr. When some
// countries (or types) fail and others answer, it prints what answered,
// warns of each failure, and returns an error (exit 1) so that a script
// never takes part of the answer for all of it.
func runSearch(ctx context.Context, p process, s settings, inv *inventory.Service, req searchRequest) error {
	res, err := inv.SearchChoice(ctx, inventory.Choice{Country: s.Country, Countries: s.Countries, Types: s.Type, Fresh: true})
	if err != nil {
		return err
	}
	missing := warnMissing(p.io.err, res, s.Type, len(s.Countries) > 1)
	if k := res.Skipped.Total(); k > 0 {
		fmt.Fprintf(p.io.err, "numbrowse: note: %d of the provider's entries were skipped: %s\n", k, res.Skipped)
	}

	set := results.NewSet(res.Numbers)
	idx := set.View(req.filter, req.sort)
	if cur := set.CurrencyOrder(req.sort.Col); cur != nil {
		fmt.Fprintf(p.io.err, "numbrowse: note: the %s costs are in %d currencies, sorted within each (%s first, then %s); numbrowse does not convert currencies\n",
			req.sort.Col, len(cur), cur[0], strings.Join(cur[1:], ", "))
	}
	w := p.io.out
	switch req.format {
	case "json":
		err = results.WriteJSON(w, set, idx)
	case "csv":
		err = results.WriteCSV(w, set, idx)
	default:
		err = writeTable(w, set, idx, tableOptions{
			color: colorOut(p), mixedTypes: s.Type.All(), ascii: s.ASCII || !utf8Locale(p.env),
		})
	}
	if err != nil || missing == "" {
		return err
	}
	return fmt.Errorf("the results are incomplete: %s could not be searched — the numbers above are from the rest; try again", missing)
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
