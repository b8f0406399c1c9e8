package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

func TestTrueOr256(t *testing.T) {
	for _, tt := range []struct{ a256, tc, want string }{
		{"80", "#5FD7D7", "80"},   // the cube
		{"80", "#5fd7d7", "80"},   // any case
		{"243", "#767676", "243"}, // the greys
		{"231", "#FFFFFF", "231"},
		{"60", "#3B3880", "#3B3880"}, // 60 is #5F5F87: keep the exact colour
		{"7", "#C0C0C0", "#C0C0C0"},  // the first 16 are themed by terminals
		{"x", "#000000", "#000000"},
	} {
		if got := trueOr256(tt.a256, tt.tc); got != tt.want {
			t.Errorf("trueOr256(%q, %q) = %q, want %q", tt.a256, tt.tc, got, tt.want)
		}
	}
}

// TestTrueColourStylesUseShortForms: on a true-colour terminal the colours
// that are 256-colour palette entries are written as such; the others keep
// their exact value.
func TestTrueColourStylesUseShortForms(t *testing.T) {
	st := NewStyles(true, colorprofile.TrueColor, false)
	if sms := st.FeatureSMS.Render("S"); !strings.Contains(sms, "38;5;80") {
		t.Errorf("SMS badge: %q", sms)
	}
	if sel := st.SelectedRow.Render("x"); !strings.Contains(sel, "38;5;231") || !strings.Contains(sel, "48;2;59;56;128") {
		t.Errorf("selected row: %q", sel)
	}
}
