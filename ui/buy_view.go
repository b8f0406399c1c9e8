package ui

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// The purchase dialog's preferred outer width and height.
const (
	buyDialogMaxW = 72
	buyDialogMaxH = 24
)

// buyLabelW is the width of the labels column: the longest label
// ("Req. group") and a space.
const buyLabelW = 11

// buyLine is one line of the dialog with its priority: when the dialog is
// short of height, lines of the highest priority go first (0 always stays).
type buyLine struct {
	text string
	prio int
}

// View draws the dialog within the size given by SetSize: what is bought
// and what it costs, the inputs (or the outcome), a message line and a key
// hint. Lines are cut, never wrapped past the box, so hostile text cannot
// break the layout; less important lines are dropped when short of height.
func (d buyDialog) View() string {
	if d.st == nil {
		return ""
	}
	innerW, innerH := pickerBox(d.st, d.width, d.height, buyDialogMaxW, buyDialogMaxH)
	if innerW < 8 || innerH < 3 {
		return ""
	}
	lines := d.lines(innerW)
	for len(lines) > innerH {
		drop := -1
		for i, l := range lines {
			if l.prio > 0 && (drop < 0 || l.prio >= lines[drop].prio) {
				drop = i
			}
		}
		if drop < 0 {
			lines = lines[:innerH]
			break
		}
		lines = append(lines[:drop], lines[drop+1:]...)
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.text
	}
	return pickerFrame(d.st, out, innerW)
}

// lines builds every line the dialog would show at width w.
func (d buyDialog) lines(w int) []buyLine {
	st := d.st
	var ls []buyLine
	add := func(prio int, texts ...string) {
		for _, t := range texts {
			ls = append(ls, buyLine{t, prio})
		}
	}
	add(0, st.DialogTitle.Render(pickerEllipsize(st, "Buy "+api.Printable(d.intl), w)))
	add(3, "")
	country := d.num.Country
	if c, ok := api.LookupCountry(d.num.Country); ok {
		country = fmt.Sprintf("%s (%s, %s)", c.Name, c.Code, c.Calling())
	}
	add(2, d.field(w, "Country", country))
	add(2, d.field(w, "Type", string(d.num.Type)))
	features := api.FeatureLabels(d.num.Features)
	if features == "" {
		features = "none listed"
	}
	add(2, d.field(w, "Features", features))
	// Each cost in full: a cost without a currency says so, and a code
	// that is not ISO 4217 says why it is marked (results.CostPer).
	add(1, d.field(w, "Upfront", buyOrNone(results.CostLong(d.num.Upfront, d.num.UpfrontCurrency))))
	monthly := results.CostPer(d.num.Monthly, d.num.MonthlyCurrency, "per month")
	if monthly == "" {
		monthly = "— per month"
	}
	add(0, d.field(w, "Monthly", monthly))
	add(1, d.wrappedField(w, "Due now", results.DueNow(&d.num))...)
	if d.num.Flags.BestEffort {
		add(2, buyStyle(st.Warning, d.wrap(st.Glyphs.Warn+" Best effort: "+results.BestEffort+".", w))...)
	}
	if d.Stale() && d.state == buyEditing {
		msg := fmt.Sprintf("%s These results are %s old; providers sell only numbers from a recent search. "+
			"ctrl+r searches again first.", st.Glyphs.Warn, buyAge(d.Age()))
		add(1, buyStyle(st.Warning, d.wrap(msg, w))...)
	}
	add(3, "")
	if d.state == buyDone || d.state == buyChecking {
		add(0, d.outcome(w)...)
		if d.state == buyDone {
			add(1, pickerHint(st, w, "enter/esc", "close"))
		}
		return ls
	}
	add(1, d.input(w, buyNameField, "Name", "optional"))
	add(1, d.input(w, buyGroupField, "Req. group", "optional id"))
	if note := d.documentsNote(); note != "" {
		add(2, buyStyle(st.Faint, d.wrap(note, w))...)
	}
	add(0, d.input(w, buyConfirmField, "Confirm", "type the last 4 digits"))
	add(3, "")
	switch {
	case d.state == buySending:
		add(0, st.Spinner.Render(d.spinFrame())+" "+st.Subtle.Render(pickerEllipsize(st, "Buying "+d.intl+st.Glyphs.Ellipsis, w-3)))
		add(1, st.Faint.Render(pickerEllipsize(st, "Waiting for the answer; nothing else is sent.", w)))
	case d.err != "":
		add(0, buyStyle(st.Error, d.wrap(d.err, w))...)
		add(1, d.hint(w))
	default:
		add(1, d.hint(w))
	}
	return ls
}

// hint lists the keys that work while editing.
func (d buyDialog) hint(w int) string {
	if d.Stale() {
		return pickerHint(d.st, w, "enter", "buy", "tab", "next", "ctrl+r", "refresh", "esc", "cancel")
	}
	return pickerHint(d.st, w, "enter", "buy", "tab", "next field", "esc", "cancel")
}

// documentsNote says what the provider asks for before the number works
// (its requirements, documents, an address: results.Needs), else, for a
// country where documents may be needed, that they may be.
func (d buyDialog) documentsNote() string {
	n := &d.num
	if needs := results.Needs(n); needs != "" {
		return capitalize(needs) + ": give the id of an approved requirement group."
	}
	if n.Country != "US" && n.Country != "CA" {
		return "Numbers in " + n.Country + " may need regulatory documents: give the id of an approved requirement group if you have one."
	}
	return ""
}

// field is a "Label       value" line.
func (d buyDialog) field(w int, label, value string) string {
	st := d.st
	value = d.st.text(api.Printable(value))
	// The value lines up with the inputs' values, past their prompt.
	lw := buyLabelW + cellWidth(st.Glyphs.Prompt) + 1
	return st.Label.Render(fitCells(label, lw)) + st.Value.Render(pickerEllipsize(st, value, w-lw))
}

