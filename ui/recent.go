package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
)

const (
	// recentMax is how many countries the recent list keeps.
	recentMax = 8
	// recentFileName is the file inside the state directory.
	recentFileName = "recent.json"
	// recentMaxBytes bounds what Load reads: a bigger file is not ours.
	recentMaxBytes = 64 << 10
)

// recentStore remembers the countries chosen most recently, newest first,
// across runs. The file lives in the state directory the root resolves
// ($XDG_STATE_HOME/numbrowse); with no directory the list lives in memory
// only. It is safe for concurrent use, and two processes writing at once
// never leave a half-written file: each write goes to a temporary file in
// the same directory that is then renamed over the old one (the last
// writer wins).
type recentStore struct {
	path string // "" keeps the list in memory only

	mu  sync.Mutex
	mem []string // the last list read or written
}

// recentDoc is the file's JSON shape.
type recentDoc struct {
	Version   int      `json:"version"`
	Countries []string `json:"countries"`
}

// newRecentStore returns a store that keeps its file in stateDir, or keeps
// the list in memory only when stateDir is "".
func newRecentStore(stateDir string) *recentStore {
	s := &recentStore{}
	if stateDir != "" {
		s.path = filepath.Join(stateDir, recentFileName)
	}
	return s
}

// Path is the file the store reads and writes ("" in memory-only mode).
func (s *recentStore) Path() string { return s.path }

// Load returns the remembered countries, newest first. A missing file is an
// empty list. A file that cannot be read or parsed is an empty list and an
// error worth showing to the user once; the next Add replaces the file.
func (s *recentStore) Load() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path == "" {
		return slices.Clone(s.mem), nil
	}
	list, err := s.read()
	s.mem = list
	return slices.Clone(list), err
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
	base := s.mem
	if s.path != "" {
		if disk, err := s.read(); err == nil {
			base = disk
		}
	}
	list := append([]string{c.Code}, slices.DeleteFunc(slices.Clone(base), func(x string) bool { return x == c.Code })...)
	if len(list) > recentMax {
		list = list[:recentMax]
	}
	s.mem = list
	if s.path == "" {
		return slices.Clone(list), nil
	}
	return slices.Clone(list), s.write(list)
}

// read loads and cleans the file. Missing or empty is an empty list.
func (s *recentStore) read() ([]string, error) {
	f, err := os.Open(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("recent countries: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, recentMaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("recent countries: reading %s: %w", s.path, err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	if len(data) > recentMaxBytes {
		return nil, fmt.Errorf("recent countries: %s is larger than %d KiB; ignoring it", s.path, recentMaxBytes>>10)
	}
	var doc recentDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("recent countries: %s is corrupt (%v); starting afresh", s.path, err)
	}
	return cleanRecent(doc.Countries), nil
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

// write saves list atomically: a private temporary file in the same
// directory (0600, directory 0700), synced, then renamed over the file.
func (s *recentStore) write(list []string) (err error) {
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("recent countries: %w", err)
	}
	data, err := json.MarshalIndent(recentDoc{Version: 1, Countries: list}, "", "  ")
	if err != nil {
		return fmt.Errorf("recent countries: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".recent-*.tmp")
	if err != nil {
		return fmt.Errorf("recent countries: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
			err = fmt.Errorf("recent countries: saving %s: %w", s.path, err)
		}
	}()
	if err = tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err = tmp.Write(append(data, '\n')); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), s.path)
}

// recentLoadedMsg carries the recent countries read at start-up. Err, when
// set, is worth one status-line message (the list is then empty).
type recentLoadedMsg struct {
	Recent []string
	Err    error
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
		return recentLoadedMsg{Recent: list, Err: err}
	}
}

// recentAddCmd records a chosen country off the UI goroutine.
func recentAddCmd(s *recentStore, code string) tea.Cmd {
	return func() tea.Msg {
		list, err := s.Add(code)
		return recentSavedMsg{Recent: list, Err: err}
	}
}
