package ui

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"numbrowse/api"
	"numbrowse/internal/results"
)

func TestRecentStoreRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "numbrowse")
	s := newRecentStore(dir)
	if got, err := s.Load(); err != nil || len(got) != 0 {
		t.Fatalf("missing file: %v, %v; want empty, nil", got, err)
	}
	for _, c := range []string{"gb", "DE", "FR"} {
		if _, err := s.Add(c); err != nil {
			t.Fatalf("Add(%s): %v", c, err)
		}
	}
	got, err := newRecentStore(dir).Load() // as the next run would
	if want := []string{"FR", "DE", "GB"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("reloaded %v, %v; want %v", got, err, want)
	}
	if s.Path() != filepath.Join(dir, "recent.json") {
		t.Errorf("path %s", s.Path())
	}
}

func TestRecentStoreMRU(t *testing.T) {
	tests := []struct {
		adds []string
		want []string
	}{
		{[]string{"GB"}, []string{"GB"}},
		{[]string{"GB", "DE", "GB"}, []string{"GB", "DE"}},                    // moves to front, unique
		{[]string{"GB", "DE", "FR", "DE"}, []string{"DE", "FR", "GB"}},        //
		{[]string{"US", "CA", "MX", "BR", "AR", "CL", "PE", "CO", "VE"}, nil}, // capped (checked below)
		{[]string{"GB", "XX", "gb"}, []string{"GB"}},                          // unknown codes refused
		{[]string{"US", "CA", "MX", "BR", "AR", "CL", "PE", "CO", "US"}, []string{"US", "CO", "PE", "CL", "AR", "BR", "MX", "CA"}},
	}
	for _, tt := range tests {
		for _, mode := range []string{"disk", "memory"} {
			t.Run(fmt.Sprint(mode, tt.adds), func(t *testing.T) {
				dir := ""
				if mode == "disk" {
					dir = t.TempDir()
				}
				s := newRecentStore(dir)
				var got []string
				for _, c := range tt.adds {
					list, err := s.Add(c)
					if err != nil && c != "XX" {
						t.Fatalf("Add(%s): %v", c, err)
					}
					if c == "XX" && err == nil {
						t.Fatalf("Add(XX) should fail")
					}
					got = list
				}
				want := tt.want
				if want == nil {
					want = slices.Clone(tt.adds)
					slices.Reverse(want)
					want = want[:recentMax]
				}
				if !slices.Equal(got, want) {
					t.Errorf("Add returned %v, want %v", got, want)
				}
				if loaded, err := s.Load(); err != nil || !slices.Equal(loaded, want) {
					t.Errorf("Load %v, %v; want %v", loaded, err, want)
				}
			})
		}
	}
}

