package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
)

type searchFlags struct {
	format, sort, filter string
}

func (a *app) searchCmd() *cobra.Command {
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
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runSearch(cmd.Context(), f) },
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

func (a *app) runSearch(ctx context.Context, f *searchFlags) error {
	format := strings.ToLower(strings.TrimSpace(f.format))
	if format != "table" && format != "json" && format != "csv" {
		return usagef("unknown --format %q — use table, json or csv", f.format)
	}
	var so results.Sort
	if f.sort != "" {
		var err error
		if so, err = results.ParseSort(f.sort); err != nil {
			return usagef("--sort: %v", err)
		}
	}
	filter := results.ParseFilter(f.filter)
	if bad := filter.Invalid(); len(bad) > 0 {
		return usagef("--filter: %s", strings.Join(bad, "; "))
	}
	if err := a.requireKey(); err != nil {
		return err
	}
	if err := a.connect(); err != nil {
		return err
	}

	res, err := a.inv.SearchChoice(ctx, inventory.Choice{Country: a.set.Country, Types: a.set.Type, Fresh: true})
	if err != nil {
		return err
	}
	failed := res.Failed
	for _, te := range failed {
		fmt.Fprintf(a.io.err, "numbrowse: warning: %s numbers could not be searched: %s\n",
			te.Type, oneLine(describeError(te.Err)))
	}
	if res.Skipped > 0 {
		fmt.Fprintf(a.io.err, "numbrowse: note: %d entries without a usable phone number were skipped\n", res.Skipped)
	}

	set := results.NewSet(res.Numbers)
	idx := set.View(filter, so)
	w := a.io.out
	switch format {
	case "json":
		return results.WriteJSON(w, set, idx)
	case "csv":
		return results.WriteCSV(w, set, idx)
	}
	return writeTable(w, set, idx, tableOptions{
		color: a.colorOut(), mixedTypes: a.set.Type.All(), ascii: a.set.ASCII || !utf8Locale(a.env),
	})
}
