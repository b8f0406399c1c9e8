package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"numbrowse/api"
	"numbrowse/api/demo"
	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
	"numbrowse/internal/watch"
)

// errNoMatch is the outcome of a watch whose --until passed without a
// match (exit 3).
var errNoMatch = errors.New("no match")

// noMatchError says what was watched and for how long.
type noMatchError struct{ what, until string }

func (e *noMatchError) Error() string {
	return "no new match for " + e.what + " in " + e.until + " — the watch ended at --until"
}
func (e *noMatchError) Unwrap() error { return errNoMatch }

// watchFlags are watch's own flags as typed.
type watchFlags struct {
	format, filter string
	every, until   time.Duration
	exitOnMatch    bool
}

func newWatchCmd(p process, settingsOf func(*cobra.Command) (settings, error)) *cobra.Command {
	f := &watchFlags{}
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Search on an interval and print each new matching number once",
		Long: "watch searches the country and type again every --every (never more often than once a\n" +
			"minute) and prints each number that matches --filter the first time it is seen: the\n" +
			"numbers on offer now first, then each one that appears. It never buys anything.\n" +
			"A rate limit, a server error or a timeout is said on stderr and outlived, with longer\n" +
			"waits; the watch gives up when searches fail for half an hour in a row, or at once\n" +
			"when the key or the search is refused.\n\n" +
			"Exit status: 0 on the first match with --exit-on-match (and when --until passes\n" +
			"after matches, or on ctrl+c), 3 when --until passes without a match, 1 when the watch\n" +
			"gives up on an error, 2 for a usage error.",
		Example: "  numbrowse watch --country US --type local --filter '^312 sms' --exit-on-match\n" +
			"  numbrowse watch --country GB --type mobile --filter 7777$ --every 10m --until 24h\n" +
			"  numbrowse watch --country DE --type all --format jsonl | jq -r .phone_number",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := settingsOf(cmd)
			if err != nil {
				return err
			}
			run, format, err := f.parse(s)
			if err != nil {
				return err
			}
			extras := backendExtras{}
			if p.clock != nil {
				extras.demo = []demo.Option{demo.WithClock(p.clock.Now)}
				extras.inventory = []inventory.Option{inventory.WithClock(p.clock.Now)}
			}
			b, err := newKeyedBackend(s, p.build.userAgentVersion(), extras)
			if err != nil {
				return err
			}
			defer func() { _ = b.Close() }()
			run.Search = b.inv
			return runWatch(cmd.Context(), p, s, run, format)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.filter, "filter", "", "filter expression, e.g. '^312 sms <2' (see the README)")
	fl.DurationVar(&f.every, "every", watch.DefaultEvery, "search this often (at least 1m)")
	fl.DurationVar(&f.until, "until", 0, "stop after this long, e.g. 24h (exit 3 without a match; default: never)")
	fl.BoolVar(&f.exitOnMatch, "exit-on-match", false, "exit 0 after the first search that finds a new match")
	fl.StringVar(&f.format, "format", "table", "output format: table or jsonl")
	return cmd
}

// parse checks watch's flags before anything is requested.
func (f *watchFlags) parse(s settings) (watch.Run, string, error) {
	format := strings.ToLower(strings.TrimSpace(f.format))
	if format != "table" && format != "jsonl" {
		return watch.Run{}, "", usagef("unknown --format %q — use table or jsonl", f.format)
	}
	filter := results.ParseFilter(f.filter)
	if bad := filter.Invalid(); len(bad) > 0 {
		return watch.Run{}, "", usagef("--filter: %s", strings.Join(bad, "; "))
	}
	if f.every < watch.Floor {
		return watch.Run{}, "", usagef("--every %s is too often — numbrowse asks the API at most once a minute for a country and type; use 1m or more", f.every)
	}
	if f.until < 0 {
		return watch.Run{}, "", usagef("--until %s must not be negative — use a duration such as 24h", f.until)
	}
	run := watch.Run{
		Spec:        watch.Spec{Country: s.Country, Types: s.Type, Filter: filter, Every: f.every},
		Until:       f.until,
		ExitOnMatch: f.exitOnMatch,
	}
	if err := run.Spec.Check(); err != nil {
		return watch.Run{}, "", usageError{err}
	}
	return run, format, nil
}

// runWatch runs the watch, printing new matches on stdout and what
// happens on the way on stderr.
func runWatch(ctx context.Context, p process, s settings, run watch.Run, format string) error {
	if p.clock != nil {
		run.Clock = p.clock
	} else {
		run.Jitter = rand.Float64
	}
	clock := run.Clock
	if clock == nil {
		clock = watch.RealClock{}
	}
	dot := "·"
	ascii := s.ASCII || !utf8Locale(p.env)
	if ascii {
		dot = "-"
	}
	what := run.Spec.Label(dot)
	fmt.Fprintf(p.io.err, "numbrowse: watching %s every %s%s — it never buys; ctrl+c stops\n",
		oneLine(what), watch.Human(run.Spec.Every), watchEnd(run))
	out := &watchPrinter{w: p.io.out, jsonl: format == "jsonl", mixed: s.Type.All(), ascii: ascii, clock: clock,
		width: ttyColumns(p)}
	run.Found = out.print
	run.Note = func(msg string) {
		fmt.Fprintf(p.io.err, "numbrowse: %s %s\n", clock.Now().Local().Format("15:04:05"), oneLine(msg))
	}
	rep, err := run.Do(ctx)
	if err != nil {
		if errors.Is(err, watch.ErrLasting) {
			return fmt.Errorf("the watch stopped: %s", describeError(err))
		}
		return err
	}
	if rep.Outcome == watch.Expired && rep.Found == 0 {
		return &noMatchError{what: oneLine(what), until: watch.Human(run.Until)}
	}
	return nil
}

