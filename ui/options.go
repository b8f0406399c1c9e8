// Package ui is numbrowse's terminal browser, built on Bubble Tea v2: a
// header, the results table, a detail pane, a status line and a short help
// line, with country and type pickers, a live filter, an export dialog and
// OSC 52 copy. New returns the root Model; every pane is its own type in
// its own file, and the root owns layout, focus, routing and searches.
//
// The package keeps no mutable state at package level: many SSH sessions
// may run browsers in one process, each with its own Options.
package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
	"numbrowse/internal/watch"
)

// defaultCountry and defaultType are what the browser searches first when
// Options leave Country or Type zero: the API's own defaults, the United
// States and mobile numbers.
func defaultCountry() api.Country {
	c, _ := api.LookupCountry(api.DefaultCountryCode)
	return c
}

func defaultType() api.TypeChoice { return api.OneType(api.DefaultNumberType) }

// Options configure one browser session. The zero value of every field
// but Keys is usable; Keys should be the root package's default key map
// with the user's [keys] applied (a zero KeyMap leaves only ctrl+c).
type Options struct {
	// Inventory runs the searches (cached, single-flight). nil means there
	// is nothing to search with: Setup then says why (without Setup, the
	// browser says the API key is missing, as the command line does).
	Inventory *inventory.Service
	// Sharer, when not nil, builds the index over a search's numbers once
	// for every session that shows the same result (numbrowse serve gives
	// its sessions one): the rows, sort orders and formatted numbers are
	// shared read-only, and each session keeps only its own filter and
	// order. nil builds one per session.
	Sharer *results.Sharer
	// Setup, when not "", is a problem that prevents searching (typically
	// no API key: "IDENTITYCALL_API_KEY is not set — export it, or start
	// with --demo"). The browser opens anyway and shows it in the body and
	// the status line; the pickers still work.
	Setup string

	// Country is the country searched first (the United States when zero),
	// as the caller parsed it (api.ParseCountry): the browser takes it as
	// it is.
	Country api.Country
	// Countries, when it holds more than one country, are searched first
	// instead of Country, at once (api.ParseCountries).
	Countries api.CountryList
	// Type is the number type searched first, or api.AllTypes for every
	// type at once (mobile when zero), as the caller parsed it
	// (api.ParseTypeChoice).
	Type api.TypeChoice

	// Filter is the filter the browser starts with (the filter syntax of
	// results.ParseFilter); "" for none.
	Filter string
	// Sort is the order the browser starts with; nil is by monthly cost.
	Sort *results.Sort
	// SearchName is the name of the saved search the browser starts with
	// ("" for none): ctrl+s offers it as the name to save under.
	SearchName string
	// Searches are the saved searches p lists (the config file's
	// [searches.NAME] tables), complete: the caller fills in what a table
	// leaves out.
	Searches []SavedSearch
	// SaveSearch saves a search under its name (ctrl+s), replacing one of
	// that name, and returns every saved search afterwards and where they
	// are kept (the config file's path), or an error to show. It is called
	// on a command's goroutine, never on Update's. nil keeps ctrl+s's
	// searches for the session only (numbrowse serve: the server's config
	// file is not the user's).
	SaveSearch func(SavedSearch) (saved []SavedSearch, where string, err error)

	// Owned turns on the owned view (the o key): the numbers the account
	// behind the API key owns, listed through Inventory. Give it only
	// where that account may be shown: in serve only with --allow-owned.
	Owned bool

	// WatchEvery is the interval of the w key's watch: watch.DefaultEvery
	// when zero, and never under watch.Floor (a minute).
	WatchEvery time.Duration
	// NoBell keeps a watch's news from ringing the terminal bell.
	NoBell bool
	// Notify is the desktop notification the terminal shows for a watch's
	// news (see NotifierFor); NotifyNone sends none.
	Notify Notifier

	// Purchaser rents numbers: b on a row opens the purchase dialog. nil
	// disables buying (the b key is off and hidden from the help). Give
	// one only where buying is allowed: not in read-only mode, and in serve
	// only with --allow-purchase. A nil *api.Client counts as nil.
	Purchaser Purchaser
	// BuyingOff, when not "", is why buying is off on purpose ("read-only
	// mode (--read-only)", "this server does not allow buying"): the
	// header shows a READ-ONLY badge and b says why instead of nothing.
	// It is ignored when there is a Purchaser.
	BuyingOff string

	// Demo shows the DEMO badge in the header.
	Demo bool
	// Keys are the key bindings. The browser keeps its own copy and
	// enables or disables bindings as they apply.
	Keys KeyMap
	// Mouse turns on mouse reporting (wheel, click a row, click a header to
	// sort). Off by default so the terminal's text selection works.
	Mouse bool
	// ASCII draws ASCII stand-ins for arrows, badges and borders.
	ASCII bool
	// NoColor starts with colourless styles (NO_COLOR); the program's
	// colour profile should be colorprofile.Ascii too.
	NoColor bool
	// Theme is "dark" or "light" to fix the styles, or "" (or "auto") to
	// ask the terminal for its background and follow it (dark until it
	// answers; some terminals, such as tmux before 3.4, never do).
	Theme string
	// StateDir is where recent countries are remembered between runs
	// ($XDG_STATE_HOME/numbrowse); "" keeps them in memory only.
	StateDir string
	// TmuxClipboard wraps the OSC 52 copy sequence for tmux's passthrough
	// (set it only when running locally inside tmux).
	TmuxClipboard bool
	// ExportDir is the directory export paths are relative to; "" is the
	// current directory.
	ExportDir string
	// ExportToClipboard makes e copy the rows as CSV to the clipboard (OSC
	// 52) instead of writing a file: over SSH a file would land on the
	// server's disk, not the user's.
	ExportToClipboard bool

	// Context is the session's lifetime: every search's context derives
	// from it, so ending it cancels the HTTP requests in flight.
	// context.Background() when nil.
	Context context.Context
	// Now is the clock (time.Now when nil): result ages, export file names.
	Now func() time.Time
}

