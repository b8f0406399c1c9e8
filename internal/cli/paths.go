package cli

import (
	"path/filepath"
	"runtime"
)

// dirKind is a kind of per-user directory numbrowse keeps files in.
type dirKind int

const (
	dirConfig dirKind = iota // the config file
	dirState                 // what the browser remembers (recent countries)
	dirData                  // serve's host key
	dirCache                 // the last results, kept between runs
)

// userDir is numbrowse's directory of kind k on goos, from env, or "" when
// env does not say. It follows os.UserConfigDir and os.UserCacheDir (read
// from env rather than the process, so a test or an SSH session can give
// its own):
//
//   - Linux and other Unix: the XDG base directories ($XDG_CONFIG_HOME,
//     $XDG_STATE_HOME, $XDG_DATA_HOME, $XDG_CACHE_HOME; a relative one is
//     ignored, as the specification says), else ~/.config, ~/.local/state,
//     ~/.local/share, ~/.cache;
//   - macOS: ~/Library/Application Support, and ~/Library/Caches for the
//     cache;
//   - Windows: %AppData% for the config (it roams with the user) and
//     %LocalAppData% for state, the host key and the cache (they belong to
//     this machine).
func userDir(env envFunc, goos string, k dirKind) string {
	var dir string
	switch goos {
	case "windows":
		dir = env("LocalAppData")
		if k == dirConfig {
			dir = env("AppData")
		}
	case "darwin", "ios":
		if home := env("HOME"); home != "" {
			dir = filepath.Join(home, "Library", "Application Support")
			if k == dirCache {
				dir = filepath.Join(home, "Library", "Caches")
			}
		}
	case "plan9":
		if home := env("home"); home != "" {
			dir = filepath.Join(home, "lib")
			if k == dirCache {
				dir = filepath.Join(dir, "cache")
			}
		}
	default:
		xdgVar, homeDir := "XDG_CONFIG_HOME", ".config"
		switch k {
		case dirState:
			xdgVar, homeDir = "XDG_STATE_HOME", filepath.Join(".local", "state")
		case dirData:
			xdgVar, homeDir = "XDG_DATA_HOME", filepath.Join(".local", "share")
		case dirCache:
			xdgVar, homeDir = "XDG_CACHE_HOME", ".cache"
		}
		if dir = env(xdgVar); dir != "" && !filepath.IsAbs(dir) {
			dir = ""
		}
		if dir == "" {
			if home := env("HOME"); home != "" {
				dir = filepath.Join(home, homeDir)
			}
		}
	}
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "numbrowse")
}

// noUserDir is the usage error for a directory of kind k that env does not
// give: it names the variables and the flag that would.
func noUserDir(k dirKind, flag string) error {
	reason := "neither " + map[dirKind]string{dirConfig: "XDG_CONFIG_HOME", dirState: "XDG_STATE_HOME",
		dirData: "XDG_DATA_HOME", dirCache: "XDG_CACHE_HOME"}[k] + " nor HOME is set"
	switch runtime.GOOS {
	case "windows":
		reason = "%LocalAppData% is not set"
		if k == dirConfig {
			reason = "%AppData% is not set"
		}
	case "darwin", "ios":
		reason = "HOME is not set"
	}
	return usagef("cannot tell where numbrowse's files go: %s — pass %s PATH", reason, flag)
}
