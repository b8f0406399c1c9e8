package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// Purchaser rents numbers and lists the account's numbers; *api.Client is
// one. The root is given one in Options only where buying is allowed:
// nil (read-only, or serve without --allow-purchase) disables purchases.
type Purchaser interface {
	Purchase(ctx context.Context, req api.PurchaseRequest) (*api.Purchased, error)
	Owned(ctx context.Context) ([]api.OwnedNumber, error)
}

// buyStaleAfter is the age past which the dialog warns that the results
// may be out of date: providers sell only numbers from a recent search.
const buyStaleAfter = 5 * time.Minute

// buyState is where the purchase dialog is in its flow.
type buyState int

const (
	buyEditing  buyState = iota // reviewing, typing the name, group and confirmation
	buySending                  // the one POST is in flight: locked
	buyChecking                 // the outcome was unknown; the ownership check runs: locked
	buyDone                     // the outcome is shown; enter or esc closes
)

// buyField is the input that has the focus while editing.
type buyField int

const (
	buyConfirmField buyField = iota // the last four digits (focused first)
	buyNameField                    // optional display name
	buyGroupField                   // optional requirement group id
	buyFieldCount
)

// Input limits, in runes.
const (
	buyNameMax  = 255
	buyGroupMax = 18 // digits: fits an int64
)

// buyRefreshMsg asks the root to close the dialog and search again
// (bypassing the cache) before buying from stale results.
type buyRefreshMsg struct{}

// purchasedMsg reports a number that is now on the account: the root marks
// its row as rented and drops it from the cached inventory
// (inventory.Service.Forget(Query, E164)).
type purchasedMsg struct {
	// Query is the search the number came from (its country and type).
	Query api.Query
	// E164 is the number that was bought.
	E164 string
	// Owned is the account's record of it.
	Owned api.OwnedNumber
}

// purchaseDoneMsg is the answer to purchaseCmd's one POST.
type purchaseDoneMsg struct {
	seq       int
	purchased *api.Purchased
	err       error
}

// ownedCheckedMsg is the answer to ownedCheckCmd.
type ownedCheckedMsg struct {
	seq   int
	owned api.OwnedNumber
	found bool
	err   error
}

// buySpinMsg advances the dialog's spinner while a request runs.
type buySpinMsg struct{ seq int }

// buyDialog confirms and makes one purchase of the selected number.
//
// It shows the number, its country, type and costs, two optional inputs
// (display name, requirement group id, with a note where documents may be
// needed), a warning when the results are older than five minutes (ctrl+r
// then asks the root for a fresh search with buyRefreshMsg), and the
// confirmation: the number's last four digits, which have the focus
// first. tab/shift+tab (or up/down) move between the inputs; enter on
// the confirmation buys, on another input moves to the confirmation.
// A wrong confirmation sends nothing and says so. esc cancels with
// pickerClosedMsg.
//
// Buying sends one POST (purchaseCmd) and locks the dialog until the
// answer: every key but ctrl+c (the root's) is ignored, so pressing enter
// or b again sends nothing more. A 201 shows the new number's id and name
// and emits purchasedMsg; a failure says why. When the outcome is unknown
// (timeout, lost connection, 5xx) it says so and runs the ownership check
// (ownedCheckCmd), then reports whether the number is on the account
// (and emits purchasedMsg when it is). enter or esc then closes it.
//
// While open it takes every printable key, so the root routes all key
// presses and pastes to it, and always routes purchaseDoneMsg,
// ownedCheckedMsg and buySpinMsg to it.
type buyDialog struct {
	st   *Styles
	keys *KeyMap
	ctx  context.Context
	buy  Purchaser
	spin func(seq int) tea.Cmd // the spinner's tick (tests replace it)

	num     api.Number
	intl    string
	fetched time.Time        // when the results were fetched, on now's clock
	now     func() time.Time // the session's clock (time.Now when nil)

	state  buyState
	focus  buyField
	fields [buyFieldCount][]rune
	seq    int
	frame  int
	err    string // why nothing was sent (editing), shown on the message line

	result  *api.Purchased // a 201's answer
	failure error          // the purchase's error
	checked *ownedCheckedMsg

	width, height int
}

// newBuyDialog builds a dialog that buys through p, with requests under
// ctx (the session's: ending it cancels them). keys may be nil.
func newBuyDialog(st *Styles, keys *KeyMap, ctx context.Context, p Purchaser) buyDialog {
	if ctx == nil {
		ctx = context.Background()
	}
	return buyDialog{st: st, keys: keys, ctx: ctx, buy: p, spin: buySpinCmd}
}

// Open starts a purchase of n, shown as intl (its international format),
// from results that are age old now. The age goes on growing while the
// dialog is open (Age). Inputs start empty.
func (d buyDialog) Open(n api.Number, intl string, age time.Duration) buyDialog {
	d.num, d.intl, d.fetched = n, api.Printable(intl), d.clock()().Add(-age)
	if d.intl == "" {
		d.intl = results.International(&n)
	}
	d.state, d.focus, d.fields = buyEditing, buyConfirmField, [buyFieldCount][]rune{}
	d.err, d.result, d.failure, d.checked = "", nil, nil, nil
	d.seq++
	return d
}

