package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/cli"
	"github.com/relance-app/relance/internal/demo"
	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// The scale the ledger issue asks for.
const (
	benchCustomers = 100_000
	benchInvoices  = 1_000_000
	benchSeed      = 7
)

// benchToday is fixed so that every run measures the same ledger.
var benchToday = ledger.MustDate("2026-06-30")

// benchDir holds the generated files between runs (demo.BenchDir).
func benchDir(b *testing.B) string {
	dir, err := demo.BenchDir()
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

var ledgerOnce sync.Once
var ledgerPath string
var ledgerErr error

// bigLedger returns the path of a demo ledger of 100,000 customers and
// 1,000,000 invoices, generating it on first use.
func bigLedger(b *testing.B) string {
	ledgerOnce.Do(func() {
		start := time.Now()
		var generated bool
		ledgerPath, generated, ledgerErr = demo.Cached(context.Background(), benchDir(b),
			demo.Options{Customers: benchCustomers, Invoices: benchInvoices, Seed: benchSeed, Today: benchToday})
		if generated {
			b.Logf("generated %s in %v", ledgerPath, time.Since(start))
		}
	})
	if ledgerErr != nil {
		b.Fatal(ledgerErr)
	}
	return ledgerPath
}

func openBig(b *testing.B) *app.Service {
	svc, err := app.Open(context.Background(), bigLedger(b), app.Options{Today: func() ledger.Date { return benchToday }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { svc.Close() })
	return svc
}

// BenchmarkOverdueList lists every overdue invoice of the 1M ledger through
// the application service, as `invoices list --overdue` does.
func BenchmarkOverdueList(b *testing.B) {
	svc := openBig(b)
	ctx := context.Background()
	n := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n = 0
		err := svc.ListInvoices(ctx, store.InvoiceFilter{AsOf: benchToday, OverdueOnly: true}, func(store.InvoiceLine) error {
			n++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "rows")
	reportSize(b, svc)
}

// BenchmarkCLIOverdueJSON is the whole command, `relancectl invoices list
// --overdue --json`, in-process, writing its JSON to a discarding writer.
func BenchmarkCLIOverdueJSON(b *testing.B) {
	p := bigLedger(b)
	ctx := context.Background()
	env := cli.Env{Stdout: io.Discard, Stderr: io.Discard, Today: func() ledger.Date { return benchToday }}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := cli.Run(ctx, []string{"--db", p, "invoices", "list", "--overdue", "--json"}, env); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkCustomerInvoices lists one customer's invoices (the customer
// with the most invoices, to be fair to the worst case).
func BenchmarkCustomerInvoices(b *testing.B) {
	svc := openBig(b)
	ctx := context.Background()
	var code string
	var count int
	err := svc.Store().DB().QueryRow(`SELECT c.code, count(*) FROM invoices i JOIN customers c ON c.id = i.customer_id
		GROUP BY i.customer_id ORDER BY count(*) DESC LIMIT 1`).Scan(&code, &count)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		err := svc.ListInvoices(ctx, store.InvoiceFilter{AsOf: benchToday, CustomerCode: code}, func(store.InvoiceLine) error {
			n++
			return nil
		})
		if err != nil || n != count {
			b.Fatalf("%d rows, want %d: %v", n, count, err)
		}
	}
	b.ReportMetric(float64(count), "rows")
}

// The raw SQL the sqlite3 shell runs for comparison: the queries our store
// issues (store.invoiceListSQL) for the same filters, on the same file.
const overdueSQL = `SELECT i.id, i.number, i.customer_id, c.code, c.name, i.issue_date, i.due_date, i.currency, i.total,
	i.description, i.dunning_excluded,
	coalesce((SELECT sum(p.amount) FROM payments p WHERE p.invoice_id = i.id AND p.date <= '2026-06-30'), 0)
	FROM invoices i JOIN customers c ON c.id = i.customer_id
	WHERE i.issue_date <= '2026-06-30' AND i.settled_on IS NULL AND i.due_date < '2026-06-30'
	ORDER BY i.due_date, i.number;`

func customerSQL(code string) string {
	return `SELECT i.id, i.number, i.customer_id, c.code, c.name, i.issue_date, i.due_date, i.currency, i.total,
	i.description, i.dunning_excluded,
	coalesce((SELECT sum(p.amount) FROM payments p WHERE p.invoice_id = i.id AND p.date <= '2026-06-30'), 0)
	FROM invoices i JOIN customers c ON c.id = i.customer_id
	WHERE i.issue_date <= '2026-06-30' AND i.customer_id = (SELECT id FROM customers WHERE code = '` + code + `')
	ORDER BY i.due_date, i.number;`
}

// sqlite3Time returns the sqlite3 shell's time for one run of sql: the
// shell runs it reps times in one process, with the same cache and mmap
// settings as our DSN and its output discarded (as our benchmark discards
// rows), and the time of the same process with no query (start-up, schema
// read) is subtracted. Each measurement is the best of three.
func sqlite3Time(b *testing.B, path, sql string, reps int) time.Duration {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		b.Skip("sqlite3 shell not installed (Debian package sqlite3)")
	}
	const setup = "PRAGMA cache_size=-65536;\nPRAGMA mmap_size=268435456;\n.output /dev/null\nSELECT count(*) FROM sqlite_schema;\n"
	timeIt := func(script string) time.Duration {
		best := time.Duration(1 << 62)
		for i := 0; i < 3; i++ {
			cmd := exec.Command("sqlite3", "-readonly", path)
			cmd.Stdin = strings.NewReader(script)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			start := time.Now()
			if err := cmd.Run(); err != nil {
				b.Fatalf("sqlite3: %v %s", err, stderr.String())
			}
			if d := time.Since(start); d < best {
				best = d
			}
		}
		return best
	}
	base := timeIt(setup)
	full := timeIt(setup + strings.Repeat(sql+"\n", reps))
	return (full - base) / time.Duration(reps)
}

// BenchmarkVsSQLite3Shell times our overdue listing and one customer's
// listing against the sqlite3 shell running the same SQL on the same file,
// in the same run, and reports our time as a ratio to the shell's.
func BenchmarkVsSQLite3Shell(b *testing.B) {
	svc := openBig(b)
	p := svc.Store().Path()
	ctx := context.Background()
	var code string
	svc.Store().DB().QueryRow(`SELECT c.code FROM invoices i JOIN customers c ON c.id = i.customer_id
		GROUP BY i.customer_id ORDER BY count(*) DESC LIMIT 1`).Scan(&code)
	ours := func(f store.InvoiceFilter, n int) time.Duration {
		best := time.Duration(1 << 62)
		for i := 0; i < n; i++ {
			start := time.Now()
			if err := svc.ListInvoices(ctx, f, func(store.InvoiceLine) error { return nil }); err != nil {
				b.Fatal(err)
			}
			if d := time.Since(start); d < best {
				best = d
			}
		}
		return best
	}
	for i := 0; i < b.N; i++ {
		oursOver := ours(store.InvoiceFilter{AsOf: benchToday, OverdueOnly: true}, 3)
		shellOver := sqlite3Time(b, p, overdueSQL, 1)
		oursCust := ours(store.InvoiceFilter{AsOf: benchToday, CustomerCode: code}, 20)
		shellCust := sqlite3Time(b, p, customerSQL(code), 200)
		b.ReportMetric(float64(oursOver.Microseconds())/1000, "overdue-ms")
		b.ReportMetric(float64(shellOver.Microseconds())/1000, "overdue-sqlite3-ms")
		b.ReportMetric(float64(oursOver)/float64(shellOver), "overdue-ratio")
		b.ReportMetric(float64(oursCust.Microseconds())/1000, "customer-ms")
		b.ReportMetric(float64(shellCust.Microseconds())/1000, "customer-sqlite3-ms")
		b.ReportMetric(float64(oursCust)/float64(shellCust), "customer-ratio")
	}
}

func reportSize(b *testing.B, svc *app.Service) {
	if fi, err := os.Stat(svc.Store().Path()); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "db-MiB")
	}
}

