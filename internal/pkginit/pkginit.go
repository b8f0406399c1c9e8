// Package pkginit is a test helper: it reads a package's Go files and
// reports the work they would do when the program starts (a func init, a
// package-level variable computed by a call), so a command that never uses
// the package never pays for it.
package pkginit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// Check reports, as test errors, every func init in the non-test Go files
// of the current directory and, when vars is true, every package-level
// variable whose value calls a function (errors.New("...") excepted: the
// compiler initialises it statically). hint ends each func init's error.
func Check(t testing.TB, vars bool, hint string) {
	t.Helper()
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
					t.Errorf("%s: func init%s", fset.Position(d.Pos()), hint)
				}
			case *ast.GenDecl:
				if !vars || d.Tok != token.VAR {
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

// isErrorsNew reports whether c is errors.New("...").
func isErrorsNew(c *ast.CallExpr) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "New" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == "errors" && len(c.Args) == 1
}