// SetSize sets the area the dialog may use; View draws a box no larger
// than w×h that the root centres.
func (d *buyDialog) SetSize(w, h int) { d.width, d.height = max(w, 0), max(h, 0) }

// SetStyles switches to new styles.
func (d *buyDialog) SetStyles(st *Styles) { d.st = st }

// Busy reports whether a request is in flight: the dialog cannot be
// closed and no other purchase may start.
func (d buyDialog) Busy() bool { return d.state == buySending || d.state == buyChecking }

// SetClock makes the dialog tell the results' age by now.
func (d *buyDialog) SetClock(now func() time.Time) { d.now = now }

func (d buyDialog) clock() func() time.Time {
	if d.now == nil {
		return time.Now
	}
	return d.now
}

// Age is how old the results the number came from are now.
func (d buyDialog) Age() time.Duration { return d.clock()().Sub(d.fetched) }

// Stale reports whether the results are old enough to warn about: checked
// whenever the dialog is drawn, so the warning appears while it is open
// (the root repaints it at the moment, see buyAgeCmd).
func (d buyDialog) Stale() bool { return d.Age() >= buyStaleAfter }

// Editing reports whether the dialog waits for the user (not sending,
// checking or done).
func (d buyDialog) Editing() bool { return d.state == buyEditing }

// lastFour is the number's last four digits, the confirmation.
func (d buyDialog) lastFour() string {
	var digits []byte
	for i := 0; i < len(d.num.E164); i++ {
		if c := d.num.E164[i]; c >= '0' && c <= '9' {
			digits = append(digits, c)
		}
	}
	return string(digits[max(len(digits)-4, 0):])
}

// Update handles keys, paste and the answers of its commands.
func (d buyDialog) Update(msg tea.Msg) (buyDialog, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return d.key(msg)
	case tea.PasteMsg:
		if d.state == buyEditing {
			d.insert(msg.Content)
		}
	case buySpinMsg:
		if msg.seq == d.seq && d.Busy() {
			d.frame++
			return d, d.tick()
		}
	case purchaseDoneMsg:
		return d.purchaseDone(msg)
	case ownedCheckedMsg:
		if msg.seq != d.seq || d.state != buyChecking {
			return d, nil
		}
		d.state, d.checked = buyDone, &msg
		if msg.found {
			return d, d.boughtCmd(msg.owned)
		}
	}
	return d, nil
}

// The purchase dialog as a component: a dialog that takes every key. Its
// commands run as commands, not at once as a picker's: one of them may be
// the purchase, which must not run inside Update. (The purchase's answers
// reach it whatever has the focus: the root routes them.)

func (d *buyDialog) update(_ *Model, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*d, cmd = d.Update(msg)
	return safe(cmd)
}

func (d *buyDialog) overlay() string  { return d.View() }
func (d *buyDialog) onFocus() tea.Cmd { return nil }
func (d *buyDialog) onBlur()          {}
func (d *buyDialog) modal() bool      { return true }

// purchaseDone shows the purchase's outcome. A success is reported to the
// root even if it arrives for an older dialog: the number was bought.
func (d buyDialog) purchaseDone(msg purchaseDoneMsg) (buyDialog, tea.Cmd) {
	current := msg.seq == d.seq && d.state == buySending
	if msg.err == nil && msg.purchased != nil {
		bought := d.boughtCmd(*msg.purchased)
		if current {
			d.state, d.result = buyDone, msg.purchased
		}
		return d, bought
	}
	if !current {
		return d, nil
	}
	d.failure = msg.err
	if api.IsOutcomeUnknown(msg.err) {
		d.state = buyChecking
		return d, ownedCheckCmd(d.ctx, d.buy, d.num.E164, d.seq)
	}
	d.state = buyDone
	return d, nil
}

// boughtCmd emits purchasedMsg for the number being bought.
func (d buyDialog) boughtCmd(o api.OwnedNumber) tea.Cmd {
	msg := purchasedMsg{Query: api.Query{Country: d.num.Country, Type: d.num.Type}, E164: d.num.E164, Owned: o}
	return func() tea.Msg { return msg }
}

func (d buyDialog) key(k tea.KeyPressMsg) (buyDialog, tea.Cmd) {
	km := keysOf(d.keys)
	s := k.String()
	closeKey := s == "esc" || pickerKey(k, km.Back)
	switch d.state {
	case buySending, buyChecking:
		return d, nil // locked until the answer
	case buyDone:
		if closeKey || s == "enter" {
			return d, closeCmd()
		}
		return d, nil
	}
	switch {
	case closeKey:
		return d, closeCmd()
	case s == "ctrl+r" || pickerKey(k, km.Refresh):
		return d, func() tea.Msg { return buyRefreshMsg{} }
	case s == "enter":
		if d.focus != buyConfirmField {
			d.focus = buyConfirmField
			return d, nil
		}
		return d.submit()
	case s == "tab" || s == "down" || pickerKey(k, km.Down):
		d.focus = (d.focus + 1) % buyFieldCount
	case s == "shift+tab" || s == "up" || pickerKey(k, km.Up):
		d.focus = (d.focus + buyFieldCount - 1) % buyFieldCount
	case s == "backspace" || s == "ctrl+h":
		if f := d.fields[d.focus]; len(f) > 0 {
			d.fields[d.focus] = f[:len(f)-1]
		}
		d.err = ""
	case s == "ctrl+u":
		d.fields[d.focus], d.err = nil, ""
	case s == "ctrl+w" || s == "alt+backspace":
		d.fields[d.focus], d.err = deleteWord(d.fields[d.focus]), ""
	default:
		d.insert(keyText(k))
	}
	return d, nil
}

