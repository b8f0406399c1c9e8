package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadSettingNamesItsSource is issue 12's fifth problem: a bad type or
// country in the config file or the environment named neither the file,
// the line nor the variable. Every setting with a value to check names
// where the bad value came from: its flag, its environment variable, or
// the config file and the line that sets it; the command stops with exit
// 2 before any request.
func TestBadSettingNamesItsSource(t *testing.T) {
	type source int
	const (
		flag source = iota
		env
		file
	)
	tests := []struct {
		setting string // the config file's name for it
		flag    string
		env     string
		bad     string // as written in each place
		toml    string // the config file's line, when the TOML differs
		says    string // what the message says of the value
	}{
		{"type", "--type", "NUMBROWSE_TYPE", "mobil", "", `unknown type "mobil" — use one of mobile, local, toll-free, national or all`},
		{"country", "--country", "NUMBROWSE_COUNTRY", "Untied Kingdom", "", `unknown country "Untied Kingdom"`},
		{"theme", "--theme", "NUMBROWSE_THEME", "blue", "", `unknown theme "blue" — use auto, dark or light`},
		{"timeout", "--timeout", "NUMBROWSE_TIMEOUT", "soon", "", `"soon" is not a duration — use a value like 15s or 1m`},
		{"read_only", "--read-only", "NUMBROWSE_READ_ONLY", "maybe", `read_only = "maybe"`, ""},
		{"demo", "--demo", "NUMBROWSE_DEMO", "2", `demo = 2`, ""},
		{"ascii", "--ascii", "NUMBROWSE_ASCII", "sometimes", `ascii = "sometimes"`, ""},
		{"mouse", "--mouse", "NUMBROWSE_MOUSE", "yes please", `mouse = 1`, ""},
	}
	for _, tt := range tests {
		for _, src := range []source{flag, env, file} {
			name := tt.setting + "/" + []string{"flag", "env", "file"}[src]
			t.Run(name, func(t *testing.T) {
				e := map[string]string{"IDENTITYCALL_API_KEY": testKey, "IDENTITYCALL_API_URL": "http://127.0.0.1:9"}
				args := []string{"search"}
				var want []string
				switch src {
				case flag:
					if tt.flag != "--type" && tt.flag != "--country" && tt.flag != "--theme" {
						// A typed flag (a boolean, a duration) is cobra's to
						// refuse, naming it: --demo=maybe, --timeout soon.
						args = append(args, tt.flag+"="+tt.bad)
						want = []string{tt.flag}
						if tt.flag == "--ascii" || tt.flag == "--mouse" {
							args = []string{tt.flag + "=" + tt.bad} // the browser's own flags
						}
						break
					}
					args = append(args, tt.flag, tt.bad)
					want = []string{tt.flag + ": " + tt.says}
				case env:
					e[tt.env] = tt.bad
					want = []string{tt.env + ": "}
					if tt.says != "" {
						want = []string{tt.env + ": " + tt.says}
					}
				case file:
					line := tt.toml
					if line == "" {
						line = tt.setting + ` = "` + tt.bad + `"`
					}
					path := filepath.Join(t.TempDir(), "config.toml")
					if err := os.WriteFile(path, []byte("# numbrowse\napi_url = \"http://127.0.0.1:9\"\n"+line+"\n"), 0o600); err != nil {
						t.Fatal(err)
					}
					args = append(args, "--config", path)
					want = []string{"config file " + path + ", line 3: "}
					if tt.says != "" {
						want = append(want, tt.says)
					} else {
						want = append(want, tt.setting+" must be true or false")
					}
				}
				r := runCLI(t, e, args...)
				if r.code != 2 {
					t.Fatalf("exit %d, want 2; stderr %q", r.code, r.stderr)
				}
				for _, w := range want {
					if !strings.Contains(r.stderr, w) {
						t.Errorf("stderr %q does not say %q", r.stderr, w)
					}
				}
				if n := strings.Count(strings.TrimSpace(r.stderr), "\n"); n != 0 {
					t.Errorf("not one line: %q", r.stderr)
				}
			})
		}
	}
}
