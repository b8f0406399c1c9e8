package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/phone"
	"numbrowse/internal/results"
)

// buyFlags are buy's own flags as typed.
type buyFlags struct {
	name   string
	group  int64
	yes    bool
	format string
}

func newBuyCmd(p process, settingsOf func(*cobra.Command) (settings, error)) *cobra.Command {
	f := &buyFlags{}
	cmd := &cobra.Command{
		Use:   "buy +NUMBER",
		Short: "Rent one number (spends money; asks first)",
		Long: "buy rents one phone number. It searches again first, so what it shows and sends are\n" +
			"the costs on offer now (exactly as the API gives them); a number that is no longer\n" +
			"offered is not bought. On a terminal it shows the number and its costs and asks you to\n" +
			"type the number's last four digits; anything else cancels. Without a terminal it\n" +
			"refuses unless --yes is given. The purchase is sent once and never retried: if the\n" +
			"answer is lost, buy checks the numbers on your account and says whether it went through.\n\n" +
			"The country defaults to the number's own (from its calling and area code), and every\n" +
			"type is searched unless --type is given. --read-only (NUMBROWSE_READ_ONLY, or\n" +
			"read_only in the config file) makes buy refuse.\n\n" +
			"Exit status: 0 when the number was bought; 1 when it was not (an API or network error,\n" +
			"not offered any more, not confirmed) or when the outcome was unknown (then the\n" +
			"ownership check's finding is printed); 2 for a usage error (a bad number or flag,\n" +
			"read-only mode, no terminal without --yes).",
		Example: "  numbrowse buy +15551234567\n" +
			"  numbrowse buy +15551234567 --type local --name \"Sales\"\n" +
			"  numbrowse buy +442079460123 --requirement-group 42 --yes --format json\n" +
			"  numbrowse buy --demo --yes \"$(numbrowse search --demo --type local --format json | jq -r '.[0].phone_number')\"",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := settingsOf(cmd)
			if err != nil {
				return err
			}
			o, err := f.parse(cmd, s, args[0], p.io.in)
			if err != nil {
				return err
			}
			b, err := newKeyedBackend(s, p.build.userAgentVersion(), backendExtras{})
			if err != nil {
				return err
			}
			defer func() { _ = b.Close() }()
			return runBuy(cmd.Context(), p.io, b, s.Timeout, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.name, "name", "", "display name of the number on your account")
	fl.Int64Var(&f.group, "requirement-group", 0, "id of an approved regulatory requirement group (countries that need documents)")
	fl.BoolVar(&f.yes, "yes", false, "buy without asking (needed without a terminal)")
	fl.StringVar(&f.format, "format", "table", "output format of the bought number: table or json")
	return cmd
}

// buyOrder is what buy was asked to do, parsed and checked.
type buyOrder struct {
	e164   string
	req    api.PurchaseRequest // the name and requirement group so far
	format string              // table or json
	ask    bool                // confirm on the terminal (no --yes)
	// country and types are the search that should offer the number.
	country api.Country
	types   api.TypeChoice
}

// parse checks buy's flags and the number arg, with the settings s, before
// anything is requested; in is where the confirmation would be read.
func (f *buyFlags) parse(cmd *cobra.Command, s settings, arg string, in io.Reader) (buyOrder, error) {
	if s.ReadOnly {
		return buyOrder{}, usagef("read-only mode is on (--read-only, NUMBROWSE_READ_ONLY or read_only in the config file) — buy refuses to spend money")
	}
	o := buyOrder{format: strings.ToLower(strings.TrimSpace(f.format)), ask: !f.yes}
	if o.format != "table" && o.format != "json" {
		return buyOrder{}, usagef("unknown --format %q — use table or json", f.format)
	}
	e164, err := api.ParseE164(arg)
	if err != nil {
		return buyOrder{}, err
	}
	o.e164 = e164
	o.req = api.PurchaseRequest{PhoneNumber: e164, Name: strings.TrimSpace(f.name)}
	if cmd.Flags().Changed("requirement-group") {
		if f.group <= 0 {
			return buyOrder{}, usagef("--requirement-group %d: use the positive id of an approved requirement group", f.group)
		}
		g := f.group
		o.req.RequirementGroupID = &g
	}
	if strings.ContainsFunc(o.req.Name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return buyOrder{}, usagef("--name contains control characters")
	}
	if o.ask && !isTerminalInput(in) {
		return buyOrder{}, usagef("not on a terminal, so buy cannot ask — pass --yes to buy without asking")
	}
	if cmd.Flags().Changed("country") && (len(s.Countries) > 1 || s.Prefix != "") {
		return buyOrder{}, usagef("--country %s: buy searches one country — give the number's country, such as --country %s", s.Countries.Label(3), s.Country.Code)
	}
	o.country, o.types = buyQuery(s, cmd.Flags().Changed("country"), cmd.Flags().Changed("type"), e164)
	return o, nil
}

// buyQuery is the search that should offer e164: the --country flag
// (countryFlag), else the number's own country (else the usual country
// setting); the --type flag (typeFlag), else every type.
func buyQuery(s settings, countryFlag, typeFlag bool, e164 string) (api.Country, api.TypeChoice) {
	country, typ := s.Country, api.AllTypes
	if !countryFlag {
		if pn, err := phone.Parse(e164, ""); err == nil {
			if c, ok := api.LookupCountry(phone.GetRegionCodeForNumber(pn)); ok {
				country = c
			}
		}
	}
	if typeFlag {
		typ = s.Type
	}
	return country, typ
}

// runBuy buys o's number through b: it searches afresh, shows what will
// be bought, asks on the terminal unless --yes, and sends the purchase
// once. timeout is the per-request timeout, for the ownership check after
// an unknown outcome.
func runBuy(ctx context.Context, sio stdio, b *backend, timeout time.Duration, o buyOrder) error {
	t, err := findOffered(ctx, b.inv, o.e164, o.country, o.types)
	if err != nil {
		return err
	}
	t.req = o.req
	t.req.CountryCode, t.req.NumberType = t.num.Country, string(t.num.Type)
	t.req.UpfrontCost, t.req.MonthlyCost = t.num.Upfront.String(), t.num.Monthly.String()

	printBuySummary(sio.err, t)
	if o.ask && !confirmBuy(sio, t) {
		return errors.New("not confirmed — nothing was bought")
	}
	fmt.Fprintf(sio.err, "Buying %s…\n", t.intl)
	p, err := b.client.Purchase(ctx, t.req)
	if err != nil {
		return buyFailed(ctx, sio, b, timeout, t, o.format, err)
	}
	b.inv.Forget(api.Query{Country: t.num.Country, Type: t.num.Type}, t.num.E164)
	fmt.Fprintf(sio.err, "Bought %s.\n", t.intl)
	return writeOwned(sio.out, o.format, *p)
}

// buyTarget is what will be bought.
type buyTarget struct {
	num  api.Number
	intl string
	req  api.PurchaseRequest
}

// findOffered searches afresh and returns e164's entry, or an error that
// says it is not on offer.
func findOffered(ctx context.Context, inv *inventory.Service, e164 string, country api.Country, typ api.TypeChoice) (buyTarget, error) {
	res, err := inv.SearchChoice(ctx, inventory.Choice{Country: country, Types: typ, Fresh: true})
	if err != nil {
		return buyTarget{}, err
	}
	failed := res.Failed
	i := slices.IndexFunc(res.Numbers, func(n api.Number) bool { return n.E164 == e164 })
	if i < 0 {
		what := country.Code + " numbers"
		if !typ.All() {
			what = country.Code + " " + typ.String() + " numbers"
		}
		msg := fmt.Sprintf("%s is not offered among the %s any more (or never was) — nothing was bought", e164, what)
		if len(failed) > 0 {
			types := make([]string, len(failed))
			for j, te := range failed {
				types[j] = string(te.Type)
			}
			msg += fmt.Sprintf(" (the %s search failed)", strings.Join(types, ", "))
		}
		return buyTarget{}, errors.New(msg + "; see numbrowse search")
	}
	n := res.Numbers[i]
	return buyTarget{num: n, intl: results.International(&n)}, nil
}

// printBuySummary shows on w (stderr) what will be bought.
func printBuySummary(w io.Writer, t buyTarget) {
	n := &t.num
	country := n.Country
	if c, ok := api.LookupCountry(n.Country); ok {
		country = fmt.Sprintf("%s (%s, %s)", c.Name, c.Code, c.Calling())
	}
	fmt.Fprintf(w, "About to buy %s (%s)\n", t.intl, n.E164)
	line := func(label, value string) { fmt.Fprintf(w, "  %-10s %s\n", label, oneLine(value)) }
	line("Country", country)
	line("Type", string(n.Type))
	if r := results.RegionSummary(n); r != "" {
		line("Region", r)
	}
	// Each cost in full: a cost without a currency says so, and a code
	// that is not ISO 4217 says why it is marked (results.CostPer).
	line("Upfront", buyDash(results.CostLong(n.Upfront, n.UpfrontCurrency)))
	if mo := results.CostPer(n.Monthly, n.MonthlyCurrency, "per month"); mo != "" {
		line("Monthly", mo)
	} else {
		line("Monthly", "- per month")
	}
	line("Due now", results.DueNow(n))
	if n.Flags.BestEffort {
		fmt.Fprintf(w, "  Note: best effort: %s.\n", results.BestEffort)
	}
	if t.req.Name != "" {
		line("Name", t.req.Name)
	}
	if g := t.req.RequirementGroupID; g != nil {
		line("Req. group", fmt.Sprint(*g))
	}
	switch needs := results.Needs(n); {
	case needs != "":
		fmt.Fprintf(w, "  Note: %s; pass --requirement-group.\n", oneLine(needs))
	case n.Country != "US" && n.Country != "CA" && t.req.RequirementGroupID == nil:
		fmt.Fprintf(w, "  Note: numbers in %s may need regulatory documents (--requirement-group).\n", n.Country)
	}
}

// confirmBuy asks for the number's last four digits on the terminal.
func confirmBuy(sio stdio, t buyTarget) bool {
	digits := strings.TrimPrefix(t.num.E164, "+")
	last4 := digits[max(len(digits)-4, 0):]
	fmt.Fprint(sio.err, "Type the last four digits of the number to buy it (anything else cancels): ")
	line, err := bufio.NewReader(sio.in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false
	}
	if strings.TrimSpace(line) != last4 {
		if err != nil {
			fmt.Fprintln(sio.err)
		}
		return false
	}
	return true
}

// buyFailed explains a failed purchase. When the outcome is unknown it
// checks the account's numbers first (even after an interrupt: the
// answer matters), prints the number when it is there, and fails either
// way.
func buyFailed(ctx context.Context, sio stdio, b *backend, timeout time.Duration, t buyTarget, format string, err error) error {
	if !api.IsOutcomeUnknown(err) {
		return errors.New(buyErrorText(err))
	}
	why := api.UnknownOutcomeReason(err)
	fmt.Fprintf(sio.err, "%s. Checking your numbers…\n", capitalize(api.UnknownOutcome(err)))
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*timeout+5*time.Second)
	defer cancel()
	list, cerr := b.client.Owned(cctx)
	if cerr != nil {
		return fmt.Errorf("the purchase of %s was sent but %s, and your numbers could not be checked (%s) — "+
			"look in the IdentityCall dashboard before buying again", t.intl, why, oneLine(describeError(cerr)))
	}
	o, found := api.FindOwned(list, t.num.E164)
	if !found {
		return fmt.Errorf("the purchase of %s was sent but %s; it is not on your account — it was not bought", t.intl, why)
	}
	b.inv.Forget(api.Query{Country: t.num.Country, Type: t.num.Type}, t.num.E164)
	if werr := writeOwned(sio.out, format, o); werr != nil {
		return werr
	}
	id := "no id"
	if o.ID != "" {
		id = "id " + o.ID
	}
	return fmt.Errorf("the answer to the purchase was lost (%s), but %s is now on your account (%s)", why, t.intl, id)
}

// buyErrorText is the line for a purchase that certainly failed: the
// table's sentence (the browser's too) and what to do on the command line.
func buyErrorText(err error) string {
	x := api.ExplainPurchase(err)
	return withHint(x.Sentence, cliHint(err, x))
}
