package faultserver

import (
	"encoding/csv"
	"net/http"
	"strings"
)

// FormulaTexts are cells a spreadsheet runs as formulas when a CSV is
// opened (OWASP, "CSV Injection"): a formula after =, +, - or @, and after
// a tab or a carriage return, which some spreadsheets skip before looking
// for one, and after a space.
var FormulaTexts = []string{
	"=cmd|' /c calc'!a0",
	"+SUM(1+1)*cmd|' /c calc'!A0",
	"-2+3+cmd|' /c calc'!A0",
	"@SUM(1+1)*cmd|' /c calc'!A0",
	"\t=1+1",
	"\r=1+1",
	` =HYPERLINK("https://evil.example/","click")`,
}

// Formulas answers 200 with the default numbers, whose every string field
// but the phone number holds a formula from FormulaTexts (the
// number_type `=cmd|' /c calc'!a0type` of the red-team report among
// them), and whose costs are plain numbers, one negative: a CSV export
// must defuse the formulas and leave the numbers as they are.
func Formulas() Behaviour {
	f := func(i int) string { return quote(FormulaTexts[i%len(FormulaTexts)]) }
	var entries []string
	for k, n := range DefaultNumbers() {
		entries = append(entries, `{"phone_number":`+quote(n)+`,"country_code":"US",`+
			`"number_type":`+quote(FormulaTexts[0]+"type")+`,"upfront_cost":"-0.50","monthly_cost":1.5e0,`+
			`"currency":`+f(k+1)+`,"features":[`+f(k)+`,"sms",{"name":`+f(k+2)+`}],`+
			`"region_information":[{"region_type":`+f(k+3)+`,"region_name":`+f(k+4)+`}],`+
			`"locality":`+f(k+5)+`,"address_requirements":`+f(k+6)+
			`,"regulatory_requirements":[{"label":`+f(k)+`}],"provider_note":`+f(k+1)+`}`)
	}
	return JSON(http.StatusOK, Data(entries...)).named("formulas in every text field")
}

// FormulaCells returns the cells of the CSV text that a spreadsheet would
// run as formulas: those that start, after any spaces, with =, +, -, @, a
// tab or a carriage return, unless they are a plain number (a phone number
// or a cost). A defused cell starts with a quote.
func FormulaCells(text string) ([]string, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	var bad []string
	for _, rec := range recs {
		for _, c := range rec {
			t := strings.TrimLeft(c, " ")
			if t == "" || !strings.ContainsRune("=+-@\t\r", rune(t[0])) || plainNumber(c) {
				continue
			}
			bad = append(bad, c)
		}
	}
	return bad, nil
}

// plainNumber reports whether s is an optionally signed decimal with an
// optional exponent, and nothing else.
func plainNumber(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	digits, point, exp := 0, false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point && !exp:
			point = true
		case (c == 'e' || c == 'E') && digits > 0 && !exp:
			exp = true
			if i+1 < len(s) && (s[i+1] == '+' || s[i+1] == '-') {
				i++
			}
			digits = 0
		default:
			return false
		}
	}
	return digits > 0
}
