package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
)

// ownedFormats are the output formats of numbrowse owned.
var ownedFormats = []string{"table", "json", "csv", "jsonl", "tsv"}

// ownedFlags are owned's own flags as typed.
type ownedFlags struct {
	format, sort, filter string
}

// ownedRequest is owned's flags, parsed and checked.
type ownedRequest struct {
	format string
	sort   results.OwnedSort
	filter results.OwnedFilter
}

func newOwnedCmd(p process, settingsOf func(*cobra.Command) (settings, error)) *cobra.Command {
	f := &ownedFlags{}
	cmd := &cobra.Command{
		Use:   "owned",
		Short: "Print the numbers your account owns and exit (for scripts)",
		Long: "owned lists the numbers the account behind the API key owns, every page of them:\n" +
			"an aligned table (the default), JSON, CSV, JSON Lines or TSV. The filter takes\n" +
			"digits (555, +44, ^415, 00$), words found in the name, country or operators, and\n" +
			"active or inactive; ! negates a term.\n\n" +
			"Exit status: 0 on success (also when nothing matches), 1 for an API, network or\n" +
			"response error, 2 for a usage error (a bad flag or filter).",
		Example: "  numbrowse owned --demo\n" +
			"  numbrowse owned --filter 'inactive' --format csv > idle.csv\n" +
			"  numbrowse owned --format jsonl | jq -r .phone_number",
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
			b, err := newKeyedBackend(s, p.build.userAgentVersion(), backendExtras{})
			if err != nil {
				return err
			}
			defer func() { _ = b.Close() }()
			return runOwned(cmd.Context(), p, s, b.inv, req)
		},
	}
	cmd.Flags().StringVar(&f.format, "format", "table", "output format: "+strings.Join(ownedFormats, ", "))
	cmd.Flags().StringVar(&f.sort, "sort", "", "sort by a column, e.g. name or active:desc ("+ownedColumnNames()+")")
	cmd.Flags().StringVar(&f.filter, "filter", "", "filter, e.g. '^415 active' or 'sales !inactive'")
	return cmd
}

func ownedColumnNames() string {
	var names []string
	for _, c := range results.OwnedColumns() {
		names = append(names, c.String())
	}
	return strings.Join(names, ", ")
}

// parse checks owned's flags before anything is requested.
func (f *ownedFlags) parse() (ownedRequest, error) {
	req := ownedRequest{format: strings.ToLower(strings.TrimSpace(f.format))}
	if !slices.Contains(ownedFormats, req.format) {
		return req, usagef("unknown --format %q — use %s", f.format, strings.Join(ownedFormats, ", "))
	}
	if f.sort != "" {
		var err error
		if req.sort, err = results.ParseOwnedSort(f.sort); err != nil {
			return req, usagef("--sort: %v", err)
		}
	}
	req.filter = results.ParseOwnedFilter(f.filter)
	if bad := req.filter.Invalid(); len(bad) > 0 {
		return req, usagef("--filter: %s", strings.Join(bad, "; "))
	}
	return req, nil
}

// runOwned lists the account's numbers afresh through inv and prints them
// on stdout, notes on stderr.
func runOwned(ctx context.Context, p process, s settings, inv *inventory.Service, req ownedRequest) error {
	l, err := inv.Owned(ctx, inventory.OwnedRequest{Fresh: true})
	if err != nil {
		return err
	}
	if l.Incomplete != "" {
		fmt.Fprintf(p.io.err, "numbrowse: warning: the list may be incomplete: %s\n", oneLine(l.Incomplete))
	}
	if l.Skipped > 0 {
		fmt.Fprintf(p.io.err, "numbrowse: note: %d of the API's entries were skipped: neither a number nor an id\n", l.Skipped)
	}
	idx := results.OwnedView(l.Numbers, req.filter, req.sort)
	w := p.io.out
	switch req.format {
	case "json":
		return results.WriteOwnedJSON(w, l.Numbers, idx)
	case "jsonl":
		return results.WriteOwnedJSONL(w, l.Numbers, idx)
	case "csv":
		return results.WriteOwnedCSV(w, l.Numbers, idx)
	case "tsv":
		return results.WriteOwnedTSV(w, l.Numbers, idx)
	}
	return writeOwnedTable(w, l.Numbers, idx, colorOut(p), s.ASCII || !utf8Locale(p.env), ttyColumns(p))
}

// maxOwnedTextWidth keeps a long name or operators list from pushing the
// table off the screen.
const maxOwnedTextWidth = 40

// writeOwnedTable prints the owned numbers idx of list as an aligned
// table: ID, number, name, country, active, operators. With width > 0 (a
// terminal's) the operators, then the names, are cut to fit it.
func writeOwnedTable(w io.Writer, list []api.OwnedNumber, idx []int, color, ascii bool, width int) error {
	header := []string{"ID", "NUMBER", "NAME", "COUNTRY", "ACTIVE", "OPERATORS"}
	rows := make([][]string, 0, len(idx))
	for _, j := range idx {
		o := list[j]
		row := []string{buyDash(o.ID), results.OwnedCell(o, results.OwnedNumber)}
		for _, c := range []results.OwnedColumn{results.OwnedName, results.OwnedCountry, results.OwnedActive, results.OwnedOperators} {
			cell := oneLine(results.OwnedCell(o, c))
			row = append(row, buyDash(ansi.Truncate(cell, maxOwnedTextWidth, ellipsis(ascii))))
		}
		rows = append(rows, row)
	}
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = ansi.StringWidth(h)
	}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	if width > 0 {
		total := 2 * (len(widths) - 1)
		for _, n := range widths {
			total += n
		}
		for _, col := range []int{5, 2} { // operators, then name
			if total <= width {
				break
			}
			least := ansi.StringWidth(header[col])
			cut := min(total-width, max(widths[col]-least, 0))
			widths[col] -= cut
			total -= cut
		}
		for _, r := range rows {
			for i := range r {
				r[i] = ansi.Truncate(r[i], widths[i], ellipsis(ascii))
			}
		}
	}
	var out io.Writer = w
	if color {
		out = colorprofile.NewWriter(w, os.Environ())
	}
	bw := bufio.NewWriter(out)
	head := lipgloss.NewStyle().Bold(true)
	for k, cells := range append([][]string{header}, rows...) {
		var b strings.Builder
		for i, c := range cells {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(c)
			if i < len(cells)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)))
			}
		}
		line := strings.TrimRight(b.String(), " ")
		if k == 0 && color {
			line = head.Render(line)
		}
		bw.WriteString(line)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
