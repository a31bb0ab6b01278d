package archtest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The package table of docs/ARCHITECTURE.md is the rule: this test reads
// it, so the document and the code cannot drift apart. Each row names a
// package and, in its last column, the packages of this module it may
// import (in backquotes; `app/…` is every package under internal/app),
// then after "tests:" those its test files may import as well.

const module = "github.com/relance-app/relance/"

type rule struct {
	code, tests []string // module-relative names: "ledger", "app/core", "app/…", "ui", "assets"
}

var (
	rowRe  = regexp.MustCompile("^\\| `([^`]+)` \\|.*\\| ([^|]*) \\|$")
	nameRe = regexp.MustCompile("`([^`]+)`")
)

// name is a package's name in the table: its path in the module without
// internal/ and without a trailing slash.
func name(path string) string {
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(path, module), "internal/"), "/")
}

func readTable(t *testing.T) map[string]rule {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(doc), "\n## Packages\n")
	if !ok {
		t.Fatal("docs/ARCHITECTURE.md has no Packages section")
	}
	section, _, _ := strings.Cut(after, "\n## ")
	rules := map[string]rule{}
	for _, line := range strings.Split(section, "\n") {
		m := rowRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		code, tests, _ := strings.Cut(m[2], "tests:")
		var r rule
		for _, x := range nameRe.FindAllStringSubmatch(code, -1) {
			r.code = append(r.code, x[1])
		}
		for _, x := range nameRe.FindAllStringSubmatch(tests, -1) {
			r.tests = append(r.tests, x[1])
		}
		rules[name(m[1])] = r
	}
	if len(rules) < 10 {
		t.Fatalf("read only %d rows of the package table", len(rules))
	}
	return rules
}

func permits(list []string, dep string) bool {
	for _, a := range list {
		if a == dep || (strings.HasSuffix(a, "/…") && strings.HasPrefix(dep, strings.TrimSuffix(a, "…"))) {
			return true
		}
	}
	return false
}

func TestPackageTable(t *testing.T) {
	rules := readTable(t)
	out := goList(t, nil, "-f", "{{.ImportPath}}|{{join .Imports \" \"}}|{{join .TestImports \" \"}} {{join .XTestImports \" \"}}", "./...")
	listed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		parts := strings.SplitN(line, "|", 3)
		pkg := name(parts[0])
		listed[pkg] = true
		r, ok := rules[pkg]
		if !ok {
			t.Errorf("%s has no row in the package table of docs/ARCHITECTURE.md", pkg)
			continue
		}
		check := func(deps string, allowed []string, what string) {
			for _, dep := range strings.Fields(deps) {
				if !strings.HasPrefix(dep, module) || name(dep) == pkg {
					continue
				}
				if !permits(allowed, name(dep)) {
					t.Errorf("%s%s imports %s, which its row in docs/ARCHITECTURE.md does not allow", pkg, what, name(dep))
				}
			}
		}
		check(parts[1], r.code, "")
		check(parts[2], append(append([]string(nil), r.code...), r.tests...), "'s tests")
	}
	// Every row's names are packages of the module, so that a renamed
	// package cannot leave a stale rule behind.
	for pkg, r := range rules {
		if !listed[pkg] {
			t.Errorf("the package table names %s, which is not a package of the module", pkg)
		}
		for _, dep := range append(append([]string(nil), r.code...), r.tests...) {
			if !listed[dep] && !(strings.HasSuffix(dep, "/…") && listed[strings.TrimSuffix(dep, "/…")]) {
				t.Errorf("%s's row allows %s, which is not a package of the module", pkg, dep)
			}
		}
	}
}