func TestRecentStoreBadFiles(t *testing.T) {
	tests := []struct {
		name, content string
		want          []string
		wantErr       bool
	}{
		{"corrupt", "{not json", nil, true},
		{"truncated", `{"version":1,"countries":["GB",`, nil, true},
		{"wrong shape", `["GB"]`, nil, true},
		{"empty file", "", nil, false},
		{"wrong element type", `{"version":1,"countries":["gb","ZZ","","DE","GB",7]}`, nil, true},
		{"cleaned", `{"version":1,"countries":["gb","ZZ","","DE","GB","A"]}`, []string{"GB", "DE"}, false},
		{"too long", `{"countries":["AD","AE","AF","AG","AI","AL","AM","AO","AR","AS"]}`,
			[]string{"AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO"}, false},
		{"huge", `{"countries":["GB"],"x":"` + strings.Repeat("a", recentMaxBytes) + `"}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, recentFileName)
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			s := newRecentStore(dir)
			got, err := s.Load()
			if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) {
				t.Fatalf("Load = %v, %v; want %v, error %v", got, err, tt.want, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), path) {
				t.Errorf("error %q should name the file", err)
			}
			// The next Add starts afresh and leaves a good file behind.
			if _, err := s.Add("JP"); err != nil {
				t.Fatalf("Add after a bad file: %v", err)
			}
			if got, err := newRecentStore(dir).Load(); err != nil || got[0] != "JP" {
				t.Errorf("after Add: %v, %v", got, err)
			}
		})
	}
}

func TestRecentStoreUnreadable(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, recentFileName), 0o700); err != nil { // a directory, not a file
		t.Fatal(err)
	}
	s := newRecentStore(dir)
	if got, err := s.Load(); err == nil || len(got) != 0 {
		t.Errorf("Load = %v, %v; want empty and an error", got, err)
	}
	list, err := s.Add("GB")
	if err == nil || !slices.Equal(list, []string{"GB"}) {
		t.Errorf("Add = %v, %v; want the new list and the save error", list, err)
	}
}

func TestRecentStorePermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "numbrowse")
	s := newRecentStore(dir)
	if _, err := s.Add("GB"); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if di.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v, want 0700", di.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	var doc recentDoc
	data, _ := os.ReadFile(s.Path())
	if err := json.Unmarshal(data, &doc); err != nil || doc.Version != 1 || !slices.Equal(doc.Countries, []string{"GB"}) {
		t.Errorf("file content %s: %v", data, err)
	}
}

func TestRecentStoreMemoryOnly(t *testing.T) {
	wd, _ := os.Getwd()
	before, _ := os.ReadDir(wd)
	s := newRecentStore("")
	if s.Path() != "" {
		t.Errorf("memory store has path %q", s.Path())
	}
	for _, c := range []string{"GB", "DE"} {
		if _, err := s.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := s.Load(); err != nil || !slices.Equal(got, []string{"DE", "GB"}) {
		t.Errorf("Load = %v, %v", got, err)
	}
	if after, _ := os.ReadDir(wd); len(after) != len(before) {
		t.Errorf("memory store wrote a file")
	}
	if got, _ := newRecentStore("").Load(); len(got) != 0 {
		t.Errorf("a new memory store shares state: %v", got)
	}
}

// TestRecentStoreConcurrent has goroutines add through one shared store and
// through stores of their own (as separate processes would) on one file:
// every read must see a whole, valid file. Run with -race.
func TestRecentStoreConcurrent(t *testing.T) {
	dir := t.TempDir()
	shared := newRecentStore(dir)
	codes := []string{"GB", "DE", "FR", "US", "JP", "BR", "IN", "ZA", "NL", "SE"}
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for g := range 8 {
		wg.Go(func() {
			own := newRecentStore(dir)
			for i := range 25 {
				s := shared
				if g%2 == 1 {
					s = own
				}
				if _, err := s.Add(codes[(g+i)%len(codes)]); err != nil {
					errs <- err
				}
				if _, err := newRecentStore(dir).Load(); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got, err := newRecentStore(dir).Load()
	if err != nil || len(got) == 0 || len(got) > recentMax {
		t.Fatalf("final Load = %v, %v", got, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %d entries", len(entries))
	}
}

func TestRecentCmds(t *testing.T) {
	s := newRecentStore(t.TempDir())
	msg := recentAddCmd(s, "DE")()
	if m, ok := msg.(recentSavedMsg); !ok || m.Err != nil || !slices.Equal(m.Recent, []string{"DE"}) {
		t.Errorf("recentAddCmd: %#v", msg)
	}
	if m, ok := recentAddCmd(s, "nope")().(recentSavedMsg); !ok || m.Err == nil || !slices.Equal(m.Recent, []string{"DE"}) {
		t.Errorf("recentAddCmd with a bad code: %#v", m)
	}
	msg = recentLoadCmd(s)()
	if m, ok := msg.(recentLoadedMsg); !ok || m.Err != nil || !slices.Equal(m.Recent, []string{"DE"}) {
		t.Errorf("recentLoadCmd: %#v", msg)
	}
}

// TestRecentSearches: the searches left are remembered across runs, one
// per countries and type (the newest filter and sort win), at most
// recentSearchMax, next to the recent countries, and an entry that no
// longer reads is dropped.
func TestRecentSearches(t *testing.T) {
	dir := t.TempDir()
	s := newRecentStore(dir)
	if _, err := s.Add("DE"); err != nil {
		t.Fatal(err)
	}
	mk := func(countries, typ, filter string) SavedSearch {
		return SavedSearch{Countries: mustCountries(countries), Type: mustType(typ), Filter: filter, Sort: results.Sort{Col: results.Monthly}}
	}
	for _, sr := range []SavedSearch{mk("GB", "mobile", "sms"), mk("DE,FR", "all", ""), mk("GB", "mobile", "voice")} {
		if _, err := s.AddSearch(sr); err != nil {
			t.Fatal(err)
		}
	}
	again := newRecentStore(dir)
	countries, err := again.Load()
	got := again.Searches()
	if err != nil || !slices.Equal(countries, []string{"DE"}) || len(got) != 2 ||
		!got[0].same(mk("GB", "mobile", "voice")) || !got[1].same(mk("DE,FR", "all", "")) {
		t.Fatalf("reloaded %v, %+v, %v", countries, got, err)
	}
	// Adding a country keeps the searches, and the other way round.
	if _, err := again.Add("FR"); err != nil {
		t.Fatal(err)
	}
	third := newRecentStore(dir)
	if c, _ := third.Load(); len(c) != 2 || len(third.Searches()) != 2 {
		t.Errorf("after Add: %v, %d searches", c, len(third.Searches()))
	}
	for i := range recentSearchMax + 3 {
		_, _ = s.AddSearch(mk("GB", "mobile", fmt.Sprint(i))) // one key: stays one
		_, _ = s.AddSearch(SavedSearch{Countries: api.CountryList{api.Countries()[i]}, Type: mustType("local"), Sort: results.Sort{}})
	}
	if got := s.Searches(); len(got) != recentSearchMax {
		t.Errorf("%d recent searches, want at most %d", len(got), recentSearchMax)
	}
	// An entry edited into nonsense is dropped; the rest loads.
	data := `{"version":1,"countries":["GB"],"searches":[{"countries":"Atlantis","type":"mobile","sort":"monthly"},{"countries":"NL","type":"local","filter":"sms","sort":"number"}]}`
	if err := os.WriteFile(filepath.Join(dir, "recent.json"), []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	fresh := newRecentStore(dir)
	if _, err := fresh.Load(); err != nil || len(fresh.Searches()) != 1 || fresh.Searches()[0].Countries.Key() != "NL" {
		t.Errorf("partly bad file: %+v, %v", fresh.Searches(), err)
	}
}
