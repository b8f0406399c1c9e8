package ui

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/inventory"
)

// randomService answers every search at once, at random with numbers
// (random count, hostile and wide text included) or an error.
type randomService struct{ rng *rand.Rand }

func (s randomService) Search(ctx context.Context, req inventory.Request) (inventory.Response, error) {
	if err := s.maybeFail(); err != nil {
		return inventory.Response{}, err
	}
	return inventory.Response{Result: &api.Result{Query: req.Query,
		Numbers: randomNumbers(s.rng, req.Query.Country, req.Query.Type), FetchedAt: rtNow}}, nil
}

func (s randomService) SearchAll(ctx context.Context, country string, fresh bool, onWait func(time.Duration)) (inventory.AllResponse, error) {
	if err := s.maybeFail(); err != nil {
		return inventory.AllResponse{}, err
	}
	var nums []api.Number
	for _, t := range api.NumberTypes() {
		nums = append(nums, randomNumbers(s.rng, country, t)...)
	}
	return inventory.AllResponse{Result: &api.Result{Numbers: nums, FetchedAt: rtNow}}, nil
}

func (s randomService) maybeFail() error {
	switch s.rng.IntN(6) {
	case 0:
		return &api.Error{Kind: api.KindRateLimited, Status: 429, RetryAfter: time.Duration(s.rng.IntN(5)) * time.Second}
	case 1:
		kinds := []api.Kind{api.KindAuth, api.KindPermission, api.KindRejected, api.KindServer, api.KindNetwork, api.KindTimeout, api.KindBadResponse}
		return &api.Error{Kind: kinds[s.rng.IntN(len(kinds))], Status: 500, Messages: []string{randomText(s.rng)}}
	}
	return nil
}

// randomText is short or long, plain, wide or hostile.
func randomText(rng *rand.Rand) string {
	texts := []string{"London", "Chicago Zone 1, IL", "東京都千代田区", "Zürich", "",
		"evil\x1b]52;c;aGk=\a\x1b[2Jname", strings.Repeat("Very long region name ", 20),
		"emoji 👩‍👩‍👧 family", "\u202eright-to-left", "tab\tand\nnewline"}
	return texts[rng.IntN(len(texts))]
}

// randomNumbers is 0–300 numbers (mostly few), with random costs,
// features and regions.
func randomNumbers(rng *rand.Rand, country string, typ api.NumberType) []api.Number {
	sizes := []int{0, 1, 2, 7, 30, 300}
	n := sizes[rng.IntN(len(sizes))]
	feats := []string{"sms", "voice", "mms", "fax", "rcs"}
	out := make([]api.Number, n)
	for i := range out {
		num := api.Number{
			E164:    fmt.Sprintf("+44%010d", rng.Int64N(1e10)),
			Country: country, Type: typ,
			Regions: []api.Region{{Type: "locality", Name: randomText(rng)}},
		}
		if rng.IntN(5) > 0 {
			num.Monthly = rtDecimal(fmt.Sprintf("%d.%02d", rng.IntN(20), rng.IntN(100)))
		}
		for _, f := range feats {
			if rng.IntN(2) == 0 {
				num.Features = append(num.Features, f)
			}
		}
		out[i] = num
	}
	return out
}

// propertyKeys are the keys the property test presses: every default
// binding, text, and editing keys.
var propertyKeys = []string{
	"j", "k", "up", "down", "pgup", "pgdown", "ctrl+u", "ctrl+d", "g", "G", "home", "end",
	"c", "t", "/", "s", "S", "enter", "d", "tab", "y", "e", "space", "r", "?", "ctrl+l", "esc",
	"backspace", "q", "a", "1", "3", "5", "<", "!", "^", "$", "x", "ctrl+o",
}

func TestPropertyRandomKeysAndSizes(t *testing.T) {
	t.Chdir(t.TempDir())        // an export typed at random lands here
	sequences, steps := 150, 40 // 6,000 steps
	if testing.Short() || raceEnabled {
		sequences = 25
	}
	for seq := range sequences {
		rng := rand.New(rand.NewPCG(uint64(seq), 42))
		o := Options{Mouse: rng.IntN(2) == 0, ASCII: rng.IntN(3) == 0, NoColor: rng.IntN(3) == 0,
			Demo: rng.IntN(2) == 0, ExportDir: ".", Type: []string{"mobile", "all", "local"}[rng.IntN(3)]}
		w, h := 1+rng.IntN(300), 1+rng.IntN(100)
		hs := newHarness(t, o, randomService{rng: rng}, w, h)
		var trail []string
		for range steps {
			var step string
			switch r := rng.IntN(20); {
			case r < 2:
				w, h = 1+rng.IntN(300), 1+rng.IntN(100)
				step = fmt.Sprintf("size %dx%d", w, h)
				hs.send(tea.WindowSizeMsg{Width: w, Height: h})
			case r < 3:
				x, y := rng.IntN(w+2)-1, rng.IntN(h+2)-1
				step = fmt.Sprintf("click %d,%d", x, y)
				hs.send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
			case r < 4:
				step = "wheel"
				hs.send(tea.MouseWheelMsg{X: rng.IntN(w + 1), Y: rng.IntN(h + 1), Button: tea.MouseWheelDown})
			case r < 5:
				step = "timers"
				hs.fire(func(tea.Msg) bool { return true })
			case r < 6:
				step = "paste"
				hs.send(tea.PasteMsg{Content: randomText(rng)})
			default:
				step = propertyKeys[rng.IntN(len(propertyKeys))]
				hs.keys(step)
			}
			trail = append(trail, step)
			checkInvariants(t, hs, w, h)
			if t.Failed() {
				t.Fatalf("sequence %d failed after: %s", seq, strings.Join(trail, " "))
			}
		}
	}
}

// checkInvariants: the view fits the terminal, and the cursor is on a
// visible row that the screen shows.
func checkInvariants(t *testing.T, hs *rtHarness, w, h int) {
	t.Helper()
	content := hs.m.View().Content
	checkScreen(t, content, w, h)
	m := hs.m
	n := len(m.res.view)
	i, ok := m.table.Selected()
	if ok != (n > 0) {
		t.Errorf("selection %v with %d rows", ok, n)
		return
	}
	if !ok {
		return
	}
	if c := m.table.Cursor(); c < 0 || c >= n || m.res.view[c] != i {
		t.Errorf("cursor %d out of the %d visible rows", c, n)
		return
	}
	if m.lay.tooSmall || m.focus.modal() || m.lay.table.h < 2 {
		return
	}
	// The table shows the number formatted, or as sent when it does not
	// format: look for its digits.
	e164, intl := m.res.set.At(i).E164, strings.ReplaceAll(m.res.set.International(i), " ", "")
	if plain := strings.ReplaceAll(stripANSI(content), " ", ""); !strings.Contains(plain, e164) && !strings.Contains(plain, intl) {
		t.Errorf("the selected number %s is not on screen:\n%s", e164, stripANSI(content))
	}
}
