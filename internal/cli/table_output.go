package cli

import (
	"bufio"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"numbrowse/internal/results"
)

type tableOptions struct {
	color  bool
	ascii  bool
	header bool
	fields []results.Field
	// width is the terminal's width to fit, or 0 for every column at its
	// full width (stdout is not a terminal).
	width int
}

const (
	// maxTextWidth keeps one long provider text (a region name, provider
	// fields) from pushing the table off any screen, piped or not.
	maxTextWidth = 40
	// minRegionWidth is the narrowest the region column gets before it is
	// dropped (the browser's too).
	minRegionWidth = 10
	colGap         = 2
)

// defaultTableFields are the table's columns without --fields: the
// browser's (results.TableColumns: the country when the rows span
// countries, the type when the result mixes types).
func defaultTableFields(set *results.Set, idx results.Rows, mixedTypes bool) []results.Field {
	var out []results.Field
	for _, c := range set.TableColumns(idx, mixedTypes) {
		for _, f := range results.AllFields() {
			if fc, ok := f.Column(); ok && fc == c {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// outputWidth is the width of p's stdout when it is a terminal.
func outputWidth(p process) (int, bool) {
	if t, ok := p.io.out.(interface{ TerminalWidth() (int, bool) }); ok {
		return t.TerminalWidth() // tests
	}
	f, ok := p.io.out.(term.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0, false
	}
	if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
		return w, true
	}
	if w, err := strconv.Atoi(p.env("COLUMNS")); err == nil && w > 0 {
		return w, true
	}
	return 80, true
}

// writeTable writes the numbers idx of set as an aligned table of
// o.fields. The widths come from every row (a first pass that keeps no
// text); on a terminal (o.width > 0) the columns that do not fit are
// dropped in the browser's order (results.DropOrder, then the other
// optional fields from the last), the region takes what is left, and a
// line that still does not fit is cut at the edge.
func writeTable(w io.Writer, set *results.Set, idx results.Rows, o tableOptions) error {
	ell := ellipsis(o.ascii)
	cell := func(j int, f results.Field) string {
		s := set.TableText(j, f)
		if !f.RightAligned() && f != results.FieldNumber {
			s = ansi.Truncate(s, maxTextWidth, ell)
		}
		return s
	}
	widths := make(map[results.Field]int, len(o.fields))
	for _, f := range o.fields {
		widths[f] = ansi.StringWidth(f.Title())
	}
	for _, j := range idx.All() {
		for _, f := range o.fields {
			widths[f] = max(widths[f], ansi.StringWidth(cell(j, f)))
		}
	}
	fields := o.fields
	if o.width > 0 {
		fields = fitFields(o.fields, widths, o.width)
	}

	var out io.Writer = w
	if o.color {
		out = colorprofile.NewWriter(w, os.Environ())
	}
	bw := bufio.NewWriterSize(out, 64<<10)
	headStyle := lipgloss.NewStyle().Bold(true)
	var b strings.Builder
	line := func(cell func(results.Field) string, bold bool) {
		b.Reset()
		for k, f := range fields {
			c := cell(f)
			if cw := ansi.StringWidth(c); cw > widths[f] {
				c = ansi.Truncate(c, widths[f], ell)
			}
			pad := strings.Repeat(" ", widths[f]-ansi.StringWidth(c))
			if f.RightAligned() {
				c = pad + c
			} else if k < len(fields)-1 {
				c += pad
			}
			if k > 0 {
				b.WriteString("  ")
			}
			b.WriteString(c)
		}
		s := strings.TrimRight(b.String(), " ")
		if o.width > 0 && ansi.StringWidth(s) > o.width {
			s = ansi.Truncate(s, o.width, ell)
		}
		if bold && o.color {
			s = headStyle.Render(s)
		}
		bw.WriteString(s)
		bw.WriteByte('\n')
	}
	if o.header {
		line(results.Field.Title, true)
	}
	for _, j := range idx.All() {
		line(func(f results.Field) string { return cell(j, f) }, false)
	}
	return bw.Flush()
}

// fitFields drops fields until the rest fit width (the region counted at
// its narrowest), in the browser's order: results.DropOrder, then the
// other fields from the last; the number and the monthly cost stay. The
// region then takes what is left, up to its content (widths is updated).
func fitFields(all []results.Field, widths map[results.Field]int, width int) []results.Field {
	keep := slices.Clone(all)
	total := func() int {
		t := 0
		for _, f := range keep {
			w := widths[f]
			if f == results.FieldRegion {
				w = min(w, max(minRegionWidth, ansi.StringWidth(f.Title())))
			}
			t += w
		}
		return t + colGap*(len(keep)-1)
	}
	drop := func(f results.Field) {
		if i := slices.Index(keep, f); i >= 0 {
			keep = slices.Delete(keep, i, i+1)
		}
	}
	var order []results.Field
	for k := len(all) - 1; k >= 0; k-- { // fields the browser does not show go first, the last first
		if f := all[k]; f != results.FieldNumber && f != results.FieldMonthly {
			if col, ok := f.Column(); !ok || !slices.Contains(results.DropOrder(), col) {
				order = append(order, f)
			}
		}
	}
	for _, c := range results.DropOrder() {
		for _, f := range all {
			if col, ok := f.Column(); ok && col == c {
				order = append(order, f)
			}
		}
	}
	for _, f := range order {
		if total() <= width {
			break
		}
		drop(f)
	}
	if slices.Contains(keep, results.FieldRegion) {
		rest := total() - min(widths[results.FieldRegion], max(minRegionWidth, ansi.StringWidth(results.FieldRegion.Title())))
		widths[results.FieldRegion] = max(min(widths[results.FieldRegion], width-rest), minRegionWidth)
	}
	return keep
}

func ellipsis(ascii bool) string {
	if ascii {
		return "..."
	}
	return "…"
}
