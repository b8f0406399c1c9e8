package ui

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"numbrowse/api"
	"numbrowse/api/demo"
	"numbrowse/internal/inventory"
)

// End-to-end runs: the real program loop (teatest), the real client and
// inventory, against the demo API on an httptest server.

// e2eTimeout only guards against a hang; nothing is timed.
const e2eTimeout = 15 * time.Second

// probeModel wraps the browser so a test can look at its state while the
// program runs: a probeMsg is answered with the model, in the order of the
// messages before it.
type probeModel struct{ Model }

type probeMsg chan Model

func (p probeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ch, ok := msg.(probeMsg); ok {
		ch <- p.Model
		return p, nil
	}
	m, cmd := p.Model.Update(msg)
	return probeModel{m.(Model)}, cmd
}

// waitState asks for the model until cond holds (every key sent before is
// handled by then; searches and exports finish on their own time).
func waitState(t *testing.T, tm *teatest.TestModel, what string, cond func(Model) bool) Model {
	t.Helper()
	deadline := time.Now().Add(e2eTimeout)
	for {
		ch := make(probeMsg, 1)
		tm.Send(ch)
		select {
		case m := <-ch:
			if cond(m) {
				return m
			}
		case <-time.After(e2eTimeout):
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond) // polling interval, not an assertion
	}
}

// startE2E runs the browser against a demo server.
func startE2E(t *testing.T, o Options, w, h int) *teatest.TestModel {
	t.Helper()
	srv := httptest.NewServer(demo.NewHandler(demo.WithLatency(0, 0)))
	t.Cleanup(srv.Close)
	c, err := api.NewClient(api.WithBaseURL(srv.URL+demo.BasePath), api.WithAPIKey(demo.APIKey))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	o.Inventory = inventory.New(c)
	o.Context = ctx
	o.Keys = rtKeyMap()
	o.Now = func() time.Time { return rtNow }
	return teatest.NewTestModel(t, probeModel{New(o)},
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
}

// loadedState is true when a search for country and type has landed.
func loadedState(country, typ string) func(Model) bool {
	return func(m Model) bool {
		return !m.search.loading && m.res.set != nil && m.res.countries.Key() == country && m.res.typ == mustType(typ)
	}
}

// finalModel waits for the program to end and returns the browser.
func finalModel(t *testing.T, tm *teatest.TestModel) Model {
	t.Helper()
	return tm.FinalModel(t, teatest.WithFinalTimeout(e2eTimeout)).(probeModel).Model
}

// typeKeys sends key presses by name.
func typeKeys(tm *teatest.TestModel, names ...string) {
	for _, n := range names {
		tm.Send(rtKey(n))
	}
}

func TestE2ESearchFilterSortCopyExportQuit(t *testing.T) {
	dir := t.TempDir()
	tm := startE2E(t, Options{Country: mustCountry("GB"), Type: api.OneType(api.Mobile), Demo: true, ExportDir: dir}, 100, 30)
	m := waitState(t, tm, "the first search", loadedState("GB", "mobile"))
	total := m.res.set.Len()
	if total == 0 {
		t.Fatal("the demo has no GB mobile numbers")
	}

	tm.Type("/sms")
	typeKeys(tm, "enter", "S")
	m = waitState(t, tm, "filter and sort", func(m Model) bool { return m.focus == focusTable && m.sort.Desc })
	if m.filter.Query() != "sms" || m.res.view.Len() == 0 || m.res.view.Len() > total {
		t.Fatalf("filter %q: %d of %d", m.filter.Query(), m.res.view.Len(), total)
	}
	for _, i := range m.res.view.All() {
		if !m.res.set.At(i).Has("sms") {
			t.Fatalf("the filtered view holds %s, without sms", m.res.set.At(i).E164)
		}
	}
	for k := 1; k < m.res.view.Len(); k++ {
		a, b := m.res.set.At(m.res.view.At(k-1)).Monthly, m.res.set.At(m.res.view.At(k)).Monthly
		if a.Valid() && b.Valid() && a.Cmp(b) < 0 {
			t.Fatalf("not sorted by monthly cost, descending: %s before %s", a, b)
		}
	}
	sel, _ := m.table.Selected()
	want := m.res.set.At(sel).E164

	typeKeys(tm, "y")
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("\x1b]52;c;"+base64.StdEncoding.EncodeToString([]byte(want))))
	}, teatest.WithDuration(e2eTimeout), teatest.WithCheckInterval(10*time.Millisecond))

	typeKeys(tm, "e")
	waitState(t, tm, "the export dialog", func(m Model) bool { return m.focus == focusExport })
	typeKeys(tm, "enter")
	m = waitState(t, tm, "the export", func(m Model) bool { return m.focus == focusTable })
	if !strings.HasPrefix(m.note.text, "Exported ") {
		t.Fatalf("status after export: %q", m.note.text)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "numbers-GB-mobile-*.csv"))
	if len(files) != 1 {
		t.Fatalf("export files: %v", files)
	}
	csv, err := os.ReadFile(files[0])
	if err != nil || !bytes.Contains(csv, []byte(want[1:])) {
		t.Fatalf("the export does not hold the selected number %s (%v):\n%.300s", want, err, csv)
	}
	if lines := bytes.Count(csv, []byte("\n")); lines != m.res.view.Len()+1 {
		t.Fatalf("the export has %d lines for %d numbers", lines, m.res.view.Len())
	}

	typeKeys(tm, "q")
	fm := finalModel(t, tm)
	if fm.filter.Query() != "sms" || !fm.sort.Desc {
		t.Fatalf("final state: filter %q sort %v", fm.filter.Query(), fm.sort)
	}
}

func TestE2EPickCountryAndAllTypes(t *testing.T) {
	tm := startE2E(t, Options{Country: mustCountry("US"), Type: api.OneType(api.Local), Mouse: true}, 80, 24)
	waitState(t, tm, "the first search", loadedState("US", "local"))
	typeKeys(tm, "c")
	tm.Type("germany")
	typeKeys(tm, "enter")
	waitState(t, tm, "Germany", loadedState("DE", "local"))
	typeKeys(tm, "t", "5")
	m := waitState(t, tm, "all types", loadedState("DE", "all"))
	types := map[api.NumberType]bool{}
	for i := range m.res.set.Len() {
		types[m.res.set.At(i).Type] = true
	}
	if len(types) < 2 {
		t.Fatalf("all types gave only %v", types)
	}
	typeKeys(tm, "ctrl+c")
	finalModel(t, tm)
}

func TestE2ENoKeyStaysOpen(t *testing.T) {
	o := Options{Setup: "IDENTITYCALL_API_KEY is not set — export it, or start with --demo", Keys: rtKeyMap()}
	tm := teatest.NewTestModel(t, probeModel{New(o)}, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	typeKeys(tm, "c")
	waitState(t, tm, "the country picker", func(m Model) bool { return m.focus == focusCountry })
	typeKeys(tm, "esc", "q")
	fm := finalModel(t, tm)
	if !strings.Contains(ansi.Strip(fm.View().Content), "IDENTITYCALL_API_KEY is not set") {
		t.Fatal("the setup message is not shown")
	}
}
