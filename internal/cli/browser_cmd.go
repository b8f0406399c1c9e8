package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"numbrowse/internal/inventory"
	"numbrowse/ui"
)

// baseOptions are the browser options that come from the settings alone,
// with the key map km, for a terminal whose environment is env (the local
// one, or what an SSH client sent).
func baseOptions(s settings, km ui.KeyMap, env envFunc) ui.Options {
	o := ui.Options{
		Country:    s.Country,
		Countries:  s.Countries,
		Type:       s.Type,
		Demo:       s.Demo,
		Keys:       km,
		Mouse:      s.Mouse,
		ASCII:      s.ASCII || !utf8Locale(env) || env("TERM") == "dumb",
		NoColor:    env("NO_COLOR") != "",
		Theme:      s.Theme,
		NoBell:     s.NoBell,
		WatchEvery: s.WatchEvery,
		Notify:     ui.NotifierFor(env),
	}
	if s.Prefix != "" {
		o.Filter = "^" + s.Prefix
	}
	return o
}

// browserOptions builds the local browser's options from the settings,
// and the backend it searches through. Without an API key (and --demo)
// there is no backend: the browser opens without an inventory and says
// the key is missing. The caller closes the backend.
func browserOptions(ctx context.Context, p process, s settings, start browserStart) (ui.Options, *backend, error) {
	km, err := s.keyMap(p.build.Keys)
	if err != nil {
		return ui.Options{}, nil, err
	}
	o := baseOptions(s, km, p.env)
	if o.Searches, err = s.browserSearches(); err != nil {
		return ui.Options{}, nil, err
	}
	if err := start.apply(&o, s); err != nil {
		return ui.Options{}, nil, err
	}
	o.SaveSearch = saveSearchTo(s.SavePath, s)
	o.StateDir = stateDir(p.env)
	o.TmuxClipboard = p.env("TMUX") != ""
	o.Context = ctx
	o.Now = time.Now
	if s.requireKey() != nil {
		return o, nil, nil
	}
	var extra backendExtras
	if st := resultStore(s, p.env); st != nil {
		extra.inventory = append(extra.inventory, inventory.WithStore(st))
	}
	b, err := newBackend(s, p.build.userAgentVersion(), extra)
	if err != nil {
		return o, nil, err
	}
	o.Inventory = b.inv
	o.Owned = true
	o.Purchaser = b.purchaser(!s.ReadOnly)
	if s.ReadOnly {
		o.BuyingOff = "read-only mode is on (" + s.ReadOnlyFrom + ")"
	}
	return o, b, nil
}

// browserStart is what the browser starts on beyond the settings: a saved
// search (--search), and which of --country and --type were given (they
// win over it).
type browserStart struct {
	search                string
	countryFlag, typeFlag bool
}

// apply starts o on the saved search, if one was named.
func (b browserStart) apply(o *ui.Options, s settings) error {
	if b.search == "" {
		return nil
	}
	sp, err := s.findSaved(b.search)
	if err != nil {
		return err
	}
	sr := sp.complete(s, browserSort)
	if !b.countryFlag {
		o.Countries, o.Country = sr.Countries, sr.Countries[0]
	}
	if !b.typeFlag {
		o.Type = sr.Type
	}
	o.Filter = strings.TrimSpace(o.Filter + " " + sr.Filter)
	o.Sort = &sr.Sort
	o.SearchName = sr.Name
	return nil
}

// runBrowser runs the terminal UI until the user quits.
func runBrowser(ctx context.Context, p process, s settings, start browserStart) error {
	o, b, err := browserOptions(ctx, p, s, start)
	if err != nil {
		return err
	}
	defer func() { _ = b.Close() }()
	return runProgram(ctx, p.io, ui.New(o), o.NoColor)
}

// runProgram runs m on the terminal sio until it quits, the context ends
// (SIGINT, SIGTERM) or it panics; Bubble Tea restores the terminal on each
// of these paths.
func runProgram(ctx context.Context, sio stdio, m tea.Model, noColor bool) error {
	popts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithOutput(sio.out)}
	if f, ok := sio.in.(*os.File); !ok || f != os.Stdin {
		popts = append(popts, tea.WithInput(sio.in))
	}
	if noColor {
		// NO_COLOR means any non-empty value (no-color.org), which the
		// program's own detection does not follow for every value.
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	final, err := tea.NewProgram(m, popts...).Run()
	if m, ok := final.(ui.Model); ok {
		warnPurchaseInFlight(sio.err, m)
	}
	switch {
	case err == nil, errors.Is(err, tea.ErrInterrupted):
		return nil
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		return nil // SIGINT or SIGTERM: a normal way to leave
	case errors.Is(err, tea.ErrProgramPanic):
		return errors.New("numbrowse hit an internal error and stopped; the terminal was restored — please report it")
	}
	return err
}

// warnPurchaseInFlight tells the user, after the browser ended, of a
// purchase that was sent and not answered.
func warnPurchaseInFlight(w io.Writer, m ui.Model) {
	if n := m.PurchaseInFlight(); n != "" {
		fmt.Fprintf(w, "numbrowse: you quit while buying %s, before the answer came — it may have gone through; "+
			"check your numbers in the IdentityCall dashboard before buying it again\n", n)
	}
}

// resultStore is where the browser keeps its last results between runs
// (the cache folder, userDir: $XDG_CACHE_HOME/numbrowse or
// ~/.cache/numbrowse on Linux), or nil with --no-cache or when there is
// no such folder. The results of each API are kept apart, and the demo's
// (of each size) from the real one's; the API key is never written.
func resultStore(s settings, env envFunc) *inventory.DiskStore {
	dir := userDir(env, runtime.GOOS, dirCache)
	if !s.Cache || dir == "" {
		return nil
	}
	scope := strings.TrimRight(s.APIURL, "/")
	if s.Demo {
		scope = "demo:" + env("NUMBROWSE_DEMO_SIZE")
	}
	st := inventory.NewDiskStore(dir, scope)
	st.SetSecret(s.APIKey)
	return st
}

// stateDir is where the browser remembers things between runs (userDir:
// $XDG_STATE_HOME/numbrowse or ~/.local/state/numbrowse on Linux), or ""
// to remember nothing.
func stateDir(env envFunc) string { return userDir(env, runtime.GOOS, dirState) }
