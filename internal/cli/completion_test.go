package cli

import (
	"strings"
	"testing"
)

// complete asks numbrowse for completions as a shell does, through
// cobra's hidden __complete command, and returns the offered lines
// (value and description) without the closing directive.
func complete(t *testing.T, env map[string]string, args ...string) []string {
	t.Helper()
	r := runCLI(t, env, append([]string{"__complete"}, args...)...)
	if r.code != 0 {
		t.Fatalf("__complete %q: exit %d, stderr %q", args, r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if last := lines[len(lines)-1]; last != ":4" { // ShellCompDirectiveNoFileComp
		t.Errorf("__complete %q: directive %q, want :4 (no file names)", args, last)
	}
	return lines[:len(lines)-1]
}

func TestCompletionOfValues(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		want []string
	}{
		{"countries by code, with names", []string{"--country", "G"},
			[]string{"GA\tGabon +241", "GB\tUnited Kingdom +44"}},
		{"a lowercase code stays lowercase", []string{"--country", "gb"}, []string{"gb\tUnited Kingdom +44"}},
		{"a country by its name", []string{"--country", "germ"}, []string{"DE\tGermany +49"}},
		{"a name with an accent typed without", []string{"--country", "cura"}, []string{"CW\tCuraçao +599"}},
		{"types", []string{"--type", ""}, []string{"mobile\t", "local\t", "toll-free\t", "national\t", "all\tevery type at once, merged"}},
		{"types on a subcommand", []string{"search", "--type", "to"}, []string{"toll-free\t"}},
		{"themes", []string{"--theme", "l"}, []string{"light\t"}},
		{"search formats", []string{"search", "--format", ""}, []string{"table\t", "json\t", "csv\t"}},
		{"buy formats", []string{"buy", "--format", ""}, []string{"table\t", "json\t"}},
		{"sort columns and directions", []string{"search", "--sort", "mon"},
			[]string{"monthly\tsort by monthly, ascending", "monthly:desc\tsort by monthly, descending"}},
		{"nothing matches", []string{"--country", "QQ"}, nil},
		{"groups", []string{"--country", "e"}, []string{"eu\tEuropean Union, 27 countries", "eea\tEuropean Economic Area, 30 countries", "ec\t"}},
		{"the last country of a list", []string{"--country", "DE,F"}, []string{"DE,FI\t", "DE,FR\tFrance +33"}},
		{"a name in a list", []string{"--country", "DE,fran"}, []string{"DE,FR\tFrance +33"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := complete(t, nil, tt.args...)
			if len(tt.want) == 0 {
				if len(got) != 0 {
					t.Errorf("got %q, want nothing", got)
				}
				return
			}
			// Every wanted line is offered (a want ending in a tab is a
			// prefix: the value with any description), in this order.
			i := 0
			for _, w := range tt.want {
				for i < len(got) && !(got[i] == w || strings.HasSuffix(w, "\t") && strings.HasPrefix(got[i], w)) {
					i++
				}
				if i == len(got) {
					t.Fatalf("got %q, want %q among them in order", got, tt.want)
				}
			}
		})
	}
	// The whole country list: one line per country, each with a name.
	all := complete(t, nil, "--country", "")
	if len(all) < 240 {
		t.Errorf("%d countries offered, want every one", len(all))
	}
	for _, l := range all {
		if code, name, ok := strings.Cut(l, "\t"); !ok || (len(code) != 2 && !strings.Contains(name, "countries")) || name == "" {
			t.Errorf("country completion %q is not CODE<tab>name", l)
		}
	}
}

func TestCompletionIgnoresABrokenConfig(t *testing.T) {
	// Completing must work while the config file is being fixed.
	got := complete(t, map[string]string{"NUMBROWSE_CONFIG": "/nonexistent/config.toml"}, "--type", "mob")
	if len(got) != 1 || !strings.HasPrefix(got[0], "mobile\t") {
		t.Errorf("got %q", got)
	}
}
