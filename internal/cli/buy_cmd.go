package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/nyaruka/phonenumbers"
	"github.com/spf13/cobra"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
)

type buyFlags struct {
	name   string
	group  int64
	yes    bool
	format string
}

func (a *app) buyCmd() *cobra.Command {
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
			return a.runBuy(cmd.Context(), cmd, f, args[0])
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.name, "name", "", "display name of the number on your account")
	fl.Int64Var(&f.group, "requirement-group", 0, "id of an approved regulatory requirement group (countries that need documents)")
	fl.BoolVar(&f.yes, "yes", false, "buy without asking (needed without a terminal)")
	fl.StringVar(&f.format, "format", "table", "output format of the bought number: table or json")
	return cmd
}

// buyTarget is what will be bought.
type buyTarget struct {
	num  api.Number
	intl string
	req  api.PurchaseRequest
}

func (a *app) runBuy(ctx context.Context, cmd *cobra.Command, f *buyFlags, arg string) error {
	if a.set.ReadOnly {
		return usagef("read-only mode is on (--read-only, NUMBROWSE_READ_ONLY or read_only in the config file) — buy refuses to spend money")
	}
	format := strings.ToLower(strings.TrimSpace(f.format))
	if format != "table" && format != "json" {
		return usagef("unknown --format %q — use table or json", f.format)
	}
	e164, err := api.ParseE164(arg)
	if err != nil {
		return err
	}
	req := api.PurchaseRequest{PhoneNumber: e164, Name: strings.TrimSpace(f.name)}
	if cmd.Flags().Changed("requirement-group") {
		if f.group <= 0 {
			return usagef("--requirement-group %d: use the positive id of an approved requirement group", f.group)
		}
		g := f.group
		req.RequirementGroupID = &g
	}
	if strings.ContainsFunc(req.Name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return usagef("--name contains control characters")
	}
	if !f.yes && !isTerminalInput(a.io.in) {
		return usagef("not on a terminal, so buy cannot ask — pass --yes to buy without asking")
	}
	if err := a.requireKey(); err != nil {
		return err
	}
	if err := a.connect(); err != nil {
		return err
	}

	country, typ := a.buyQuery(cmd, e164)
	t, err := a.findOffered(ctx, e164, country, typ)
	if err != nil {
		return err
	}
	t.req = req
	t.req.CountryCode, t.req.NumberType = t.num.Country, string(t.num.Type)
	t.req.UpfrontCost, t.req.MonthlyCost = t.num.Upfront.String(), t.num.Monthly.String()

	a.printBuySummary(t)
	if !f.yes && !a.confirmBuy(t) {
		return errors.New("not confirmed — nothing was bought")
	}
	fmt.Fprintf(a.io.err, "Buying %s…\n", t.intl)
	p, err := a.client.Purchase(ctx, t.req)
	if err != nil {
		return a.buyFailed(ctx, t, format, err)
	}
	a.inv.Forget(api.Query{Country: t.num.Country, Type: t.num.Type}, t.num.E164)
	fmt.Fprintf(a.io.err, "Bought %s.\n", t.intl)
	return writeOwned(a.io.out, format, *p)
}

// buyQuery is the search that should offer e164: the --country flag, else
// the number's own country (else the usual country setting); the --type
// flag, else every type.
func (a *app) buyQuery(cmd *cobra.Command, e164 string) (country api.Country, typ api.TypeChoice) {
	country, typ = a.set.Country, api.AllTypes
	if !cmd.Flags().Changed("country") {
		if pn, err := phonenumbers.Parse(e164, ""); err == nil {
			if c, ok := api.LookupCountry(phonenumbers.GetRegionCodeForNumber(pn)); ok {
				country = c
			}
		}
	}
	if cmd.Flags().Changed("type") {
		typ = a.set.Type
	}
	return country, typ
}

// findOffered searches afresh and returns e164's entry, or an error that
// says it is not on offer.
func (a *app) findOffered(ctx context.Context, e164 string, country api.Country, typ api.TypeChoice) (buyTarget, error) {
	res, err := a.inv.SearchChoice(ctx, inventory.Choice{Country: country, Types: typ, Fresh: true})
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

// printBuySummary shows on stderr what will be bought.
func (a *app) printBuySummary(t buyTarget) {
	n := &t.num
	w := a.io.err
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
	line("Upfront", buyDash(results.Cost(n.Upfront, n.Currency)))
	line("Monthly", buyDash(results.Cost(n.Monthly, n.Currency))+" per month")
	if t.req.Name != "" {
		line("Name", t.req.Name)
	}
	if g := t.req.RequirementGroupID; g != nil {
		line("Req. group", fmt.Sprint(*g))
	}
	switch {
	case len(n.Requirements) > 0 || n.Flags.DocumentsRequired:
		fmt.Fprintln(w, "  Note: the provider lists regulatory requirements for this number; pass --requirement-group.")
	case n.Country != "US" && n.Country != "CA" && t.req.RequirementGroupID == nil:
		fmt.Fprintf(w, "  Note: numbers in %s may need regulatory documents (--requirement-group).\n", n.Country)
	}
}

// confirmBuy asks for the number's last four digits on the terminal.
func (a *app) confirmBuy(t buyTarget) bool {
	digits := strings.TrimPrefix(t.num.E164, "+")
	last4 := digits[max(len(digits)-4, 0):]
	fmt.Fprint(a.io.err, "Type the last four digits of the number to buy it (anything else cancels): ")
	line, err := bufio.NewReader(a.io.in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false
	}
	if strings.TrimSpace(line) != last4 {
		if err != nil {
			fmt.Fprintln(a.io.err)
		}
		return false
	}
	return true
}

// buyFailed explains a failed purchase. When the outcome is unknown it
// checks the account's numbers first (even after an interrupt: the
// answer matters), prints the number when it is there, and fails either
// way.
func (a *app) buyFailed(ctx context.Context, t buyTarget, format string, err error) error {
	if !api.IsOutcomeUnknown(err) {
		return errors.New(buyErrorText(err))
	}
	why := unknownReason(err)
	fmt.Fprintf(a.io.err, "The purchase was sent but %s: it may have gone through. Checking your numbers…\n", why)
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*a.set.Timeout+5*time.Second)
	defer cancel()
	list, cerr := a.client.Owned(cctx)
	if cerr != nil {
		return fmt.Errorf("the purchase of %s was sent but %s, and your numbers could not be checked (%s) — "+
			"look in the IdentityCall dashboard before buying again", t.intl, why, oneLine(describeError(cerr)))
	}
	o, found := api.FindOwned(list, t.num.E164)
	if !found {
		return fmt.Errorf("the purchase of %s was sent but %s; it is not on your account — it was not bought", t.intl, why)
	}
	a.inv.Forget(api.Query{Country: t.num.Country, Type: t.num.Type}, t.num.E164)
	if werr := writeOwned(a.io.out, format, o); werr != nil {
		return werr
	}
	id := "no id"
	if o.ID != "" {
		id = "id " + o.ID
	}
	return fmt.Errorf("the answer to the purchase was lost (%s), but %s is now on your account (%s)", why, t.intl, id)
}

