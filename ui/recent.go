package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"sync"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/results"
)

const (
	// recentMax is how many countries the recent list keeps.
	recentMax = 8
	// recentSearchMax is how many searches the recent searches keep.
	recentSearchMax = 10
	// recentFileName is the file inside the state directory.
	recentFileName = "recent.json"
	// recentMaxBytes bounds what Load reads: a bigger file is not ours.
	recentMaxBytes = 64 << 10
)

// recentStore remembers the countries chosen most recently, newest first,
// and the searches left most recently (with their filter and sort), across
// runs. The file lives in the state directory the root resolves
// ($XDG_STATE_HOME/numbrowse); with no directory the list lives in memory
// only. It is safe for concurrent use, and two processes writing at once
// never leave a half-written file: each write goes to a temporary file in
// the same directory that is then renamed over the old one (the last
// writer wins).
type recentStore struct {
	file stateFile // its path "" keeps the list in memory only

	mu       sync.Mutex
	mem      []string      // the last list read or written
	searches []SavedSearch // the same, of searches
}

// recentDoc is the file's JSON shape.
type recentDoc struct {
	Version   int               `json:"version"`
	Countries []string          `json:"countries"`
	Searches  []recentSearchDoc `json:"searches,omitempty"`
}

// recentSearchDoc is a recent search in the file, as the flags write it.
type recentSearchDoc struct {
	Countries string `json:"countries"`
	Type      string `json:"type"`
	Filter    string `json:"filter,omitempty"`
	Sort      string `json:"sort"`
}

// docOf is a search as the file keeps it.
func docOf(s SavedSearch) recentSearchDoc {
	return recentSearchDoc{Countries: s.Countries.Key(), Type: s.Type.String(), Filter: s.Filter, Sort: s.Sort.String()}
}

// searchOf reads a search back from the file, and false when it is not
// one (an edited or older file).
func searchOf(d recentSearchDoc) (SavedSearch, bool) {
	cs, prefix, err := api.ParseCountries(d.Countries)
	if err != nil || prefix != "" {
		return SavedSearch{}, false
	}
	typ, err := api.ParseTypeChoice(d.Type)
	if err != nil {
		return SavedSearch{}, false
	}
	so, err := results.ParseSort(d.Sort)
	if err != nil {
		return SavedSearch{}, false
	}
	f := sanitizeInput(d.Filter)
	if len([]rune(f)) > filterMaxRunes {
		return SavedSearch{}, false
	}
	return SavedSearch{Countries: cs, Type: typ, Filter: f, Sort: so}, true
}

// newRecentStore returns a store that keeps its file in stateDir, or keeps
// the list in memory only when stateDir is "".
func newRecentStore(stateDir string) *recentStore {
	s := &recentStore{file: stateFile{what: "recent countries", maxBytes: recentMaxBytes}}
	if stateDir != "" {
		s.file.path = filepath.Join(stateDir, recentFileName)
	}
	return s
}

// Path is the file the store reads and writes ("" in memory-only mode).
func (s *recentStore) Path() string { return s.file.path }

// Load returns the remembered countries, newest first. A missing file is an
// empty list. A file that cannot be read or parsed is an empty list and an
// error worth showing to the user once; the next Add replaces the file.
func (s *recentStore) Load() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file.path == "" {
		return slices.Clone(s.mem), nil
	}
	doc, err := s.read()
	s.mem, s.searches = doc.countries, doc.searches
	return slices.Clone(doc.countries), err
}

// Searches returns the recent searches Load (or AddSearch) last saw,
// newest first.
func (s *recentStore) Searches() []SavedSearch {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.searches)
}

// AddSearch moves search to the front of the recent searches (one per
// countries and type: the newest filter and sort win; at most
// recentSearchMax) and saves them, merged with the file as another
// process may have left it. The returned list is the new one even when
// saving fails.
func (s *recentStore) AddSearch(search SavedSearch) ([]SavedSearch, error) {
	search.Name = ""
	s.mu.Lock()
	defer s.mu.Unlock()
	base := recentFile{countries: s.mem, searches: s.searches}
	if s.file.path != "" {
		if disk, err := s.read(); err == nil {
			base = disk
		}
	}
	list := append([]SavedSearch{search}, slices.DeleteFunc(slices.Clone(base.searches), func(x SavedSearch) bool {
		return x.key() == search.key()
	})...)
	if len(list) > recentSearchMax {
		list = list[:recentSearchMax]
	}
	s.mem, s.searches = base.countries, list
	if s.file.path == "" {
		return slices.Clone(list), nil
	}
	return slices.Clone(list), s.write(recentFile{countries: base.countries, searches: list})
}

