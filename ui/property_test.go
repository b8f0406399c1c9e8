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
	fs "numbrowse/internal/faultserver"
	"numbrowse/internal/inventory"
)

// randomService answers every search at once, at random with numbers
// (random count, hostile and wide text included) or an error.
type randomService struct{ rng *rand.Rand }

func (s randomService) SearchChoice(ctx context.Context, c inventory.Choice) (inventory.Merged, error) {
	if err := s.maybeFail(); err != nil {
		return inventory.Merged{}, err
	}
	var nums []api.Number
	for _, t := range c.Types.Types() {
		nums = append(nums, randomNumbers(s.rng, c.Country.Code, t)...)
	}
	q := api.Query{Country: c.Country.Code}
	if t, ok := c.Types.One(); ok {
		q.Type = t
	}
	return inventory.Merged{Result: &api.Result{Query: q, Numbers: nums, FetchedAt: rtNow}}, nil
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
	t.Chdir(t.TempDir()) // an export typed at random lands here
	sequences := 150     // of 40 steps: 6,000 steps
	if testing.Short() || raceEnabled {
		sequences = 25
	}
	for seq := range sequences {
		rng := rand.New(rand.NewPCG(uint64(seq), 42))
		runPropertySequence(t, seq, rng, randomService{rng: rng}, nil)
	}
}

// TestPropertyAgainstFaultServer runs the same random sequences with a
// real client and inventory in front of the fault server, whose behaviour
// changes at random before every step: searches succeed, fail in every
// way the fault server knows, or bring hostile text. The view must stay
// within the screen and safe to print, the cursor on a row, and results
// once shown must never vanish.
func TestPropertyAgainstFaultServer(t *testing.T) {
	t.Chdir(t.TempDir())
	sequences := 40
	if testing.Short() || raceEnabled {
		sequences = 10
	}
	// A short timeout: a stalled server costs little, and a search that
	// times out on a busy machine is just one more failure to survive.
	e := newFaultEnv(t, 100*time.Millisecond)
	pool := faultPool()
	for seq := range sequences {
		rng := rand.New(rand.NewPCG(uint64(seq), 7))
		runPropertySequence(t, seq, rng, e.inv, func() string {
			b := fs.OK()
			if rng.IntN(3) > 0 {
				b = pool[rng.IntN(len(pool))]
			}
			e.sw.Set(b)
			return b.Name()
		})
	}
}

// faultPool is every behaviour of the fault server, fast ones only
// once the client's timeout is short.
func faultPool() []fs.Behaviour {
	return []fs.Behaviour{
		fs.Hostile(), fs.InvalidUTF8(), fs.LongRegion(100_000), fs.Duplicates(), fs.NonObjectEntries(),
		fs.SlowFirstByte(fs.Forever, fs.OK()), fs.StallAfter(40, fs.OK()), fs.Reset(), fs.ResetAfter(40, fs.OK()),
		fs.TruncatedJSON(), fs.HTML200(), fs.BadGateway(), fs.ServiceUnavailable(), fs.EmptyError(500),
		fs.RateLimited(fs.Seconds(2)), fs.RateLimited(fs.NoRetryAfter), fs.RateLimited(fs.Date(time.Minute)),
		fs.NewHuge(100 << 20).Announced().Behaviour(), fs.Nested(20_000), fs.DataNotArray(),
		fs.EchoAuthorization(401), fs.EchoAuthorization(403), fs.EchoAuthorization(502),
	}
}

// runPropertySequence drives one browser through 40 random steps (keys,
// resizes up to 400x120 alone or in bursts, clicks, wheel, timers,
// pastes), checking the invariants after each. beforeStep, when not nil,
// runs first and describes itself for the failure trail.
func runPropertySequence(t *testing.T, seq int, rng *rand.Rand, svc searchService, beforeStep func() string) {
	t.Helper()
	const steps = 40
	o := Options{Mouse: rng.IntN(2) == 0, ASCII: rng.IntN(3) == 0, NoColor: rng.IntN(3) == 0,
		Demo: rng.IntN(2) == 0, ExportDir: ".", Type: []api.TypeChoice{api.OneType(api.Mobile), api.AllTypes, api.OneType(api.Local)}[rng.IntN(3)]}
	// Sizes from 1x1 to 400x120: the corners now and then, any size
	// sometimes, usual sizes (where most rows are drawn) most often.
	size := func() (int, int) {
		switch rng.IntN(8) {
		case 0:
			c := [][2]int{{1, 1}, {400, 120}, {1, 120}, {400, 1}}[rng.IntN(4)]
			return c[0], c[1]
		case 1, 2:
			return 1 + rng.IntN(400), 1 + rng.IntN(120)
		}
		return 1 + rng.IntN(200), 1 + rng.IntN(60)
	}
	w, h := size()
	var trail []string
	if beforeStep != nil {
		trail = append(trail, "server "+beforeStep())
	}
	hs := newHarness(t, o, svc, w, h)
	loaded := hs.m.res.set != nil
	for range steps {
		if beforeStep != nil {
			trail = append(trail, "server "+beforeStep())
		}
		var step string
		switch r := rng.IntN(20); {
		case r < 1:
			w, h = size()
			step = fmt.Sprintf("size %dx%d", w, h)
			hs.send(tea.WindowSizeMsg{Width: w, Height: h})
		case r < 2:
			n := 2 + rng.IntN(10)
			for range n {
				w, h = size()
				hs.send(tea.WindowSizeMsg{Width: w, Height: h})
			}
			step = fmt.Sprintf("%d resizes to %dx%d", n, w, h)
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
		if loaded && hs.m.res.set == nil {
			t.Errorf("the results vanished")
		}
		loaded = loaded || hs.m.res.set != nil
		if t.Failed() {
			t.Fatalf("sequence %d failed after: %s", seq, strings.Join(trail, " | "))
		}
	}
}

// checkInvariants: the view fits the terminal and holds nothing a
// terminal would act on but colours, and the cursor is on a visible row
// that the screen shows.
func checkInvariants(t *testing.T, hs *rtHarness, w, h int) {
	t.Helper()
	content := hs.m.View().Content
	checkScreen(t, content, w, h)
	checkTerminalSafe(t, content)
	m := hs.m
	n := m.res.view.Len()
	i, ok := m.table.Selected()
	if ok != (n > 0) {
		t.Errorf("selection %v with %d rows", ok, n)
		return
	}
	if !ok {
		return
	}
	if c := m.table.Cursor(); c < 0 || c >= n || m.res.view.At(c) != i {
		t.Errorf("cursor %d out of the %d visible rows", c, n)
		return
	}
	if m.lay.tooSmall || m.focused().modal() || m.lay.table.h < 2 {
		return
	}
	// The table shows the number formatted, or as sent when it does not
	// format: look for its digits.
	e164, intl := m.res.set.At(i).E164, strings.ReplaceAll(m.res.set.International(i), " ", "")
	if plain := strings.ReplaceAll(stripANSI(content), " ", ""); !strings.Contains(plain, e164) && !strings.Contains(plain, intl) {
		t.Errorf("the selected number %s is not on screen:\n%s", e164, stripANSI(content))
	}
}
