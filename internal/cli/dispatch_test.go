package cli

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
)

// ledgerSpy records every ledger relancectl opens or creates through the
// seams, how often each is closed, and what each command's step was given.
type ledgerSpy struct {
	opened, created []*app.Service
	closes          map[*app.Service]int
	steps           []stepCall
}

type stepCall struct {
	command string
	svc     *app.Service
	open    bool // the service was one the dispatcher opened, not closed yet
}

// spyOnLedger replaces the seams and wraps every handler of the table so
// that its step reports the service it runs with; all is put back after t.
func spyOnLedger(t *testing.T) *ledgerSpy {
	t.Helper()
	s := &ledgerSpy{closes: map[*app.Service]int{}}
	open, create, closeFn := openService, createService, closeService
	openService = func(ctx context.Context, path string, o app.Options) (*app.Service, error) {
		svc, err := open(ctx, path, o)
		if err == nil {
			s.opened = append(s.opened, svc)
		}
		return svc, err
	}
	createService = func(ctx context.Context, path string, o app.Options) (*app.Service, bool, error) {
		svc, isNew, err := create(ctx, path, o)
		if err == nil {
			s.created = append(s.created, svc)
		}
		return svc, isNew, err
	}
	closeService = func(svc *app.Service) error {
		s.closes[svc]++
		return closeFn(svc)
	}
	var restore []func()
	for _, leaf := range leaves() {
		cmd, name, run := leaf.cmd, leaf.path, leaf.cmd.run
		cmd.run = func(c *cli, args []string) (step, error) {
			do, err := run(c, args)
			if do == nil {
				return nil, err
			}
			return func(svc *app.Service) error {
				s.steps = append(s.steps, stepCall{name, svc, s.isOpen(svc)})
				return do(svc)
			}, err
		}
		restore = append(restore, func() { cmd.run = run })
	}
	t.Cleanup(func() {
		openService, createService, closeService = open, create, closeFn
		for _, r := range restore {
			r()
		}
	})
	return s
}

func (s *ledgerSpy) isOpen(svc *app.Service) bool {
	for _, o := range s.opened {
		if o == svc {
			return s.closes[svc] == 0
		}
	}
	return false
}

func (s *ledgerSpy) reset() {
	s.opened, s.created, s.steps = nil, nil, nil
	s.closes = map[*app.Service]int{}
}

type leaf struct {
	path string // "campaign send"
	cmd  *command
}

// leaves lists the commands of the table that run (not those that only
// hold sub-commands).
func leaves() []leaf {
	var out []leaf
	for _, cmd := range commands {
		if len(cmd.subs) == 0 {
			out = append(out, leaf{cmd.name, cmd})
		}
		for _, sub := range cmd.subs {
			out = append(out, leaf{cmd.name + " " + sub.name, sub})
		}
	}
	return out
}

// TestCommandTable: every entry either holds sub-commands or runs, and
// every command that runs says what it needs of the ledger.
func TestCommandTable(t *testing.T) {
	seen := map[string]bool{}
	for _, cmd := range commands {
		if (len(cmd.subs) > 0) == (cmd.run != nil) || (len(cmd.subs) > 0 && cmd.ledger != 0) {
			t.Errorf("%s: an entry has either sub-commands or a handler and its ledger use", cmd.name)
		}
		for _, sub := range cmd.subs {
			if len(sub.subs) > 0 {
				t.Errorf("%s %s: sub-commands two levels down (leaves and the messages name one level)", cmd.name, sub.name)
			}
		}
		for _, n := range append([]string{cmd.name}, cmd.aliases...) {
			if seen[n] {
				t.Errorf("%s is in the table twice", n)
			}
			seen[n] = true
		}
	}
	for _, l := range leaves() {
		if l.cmd.run == nil || l.cmd.ledger < opensLedger || l.cmd.ledger > noLedger {
			t.Errorf("%s: no handler, or no ledger use (opensLedger, createsLedger, noLedger)", l.path)
		}
	}
}

