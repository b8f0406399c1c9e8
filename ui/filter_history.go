package ui

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
)

const (
	// historyMax is how many filters the history keeps.
	historyMax = 100
	// historyFileName is the file inside the state directory.
	historyFileName = "filters.json"
	// historyMaxBytes bounds what Load reads: a bigger file is not ours.
	historyMaxBytes = 256 << 10
)

// historyStore remembers the filters kept with enter, oldest first, across
// runs, in the state directory (see recentStore; with no directory, as
// under numbrowse serve, where sessions are other people's, the history
// lives in the session only). It is safe for concurrent use; two
// processes adding at once each merge with the file as the other left it.
type historyStore struct {
	file stateFile // its path "" keeps the list in memory only

	mu  sync.Mutex
	mem []string
}

// historyDoc is the file's JSON shape.
type historyDoc struct {
	Version int      `json:"version"`
	Filters []string `json:"filters"`
}

// newHistoryStore returns a store that keeps its file in stateDir, or
// keeps the list in memory only when stateDir is "".
func newHistoryStore(stateDir string) *historyStore {
	s := &historyStore{file: stateFile{what: "filter history", maxBytes: historyMaxBytes}}
	if stateDir != "" {
		s.file.path = filepath.Join(stateDir, historyFileName)
	}
	return s
}

// Load returns the remembered filters, oldest first. A missing file is an
// empty list; one that cannot be read or parsed is an empty list and an
// error worth showing once (the next Add replaces it).
func (s *historyStore) Load() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file.path == "" {
		return slices.Clone(s.mem), nil
	}
	list, err := s.read()
	s.mem = list
	return slices.Clone(list), err
}

// Add appends q as the newest filter (an earlier copy of it moves) and
// saves the list, at most historyMax long. It returns the new list even
// when saving fails; the error then says why it will not be remembered.
func (s *historyStore) Add(q string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	base := s.mem
	if s.file.path != "" {
		if disk, err := s.read(); err == nil {
			base = disk
		}
	}
	list := addHistory(base, q)
	s.mem = list
	if s.file.path == "" {
		return slices.Clone(list), nil
	}
	return slices.Clone(list), s.file.write(historyDoc{Version: 1, Filters: list})
}

// addHistory returns list with q as its newest entry, without an earlier
// copy, cut to historyMax. list is not modified.
func addHistory(list []string, q string) []string {
	q = cleanHistoryEntry(q)
	if q == "" {
		return slices.Clone(list)
	}
	out := slices.DeleteFunc(slices.Clone(list), func(x string) bool { return x == q })
	out = append(out, q)
	if len(out) > historyMax {
		out = out[len(out)-historyMax:]
	}
	return out
}

// cleanHistoryEntry makes an entry safe to put back in the filter line:
// printable, trimmed, at most filterMaxRunes runes; "" when nothing stays.
func cleanHistoryEntry(q string) string {
	q = strings.TrimSpace(sanitizeInput(q))
	if utf8.RuneCountInString(q) > filterMaxRunes {
		q = strings.TrimSpace(string([]rune(q)[:filterMaxRunes]))
	}
	return q
}

// read loads and cleans the file. Missing or empty is an empty list.
func (s *historyStore) read() ([]string, error) {
	var doc historyDoc
	if err := s.file.read(&doc); err != nil {
		return nil, err
	}
	var list []string
	for _, q := range doc.Filters {
		list = addHistory(list, q)
	}
	return list, nil
}

// historyLoadedMsg carries the filter history read at start-up. Err, when
// set, is worth one status-line message (the history is then empty).
type historyLoadedMsg struct {
	History []string
	Err     error
}

// historySavedMsg says whether a kept filter was saved.
type historySavedMsg struct{ Err error }

// historyLoadCmd reads the store off the UI goroutine.
func historyLoadCmd(s *historyStore) tea.Cmd {
	return func() tea.Msg {
		list, err := s.Load()
		return historyLoadedMsg{History: list, Err: err}
	}
}

// historyAddCmd saves a kept filter off the UI goroutine.
func historyAddCmd(s *historyStore, q string) tea.Cmd {
	return func() tea.Msg {
		_, err := s.Add(q)
		return historySavedMsg{Err: err}
	}
}

// rememberFilter adds a kept filter to the session's history at once
// and to the store in the background.
func (m *Model) rememberFilter(q string) tea.Cmd {
	q = cleanHistoryEntry(q)
	if q == "" {
		return nil
	}
	m.filterInput.history = addHistory(m.filterInput.history, q)
	if !m.filterInput.owned {
		m.filterInput.hist = len(m.filterInput.history)
	}
	return safe(historyAddCmd(m.history, q))
}

// historyLoaded puts the remembered filters before the ones kept since
// the start.
func (m *Model) historyLoaded(msg historyLoadedMsg) tea.Cmd {
	old := m.filterInput.history
	list := slices.Clone(msg.History)
	for _, q := range old {
		list = addHistory(list, q)
	}
	m.filterInput.history = list
	// The entry shown while browsing moves down by the entries put before
	// (unless the line is browsing the owned view's history).
	if !m.filterInput.owned {
		m.filterInput.hist = max(min(m.filterInput.hist+len(list)-len(old), len(list)), 0)
	}
	if msg.Err != nil {
		return m.setNote("Filter history not loaded: "+shortErr(msg.Err), noteWarning)
	}
	return nil
}
