package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestConfigShowSources(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "config.toml")
	secret := "idc_0123456789abcdef0123456789abcdef"
	if err := os.WriteFile(filepath.Join(dir, "key"), []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	body := "# mine\ncountry = \"GB\"\n\ntimeout = \"20s\"\ntype = \"local\"\napi_key_file = \"key\"\n[keys]\nsort = \"o\"\n"
	if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, map[string]string{"NUMBROWSE_CONFIG": conf, "NUMBROWSE_TYPE": "toll-free"},
		"config", "show", "--theme", "dark")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for setting, want := range map[string]string{
		"config file": regexp.QuoteMeta(conf) + ` \(read\)\s+NUMBROWSE_CONFIG$`,
		"country":     `GB \(United Kingdom\)\s+` + regexp.QuoteMeta(conf) + `:2$`,
		"timeout":     `20s\s+` + regexp.QuoteMeta(conf) + `:4$`,
		"type":        `toll-free\s+env NUMBROWSE_TYPE$`, // env beats the file's local
		"theme":       `dark\s+flag --theme$`,
		"api_url":     `https://api.identitycall.ai/api/v1/public\s+default$`,
		"demo":        `off\s+default$`,
		"api key":     `set, not shown\s+the file ` + regexp.QuoteMeta(filepath.Join(dir, "key")) + ` \(` + regexp.QuoteMeta(conf) + `:6\)$`,
		"keys":        `1 action\(s\) rebound\s+` + regexp.QuoteMeta(conf) + ` \[keys\]$`,
	} {
		re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(setting) + `\s+` + want)
		if !re.MatchString(r.stdout) {
			t.Errorf("%s: no line matching %s in\n%s", setting, re, r.stdout)
		}
	}
	if strings.Contains(r.stdout, secret) || strings.Contains(r.stdout, "idc_0123") {
		t.Errorf("config show printed the API key:\n%s", r.stdout)
	}

	// The key from the environment: named, never shown.
	r = runCLI(t, map[string]string{"IDENTITYCALL_API_KEY": secret}, "config", "show")
	if !regexp.MustCompile(`(?m)^api key\s+set, not shown\s+env IDENTITYCALL_API_KEY$`).MatchString(r.stdout) || strings.Contains(r.stdout, secret) {
		t.Errorf("env key:\n%s", r.stdout)
	}
	// A broken file is reported as everywhere else: its line, exit 2.
	if err := os.WriteFile(conf, []byte("country = \"GB\"\ntimeout = \"soon\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, map[string]string{"NUMBROWSE_CONFIG": conf}, "config", "show")
	if r.code != 2 || !strings.Contains(r.stderr, "line 2") {
		t.Errorf("broken file: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestConfigPathAndInit(t *testing.T) {
	xdg := t.TempDir()
	want := filepath.Join(xdg, "numbrowse", "config.toml")
	r := runCLI(t, map[string]string{"XDG_CONFIG_HOME": xdg}, "config", "path")
	if r.code != 0 || r.stdout != want+"\n" {
		t.Fatalf("config path: exit %d, %q; want %q", r.code, r.stdout, want)
	}
	other := filepath.Join(t.TempDir(), "elsewhere.toml")
	if r := runCLI(t, map[string]string{"XDG_CONFIG_HOME": xdg}, "config", "path", "--config", other); r.stdout != other+"\n" {
		t.Errorf("config path --config: %q", r.stdout)
	}

	r = runCLI(t, map[string]string{"XDG_CONFIG_HOME": xdg}, "config", "init")
	if r.code != 0 || !strings.Contains(r.stdout, "wrote "+want) {
		t.Fatalf("config init: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	fi, err := os.Stat(want)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %04o, want 0600", fi.Mode().Perm())
	}
	if di, _ := os.Stat(filepath.Dir(want)); di.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %04o, want 0700", di.Mode().Perm())
	}
	// The starting file is valid and changes nothing: every setting is
	// at its default, and uncommenting its examples keeps it valid.
	cfg, err := loadConfigFile(want, true)
	if err != nil {
		t.Fatalf("the starting file does not load: %v", err)
	}
	if cfg.Country != nil || cfg.Type != nil || cfg.Serve != nil || len(cfg.Keys) != 0 {
		t.Errorf("the starting file sets something: %+v", cfg)
	}
	uncommented := regexp.MustCompile(`(?m)^# ((?:[a-z_]+ = |\[)[^\n]*)$`).ReplaceAllString(starterConfig, "$1")
	if err := os.WriteFile(want+".all", []byte(uncommented), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadConfigFile(want+".all", true); err != nil {
		t.Errorf("the starting file with its examples uncommented does not load: %v\n%s", err, uncommented)
	}

	// Never overwritten.
	if err := os.WriteFile(want, []byte("country = \"GB\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, map[string]string{"XDG_CONFIG_HOME": xdg}, "config", "init")
	if r.code != 2 || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("second init: exit %d, stderr %q", r.code, r.stderr)
	}
	if data, _ := os.ReadFile(want); string(data) != "country = \"GB\"\n" {
		t.Errorf("init overwrote the file: %q", data)
	}
}

func TestUserDirPerPlatform(t *testing.T) {
	env := func(kv map[string]string) envFunc { return func(k string) string { return kv[k] } }
	xdg := env(map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "/c", "XDG_STATE_HOME": "/s", "XDG_DATA_HOME": "/d", "XDG_CACHE_HOME": "/k"})
	relative := env(map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "c", "XDG_STATE_HOME": "s", "XDG_DATA_HOME": "d", "XDG_CACHE_HOME": "k"})
	home := env(map[string]string{"HOME": "/h"})
	win := env(map[string]string{"AppData": `C:\Users\a\AppData\Roaming`, "LocalAppData": `C:\Users\a\AppData\Local`, "HOME": "/h"})
	j := func(elem ...string) string { return filepath.Join(elem...) }
	for _, tt := range []struct {
		name, goos string
		env        envFunc
		want       [4]string // config, state, data, cache
	}{
		{"linux, XDG", "linux", xdg, [4]string{j("/c", "numbrowse"), j("/s", "numbrowse"), j("/d", "numbrowse"), j("/k", "numbrowse")}},
		{"linux, relative XDG ignored", "linux", relative,
			[4]string{j("/h", ".config", "numbrowse"), j("/h", ".local", "state", "numbrowse"), j("/h", ".local", "share", "numbrowse"), j("/h", ".cache", "numbrowse")}},
		{"freebsd, HOME", "freebsd", home,
			[4]string{j("/h", ".config", "numbrowse"), j("/h", ".local", "state", "numbrowse"), j("/h", ".local", "share", "numbrowse"), j("/h", ".cache", "numbrowse")}},
		{"macOS ignores XDG", "darwin", xdg, [4]string{
			j("/h", "Library", "Application Support", "numbrowse"),
			j("/h", "Library", "Application Support", "numbrowse"),
			j("/h", "Library", "Application Support", "numbrowse"),
			j("/h", "Library", "Caches", "numbrowse")}},
		{"windows", "windows", win, [4]string{
			j(`C:\Users\a\AppData\Roaming`, "numbrowse"), j(`C:\Users\a\AppData\Local`, "numbrowse"),
			j(`C:\Users\a\AppData\Local`, "numbrowse"), j(`C:\Users\a\AppData\Local`, "numbrowse")}},
		{"nothing set", "linux", env(nil), [4]string{}},
		{"windows without AppData", "windows", home, [4]string{}},
	} {
		for i, k := range []dirKind{dirConfig, dirState, dirData, dirCache} {
			if got := userDir(tt.env, tt.goos, k); got != tt.want[i] {
				t.Errorf("%s, kind %d: got %q, want %q", tt.name, k, got, tt.want[i])
			}
		}
	}
}
