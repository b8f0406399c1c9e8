package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
)

// searchFlags are search's own flags as typed.
type searchFlags struct {
	format, sort, filter string
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
			"response error, 2 for a usage error (a bad flag, country or type).",
		Example: "  numbrowse search --demo --country GB --type mobile\n" +
			"  numbrowse search --country US --type local --filter '^312 sms <1.5' --sort monthly\n" +
			"  numbrowse search --country DE --type all --format json | jq '.[0]'",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := settingsOf(cmd)
			if err != nil {
				return err
			}
			req, err := f.parse()
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
	return cmd
}

func columnNames() string {
	var names []string
	for _, c := range results.Columns() {
		names = append(names, c.String())
	}
	return strings.Join(names, ", ")
}

// parse checks search's flags before anything is requested.
func (f *searchFlags) parse() (searchRequest, error) {
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
	req.filter = results.ParseFilter(f.filter)
	if bad := req.filter.Invalid(); len(bad) > 0 {
		return req, usagef("--filter: %s", strings.Join(bad, "; "))
	}
	return req, nil
}

// runSearch searches afresh for the settings' country and type through
// inv and prints the results on stdout, warnings on stderr.
func runSearch(ctx context.Context, p process, s settings, inv *inventory.Service, req searchRequest) error {
	res, err := inv.SearchChoice(ctx, inventory.Choice{Country: s.Country, Types: s.Type, Fresh: true})
	if err != nil {
		return err
	}
	for _, te := range res.Failed {
		fmt.Fprintf(p.io.err, "numbrowse: warning: %s numbers could not be searched: %s\n",
			te.Type, oneLine(describeError(te.Err)))
	}
	if k := res.Skipped.Total(); k > 0 {
		fmt.Fprintf(p.io.err, "numbrowse: note: %d of the provider's entries were skipped: %s\n", k, res.Skipped)
	}

	set := results.NewSet(res.Numbers)
	idx := set.View(req.filter, req.sort)
	w := p.io.out
	switch req.format {
	case "json":
		return results.WriteJSON(w, set, idx)
	case "csv":
		return results.WriteCSV(w, set, idx)
	}
	return writeTable(w, set, idx, tableOptions{
		color: colorOut(p), mixedTypes: s.Type.All(), ascii: s.ASCII || !utf8Locale(p.env),
	})
}