// wrappedField is a "Label       value" field whose value wraps under
// itself instead of being cut.
func (d buyDialog) wrappedField(w int, label, value string) []string {
	st := d.st
	lw := buyLabelW + cellWidth(st.Glyphs.Prompt) + 1
	lines := d.wrap(value, max(w-lw, 1))
	out := make([]string, len(lines))
	for i, l := range lines {
		lab := ""
		if i == 0 {
			lab = label
		}
		out[i] = st.Label.Render(fitCells(lab, lw)) + st.Value.Render(l)
	}
	return out
}

// input is a labelled input line: the prompt, the value (its end when it
// is wider than the line) with a block cursor when focused, and a faint
// placeholder when empty.
func (d buyDialog) input(w int, f buyField, label, placeholder string) string {
	st := d.st
	focused := f == d.focus && d.state == buyEditing
	lead := st.Label.Render(fitCells(label, buyLabelW))
	prompt := st.Faint.Render(" ")
	if focused {
		prompt = st.Prompt.Render(st.Glyphs.Prompt)
	}
	lead += prompt + " "
	room := w - lipgloss.Width(lead) - 1 // the cursor cell
	if room < 1 {
		return lead
	}
	v := pickerEllipsizeLeft(st, string(d.fields[f]), room)
	if v == "" {
		// The placeholder starts where a value would, in the column of
		// the fields above, focused or not: the cursor is drawn on its
		// first letter.
		ph := pickerEllipsize(st, placeholder, room)
		if !focused || ph == "" {
			return lead + st.Faint.Render(ph)
		}
		_, size := utf8.DecodeRuneInString(ph)
		return lead + st.Cursor.Render(ph[:size]) + st.Faint.Render(ph[size:])
	}
	out := lead + st.Input.Render(v)
	if focused {
		out += st.Cursor.Render(" ")
	}
	return out
}

// outcome describes the answer: the new number, why it was not bought,
// or the unknown outcome and what the ownership check found.
func (d buyDialog) outcome(w int) []string {
	st := d.st
	if p := d.result; p != nil {
		return buyStyle(st.Success, d.wrap(st.Glyphs.Check+" "+boughtText(d.intl, p), w))
	}
	err := d.failure
	if !api.IsOutcomeUnknown(err) {
		return buyStyle(st.Error, d.wrap(notBoughtText(err), w))
	}
	out := buyStyle(st.Warning, d.wrap(st.Glyphs.Warn+" "+unknownText(err), w))
	c := d.checked
	switch {
	case c == nil:
		out = append(out, st.Spinner.Render(d.spinFrame())+" "+
			st.Subtle.Render(pickerEllipsize(st, "Checking the numbers on your account"+st.Glyphs.Ellipsis, w-3)))
	case c.err != nil:
		out = append(out, buyStyle(st.Error, d.wrap("Could not check your numbers: "+
			buyErrText(c.err)+". Look at your numbers in the IdentityCall dashboard before buying again.", w))...)
	case c.found:
		out = append(out, buyStyle(st.Success, d.wrap(st.Glyphs.Check+" "+d.intl+" is now on your account ("+
			idText(c.owned.ID)+").", w))...)
	default:
		out = append(out, buyStyle(st.Value, d.wrap(d.intl+" is not on your account — it was not bought.", w))...)
	}
	return out
}

// boughtText is the success sentence.
func boughtText(intl string, p *api.Purchased) string {
	s := "Bought " + intl + " — " + idText(p.ID)
	if p.Name != "" {
		s += ", name “" + p.Name + "”"
	}
	return s + "."
}

func idText(id string) string {
	if id == "" {
		return "the API sent no id"
	}
	return "id " + id
}

// notBoughtText explains a purchase that certainly did not happen: the
// sentence of api.ExplainPurchase (which the command line prints too) and
// its hint.
func notBoughtText(err error) string {
	x := api.ExplainPurchase(err)
	s := capitalize(clip(sanitizeInput(api.Printable(x.Sentence)), 200))
	if x.Hint != "" {
		s += " — " + x.Hint
	}
	return strings.TrimSuffix(s, ".") + "."
}

// unknownText says that the outcome is unknown, and why.
func unknownText(err error) string {
	return capitalize(api.UnknownOutcome(err)) + "."
}

// buyErrText is an error's text, safe to print, on one line: the table's
// sentence for a failed request, else the error's own text.
func buyErrText(err error) string {
	s := err.Error()
	if x, ok := api.Explain(err); ok {
		s = x.Sentence
	}
	return strings.TrimSuffix(clip(sanitizeInput(api.Printable(s)), 200), ".")
}

// buyAge renders an age for the stale warning: "12 min", "2 h 5 min".
func buyAge(d time.Duration) string {
	m := int(d / time.Minute)
	if m < 60 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %d min", m/60, m%60)
}

func (d buyDialog) spinFrame() string {
	frames := spinnerFor(d.st).Frames
	return frames[d.frame%len(frames)]
}

// wrap wraps plain text to w cells (long words are broken), with ASCII
// punctuation in ASCII mode (before measuring: "…" becomes three cells).
func (d buyDialog) wrap(s string, w int) []string {
	return buyWrap(d.st.text(s), w)
}

// buyWrap wraps plain text to w cells (long words are broken).
func buyWrap(s string, w int) []string {
	return strings.Split(ansi.Wrap(sanitizeInput(api.Printable(s)), max(w, 1), ""), "\n")
}

func buyStyle(st lipgloss.Style, lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = st.Render(l)
	}
	return out
}

func buyOrNone(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
