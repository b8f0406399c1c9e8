package ui

import (
	"math"
	"reflect"
	"strconv"
	"testing"
)

// luminance is the WCAG 2 relative luminance of a #RRGGBB colour.
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	if len(hex) != 7 || hex[0] != '#' {
		t.Fatalf("%q is not #RRGGBB", hex)
	}
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l
}

// contrast is the WCAG 2 contrast ratio of two #RRGGBB colours.
func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// TestPaletteContrast checks every text colour of both themes against the
// background it sits on, at 4.5:1 or more (WCAG AA for normal text), in
// 256 colours and in true colour. The terminal's own background is not
// known, so each theme is checked on the ends of the usual range: black and
// #282828 (Gruvbox, One Dark) for dark, white and #EEEEEE for light.
func TestPaletteContrast(t *testing.T) {
	ps := paints()
	byName := map[string]paint{}
	v := reflect.ValueOf(ps)
	for i := range v.NumField() {
		byName[v.Type().Field(i).Name] = v.Field(i).Interface().(paint)
	}
	type pair struct{ fg, bg string }
	pairs := []pair{{"SelectedFg", "SelectedBg"}, {"OnWarning", "Warning"}}
	onTerminal := map[string]bool{"SelectedBg": false, "SelectedFg": false, "OnWarning": false}
	for name := range byName {
		if _, special := onTerminal[name]; !special {
			pairs = append(pairs, pair{fg: name})
		}
	}
	if len(pairs) != len(byName)-1 {
		t.Fatalf("%d pairs for %d colours: a colour is neither text nor a background", len(pairs), len(byName))
	}
	hexOf := func(p paint, dark bool, depth int) string {
		c := p.light
		if dark {
			c = p.dark
		}
		if depth == 1 {
			n, err := strconv.Atoi(c[1])
			if err != nil {
				t.Fatal(err)
			}
			return xterm256Hex(n)
		}
		return c[2]
	}
	for _, dark := range []bool{true, false} {
		terminal := []string{"#FFFFFF", "#EEEEEE"}
		if dark {
			terminal = []string{"#000000", "#282828"}
		}
		for _, depth := range []int{1, 2} {
			for _, p := range pairs {
				fg := hexOf(byName[p.fg], dark, depth)
				bgs := terminal
				if p.bg != "" {
					bgs = []string{hexOf(byName[p.bg], dark, depth)}
				}
				for _, bg := range bgs {
					if r := contrast(t, fg, bg); r < 4.5 {
						t.Errorf("dark=%v depth=%s: %s %s on %s %s is %.2f:1, want at least 4.5:1",
							dark, []string{"", "256", "truecolor"}[depth], p.fg, fg, p.bg, bg, r)
					}
				}
			}
		}
	}
}