// insert types text into the focused input: digits only in the
// confirmation and group inputs.
func (d *buyDialog) insert(text string) {
	text = sanitizeInput(text)
	if text == "" {
		return
	}
	limit := map[buyField]int{buyConfirmField: 4, buyNameField: buyNameMax, buyGroupField: buyGroupMax}[d.focus]
	f, rejected := d.fields[d.focus], false
	for _, r := range text {
		if d.focus != buyNameField && (r < '0' || r > '9') {
			rejected = rejected || r != ' '
			continue
		}
		if len(f) >= limit {
			break
		}
		f = append(f, r)
	}
	d.fields[d.focus], d.err = f, ""
	if rejected {
		d.err = "digits only here"
	}
}

// submit checks the confirmation and inputs, then sends the one POST.
// Nothing is sent unless everything is right.
func (d buyDialog) submit() (buyDialog, tea.Cmd) {
	req, problem := d.request()
	if problem != "" {
		d.err = problem
		return d, nil
	}
	d.state, d.err, d.frame = buySending, "", 0
	return d, tea.Batch(purchaseCmd(d.ctx, d.buy, req, d.seq), d.tick())
}

// request builds the purchase from the inputs, or says what is wrong.
func (d *buyDialog) request() (api.PurchaseRequest, string) {
	if d.buy == nil {
		return api.PurchaseRequest{}, "Buying is not available here — nothing was sent."
	}
	if got := string(d.fields[buyConfirmField]); got != d.lastFour() {
		d.fields[buyConfirmField] = nil
		d.focus = buyConfirmField
		if got == "" {
			return api.PurchaseRequest{}, "Type the last four digits of " + d.intl + " to buy it — nothing was sent."
		}
		return api.PurchaseRequest{}, "Those are not the last four digits of " + d.intl + " — nothing was sent."
	}
	req := api.PurchaseRequest{
		PhoneNumber: d.num.E164,
		CountryCode: d.num.Country,
		NumberType:  string(d.num.Type),
		Name:        strings.TrimSpace(string(d.fields[buyNameField])),
		UpfrontCost: d.num.Upfront.String(),
		MonthlyCost: d.num.Monthly.String(),
	}
	if g := string(d.fields[buyGroupField]); g != "" {
		id, err := strconv.ParseInt(g, 10, 64)
		if err != nil || id <= 0 {
			d.focus = buyGroupField
			return api.PurchaseRequest{}, "The requirement group id must be a positive whole number — nothing was sent."
		}
		req.RequirementGroupID = &id
	}
	if utf8.RuneCountInString(req.Name) > buyNameMax {
		return api.PurchaseRequest{}, "The name is too long — nothing was sent."
	}
	return req, ""
}

// purchaseCmd sends the one POST. It captures everything by value and
// never reads the dialog. It always answers, so the dialog never stays
// locked: a panic in the purchaser is an unknown outcome (it may have
// happened after sending), which the ownership check then settles.
func purchaseCmd(ctx context.Context, p Purchaser, req api.PurchaseRequest, seq int) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = purchaseDoneMsg{seq: seq, err: fmt.Errorf("internal error (%v): %w", r, api.ErrOutcomeUnknown)}
			}
		}()
		res, err := p.Purchase(ctx, req)
		return purchaseDoneMsg{seq: seq, purchased: res, err: err}
	}
}

// ownedCheckCmd asks which numbers the account owns and looks for e164.
// Like purchaseCmd, it always answers.
func ownedCheckCmd(ctx context.Context, p Purchaser, e164 string, seq int) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = ownedCheckedMsg{seq: seq, err: fmt.Errorf("internal error (%v)", r)}
			}
		}()
		list, err := p.Owned(ctx)
		if err != nil {
			return ownedCheckedMsg{seq: seq, err: err}
		}
		o, found := api.FindOwned(list, e164)
		return ownedCheckedMsg{seq: seq, owned: o, found: found}
	}
}

// buySpinInterval is the spinner's frame time.
const buySpinInterval = 120 * time.Millisecond

// tick schedules the next spinner frame.
func (d buyDialog) tick() tea.Cmd {
	if d.spin == nil {
		return buySpinCmd(d.seq)
	}
	return d.spin(d.seq)
}

func buySpinCmd(seq int) tea.Cmd {
	return tea.Tick(buySpinInterval, func(time.Time) tea.Msg { return buySpinMsg{seq: seq} })
}