// importFixture is a ledger with the 100,000 customers and no invoices, and
// a CSV of 1,000,000 invoices for them, in the formats real exports use
// (semicolons, decimal commas with thousands spaces, DD/MM/YYYY dates).
type importFixture struct {
	customersDB string
	csv         string
	rows        int
}

var fixtureOnce sync.Once
var fixture importFixture
var fixtureErr error

func invoiceImportFixture(b *testing.B) importFixture {
	fixtureOnce.Do(func() {
		dir := benchDir(b)
		fixture = importFixture{
			customersDB: filepath.Join(dir, fmt.Sprintf("customers-%d.db", benchCustomers)),
			csv:         filepath.Join(dir, fmt.Sprintf("invoices-%d.csv", benchInvoices)),
			rows:        benchInvoices,
		}
		if _, err := os.Stat(fixture.csv); err == nil {
			if _, err := os.Stat(fixture.customersDB); err == nil {
				return
			}
		}
		ctx := context.Background()
		tmp := fixture.customersDB + ".tmp"
		os.Remove(tmp)
		st, err := store.Create(ctx, tmp)
		if err != nil {
			fixtureErr = err
			return
		}
		codes := make([]string, benchCustomers)
		err = st.InBatch(ctx, false, func(bt *store.Batch) error {
			for i := range codes {
				codes[i] = fmt.Sprintf("C%06d", i+1)
				c := ledger.Customer{Code: codes[i], Name: "Client " + codes[i], Language: ledger.French, Kind: ledger.Business,
					Delivery: ledger.DeliveryPostal, Country: "FR"}
				if _, err := bt.SaveCustomer(ctx, c); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			_, err = st.DB().Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
		}
		st.Close()
		if err != nil {
			fixtureErr = err
			return
		}
		if fixtureErr = os.Rename(tmp, fixture.customersDB); fixtureErr != nil {
			return
		}
		fixtureErr = writeInvoiceCSV(fixture.csv, codes, benchInvoices, false)
	})
	if fixtureErr != nil {
		b.Fatal(fixtureErr)
	}
	return fixture
}

var balanceFixtureOnce sync.Once
var balanceCSV string
var balanceFixtureErr error

// balanceImportFixture is invoiceImportFixture's ledger with a CSV of the
// same 1,000,000 invoices that also says what is paid, as an export from
// an invoicing tool does: "Reste à payer", "Statut" and "Date de paiement"
// columns, a third of the rows paid, a tenth partly paid, half of the
// payments without a date (undated export payments).
func balanceImportFixture(b *testing.B) importFixture {
	fx := invoiceImportFixture(b)
	balanceFixtureOnce.Do(func() {
		balanceCSV = filepath.Join(benchDir(b), fmt.Sprintf("invoices-balances-%d.csv", benchInvoices))
		if _, err := os.Stat(balanceCSV); err == nil {
			return
		}
		codes := make([]string, benchCustomers)
		for i := range codes {
			codes[i] = fmt.Sprintf("C%06d", i+1)
		}
		balanceFixtureErr = writeInvoiceCSV(balanceCSV, codes, benchInvoices, true)
	})
	if balanceFixtureErr != nil {
		b.Fatal(balanceFixtureErr)
	}
	fx.csv = balanceCSV
	return fx
}

// writeInvoiceCSV writes n invoice rows; with balances, three more columns
// say what is left to pay, the status and the payment's date (i%3 == 0
// paid, i%10 == 1 partly paid, the rest unpaid; every second payment
// undated). The random draws are the same either way: the two files hold
// the same invoices.
func writeInvoiceCSV(path string, codes []string, n int, balances bool) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	w.WriteString("N° facture;Code client;Date facture;Échéance;Devise;Montant TTC;Libellé")
	if balances {
		w.WriteString(";Reste à payer;Statut;Date de paiement")
	}
	w.WriteString("\r\n")
	start := ledger.MustDate("2025-01-01")
	for i := 0; i < n; i++ {
		issue := start.AddDays(rng.IntN(540))
		y, m, d := issue.Civil()
		dy, dm, dd := issue.AddDays(30).Civil()
		cents := 5000 + rng.Int64N(1_500_000)
		fmt.Fprintf(w, "F%07d;%s;%02d/%02d/%04d;%02d/%02d/%04d;EUR;%s;Prestation de conseil n° %d",
			i+1, codes[rng.IntN(len(codes))], d, m, y, dd, dm, dy, frenchAmount(cents), i%97)
		if balances {
			due, status := cents, "Impayée"
			switch {
			case i%3 == 0:
				due, status = 0, "Payée"
			case i%10 == 1:
				due, status = cents/2, "Partiellement payée"
			}
			paidOn := ""
			if due < cents && i%2 == 0 {
				py, pm, pd := issue.Civil() // paid on the day: never after benchToday
				paidOn = fmt.Sprintf("%02d/%02d/%04d", pd, pm, py)
			}
			fmt.Fprintf(w, ";%s;%s;%s", frenchAmount(due), status, paidOn)
		}
		w.WriteString("\r\n")
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// frenchAmount writes cents as "12 345,67".
func frenchAmount(cents int64) string {
	s := ledger.FormatMinor(cents, 2)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String() + "," + frac
}

func copyFile(dst, src string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o600)
}

// BenchmarkImportInvoices1M imports 1,000,000 invoice rows from CSV into a
// ledger of 100,000 customers: read, decode, validate every row against the
// ledger, write, commit.
func BenchmarkImportInvoices1M(b *testing.B) {
	benchImportInvoices(b, invoiceImportFixture(b))
}

// BenchmarkImportInvoicesBalances1M is the same import from an export that
// says what is paid (balanceImportFixture): each paid or partly paid row
// also writes the invoice's payment from the export.
func BenchmarkImportInvoicesBalances1M(b *testing.B) {
	benchImportInvoices(b, balanceImportFixture(b))
}

func benchImportInvoices(b *testing.B, fx importFixture) {
	ctx := context.Background()
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "import.db")
		if err := copyFile(db, fx.customersDB); err != nil {
			b.Fatal(err)
		}
		svc, err := app.Open(ctx, db, app.Options{Today: func() ledger.Date { return benchToday }})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		res, err := svc.Import(ctx, importer.Invoices, fx.csv, false, nil)
		total += time.Since(start)
		b.StopTimer()
		if err != nil {
			for _, p := range res.Problems[:min(5, len(res.Problems))] {
				b.Log(p)
			}
			b.Fatal(err)
		}
		if res.Created != fx.rows {
			b.Fatalf("created %d, want %d", res.Created, fx.rows)
		}
		svc.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(fx.rows)*float64(b.N)/total.Seconds(), "rows/s")
}