// TestDispatcherOpensTheLedgerOnceAndClosesIt runs every command of the
// table with arguments that pass its checks: a command that uses the
// ledger gets, in its step, the one ledger the dispatcher opened, still
// open, and that ledger is closed once when the command is done (really:
// it answers no more); the others open nothing through the dispatcher,
// and what init and demo create they close.
func TestDispatcherOpensTheLedgerOnceAndClosesIt(t *testing.T) {
	keyring.MockInit() // account password: never the machine's keyring
	db := dunningLedger(t)
	dir := t.TempDir()
	day := ledger.MustDate("2025-07-20")
	eml := write(t, "m.eml", "From: a@example.com\r\nTo: b@example.com\r\nSubject: hello\r\nMessage-ID: <m1@example.com>\r\n\r\nHello.\r\n")
	// A template file template check accepts: the default, exported to
	// another ledger's folder (the tested ledger's own stays default).
	other := filepath.Join(t.TempDir(), "other.db")
	if r := runAt(t, day, "--db", other, "init"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if r := runAt(t, day, "--db", other, "template", "export", "reminder-1", "en"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	tmpl := filepath.Join(filepath.Dir(other), "templates", "reminder-1.en.tmpl")
	csv := write(t, "c.csv", "code,name\nNEW1,New customer\n")
	out := func(name string) string { return filepath.Join(dir, name) }
	// In the order they run: create before the commands that use it,
	// reset after export.
	cases := []struct {
		cmd  string
		args []string
	}{
		{"help", nil},
		{"init", []string{"--db", out("new.db")}},
		{"demo", []string{"--db", out("demo.db"), "--customers", "3", "--invoices", "5"}},
		{"summary", nil},
		{"company show", nil},
		{"company set", []string{"trading_name=Atelier"}},
		{"customers list", nil},
		{"invoices list", nil},
		{"import", []string{"customers", csv, "--dry-run"}},
		{"plan", nil},
		{"interest", []string{"--invoice", "F1"}},
		{"letter", []string{"--kind", "reminder-1", "--invoice", "F1", "-o", out("l.pdf")}},
		{"sms", []string{"--kind", "reminder-1", "--invoice", "F1"}},
		{"print", []string{"-o", out("p.pdf")}},
		{"rates list", nil},
		{"rates add", []string{"FR-legal", "2031-01-01", "1.5"}},
		{"promise add", []string{"--invoice", "F1", "--date", "2025-08-01"}},
		{"dispute open", []string{"--invoice", "U1"}},
		{"dispute close", []string{"--invoice", "U1"}},
		{"customer pause", []string{"FR1", "--until", "2025-09-01"}},
		{"customer unpause", []string{"FR1"}},
		{"customer exclude", []string{"FR1"}},
		{"customer include", []string{"FR1"}},
		{"customer set", []string{"FR1", "jurisdiction=FR"}},
		{"account show", nil},
		{"account set", []string{"from_address=owner@example.fr"}},
		{"account test", nil},
		{"account password", []string{"smtp", "--password-stdin"}},
		{"account detect", []string{"owner@gmail.com", "--offline"}},
		{"account signin", nil},
		{"account signout", nil},
		{"send", []string{"--dry-run"}},
		{"outbox", nil},
		{"inbox sync", nil},
		{"inbox classify", []string{eml}},
		{"responses", nil},
		{"campaign create", []string{"notice", "--kind", "paperless", "--all"}},
		{"campaign list", nil},
		{"campaign preview", []string{"notice"}},
		{"campaign send", []string{"notice", "--dry-run"}},
		{"campaign status", []string{"notice"}},
		{"campaign consent", []string{"notice", "FR1", "--channel", "phone"}},
		{"campaign postcards", []string{"notice", "-o", out("cards.pdf")}},
		{"campaign appointment", []string{"notice", "FR1", "--at", "2025-08-01T10:00"}},
		{"campaign ack", []string{"notice", "FR1"}},
		{"campaign proof", []string{"notice", "--to", "colleague@example.fr", "--password-stdin"}},
		{"campaign proofs", []string{"notice"}},
		{"template list", nil},
		{"template check", []string{tmpl}},
		{"template export", []string{"reminder-2", "en"}},
		{"template reset", []string{"reminder-2", "en"}},
		{"template show", []string{"reminder-1", "en"}},
		{"template variant", []string{"add", "reminder-1", "en"}},
		{"template proof", []string{"reminder-1", "en", "--to", "colleague@example.fr", "--password-stdin"}},
		{"template proofs", nil},
		{"invoice add", []string{"--number", "F2", "--customer", "FR1", "--issue", "2025-07-01", "--amount", "100"}},
		{"invoice edit", []string{"F2", "--amount", "120"}},
		{"payment add", []string{"--invoice", "F2", "--date", "2025-07-10", "--amount", "20"}},
		{"payments list", []string{"--json"}},
		{"payment delete", []string{"1", "--reason", "test"}},
		{"credit-note add", []string{"--invoice", "F2", "--amount", "10"}},
		{"invoice void", []string{"F2", "--reason", "test"}},
		{"invoice write-off", []string{"U1", "--reason", "test"}},
		{"backup", []string{out("backup.db")}},
		{"check", nil},
		{"bank account", []string{"list"}},
		{"bank proposals", nil},
		{"bank apply", []string{"1"}},
		{"bank ignore", []string{"1"}},
		{"letters list", nil},
		{"letters show", []string{"1"}},
		{"report letters", []string{"--by", "variant"}},
		{"report aging", nil},
	}
	spy := spyOnLedger(t)
	covered := map[string]bool{}
	env := map[string]string{"RELANCE_SMTP_PASSWORD": "x", "RELANCE_IMAP_PASSWORD": "x"}
	for _, tc := range cases {
		cmd := findLeaf(tc.cmd)
		if cmd == nil {
			t.Errorf("%s: not in the table", tc.cmd)
			continue
		}
		covered[tc.cmd] = true
		args := append(strings.Fields(tc.cmd), tc.args...)
		if cmd.ledger == opensLedger {
			args = append([]string{"--db", db}, args...)
		}
		spy.reset()
		r := runWith(t, day, "password\n", env, args...)
		switch cmd.ledger {
		case opensLedger:
			// Its work may fail (no mail server here); its checks passed.
			if len(spy.opened) != 1 || len(spy.created) != 0 {
				t.Errorf("%s: the dispatcher opened %d ledger(s), %d created, want 1 opened: %+v", tc.cmd, len(spy.opened), len(spy.created), r)
				continue
			}
			svc := spy.opened[0]
			if len(spy.steps) != 1 || spy.steps[0].svc != svc || !spy.steps[0].open {
				t.Errorf("%s: the step did not run once with the ledger the dispatcher opened, still open: %+v", tc.cmd, spy.steps)
			}
			if spy.closes[svc] != 1 {
				t.Errorf("%s: the ledger was closed %d times, want 1", tc.cmd, spy.closes[svc])
			}
			if _, err := svc.Company(context.Background()); err == nil {
				t.Errorf("%s: the ledger still answers after the command", tc.cmd)
			}
		case createsLedger, noLedger:
			if r.code != 0 {
				t.Errorf("%s: %+v", tc.cmd, r)
			}
			if len(spy.opened) != 0 || len(spy.steps) != 0 {
				t.Errorf("%s: marked as not using the dispatcher's ledger, but it opened %d and ran %d step(s)", tc.cmd, len(spy.opened), len(spy.steps))
			}
			if cmd.ledger == noLedger && len(spy.created) != 0 {
				t.Errorf("%s: a command without a ledger created one", tc.cmd)
			}
			if cmd.ledger == createsLedger && len(spy.created) == 0 {
				t.Errorf("%s: created no ledger", tc.cmd)
			}
			for _, svc := range spy.created {
				if spy.closes[svc] != 1 {
					t.Errorf("%s: a ledger it created was closed %d times, want 1", tc.cmd, spy.closes[svc])
				}
			}
		}
	}
	for _, l := range leaves() {
		if !covered[l.path] {
			t.Errorf("%s: no case in this test", l.path)
		}
	}

	// A command that fails its checks opens nothing: the usage error comes
	// first, whether or not there is a ledger.
	spy.reset()
	if r := runAt(t, day, "--db", db, "plan", "--as-of", "15/07/2025"); r.code != ExitUsage || len(spy.opened) != 0 {
		t.Errorf("a bad --as-of: exit %d, %d ledger(s) opened", r.code, len(spy.opened))
	}
	// --demo without a command: summary of the demo ledger, made first
	// (created and closed) and then opened once by the dispatcher.
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", home)
	t.Setenv("HOME", home)
	spy.reset()
	if r := runAt(t, day, "--demo"); r.code != 0 || len(spy.created) != 1 || len(spy.opened) != 1 {
		t.Errorf("--demo: %d created, %d opened: %+v", len(spy.created), len(spy.opened), r)
	}
	for _, n := range spy.closes {
		if n != 1 {
			t.Errorf("--demo: a ledger closed %d times", n)
		}
	}
	if len(spy.closes) != 2 {
		t.Errorf("--demo: %d ledgers closed, want 2", len(spy.closes))
	}
}

func findLeaf(path string) *command {
	for _, l := range leaves() {
		if l.path == path {
			return l.cmd
		}
	}
	return nil
}

// TestOnlyTheDispatcherOpensLedgers: no handler calls app.Open,
// app.Create or a service's Close itself; they go through the seams
// (commands.go), which the dispatcher, init and demo use.
func TestOnlyTheDispatcherOpensLedgers(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			where := fset.Position(sel.Pos())
			switch {
			case isIdent(sel.X, "app") && (sel.Sel.Name == "Open" || sel.Sel.Name == "Create") && f != "commands.go":
				t.Errorf("%s: app.%s outside the seams", where, sel.Sel.Name)
			case sel.Sel.Name == "Close" && isIdent(sel.X, "svc"):
				t.Errorf("%s: a handler closes the ledger itself", where)
			}
			return true
		})
	}
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
