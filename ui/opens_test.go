package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestUINeverOpensClusters: the command line opens every cluster (the
// first one and those switched to) with its own precedence of flags,
// variables and the config file; code of the UI calling kafkaops.Open
// would connect with settings of its own.
func TestUINeverOpensClusters(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Open" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "kafkaops" {
					t.Errorf("%s: the UI calls kafkaops.Open; the command line opens clusters (ClusterChoice.Open)", fset.Position(sel.Pos()))
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