// watchEnd says when the watch ends besides ctrl+c.
func watchEnd(run watch.Run) string {
	switch {
	case run.Until > 0 && run.ExitOnMatch:
		return ", until the first match or for " + watch.Human(run.Until)
	case run.Until > 0:
		return ", for " + watch.Human(run.Until)
	case run.ExitOnMatch:
		return ", until the first match"
	}
	return ""
}

// watchPrinter prints a watch's new matches: JSON Lines, or table rows in
// fixed columns (the rows come over hours, so their widths cannot be
// measured ahead), the header once before the first.
type watchPrinter struct {
	w      io.Writer
	jsonl  bool
	mixed  bool
	ascii  bool
	clock  watch.Clock
	header bool
	// width is the terminal's width when stdout is one (the rows are
	// fitted to it), else 0 (every column, for a file or a pipe).
	width int
	lay   *watchLayout
}

// Fixed widths of the watch table's columns.
const (
	watchFoundW   = 8
	watchNumberW  = 20
	watchRegionW  = 24
	watchRegionF  = 18 // a region worth more than the flags, upfront cost and type ("Chicago Zone 1, IL")
	watchRegionM  = 12 // the narrowest region worth showing
	watchCostW    = 12
	watchFeatureW = 20
	watchFlagsW   = 12
	watchTypeW    = 9
)

// watchLayout is which of the watch table's optional columns are shown,
// and the region's width.
type watchLayout struct {
	regionW                       int // 0: no region
	upfront, features, flags, typ bool
}

// ttyColumns is the width of p's stdout when it is a terminal, else 0.
func ttyColumns(p process) int {
	f, ok := p.io.out.(term.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0
	}
	w, _, err := term.GetSize(f.Fd())
	if err != nil || w <= 0 {
		return 0
	}
	return w
}

// layout fits the table to wp.width in the browser's order: found,
// number and monthly cost always; the flags go first, then the upfront
// cost, the type and the features; the region narrows (to watchRegionM)
// before it goes.
func (wp *watchPrinter) layout() *watchLayout {
	if wp.lay != nil {
		return wp.lay
	}
	l := &watchLayout{regionW: watchRegionW, upfront: true, features: true, flags: true, typ: wp.mixed}
	wp.lay = l
	if wp.width <= 0 {
		return l
	}
	base := watchFoundW + 2 + watchNumberW + 2 + watchCostW
	optional := func() int {
		n := 0
		for _, c := range []struct {
			on bool
			w  int
		}{{l.upfront, watchCostW}, {l.features, watchFeatureW}, {l.flags, watchFlagsW}, {l.typ, watchTypeW}} {
			if c.on {
				n += 2 + c.w
			}
		}
		return n
	}
	// Each column goes when the row would not fit with a region of
	// need; the features are worth a narrower region than the others.
	for _, step := range []struct {
		drop *bool
		need int
	}{{&l.flags, watchRegionF}, {&l.upfront, watchRegionF}, {&l.typ, watchRegionF}, {&l.features, watchRegionM}} {
		if base+optional()+2+step.need <= wp.width {
			break
		}
		*step.drop = false
	}
	l.regionW = min(watchRegionW, wp.width-base-optional()-2)
	if l.regionW < watchRegionM {
		l.regionW = 0
	}
	return l
}

func (wp *watchPrinter) print(set *results.Set, idx []int) error {
	if wp.jsonl {
		rows := make([]int32, len(idx))
		for k, i := range idx {
			rows[k] = int32(i)
		}
		return results.WriteRows(results.NewJSONLinesWriter(wp.w, nil), set, results.RowsOf(rows))
	}
	bw := bufio.NewWriter(wp.w)
	cell := func(s string, w int, right bool) string {
		s = ansi.Truncate(s, w, ellipsis(wp.ascii))
		pad := strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
		if right {
			return pad + s
		}
		return s + pad
	}
	l := wp.layout()
	row := func(found, number, region, upfront, monthly, features, flags, typ string) string {
		line := cell(found, watchFoundW, false) + "  " + cell(number, watchNumberW, false)
		if l.regionW > 0 {
			line += "  " + cell(region, l.regionW, false)
		}
		if l.upfront {
			line += "  " + cell(upfront, watchCostW, true)
		}
		line += "  " + cell(monthly, watchCostW, true)
		if l.features {
			line += "  " + cell(features, watchFeatureW, false)
		}
		if l.flags {
			line += "  " + cell(flags, watchFlagsW, false)
		}
		if l.typ {
			line += "  " + cell(typ, watchTypeW, false)
		}
		return strings.TrimRight(line, " ") + "\n"
	}
	if !wp.header {
		wp.header = true
		bw.WriteString(row("FOUND", "NUMBER", "REGION", "UPFRONT", "MONTHLY", "FEATURES", "FLAGS", "TYPE"))
	}
	at := wp.clock.Now().Local().Format("15:04:05")
	for _, j := range idx {
		n := set.At(j)
		bw.WriteString(row(at, set.International(j), set.RegionSummary(j), results.TableCost(n.Upfront, n.UpfrontCurrency),
			results.TableCost(n.Monthly, n.MonthlyCurrency), api.FeatureLabels(n.Features), strings.Join(n.Flags.Labels(), ", "), string(n.Type)))
	}
	return bw.Flush()
}
