// Package packaging holds what ships numbrowse beyond its source: the
// container image (Dockerfile), the systemd unit, the image's health check
// (healthcheck/), and this test of the release configuration.
package packaging

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// goreleaser is the part of ../.goreleaser.yaml this test checks. Running
// `goreleaser check` in CI would mean compiling GoReleaser on every cold
// run (see README.md, "Releasing"); this checks what numbrowse relies on.
type goreleaser struct {
	Version int `yaml:"version"`
	Before  struct {
		Hooks []string `yaml:"hooks"`
	} `yaml:"before"`
	Builds []struct {
		ID      string   `yaml:"id"`
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Env     []string `yaml:"env"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
	} `yaml:"builds"`
	Archives []struct {
		IDs             []string `yaml:"ids"`
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
		Files           []archiveFile `yaml:"files"`
		WrapInDirectory string        `yaml:"wrap_in_directory"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
	} `yaml:"checksum"`
	NFPMs []struct {
		IDs      []string `yaml:"ids"`
		Formats  []string `yaml:"formats"`
		License  string   `yaml:"license"`
		Contents []struct {
			Src string `yaml:"src"`
			Dst string `yaml:"dst"`
		} `yaml:"contents"`
	} `yaml:"nfpms"`
	Casks []struct {
		IDs         []string          `yaml:"ids"`
		Binaries    []string          `yaml:"binaries"`
		Manpages    []string          `yaml:"manpages"`
		Completions map[string]string `yaml:"completions"`
	} `yaml:"homebrew_casks"`
	Brews []any `yaml:"brews"`
}

// archiveFile is a plain path or a {src, dst} mapping.
type archiveFile struct {
	Src, Dst    string
	StripParent bool
}

func (f *archiveFile) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		f.Src = n.Value
		return nil
	}
	var m struct {
		Src         string `yaml:"src"`
		Dst         string `yaml:"dst"`
		StripParent bool   `yaml:"strip_parent"`
	}
	err := n.Decode(&m)
	f.Src, f.Dst, f.StripParent = m.Src, m.Dst, m.StripParent
	return err
}

func loadConfig(t *testing.T) goreleaser {
	t.Helper()
	data, err := os.ReadFile("../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c goreleaser
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&c); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	return c
}

func TestReleaseBuilds(t *testing.T) {
	c := loadConfig(t)
	if c.Version != 2 {
		t.Errorf("version: %d, want 2 (GoReleaser v2)", c.Version)
	}
	if len(c.Builds) != 1 {
		t.Fatalf("%d builds, want one: numbrowse", len(c.Builds))
	}
	b := c.Builds[0]
	for _, os := range []string{"linux", "darwin", "windows"} {
		if !slices.Contains(b.Goos, os) {
			t.Errorf("builds.goos lacks %s", os)
		}
	}
	for _, arch := range []string{"amd64", "arm64"} {
		if !slices.Contains(b.Goarch, arch) {
			t.Errorf("builds.goarch lacks %s", arch)
		}
	}
	if !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Errorf("builds.env lacks CGO_ENABLED=0: the binaries would need the build machine's libc")
	}
	if !slices.Contains(b.Flags, "-trimpath") {
		t.Errorf("builds.flags lacks -trimpath")
	}
	ld := strings.Join(b.Ldflags, " ")
	if !strings.Contains(ld, "-s -w") {
		t.Errorf("builds.ldflags do not strip (-s -w): %s", ld)
	}
	// -X on a variable that does not exist is silently ignored: check that
	// each one the release stamps is a string variable of package main.
	vars := mainStringVars(t)
	stamped := 0
	for _, f := range strings.Fields(ld) {
		name, _, ok := strings.Cut(strings.TrimPrefix(f, "main."), "=")
		if !ok || !strings.HasPrefix(f, "main.") {
			continue
		}
		stamped++
		if !vars[name] {
			t.Errorf("ldflags set main.%s, which main.go does not declare as a string variable", name)
		}
	}
	for _, want := range []string{"version", "commit", "date"} {
		if !strings.Contains(ld, "-X main."+want+"=") {
			t.Errorf("ldflags do not stamp main.%s", want)
		}
	}
	if stamped == 0 {
		t.Errorf("no -X main.NAME=VALUE in ldflags: %s", ld)
	}
}

// mainStringVars are the package-level string variables of ../main.go.
func mainStringVars(t *testing.T) map[string]bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../main.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]bool{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			isString := false
			if id, ok := vs.Type.(*ast.Ident); ok && id.Name == "string" {
				isString = true
			}
			for i, n := range vs.Names {
				if i < len(vs.Values) {
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						isString = true
					}
				}
				vars[n.Name] = isString
			}
		}
	}
	return vars
}