// Add moves code to the front of the list (most recently used first, no
// duplicates, at most recentMax) and saves it. It merges with the file as
// another process may have left it. The returned list is the new one even
// when saving fails; the error then says why it will not be remembered.
func (s *recentStore) Add(code string) ([]string, error) {
	c, ok := api.LookupCountry(code)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !ok {
		return slices.Clone(s.mem), fmt.Errorf("recent countries: unknown country code %q", code)
	}
	base := recentFile{countries: s.mem, searches: s.searches}
	if s.file.path != "" {
		if disk, err := s.read(); err == nil {
			base = disk
		}
	}
	list := append([]string{c.Code}, slices.DeleteFunc(slices.Clone(base.countries), func(x string) bool { return x == c.Code })...)
	if len(list) > recentMax {
		list = list[:recentMax]
	}
	s.mem, s.searches = list, base.searches
	if s.file.path == "" {
		return slices.Clone(list), nil
	}
	return slices.Clone(list), s.write(recentFile{countries: list, searches: base.searches})
}

// recentFile is what the file holds, cleaned.
type recentFile struct {
	countries []string
	searches  []SavedSearch
}

// read loads and cleans the file. Missing or empty is an empty list.
func (s *recentStore) read() (recentFile, error) {
	var doc recentDoc
	if err := s.file.read(&doc); err != nil {
		return recentFile{}, err
	}
	out := recentFile{countries: cleanRecent(doc.Countries)}
	for _, d := range doc.Searches {
		if sr, ok := searchOf(d); ok && len(out.searches) < recentSearchMax &&
			!slices.ContainsFunc(out.searches, func(x SavedSearch) bool { return x.key() == sr.key() }) {
			out.searches = append(out.searches, sr)
		}
	}
	return out, nil
}

// cleanRecent keeps known codes (upper-cased), drops repeats, and caps
// the list at recentMax.
func cleanRecent(codes []string) []string {
	var out []string
	for _, code := range codes {
		c, ok := api.LookupCountry(code)
		if !ok || slices.Contains(out, c.Code) {
			continue
		}
		out = append(out, c.Code)
		if len(out) == recentMax {
			break
		}
	}
	return out
}

// write saves the lists (stateFile.write).
func (s *recentStore) write(f recentFile) error {
	doc := recentDoc{Version: 1, Countries: f.countries}
	if doc.Countries == nil {
		doc.Countries = []string{}
	}
	for _, sr := range f.searches {
		doc.Searches = append(doc.Searches, docOf(sr))
	}
	return s.file.write(doc)
}

// recentLoadedMsg carries the recent countries and searches read at
// start-up. Err, when set, is worth one status-line message (the lists are
// then empty).
type recentLoadedMsg struct {
	Recent   []string
	Searches []SavedSearch
	Err      error
}

// recentSavedMsg carries the recent list after a country was chosen. Err,
// when set, says why the choice will not be remembered across runs.
type recentSavedMsg struct {
	Recent []string
	Err    error
}

// recentLoadCmd reads the store off the UI goroutine.
func recentLoadCmd(s *recentStore) tea.Cmd {
	return func() tea.Msg {
		list, err := s.Load()
		return recentLoadedMsg{Recent: list, Searches: s.Searches(), Err: err}
	}
}

// recentAddCmd records a chosen country off the UI goroutine.
func recentAddCmd(s *recentStore, code string) tea.Cmd {
	return func() tea.Msg {
		list, err := s.Add(code)
		return recentSavedMsg{Recent: list, Err: err}
	}
}

// recentSearchSavedMsg carries the recent searches after one was left.
// Err, when set, says why it will not be remembered across runs.
type recentSearchSavedMsg struct {
	Searches []SavedSearch
	Err      error
}

// recentSearchCmd records a search left off the UI goroutine.
func recentSearchCmd(s *recentStore, search SavedSearch) tea.Cmd {
	return func() tea.Msg {
		list, err := s.AddSearch(search)
		return recentSearchSavedMsg{Searches: list, Err: err}
	}
}