// The themes Options.Theme accepts.
const (
	ThemeAuto  = "auto"
	ThemeDark  = "dark"
	ThemeLight = "light"
)

// NoticeMsg shows a sentence from outside the browser in the status line,
// such as the SSH server saying it is shutting down. Send it with
// tea.Program.Send.
type NoticeMsg struct{ Text string }

// settings are Options after validation and defaults.
type settings struct {
	Options
	warning string // a start-up problem worth one status message
}

// normalize validates o and fills in defaults. It never fails: a bad
// theme falls back to auto with a warning to show.
func normalize(o Options) settings {
	s := settings{Options: o}
	if s.Country.Code == "" {
		s.Country = defaultCountry()
	}
	if len(s.Countries) == 0 {
		s.Countries = api.CountryList{s.Country}
	}
	if s.Type.IsZero() {
		s.Type = defaultType()
	}
	if s.Context == nil {
		s.Context = context.Background()
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.WatchEvery == 0 {
		s.WatchEvery = watch.DefaultEvery
	}
	s.WatchEvery = max(s.WatchEvery, watch.Floor)
	var warnings []string
	switch t := strings.ToLower(strings.TrimSpace(o.Theme)); t {
	case "", ThemeAuto, ThemeDark, ThemeLight:
		s.Theme = t
	default:
		s.Theme = ThemeAuto
		warnings = append(warnings, fmt.Sprintf("unknown theme %q — use auto, dark or light", api.Printable(o.Theme)))
	}
	if c, ok := s.Purchaser.(*api.Client); ok && c == nil {
		s.Purchaser = nil // a typed nil would look like a purchaser
	}
	if s.Purchaser != nil {
		s.BuyingOff = ""
	}
	s.BuyingOff = api.Printable(s.BuyingOff) // it may name a config file's path
	s.warning = strings.Join(warnings, "; ")
	if s.Inventory == nil && s.Setup == "" {
		s.Setup = noKeyProblem().String()
	}
	return s
}