func TestReleaseArchivesAndPackages(t *testing.T) {
	c := loadConfig(t)
	if len(c.Archives) == 0 {
		t.Fatal("no archives")
	}
	// What an archive holds: its files' destinations.
	inArchive := map[string]bool{}
	a := c.Archives[0]
	for _, f := range a.Files {
		inArchive[f.Src] = true
		if f.Dst != "" {
			inArchive[f.Dst] = true
		}
	}
	for _, want := range []string{"README.md", "LICENSE", "completions", "manpages"} {
		if !inArchive[want] {
			t.Errorf("the archives lack %s", want)
		}
	}
	windowsZip := false
	for _, o := range a.FormatOverrides {
		windowsZip = windowsZip || (o.Goos == "windows" && slices.Contains(o.Formats, "zip"))
	}
	if !windowsZip {
		t.Errorf("windows archives are not zip files")
	}
	// The cask's manpage and completion paths are relative to the top of
	// the archive; GoReleaser does not prefix them with a wrapping
	// directory, so brew would not find them.
	if w := a.WrapInDirectory; w != "" && w != "false" {
		t.Errorf("archives.wrap_in_directory = %q: the cask's manpage and completions would not be found", w)
	}
	if c.Checksum.NameTemplate == "" || c.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum: %+v, want a sha256 checksums file", c.Checksum)
	}
	if len(c.NFPMs) == 0 {
		t.Fatal("no nfpms")
	}
	for _, want := range []string{"deb", "rpm"} {
		if !slices.Contains(c.NFPMs[0].Formats, want) {
			t.Errorf("nfpms.formats lacks %s", want)
		}
	}
	if c.NFPMs[0].License != "MIT" {
		t.Errorf("nfpms.license = %q, want MIT as LICENSE says", c.NFPMs[0].License)
	}
	if len(c.Brews) > 0 {
		t.Errorf("brews is deprecated since GoReleaser v2.10: use homebrew_casks")
	}
	if len(c.Casks) == 0 {
		t.Fatal("no homebrew_casks")
	}

	// Every file the packages and the cask name must exist once the before
	// hook has run: run it, into the directory the configuration names.
	if testing.Short() {
		t.Skip("builds numbrowse to generate the completions and man page")
	}
	assets := generateAssets(t, c.Before.Hooks)
	for _, ct := range c.NFPMs[0].Contents {
		src := ct.Src
		if rest, ok := strings.CutPrefix(src, "build/"); ok {
			src = filepath.Join(assets, rest)
		} else {
			src = filepath.Join("..", src)
		}
		if _, err := os.Stat(src); err != nil {
			t.Errorf("nfpms contents %s → %s: %v", ct.Src, ct.Dst, err)
		}
	}
	// The cask names paths inside the archive: completions/ and manpages/
	// hold what build/completions and build/manpages held.
	cask := c.Casks[0]
	paths := append(slices.Clone(cask.Manpages), cask.Completions["bash"], cask.Completions["zsh"], cask.Completions["fish"])
	for _, p := range paths {
		if _, err := os.Stat(filepath.Join(assets, p)); err != nil {
			t.Errorf("homebrew_casks names %s, which the archive will not hold: %v", p, err)
		}
	}
	if !slices.Contains(cask.Binaries, c.Builds[0].Binary) {
		t.Errorf("homebrew_casks.binaries %q lacks %q", cask.Binaries, c.Builds[0].Binary)
	}
	// The zsh completion must be named _numbrowse for compinit to load it.
	if filepath.Base(cask.Completions["zsh"]) != "_numbrowse" {
		t.Errorf("zsh completion %q is not named _numbrowse", cask.Completions["zsh"])
	}
}

// generateAssets runs the before hook that writes the completions and the
// man page (sh scripts/release-assets.sh build) with a temporary directory
// in place of build/, and returns that directory.
func generateAssets(t *testing.T, hooks []string) string {
	t.Helper()
	const script = "scripts/release-assets.sh"
	for _, h := range hooks {
		args := strings.Fields(h)
		if len(args) != 3 || args[0] != "sh" || args[1] != script {
			continue
		}
		if args[2] != "build" {
			t.Fatalf("before hook %q writes to %s; the archives and packages take build/", h, args[2])
		}
		dir := t.TempDir()
		cmd := exec.Command("sh", script, dir)
		cmd.Dir = ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s %s: %v\n%s", h, dir, err, out)
		}
		return dir
	}
	t.Fatalf("before.hooks %q lack sh %s build, which writes the completions and man page", hooks, script)
	return ""
}