// BenchmarkPlan computes the whole ledger's dunning plan: read every
// invoice not fully paid with its payments, promises, disputes, customer
// and letter history, then decide each one's next step and compute the
// interest of every letter that claims it.
func BenchmarkPlan(b *testing.B) {
	svc := openBig(b)
	ctx := context.Background()
	var letters, skipped int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := svc.Plan(ctx, benchToday)
		if err != nil {
			b.Fatal(err)
		}
		letters, skipped = len(p.Actions), len(p.Skipped)
	}
	b.ReportMetric(float64(letters), "letters")
	b.ReportMetric(float64(skipped), "skipped")
}

// historyDates are the days the ladder was run and recorded on the
// ledger of BenchmarkPlanHistory, two weeks apart from benchToday.
var historyDates = []string{"2026-06-30", "2026-07-10", "2026-07-24", "2026-08-07", "2026-08-21"}

var historyOnce sync.Once
var historyPath string
var historyErr error

// historyLedger returns the path of the 1,000,000-invoice ledger after the
// plan was recorded on each of historyDates, making it (from bigLedger,
// about 2 minutes) on first use.
func historyLedger(b *testing.B) string {
	src := bigLedger(b)
	historyOnce.Do(func() {
		historyPath = strings.TrimSuffix(src, ".db") + "-history5.db"
		if _, err := os.Stat(historyPath); err == nil {
			return
		}
		start := time.Now()
		tmp := historyPath + ".tmp"
		os.Remove(tmp)
		if historyErr = copyFile(tmp, src); historyErr != nil {
			return
		}
		ctx := context.Background()
		svc, err := app.Open(ctx, tmp, app.Options{Today: func() ledger.Date { return benchToday }})
		if err != nil {
			historyErr = err
			return
		}
		for _, d := range historyDates {
			if _, err := svc.RecordPlan(ctx, ledger.MustDate(d)); err != nil {
				svc.Close()
				historyErr = fmt.Errorf("record the plan of %s: %w", d, err)
				return
			}
		}
		if err := svc.Close(); err != nil {
			historyErr = err
			return
		}
		historyErr = os.Rename(tmp, historyPath)
		b.Logf("recorded %d runs into %s in %v", len(historyDates), historyPath, time.Since(start))
	})
	if historyErr != nil {
		b.Fatal(historyErr)
	}
	return historyPath
}

// BenchmarkPlanHistory is BenchmarkPlan on a ledger in use: the same
// ledger after five recorded runs of the ladder (240,000 letters listing
// 630,000 invoices), planned two weeks after the last, when most letters
// due are final demands and payment demands claiming interest.
func BenchmarkPlanHistory(b *testing.B) {
	asOf := ledger.MustDate("2026-09-04")
	svc, err := app.Open(context.Background(), historyLedger(b), app.Options{Today: func() ledger.Date { return asOf }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { svc.Close() })
	ctx := context.Background()
	var letters, tasks, skipped int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := svc.Plan(ctx, asOf)
		if err != nil {
			b.Fatal(err)
		}
		letters, tasks, skipped = len(p.Actions), len(p.Tasks), len(p.Skipped)
	}
	b.ReportMetric(float64(letters), "letters")
	b.ReportMetric(float64(tasks), "tasks")
	b.ReportMetric(float64(skipped), "skipped")
}
