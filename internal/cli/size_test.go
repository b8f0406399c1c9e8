package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"numbrowse/api"
)

func TestParseSize(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
		bad  string
	}{
		{in: "134217728", want: 128 << 20},
		{in: "128MiB", want: 128 << 20},
		{in: " 128 mib ", want: 128 << 20},
		{in: "128M", want: 128 << 20},
		{in: "200MB", want: 200e6},
		{in: "1.5GiB", want: 3 << 29},
		{in: "2G", want: 2 << 30},
		{in: "4096K", want: 4 << 20},
		{in: "lots", bad: "is not a size"},
		{in: "", bad: "is not a size"},
		{in: "-5MiB", bad: "is not a size"},
		{in: "1e9", bad: "is not a size"},
		{in: "12 parsecs", bad: "is not a size"},
		{in: "512KiB", bad: "out of range — use a size between 1 MiB and 16 GiB"},
		{in: "17GiB", bad: "out of range"},
	} {
		got, err := parseSize("--max-response", tt.in)
		switch {
		case tt.bad != "" && (err == nil || !strings.Contains(err.Error(), tt.bad) || !strings.Contains(err.Error(), "--max-response")):
			t.Errorf("parseSize(%q) = %d, %v; want an error naming --max-response with %q", tt.in, got, err, tt.bad)
		case tt.bad == "" && (err != nil || got != tt.want):
			t.Errorf("parseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

// TestMaxResponseAndCacheSettings: --max-response, NUMBROWSE_MAX_RESPONSE
// and max_response (a string or a number of bytes), and --no-cache,
// NUMBROWSE_CACHE and cache, in the usual precedence; a bad value names
// its source.
func TestMaxResponseAndCacheSettings(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "numbrowse", "config.toml")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(s string) {
		if err := os.WriteFile(cfg, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	resolveWith := func(env map[string]string, args ...string) (settings, error) {
		cmd := &cobra.Command{Use: "numbrowse"}
		f := &globalFlags{}
		f.register(cmd)
		if err := cmd.ParseFlags(args); err != nil {
			return settings{}, err
		}
		return resolveSettings(cmd, f, func(k string) string {
			if k == "XDG_CONFIG_HOME" {
				return dir
			}
			return env[k]
		})
	}
	s, err := resolveWith(nil)
	if err != nil || s.MaxResponse != api.DefaultMaxResponse || !s.Cache {
		t.Fatalf("defaults: %d %v %v", s.MaxResponse, s.Cache, err)
	}
	write("max_response = \"256MiB\"\ncache = false\n")
	if s, err = resolveWith(nil); err != nil || s.MaxResponse != 256<<20 || s.Cache {
		t.Fatalf("config file: %d %v %v", s.MaxResponse, s.Cache, err)
	}
	write("max_response = 67108864\n")
	if s, err = resolveWith(nil); err != nil || s.MaxResponse != 64<<20 {
		t.Fatalf("config file, bytes: %d %v", s.MaxResponse, err)
	}
	env := map[string]string{"NUMBROWSE_MAX_RESPONSE": "1GiB", "NUMBROWSE_CACHE": "0"}
	write("max_response = \"256MiB\"\ncache = true\n")
	if s, err = resolveWith(env); err != nil || s.MaxResponse != 1<<30 || s.Cache {
		t.Fatalf("env beats the file: %d %v %v", s.MaxResponse, s.Cache, err)
	}
	if s, err = resolveWith(env, "--max-response", "300M"); err != nil || s.MaxResponse != 300<<20 {
		t.Fatalf("flag beats env: %d %v", s.MaxResponse, err)
	}
	if s, err = resolveWith(nil, "--no-cache"); err != nil || s.Cache {
		t.Fatalf("--no-cache beats the file: %v %v", s.Cache, err)
	}
	for _, tt := range []struct {
		env  map[string]string
		args []string
		file string
		want string
	}{
		{args: []string{"--max-response", "huge"}, want: `--max-response "huge" is not a size`},
		{env: map[string]string{"NUMBROWSE_MAX_RESPONSE": "10"}, want: `NUMBROWSE_MAX_RESPONSE "10" is out of range`},
		{file: "country = \"GB\"\nmax_response = \"lots\"\n", want: cfg + `, line 2: max_response "lots" is not a size`},
		{file: "max_response = true\n", want: cfg},
		{env: map[string]string{"NUMBROWSE_CACHE": "maybe"}, want: `NUMBROWSE_CACHE: "maybe" is not a boolean`},
	} {
		write(tt.file)
		if _, err := resolveWith(tt.env, tt.args...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v %v %q: %v, want %q", tt.env, tt.args, tt.file, err, tt.want)
		}
	}
}

// TestResultStore: the browser keeps its results in the cache folder, per
// API (the demo apart), unless --no-cache says not to.
func TestResultStore(t *testing.T) {
	dir := t.TempDir()
	env := func(k string) string {
		return map[string]string{"XDG_CACHE_HOME": dir, "HOME": "/nonexistent"}[k]
	}
	s := settings{Cache: true, APIURL: "https://api.example/v1/", APIKey: testKey}
	st := resultStore(s, env)
	if st == nil {
		t.Fatal("no store")
	}
	q := api.Query{Country: "US", Type: api.Local}
	st.Save(q, &api.Result{Query: q, FetchedAt: time.Now(), Numbers: []api.Number{{E164: "+14155550100", Country: "US", Type: api.Local}}})
	if _, err := os.Stat(filepath.Join(dir, "numbrowse")); err != nil {
		t.Fatalf("nothing under $XDG_CACHE_HOME/numbrowse: %v", err)
	}
	if _, ok := resultStore(s, env).Load(q); !ok {
		t.Error("the next run does not find the results")
	}
	if _, ok := resultStore(settings{Cache: true, Demo: true, APIURL: s.APIURL}, env).Load(q); ok {
		t.Error("the demo finds the real API's results")
	}
	if _, ok := resultStore(settings{Cache: true, APIURL: "https://other.example/v1"}, env).Load(q); ok {
		t.Error("another API finds these results")
	}
	if resultStore(settings{Cache: false, APIURL: s.APIURL}, env) != nil {
		t.Error("--no-cache still keeps results")
	}
	if resultStore(s, func(string) string { return "" }) != nil {
		t.Error("a store without a cache folder")
	}
}
