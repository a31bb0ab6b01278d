package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

func dunningLedger(t *testing.T) string {
	t.Helper()
	db := tempDB(t)
	day := ledger.MustDate("2025-07-20")
	for _, args := range [][]string{
		{"init"},
		{"company", "set", "jurisdiction=FR"},
		{"import", "customers", write(t, "c.csv", "code,name,email,kind,address1,postcode,city,country\nFR1,Atelier,a@example.fr,business,1 rue A,69002,Lyon,FR\nUK1,Harper Ltd,h@example.co.uk,business,1 King Street,EC2V 8AU,London,GB\n")},
		{"customer", "set", "UK1", "jurisdiction=UK"},
		{"import", "invoices", write(t, "i.csv", "number,customer_code,issue_date,due_date,currency,total\nF1,FR1,2025-05-11,2025-06-10,EUR,10000.00\nU1,UK1,2025-02-13,2025-03-15,GBP,999.00\n")},
	} {
		if r := runAt(t, day, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	return db
}

// TestInterestCommand checks the JSON of `interest` against the hand
// computations of the dunning package's tests (same cases).
func TestInterestCommand(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-09-30")
	r := runAt(t, day, "--db", db, "interest", "--invoice", "F1", "--as-of", "2025-07-20", "--json")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	var out struct {
		Principal, Interest, Compensation, CompensationCurrency, Currency, Basis string
		Segments                                                                 []struct {
			From, To, Balance, Rate, Amount string
			Days                            int
		}
		RatesUsed []struct{ Table, From, Rate, Source string } `json:"rates_used"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	// FR business, due 2025-06-10, as of 2025-07-20: 138.63 € and €40.
	if out.Principal != "10000.00" || out.Interest != "138.63" || out.Compensation != "40.00" || out.Currency != "EUR" ||
		len(out.Segments) != 2 || out.Segments[0].Rate != "13.15" || out.Segments[1].Rate != "12.15" || out.Segments[1].Days != 20 {
		t.Fatalf("%s", r.stdout)
	}
	if len(out.RatesUsed) != 2 || out.RatesUsed[0].Source == "" || !strings.Contains(out.Basis, "L441-10") {
		t.Fatalf("rates used %+v basis %q", out.RatesUsed, out.Basis)
	}
	// UK: £999.00 due 2025-03-15, as of 2025-09-15: £64.21 and £40.
	r = runAt(t, day, "--db", db, "interest", "--invoice", "U1", "--as-of", "2025-09-15", "--json")
	if !strings.Contains(r.stdout, `"interest": "64.21"`) || !strings.Contains(r.stdout, `"compensation": "40.00"`) ||
		!strings.Contains(r.stdout, `"compensation_currency": "GBP"`) {
		t.Fatalf("%s", r.stdout)
	}
	if r := runAt(t, day, "--db", db, "interest", "--invoice", "NOPE"); r.code != ExitUser {
		t.Fatalf("unknown invoice: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "interest"); r.code != ExitUsage {
		t.Fatalf("no --invoice: %+v", r)
	}
}

func TestPlanPromiseDisputeCustomerCommands(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	plan := func() planJSON {
		t.Helper()
		r := runAt(t, day, "--db", db, "plan", "--json")
		var p planJSON
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &p) != nil {
			t.Fatalf("%+v", r)
		}
		return p
	}
	if p := plan(); len(p.Actions) != 2 {
		t.Fatalf("%+v", p)
	}
	// A promise pauses F1 until its date.
	if r := runAt(t, day, "--db", db, "promise", "add", "--invoice", "F1", "--date", "2025-07-31", "--amount", "5000"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	p := plan()
	if len(p.Actions) != 1 || len(p.Skipped) != 1 || p.Skipped[0].Reason != "promised until 2025-07-31" {
		t.Fatalf("%+v", p)
	}
	// A dispute pauses U1; it cannot be opened twice.
	if r := runAt(t, day, "--db", db, "dispute", "open", "--invoice", "U1", "--reason", "wrong quantity"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if r := runAt(t, day, "--db", db, "dispute", "open", "--invoice", "U1"); r.code != ExitUser {
		t.Fatalf("second dispute: %+v", r)
	}
	if p := plan(); len(p.Actions) != 0 || len(p.Skipped) != 2 {
		t.Fatalf("%+v", p)
	}
	if r := runAt(t, day, "--db", db, "dispute", "close", "--invoice", "U1"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	// Excluded, then included; paused, then unpaused.
	runAt(t, day, "--db", db, "customer", "exclude", "UK1")
	if p := plan(); len(p.Actions) != 0 || p.Skipped[1].Reason != "excluded" {
		t.Fatalf("%+v", p)
	}
	runAt(t, day, "--db", db, "customer", "include", "UK1")
	runAt(t, day, "--db", db, "customer", "pause", "UK1", "--until", "2025-08-01")
	if p := plan(); len(p.Actions) != 0 || p.Skipped[1].Reason != "paused" {
		t.Fatalf("%+v", p)
	}
	runAt(t, day, "--db", db, "customer", "unpause", "UK1")
	if p := plan(); len(p.Actions) != 1 || p.Actions[0].CustomerCode != "UK1" {
		t.Fatalf("%+v", p)
	}
	for _, bad := range [][]string{
		{"promise", "add", "--invoice", "F1", "--date", "2025-07-01"},                      // past
		{"promise", "add", "--invoice", "F1", "--date", "2025-08-01", "--amount", "99999"}, // above the balance
		{"customer", "set", "UK1", "jurisdiction=US"},
		{"customer", "set", "UK1", "delay1=0"},
		{"customer", "set", "UK1", "contract_fee=40"},
		{"customer", "pause", "NOBODY", "--until", "2025-08-01"},
		{"dispute", "close", "--invoice", "F1"},
	} {
		if r := runAt(t, day, append([]string{"--db", db}, bad...)...); r.code != ExitUser {
			t.Errorf("%v: %+v", bad, r)
		}
	}
	if r := runAt(t, day, "--db", db, "customer", "set", "FR1", "contract_rate=12", "contract_fee=50 EUR", "delay1=10"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	r := runAt(t, day, "--db", db, "interest", "--invoice", "F1", "--as-of", "2025-06-12", "--json")
	// 2 days at the contractual 12 %: 1,000,000 × 120,000 × 2 /
	// 365,000,000 = 657.53 → 6.58 €; the contractual fee replaces the €40.
	if !strings.Contains(r.stdout, `"interest": "6.58"`) || !strings.Contains(r.stdout, `"compensation": "50.00"`) {
		t.Fatalf("%s", r.stdout)
	}
}

func TestRatesCommands(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2026-11-22")
	r := runAt(t, day, "--db", db, "rates", "list", "--json")
	var tables []struct {
		ID      string `json:"id"`
		Entries []struct {
			From, Rate, Source string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &tables); err != nil || len(tables) != 6 {
		t.Fatalf("%v %d", err, len(tables))
	}
	if r := runAt(t, day, "--db", db, "rates", "add", "fr-legal-other", "2026-07-01", "2.60"); r.code != ExitUser {
		t.Fatalf("no source: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "rates", "add", "nope", "2026-07-01", "2.60", "--source", "x"); r.code != ExitUser {
		t.Fatalf("unknown table: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "rates", "add", "fr-legal-other", "2026-07-01", "abc", "--source", "x"); r.code != ExitUsage {
		t.Fatalf("bad rate: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "rates", "add", "fr-legal-other", "2026-07-01", "2.60", "--source", "Arrêté du 20 juin 2026"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	r = runAt(t, day, "--db", db, "rates", "list", "--table", "fr-legal-other")
	if !strings.Contains(r.stdout, "2026-07-01     2.60 % *  Arrêté du 20 juin 2026") || !strings.Contains(r.stdout, "known through 2026-12-31") {
		t.Fatalf("%s", r.stdout)
	}
}

func TestRecordInDateOrderAndHalfYearlyRates(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	if r := runAt(t, day, "--db", db, "plan", "--as-of", "2025-07-20", "--record"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	r := runAt(t, day, "--db", db, "plan", "--as-of", "2025-07-10", "--record")
	if r.code != ExitUser || !strings.Contains(r.stderr, "already recorded on 2025-07-20") {
		t.Fatalf("recording an earlier day: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "rates", "add", "de-basiszinssatz", "2026-03-01", "1.00", "--source", "x"); r.code != ExitUser {
		t.Fatalf("half-yearly table on 1 March: %+v", r)
	}
	var p struct {
		Actions []struct {
			RatesUsed []struct{ Table, Source string } `json:"rates_used"`
		} `json:"actions"`
	}
	// Two weeks on, the second letters claim interest and name their rates.
	out := runAt(t, day, "--db", db, "plan", "--as-of", "2025-08-03", "--json").stdout
	if err := json.Unmarshal([]byte(out), &p); err != nil || len(p.Actions) == 0 || len(p.Actions[0].RatesUsed) == 0 || p.Actions[0].RatesUsed[0].Source == "" {
		t.Fatalf("%v %s", err, out)
	}
}

func TestLetterCommand(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	dir := t.TempDir()
	pdf, png := filepath.Join(dir, "l.pdf"), filepath.Join(dir, "l.png")
	r := runAt(t, day, "--db", db, "letter", "--kind", "reminder-2", "--invoice", "F1", "--envelope", "din-a", "-o", pdf, "--png", png)
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	for _, p := range []string{pdf, png} {
		if fi, err := os.Stat(p); err != nil || fi.Size() < 1000 {
			t.Fatalf("%s: %v", p, err)
		}
	}
	data, _ := os.ReadFile(pdf)
	if !strings.HasPrefix(string(data), "%PDF-") {
		t.Fatal("not a PDF")
	}
	for _, bad := range [][]string{
		{"letter", "--kind", "reminder-2", "-o", pdf},                                         // whom?
		{"letter", "--kind", "reminder-2", "--invoice", "F1", "--customer", "FR1", "-o", pdf}, // both
		{"letter", "--kind", "reminder-2", "--invoice", "F1", "--envelope", "c4", "-o", pdf},  // envelope
		{"letter", "--kind", "reminder-2", "--invoice", "F1"},                                 // no output
	} {
		if r := runAt(t, day, append([]string{"--db", db}, bad...)...); r.code != ExitUsage {
			t.Errorf("%v: %+v", bad, r)
		}
	}
	for _, bad := range [][]string{
		{"letter", "--kind", "sonnet", "--invoice", "F1", "-o", pdf},
		{"letter", "--kind", "reminder-1", "--invoice", "NOPE", "-o", pdf},
		{"letter", "--kind", "billing-change", "--invoice", "F1", "-o", pdf},
	} {
		if r := runAt(t, day, append([]string{"--db", db}, bad...)...); r.code != ExitUser {
			t.Errorf("%v: %+v", bad, r)
		}
	}
}

func TestSMSCommand(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	var out struct {
		Text     string `json:"text"`
		Encoding string `json:"encoding"`
		Length   int    `json:"length"`
		Segments int    `json:"segments"`
	}
	r := runAt(t, day, "--db", db, "sms", "--kind", "reminder-1", "--invoice", "F1", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out.Encoding != "GSM-7" || out.Segments != 1 || !strings.Contains(out.Text, "F1") {
		t.Fatalf("%v %+v %s", err, out, r.stderr)
	}
	// After the command, --lang is the text's language, not the interface's.
	r = runAt(t, day, "--db", db, "sms", "--kind", "reminder-1", "--invoice", "F1", "--lang", "sr-Cyrl", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out.Encoding != "UCS-2" || !strings.Contains(out.Text, "фактура") {
		t.Fatalf("%v %+v", err, out)
	}
	if r := runAt(t, day, "--db", db, "sms", "--kind", "statement", "--invoice", "F1"); r.code != ExitUser {
		t.Fatalf("%+v", r)
	}
}

// TestPrintBatch: every postal letter of the plan in one PDF, after a cover
// page, each letter starting on an odd page, sorted by postcode.
func TestPrintBatch(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	db := tempDB(t)
	day := ledger.MustDate("2025-07-20")
	for _, args := range [][]string{
		{"init"},
		{"import", "customers", write(t, "c.csv", "code,name,address1,postcode,city,country,delivery\n"+
			"P1,Zeta Plomberie,1 rue A,75011,Paris,FR,postal\nP2,Alpha Menuiserie,2 rue B,13001,Marseille,FR,postal\n"+
			"P3,Beta Vitrerie,3 rue C,69002,Lyon,FR,postal\n")},
		{"import", "invoices", write(t, "i.csv", "number,customer_code,issue_date,due_date,total\nI1,P1,2025-05-01,2025-06-01,100\nI2,P2,2025-05-01,2025-06-01,200\nI3,P3,2025-05-01,2025-06-01,300\n")},
	} {
		if r := runAt(t, day, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	out := filepath.Join(t.TempDir(), "batch.pdf")
	if r := runAt(t, day, "--db", db, "print", "-o", out); r.code != 0 || !strings.Contains(r.stdout, "3 letter(s)") {
		t.Fatalf("%+v", r)
	}
	pageText := func(n int) string {
		b, err := exec.Command("pdftotext", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if !strings.Contains(pageText(1), "Alpha Menuiserie") || strings.TrimSpace(pageText(2)) != "" {
		t.Fatal("no cover page followed by a blank back")
	}
	// Postcodes 13001 < 69002 < 75011; one-page letters on pages 3, 5, 7,
	// each followed by the copy of its invoice on the back.
	for page, name := range map[int]string{3: "Alpha Menuiserie", 5: "Beta Vitrerie", 7: "Zeta Plomberie"} {
		if !strings.Contains(pageText(page), name) {
			t.Errorf("page %d does not start %s's letter:\n%s", page, name, pageText(page))
		}
	}
	for page, number := range map[int]string{4: "I2", 6: "I3", 8: "I1"} {
		if text := pageText(page); !strings.Contains(text, "Copie de la facture "+number) { // the customers write French
			t.Errorf("page %d is not the copy of %s:\n%s", page, number, text)
		}
	}
	if _, err := exec.LookPath("qpdf"); err == nil {
		if b, err := exec.Command("qpdf", "--check", out).CombinedOutput(); err != nil {
			t.Fatalf("qpdf --check: %v\n%s", err, b)
		}
	}
}

func TestLetterPayByCalendar(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	dir := t.TempDir()
	ics := filepath.Join(dir, "payby.ics")
	if r := runAt(t, day, "--db", db, "letter", "--kind", "final-demand", "--invoice", "F1", "-o", filepath.Join(dir, "l.pdf"), "--ics", ics); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	b, err := os.ReadFile(ics)
	if err != nil {
		t.Fatal(err)
	}
	// The final demand's deadline: 8 days after the letter.
	if s := string(b); !strings.Contains(s, "DTSTART;VALUE=DATE:20250728\r\n") || !strings.Contains(s, "BEGIN:VEVENT") {
		t.Fatalf("%s", s)
	}
	if r := runAt(t, day, "--db", db, "letter", "--kind", "reminder-1", "--invoice", "F1", "-o", filepath.Join(dir, "m.pdf"), "--ics", ics); r.code != ExitUser {
		t.Fatalf("%+v", r)
	}
}

// TestPrintBatchAppendsOriginals: an invoice whose original PDF is on file
// travels as that PDF, page for page; one whose file cannot be read gets a
// generated copy and a warning naming the invoice and the file.
func TestPrintBatchAppendsOriginals(t *testing.T) {
	for _, tool := range []string{"pdftotext", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	db := tempDB(t)
	day := ledger.MustDate("2025-07-20")
	dir := t.TempDir()
	orig, err := os.ReadFile("../render/testdata/original-invoice.pdf") // two pages, by LibreOffice
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "pdfs"), 0o700)
	os.WriteFile(filepath.Join(dir, "pdfs", "I1.pdf"), orig, 0o600)
	os.WriteFile(filepath.Join(dir, "pdfs", "I2.pdf"), []byte("not a PDF at all"), 0o600)
	inv := filepath.Join(dir, "i.csv")
	os.WriteFile(inv, []byte("number,customer_code,issue_date,due_date,total,pdf\n"+
		"I1,P1,2025-05-01,2025-06-01,100,pdfs/I1.pdf\nI2,P2,2025-05-01,2025-06-01,200,pdfs/I2.pdf\nI3,P3,2025-05-01,2025-06-01,300,\n"), 0o600)
	for _, args := range [][]string{
		{"init"},
		{"import", "customers", write(t, "c.csv", "code,name,address1,postcode,city,country,delivery\n"+
			"P1,Zeta Plomberie,1 rue A,75011,Paris,FR,postal\nP2,Alpha Menuiserie,2 rue B,13001,Marseille,FR,postal\n"+
			"P3,Beta Vitrerie,3 rue C,69002,Lyon,FR,postal\n")},
		{"import", "invoices", inv},
	} {
		if r := runAt(t, day, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	out := filepath.Join(dir, "batch.pdf")
	r := runAt(t, day, "--db", db, "print", "-o", out)
	if r.code != 0 || !strings.Contains(r.stdout, "3 letter(s), 10 pages") {
		t.Fatalf("%+v", r)
	}
	if !strings.Contains(r.stderr, "I2") || !strings.Contains(r.stderr, filepath.Join(dir, "pdfs", "I2.pdf")) || strings.Contains(r.stderr, "I1.pdf") {
		t.Errorf("warnings: %q", r.stderr)
	}
	if b, err := exec.Command("qpdf", "--check", out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, b)
	}
	if b, _ := exec.Command("qpdf", "--show-npages", out).Output(); strings.TrimSpace(string(b)) != "10" {
		t.Fatalf("%s pages, want 10", b)
	}
	pageText := func(n int) string {
		b, err := exec.Command("pdftotext", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// Cover, blank; Alpha (13001) and its generated copy of I2; Beta
	// (69002) and the copy of I3; Zeta (75011), the two pages of I1's
	// original, and a blank back.
	want := map[int]string{1: "Alpha Menuiserie", 3: "Alpha Menuiserie", 4: "Copie de la facture I2", 5: "Beta Vitrerie",
		6: "Copie de la facture I3", 7: "Zeta Plomberie", 8: "FACTURE F-1001", 9: "Conditions générales"}
	for page, text := range want {
		if got := pageText(page); !strings.Contains(got, text) {
			t.Errorf("page %d: want %q in\n%s", page, text, got)
		}
	}
	for _, page := range []int{2, 10} {
		if got := strings.TrimSpace(pageText(page)); got != "" {
			t.Errorf("page %d is not blank: %q", page, got)
		}
	}
	// The letters say what travels with them.
	if !strings.Contains(pageText(7), "ci-joint") || strings.Contains(pageText(3), "ci-joint") {
		t.Errorf("letters do not tell the original from the copy:\n%s\n---\n%s", pageText(7), pageText(3))
	}
}

// TestPrintRecord: print --record writes the batch and records its letters
// in one go, so the next run has nothing to print; a batch that cannot be
// written records nothing.
func TestPrintRecord(t *testing.T) {
	db := tempDB(t)
	day := ledger.MustDate("2025-07-20")
	for _, args := range [][]string{
		{"init"},
		{"import", "customers", write(t, "c.csv", "code,name,address1,postcode,city,country,delivery\n"+
			"P1,Zeta Plomberie,1 rue A,75011,Paris,FR,postal\nP2,Alpha Menuiserie,2 rue B,13001,Marseille,FR,postal\n")},
		{"import", "invoices", write(t, "i.csv", "number,customer_code,issue_date,due_date,total\nI1,P1,2025-05-01,2025-06-01,100\nI2,P2,2025-05-01,2025-06-01,200\n")},
	} {
		if r := runAt(t, day, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	dir := t.TempDir()
	// The output cannot be written: nothing is recorded.
	bad := filepath.Join(dir, "no-such-folder", "batch.pdf")
	if r := runAt(t, day, "--db", db, "print", "--record", "-o", bad); r.code != ExitUser || !strings.Contains(r.stderr, "no-such-folder") {
		t.Fatalf("unwritable output: %+v", r)
	}
	out := filepath.Join(dir, "batch.pdf")
	r := runAt(t, day, "--db", db, "print", "--record", "-o", out)
	if r.code != 0 || !strings.Contains(r.stdout, "2 letter(s)") || !strings.Contains(r.stdout, "recorded") {
		t.Fatalf("%+v", r)
	}
	if st, err := os.Stat(out); err != nil || st.Size() < 1000 {
		t.Fatalf("batch file: %v", err)
	}
	// Recorded: the same day's plan has nothing left to post, and a
	// second run prints nothing (and leaves the first file alone).
	r = runAt(t, day, "--db", db, "print", "--record", "-o", filepath.Join(dir, "again.pdf"))
	if r.code != 0 || !strings.Contains(r.stdout, "nothing to print") {
		t.Fatalf("second run: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "again.pdf")); err == nil {
		t.Error("an empty batch was written")
	}
	// Two weeks later the ladder has moved on: the second letters.
	later := ledger.MustDate("2025-08-04")
	r = runAt(t, later, "--db", db, "plan", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"reminder-2"`) {
		t.Fatalf("plan after the recorded batch: %+v", r)
	}
}
