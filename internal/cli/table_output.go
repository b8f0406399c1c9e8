package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	"numbrowse/internal/results"
)

type tableOptions struct {
	color      bool
	mixedTypes bool
	ascii      bool
}

// maxRegionWidth keeps one long region name from pushing the table off the
// screen.
const maxRegionWidth = 40

func writeTable(w io.Writer, set *results.Set, idx []int, o tableOptions) error {
	cols := set.TableColumns(idx, o.mixedTypes)
	header := make([]string, len(cols))
	right := make([]bool, len(cols))
	for i, c := range cols {
		header[i] = strings.ToUpper(c.Title())
		right[i] = c == results.Upfront || c == results.Monthly
	}
	rows := make([][]string, 0, len(idx))
	for _, j := range idx {
		n := set.At(j)
		row := make([]string, len(cols))
		for i, c := range cols {
			switch c {
			case results.Region:
				row[i] = ansi.Truncate(set.RegionSummary(j), maxRegionWidth, ellipsis(o.ascii))
			case results.Upfront:
				row[i] = money(n.Upfront, n.UpfrontCurrency)
			case results.Monthly:
				row[i] = money(n.Monthly, n.MonthlyCurrency)
			case results.Features:
				row[i] = api.FeatureLabels(n.Features)
			case results.Flags:
				row[i] = strings.Join(n.Flags.Labels(), ", ")
			default:
				row[i] = set.Cell(j, c)
			}
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
	var out io.Writer = w
	if o.color {
		out = colorprofile.NewWriter(w, os.Environ())
	}
	bw := bufio.NewWriter(out)
	headStyle := lipgloss.NewStyle().Bold(true)
	line := func(cells []string, style *lipgloss.Style) {
		var b strings.Builder
		for i, c := range cells {
			pad := strings.Repeat(" ", widths[i]-ansi.StringWidth(c))
			if right[i] {
				c = pad + c
			} else if i < len(cells)-1 {
				c += pad
			}
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(c)
		}
		s := strings.TrimRight(b.String(), " ")
		if style != nil && o.color {
			s = style.Render(s)
		}
		bw.WriteString(s)
		bw.WriteByte('\n')
	}
	line(header, &headStyle)
	for _, r := range rows {
		line(r, nil)
	}
	return bw.Flush()
}

// money right-aligns well: the amount, then the currency the provider gave
// for that cost in a fixed width (marked "?" when it is not ISO 4217), so
// decimal points line up even where the provider sent no currency.
func money(d api.Decimal, currency string) string {
	if !d.Valid() {
		return "-    "
	}
	amount := results.Cost(d, "")
	return amount + " " + fmt.Sprintf("%-3s", results.CurrencyText(currency))
}

func ellipsis(ascii bool) string {
	if ascii {
		return "..."
	}
	return "…"
}
