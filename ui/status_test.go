package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"numbrowse/internal/results"
)

func TestFilterDisplay(t *testing.T) {
	st := NewStyles(true, 0, false)
	tests := []struct {
		query   string
		want    string
		invalid []string
	}{
		{"", "", nil},
		{"sms <2", "filter: sms <2", nil},
		{"FLOWERS", "filter: FLOWERS", nil},
		{"1-800-FLOWERS", "filter: 1-800-FLOWERS", nil},
		{"^415 00$ !fax", "filter: ^415 00$ !fax", nil},
		{"chicago <abc", `filter: chicago <abc (invalid "<abc": not a number after <)`, []string{"<abc"}},
		{"!! ^ sms", `filter: !! ^ sms (invalid "!!": use a single ! to negate (+1 more))`, []string{"!!", "^"}},
		{"55€", `filter: 55€ (invalid "55€": '€' is not a digit, wildcard (* ? %) or keypad letter)`, []string{"55€"}},
		{`city:"new york" foo:x`, `filter: city:"new york" foo:x (invalid "foo:x": unknown key foo: — use state:, city:, rc:, zip:, lata:, region:, type:, feature:, flag:, cur:)`, []string{"foo:x"}},
		{"sms \x1b]52;c;aGk=\a", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			f := results.ParseFilter(tt.query)
			full, _ := filterSummary(&st, f, nil)
			got := stripANSI(full)
			if tt.want != "" && got != tt.want {
				t.Errorf("summary = %q, want %q", got, tt.want)
			}
			if strings.ContainsAny(got, "\x1b\a") {
				t.Errorf("control characters reach the screen: %q", got)
			}
			var invalid []string
			for _, w := range filterWords(f.Words(), nil) {
				if w.invalid {
					invalid = append(invalid, w.text)
				}
			}
			if strings.Join(invalid, " ") != strings.Join(tt.invalid, " ") {
				t.Errorf("invalid words %q, want %q", invalid, tt.invalid)
			}
		})
	}
}

func TestAgeTicksOncePerMinute(t *testing.T) {
	for _, tt := range []struct {
		age  time.Duration
		text string
		next time.Duration
	}{
		{0, "fetched just now", time.Minute},
		{59 * time.Second, "fetched just now", time.Second},
		{2*time.Minute + 10*time.Second, "fetched 2 min ago", 50 * time.Second},
		{61 * time.Minute, "fetched 1 h ago", 59 * time.Minute},
	} {
		if got := ageText(tt.age); got != tt.text {
			t.Errorf("ageText(%v) = %q, want %q", tt.age, got, tt.text)
		}
		if got := nextAgeChange(tt.age); got != tt.next {
			t.Errorf("nextAgeChange(%v) = %v, want %v", tt.age, got, tt.next)
		}
	}
	h := loaded(t, 5, 80, 24, Options{})
	if !strings.Contains(h.screen(), "fetched 2 min ago") {
		t.Fatalf("no age:\n%s", h.screen())
	}
	var ages []time.Duration
	for _, tm := range h.timers {
		if _, ok := tm.fn(rtNow).(ageTickMsg); ok {
			ages = append(ages, tm.d)
		}
	}
	if len(ages) != 1 || ages[0] != time.Minute {
		t.Fatalf("age timers: %v", ages)
	}
}

// stripANSI removes escape sequences.
func stripANSI(s string) string { return ansi.Strip(s) }

// TestStatusSegmentsLongAgain is the status line of an EU search at
// 100x30: the sort was shortened to "per currency" to make room, then
// "nothing in CY, LU, MT" was dropped all the same, and the line kept
// the short form with the room for ", EUR first" free.
func TestStatusSegmentsLongAgain(t *testing.T) {
	segs := []statusSeg{
		{text: "1,128 numbers", keep: 90},
		{text: "sort monthly ▲ per currency, EUR first", short: "sort monthly ▲ per currency", keep: 50},
		{text: "nothing in CY, LU, MT", keep: 30},
		{text: "fetched just now", keep: 40},
	}
	want := "1,128 numbers · sort monthly ▲ per currency, EUR first · fetched just now"
	if got := fitSegments(segs, " · ", 80, "…"); got != want {
		t.Errorf("w=80: %q, want %q", got, want)
	}
}

func TestStatusSegmentsShortenThenDrop(t *testing.T) {
	segs := func() []statusSeg {
		return []statusSeg{
			{text: "Searching GB", keep: 100},
			{text: "12 of 40 numbers", keep: 90},
			{text: "filter: x$$ (invalid \"x$$\": bad)", short: "filter: x$$ (1 invalid)", keep: 80},
			{text: "sort monthly", keep: 50},
			{text: "fetched 2 min ago", keep: 40},
		}
	}
	tests := []struct {
		w    int
		want string
	}{
		{200, `Searching GB | 12 of 40 numbers | filter: x$$ (invalid "x$$": bad) | sort monthly | fetched 2 min ago`},
		{95, `Searching GB | 12 of 40 numbers | filter: x$$ (1 invalid) | sort monthly | fetched 2 min ago`},
		{72, `Searching GB | 12 of 40 numbers | filter: x$$ (1 invalid) | sort monthly`},
		{71, `Searching GB | 12 of 40 numbers | filter: x$$ (invalid "x$$": bad)`}, // the room sort left
		{65, `Searching GB | 12 of 40 numbers | filter: x$$ (1 invalid)`},
		{56, `Searching GB | 12 of 40 numbers`},
		{20, `Searching GB`},
		{8, `Searchi…`}, // a cut sentence says it is cut
		{1, `S`},
		{0, ``},
	}
	for _, tt := range tests {
		if got := fitSegments(segs(), " | ", tt.w, "…"); got != tt.want {
			t.Errorf("w=%d: %q, want %q", tt.w, got, tt.want)
		}
	}
}