// unknownReason says why a purchase's outcome is unknown.
func unknownReason(err error) string {
	var e *api.Error
	switch {
	case errors.As(err, &e) && e.Status >= 500:
		return fmt.Sprintf("the server failed while handling it (HTTP %d)", e.Status)
	case errors.As(err, &e) && e.Status >= 300 && e.Status < 400:
		return fmt.Sprintf("the API answered with a redirect (HTTP %d), which is not followed", e.Status)
	case api.IsTimeout(err):
		return "no answer came in time"
	case api.IsNetwork(err):
		return "the connection was lost"
	case api.IsCanceled(err):
		return "it was interrupted"
	}
	return "the answer could not be read"
}

// buyErrorText is the sentence for a purchase that certainly failed.
func buyErrorText(err error) string {
	var e *api.Error
	if !errors.As(err, &e) {
		return describeError(err)
	}
	with := func(s string) string { return withMessages(s, e) }
	switch e.Kind {
	case api.KindPermission:
		return with("not bought: the API key lacks write permission (403)") + " — use a key that may buy numbers"
	case api.KindRejected:
		return with(fmt.Sprintf("not bought: the provider refused the purchase (HTTP %d)", e.Status))
	case api.KindNetwork, api.KindTimeout, api.KindCanceled:
		return "not sent: " + describeError(err) + " — nothing was bought"
	}
	return "not bought: " + describeError(err)
}

// isTerminalInput reports whether r is a terminal one can ask on. A
// reader may say so itself with an IsTerminal method (tests do).
func isTerminalInput(r io.Reader) bool {
	if t, ok := r.(interface{ IsTerminal() bool }); ok {
		return t.IsTerminal()
	}
	f, ok := r.(term.File)
	return ok && term.IsTerminal(f.Fd())
}

// ownedJSON is the JSON form of a bought number, the API's field names.
type ownedJSON struct {
	ID                    any             `json:"id"`
	PhoneNumber           string          `json:"phone_number"`
	Name                  string          `json:"name"`
	CountryCode           string          `json:"country_code"`
	Active                bool            `json:"active"`
	AIReceptionistEnabled bool            `json:"ai_receptionist_enabled"`
	OperatorsCount        int             `json:"operators_count"`
	Operators             json.RawMessage `json:"operators,omitempty"`
}

// writeOwned prints a number on the account as a table or JSON.
func writeOwned(w io.Writer, format string, o api.OwnedNumber) error {
	if format == "json" {
		j := ownedJSON{ID: o.ID, PhoneNumber: o.PhoneNumber, Name: o.Name, CountryCode: o.CountryCode,
			Active: o.Active, AIReceptionistEnabled: o.AIReceptionistEnabled, OperatorsCount: o.OperatorsCount}
		if id, err := strconv.ParseInt(o.ID, 10, 64); err == nil {
			j.ID = id
		} else if o.ID == "" {
			j.ID = nil
		}
		if json.Valid(o.Operators) {
			j.Operators = o.Operators
		}
		b, err := json.MarshalIndent(j, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	yesNo := map[bool]string{true: "yes", false: "no"}
	header := []string{"ID", "NUMBER", "NAME", "COUNTRY", "ACTIVE", "OPERATORS"}
	row := []string{buyDash(o.ID), o.PhoneNumber, buyDash(o.Name), buyDash(o.CountryCode), yesNo[o.Active],
		strconv.Itoa(o.OperatorsCount)}
	var b strings.Builder
	for _, cells := range [][]string{header, row} {
		var line strings.Builder
		for i, c := range cells {
			c = oneLine(c)
			if i < len(cells)-1 {
				width := max(ansi.StringWidth(header[i]), ansi.StringWidth(oneLine(row[i])))
				c += strings.Repeat(" ", width-ansi.StringWidth(c)+2)
			}
			line.WriteString(c)
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// buyDash is s, or "-" when it is empty.
func buyDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
