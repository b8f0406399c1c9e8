package phone

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoPackageInit: the package does no work when the program starts (no
// func init, and every package-level variable is constant data or a zero
// value), so a command that never reads a number never pays for one.
func TestNoPackageInit(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == "init" {
					t.Errorf("%s: func init", fset.Position(d.Pos()))
				}
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				for _, s := range d.Specs {
					for _, v := range s.(*ast.ValueSpec).Values {
						ast.Inspect(v, func(n ast.Node) bool {
							if c, ok := n.(*ast.CallExpr); ok && !isErrorsNew(c) {
								t.Errorf("%s: a package-level variable is computed at start-up", fset.Position(c.Pos()))
							}
							return true
						})
					}
				}
			}
		}
	}
}

// isErrorsNew reports whether c is errors.New("..."), which the compiler
// initialises statically.
func isErrorsNew(c *ast.CallExpr) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "New" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == "errors" && len(c.Args) == 1
}

// TestBinaryDoesNotLinkTheLibrary: numbrowse reads numbers with this
// package only; the library (and the protocol buffers it decodes its
// metadata with when it starts) is for the generator and the tests.
func TestBinaryDoesNotLinkTheLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "numbrowse").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 50 {
		t.Fatalf("go list -deps numbrowse: only %d packages", len(deps))
	}
	for _, d := range deps {
		if strings.HasPrefix(d, "github.com/nyaruka/phonenumbers") || strings.HasPrefix(d, "google.golang.org/protobuf") {
			t.Errorf("numbrowse links %s", d)
		}
	}
}

// TestGeneratedFromThisVersion: metadata.go came from the library version
// go.mod names (after a version change, run go generate).
func TestGeneratedFromThisVersion(t *testing.T) {
	src, err := os.ReadFile("metadata.go")
	if err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(string(src), "\n")
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(mod), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "github.com/nyaruka/phonenumbers" {
			if want := f[0] + " " + f[1] + ";"; !strings.Contains(header, want) {
				t.Errorf("metadata.go says %q; go.mod has %s: run go generate ./internal/phone/", header, f[1])
			}
			return
		}
	}
	t.Error("go.mod does not name github.com/nyaruka/phonenumbers")
}
