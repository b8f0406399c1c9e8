package cli

import (
	"context"
	"testing"
	"time"

	"numbrowse/api"
	"numbrowse/internal/serve"
	"numbrowse/ui"
)

// mustCountry is the country with the alpha-2 code.
func mustCountry(code string) api.Country {
	c, ok := api.LookupCountry(code)
	if !ok {
		panic("no country " + code)
	}
	return c
}

// TestBrowserPurchaser: the browser may buy only when not read-only, and
// then through the backend's client; read-only (or no key) gives a
// literal nil, never a nil *api.Client in the interface.
func TestBrowserPurchaser(t *testing.T) {
	tests := []struct {
		name     string
		set      settings
		purchase bool
		off      string // why buying is off, as the browser says it
	}{
		{"demo", settings{Demo: true, Country: mustCountry("GB"), Type: api.OneType(api.Mobile), Timeout: time.Second}, true, ""},
		{"demo, read-only", settings{Demo: true, ReadOnly: true, ReadOnlyFrom: "--read-only", Country: mustCountry("GB"),
			Type: api.OneType(api.Mobile), Timeout: time.Second}, false, "read-only mode is on (--read-only)"},
		{"API key", settings{APIKey: testKey, APIURL: "https://api.example.com", Country: mustCountry("US"), Type: api.OneType(api.Local), Timeout: time.Second}, true, ""},
		{"API key, read-only", settings{APIKey: testKey, APIURL: "https://api.example.com", ReadOnly: true,
			ReadOnlyFrom: "NUMBROWSE_READ_ONLY", Timeout: time.Second}, false, "read-only mode is on (NUMBROWSE_READ_ONLY)"},
		{"no key", settings{Country: mustCountry("US"), Type: api.OneType(api.Local)}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := process{build: testBuild(), env: func(string) string { return "" }}
			o, b, err := browserOptions(context.Background(), p, tt.set, browserStart{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = b.Close() })
			if got := o.Purchaser != nil; got != tt.purchase {
				t.Fatalf("purchaser given: %v, want %v (%#v)", got, tt.purchase, o.Purchaser)
			}
			if tt.purchase && o.Purchaser != b.client {
				t.Error("the purchaser is not the backend's client")
			}
			if o.BuyingOff != tt.off {
				t.Errorf("BuyingOff %q, want %q", o.BuyingOff, tt.off)
			}
			if (b == nil) != (tt.set.APIKey == "" && !tt.set.Demo) || (b != nil && o.Inventory != b.inv) {
				t.Errorf("backend %v, inventory %p: want one, searched through, exactly when there is a key or --demo", b, o.Inventory)
			}
		})
	}
}

// TestSessionOptions: an SSH session may buy only when the server allows
// it and is not read-only; exports go to the user's clipboard, never to
// the server's disk; colours and charset follow what the client sent.
func TestSessionOptions(t *testing.T) {
	client, err := api.NewClient(api.WithAPIKey(testKey))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name            string
		allow, readOnly bool
		purchase        bool
		off             string
	}{
		{"purchases not allowed", false, false, false, "this server does not allow buying (it was started without --allow-purchase)"},
		{"allowed", true, false, true, ""},
		{"allowed but read-only", true, true, false, "this server is read-only (read_only in the config file /etc/numbrowse/config.toml)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := settings{Country: mustCountry("GB"), Type: api.OneType(api.Mobile), ReadOnly: tt.readOnly,
				ReadOnlyFrom: "read_only in the config file /etc/numbrowse/config.toml"}
			o := sessionOptions(s, defaultKeys(), &backend{client: client}, serve.Session{Context: context.Background(), AllowPurchase: tt.allow,
				Environ: []string{"TERM=xterm-256color", "NO_COLOR=yes", "LANG=C"}})
			if got := o.Purchaser != nil; got != tt.purchase {
				t.Fatalf("purchaser given: %v, want %v", got, tt.purchase)
			}
			if o.BuyingOff != tt.off {
				t.Errorf("BuyingOff %q, want %q", o.BuyingOff, tt.off)
			}
			if !o.ExportToClipboard || o.StateDir != "" || o.TmuxClipboard || o.SaveSearch != nil {
				t.Errorf("a session must not write files on the server: %+v", o)
			}
			if !o.NoColor || !o.ASCII {
				t.Errorf("NO_COLOR=yes and LANG=C from the client: NoColor %v ASCII %v", o.NoColor, o.ASCII)
			}
		})
	}
}

// TestSessionOwnedAndNotifier: a session lists the account's numbers only
// when the server allows it, and its desktop notifications are chosen by
// the client's terminal (what it sent), never by the server's.
func TestSessionOwnedAndNotifier(t *testing.T) {
	client, err := api.NewClient(api.WithAPIKey(testKey))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TERM_PROGRAM", "iTerm.app") // the server's own terminal: not the session's
	s := settings{Country: mustCountry("GB"), Type: api.OneType(api.Mobile)}
	for _, tt := range []struct {
		name    string
		allow   bool
		environ []string
		notify  ui.Notifier
	}{
		{"not allowed, plain xterm", false, []string{"TERM=xterm-256color"}, ui.NotifyNone},
		{"allowed, kitty", true, []string{"TERM=xterm-kitty"}, ui.NotifyOSC99},
		{"allowed, iTerm2 sending TERM_PROGRAM", true, []string{"TERM_PROGRAM=iTerm.app", "TERM=xterm-256color"}, ui.NotifyOSC9},
		{"allowed, inside the client's tmux", true, []string{"TERM=tmux-256color", "TERM_PROGRAM=iTerm.app"}, ui.NotifyNone},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := sessionOptions(s, defaultKeys(), &backend{client: client}, serve.Session{Context: context.Background(),
				AllowOwned: tt.allow, Environ: tt.environ})
			if o.Owned != tt.allow {
				t.Errorf("Owned %v with AllowOwned %v", o.Owned, tt.allow)
			}
			if o.Notify != tt.notify {
				t.Errorf("Notify %s, want %s", o.Notify, tt.notify)
			}
		})
	}
}

// TestDumbTerminalIsASCII: TERM=dumb, locally or from an SSH client,
// draws with ASCII only (the > marker, place names without accents), as a
// locale that is not UTF-8 does.
func TestDumbTerminalIsASCII(t *testing.T) {
	s := settings{Country: mustCountry("GB"), Type: api.OneType(api.Mobile)}
	for _, tt := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{"TERM": "dumb", "LANG": "en_GB.UTF-8"}, true},
		{map[string]string{"TERM": "xterm-256color", "LANG": "en_GB.UTF-8"}, false},
		{map[string]string{"TERM": "xterm-256color", "LANG": "C"}, true},
	} {
		if got := baseOptions(s, defaultKeys(), func(k string) string { return tt.env[k] }).ASCII; got != tt.want {
			t.Errorf("%v: ASCII %v, want %v", tt.env, got, tt.want)
		}
	}
}

func TestSessionTheme(t *testing.T) {
	for _, tt := range []struct{ server, client, want string }{
		{"auto", "", "auto"}, {"light", "", "light"}, {"auto", "dark", "dark"}, {"light", "Dark ", "dark"}, {"dark", "sepia", "dark"},
	} {
		if got := sessionTheme(tt.server, tt.client); got != tt.want {
			t.Errorf("sessionTheme(%q, %q) = %q, want %q", tt.server, tt.client, got, tt.want)
		}
	}
}
