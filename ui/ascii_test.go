package ui

import "testing"

func TestToASCII(t *testing.T) {
	tests := map[string]string{
		"Chicago":             "Chicago",
		"München":             "Munchen",
		"Düsseldorf":          "Dusseldorf",
		"Straße":              "Strasse",
		"Åland Islands":       "Aland Islands",
		"Réunion":             "Reunion",
		"Curaçao":             "Curacao",
		"Türkiye":             "Turkiye",
		"Łódź":                "Lodz",
		"Tromsø":              "Tromso",
		"Ærøskøbing":          "AEroskobing",
		"São Tomé & Príncipe": "Sao Tome & Principe",
		"Þórshöfn":            "Thorshofn",
		"Saint-Étienne — 42":  "Saint-Etienne - 42",
		"東京":                  "??",
		"a\u0301":             "a",
		"\u00a0x":             " x",
	}
	for in, want := range tests {
		if got := toASCII(in); got != want {
			t.Errorf("toASCII(%q) = %q, want %q", in, got, want)
		}
		if !isPlainASCII(toASCII(in)) {
			t.Errorf("toASCII(%q) is not plain ASCII", in)
		}
	}
	st := NewStyles(true, 0, true)
	if got := st.plain("München"); got != "Munchen" {
		t.Errorf("ASCII styles: %q", got)
	}
	st = NewStyles(true, 0, false)
	if got := st.plain("München"); got != "München" {
		t.Errorf("Unicode styles changed %q", got)
	}
}
