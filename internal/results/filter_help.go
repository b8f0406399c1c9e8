package results

import "strings"

// filterHelp is the filter syntax in short, one term kind a line: what
// `numbrowse search --help` shows under --filter. It says what ParseFilter
// reads; change them together.
var filterHelp = [][2]string{
	{"555  (415)  555-0100", "these digits anywhere in the number (- ( ) . are ignored)"},
	{"+44  +1415", "the number starts with these digits (country code included)"},
	{"^415  ^07700", "the national number starts with these (with or without the trunk prefix 0 or 1)"},
	{"00$  ^4155550100$", "the number ends with / is exactly these digits"},
	{"chicago  münchen", "a region name contains this (case and accents ignored)"},
	{"FLOWERS  1800FLOWERS", "letters as phone-keypad digits (FLOWERS is 3569377)"},
	{"sms  voice  mms  fax", "the number has that feature"},
	{"mobile  local  toll-free", "the number is of that type (with --type all)"},
	{"<2  <=1.5  >0.5  =1.10", "the monthly cost compares so, exactly (no monthly cost: no match)"},
	{"!fax  !^800  !chicago", "negation of any term"},
}

// FilterHelp is the filter syntax as an indented two-column text, for
// help screens.
func FilterHelp() string {
	w := 0
	for _, row := range filterHelp {
		w = max(w, len([]rune(row[0])))
	}
	var b strings.Builder
	for _, row := range filterHelp {
		b.WriteString("  ")
		b.WriteString(row[0])
		b.WriteString(strings.Repeat(" ", w-len([]rune(row[0]))+3))
		b.WriteString(row[1])
		b.WriteByte('\n')
	}
	return b.String()
}
