package bench

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/bankfile"
	"github.com/relance-app/relance/internal/ledger"
)

// bankLedger is a copy of the 1,000,000-invoice ledger for the bank
// benchmarks, so that the cached one is left as it is (the copy is
// migrated when opened).
func bankLedger(b *testing.B) *app.Service {
	src := bigLedger(b)
	dst := filepath.Join(b.TempDir(), "bank.db")
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	svc, err := app.Open(context.Background(), dst, app.Options{Today: func() ledger.Date { return benchToday }})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("opened (and migrated) the ledger's copy in %v", time.Since(start))
	b.Cleanup(func() { svc.Close() })
	return svc
}

// benchStatement is a quarter of a very busy account: n entries, half of them
// debits and fees; of the credits, 80 % name one open invoice (written as
// the ledger has it, without separators, or spaced out) and pay its
// balance, 8 % pay part of it, 6 % pay more than it (proposals), 6 % name
// no invoice and come from a customer's name (proposals by payer).
func benchStatement(b *testing.B, svc *app.Service, n int) bankfile.Statement {
	ctx := context.Background()
	rows, err := svc.Store().DB().QueryContext(ctx, `SELECT i.number, c.name, i.total - coalesce((SELECT sum(p.amount)
		FROM payments p WHERE p.invoice_id = i.id), 0) FROM invoices i JOIN customers c ON c.id = i.customer_id
		WHERE i.settled_on IS NULL AND i.currency = 'EUR' ORDER BY i.id`)
	if err != nil {
		b.Fatal(err)
	}
	type open struct {
		number, name string
		balance      int64
	}
	var opens []open
	for rows.Next() {
		var o open
		if err := rows.Scan(&o.number, &o.name, &o.balance); err != nil {
			b.Fatal(err)
		}
		if o.balance > 1 {
			opens = append(opens, o)
		}
	}
	rows.Close()
	credits := n / 2
	if len(opens) < credits {
		b.Fatalf("%d open EUR invoices, want %d", len(opens), credits)
	}
	r := rand.New(rand.NewPCG(benchSeed, 15))
	r.Shuffle(len(opens), func(i, j int) { opens[i], opens[j] = opens[j], opens[i] })
	st := bankfile.Statement{Format: bankfile.FormatCAMT053, Currency: "EUR"}
	// A quarter's statement: booked after the payments already recorded,
	// as a new statement is.
	day := benchToday.AddDays(-91)
	for i := 0; i < n; i++ {
		e := bankfile.Entry{BankRef: fmt.Sprintf("BNK%09d", i), BookingDate: day.AddDays(i * 91 / n), Line: 10 + i*40}
		if i%2 == 1 {
			e.Amount = int64(1000 + r.IntN(500_000))
			e.PartyName, e.Text = "FOURNISSEUR "+fmt.Sprint(i%97), "PRLV SEPA facture fournisseur "+fmt.Sprint(i)
			e.Fee = i%10 == 1
			st.Entries = append(st.Entries, e)
			continue
		}
		o := opens[i/2]
		e.Credit, e.PartyName, e.Amount = true, o.name, o.balance
		key := []byte{}
		for _, c := range o.number {
			if c != '-' {
				key = append(key, byte(c))
			}
		}
		switch k := (i / 2) % 50; {
		case k < 40: // the balance, the number as written, or without separators, or spaced out
			switch k % 3 {
			case 0:
				e.Text = "VIR SEPA " + o.number
			case 1:
				e.Text = "REGLEMENT FACTURE N°" + string(key) + " MERCI"
			default:
				e.Text = "Facture " + string(key[:1]) + " " + string(key[1:5]) + " " + string(key[5:])
			}
		case k < 44: // part of it
			e.Amount, e.Text = o.balance/2, "Acompte facture "+o.number
		case k < 47: // more than it
			e.Amount, e.Text = o.balance+1000, "Facture "+o.number
		default: // no invoice named
			e.Text = "VIREMENT DE " + o.name
		}
		st.Entries = append(st.Entries, e)
	}
	return st
}

// BenchmarkBankImport100k: a 100,000-entry statement against the
// 1,000,000-invoice ledger, matched and applied, in a dry run (everything
// done, then rolled back, so every iteration finds the same ledger). The
// statement is built as a bankfile.Statement: the file readers are
// benchmarked on their own (BenchmarkReadCAMT100k).
func BenchmarkBankImport100k(b *testing.B) {
	svc := bankLedger(b)
	ctx := context.Background()
	st := benchStatement(b, svc, 100_000)
	co, err := svc.Company(ctx)
	if err != nil {
		b.Fatal(err)
	}
	req := app.BankImportRequest{DryRun: true, Account: co.IBAN}
	if co.IBAN == "" {
		req.Account = "FR7630006000011234567890189"
	}
	var res app.BankImportResult
	cpu := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err = svc.ImportBankStatements(ctx, "bench.xml", []bankfile.Statement{st}, req)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	if res.Entries != 100_000 || res.Applied < 40_000 {
		b.Fatalf("%+v", res)
	}
	b.ReportMetric(float64(res.Entries)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(float64(res.Applied), "applied")
	b.ReportMetric(float64(res.Proposals), "proposals")
	b.Logf("%s", app.BankImportSummary("en", res))
}

// camtFile writes st as a camt.053.001.08 statement of account iban, laid
// out as banks write it (tab-indented, one element a line, the layout of
// bankfile's BenchmarkReadCAMT100k): each credit with its payer, a
// remittance text and an end-to-end id, each fee with its bank
// transaction code.
func camtFile(st bankfile.Statement, iban string) []byte {
	var b bytes.Buffer
	b.Grow(len(st.Entries) * 1000)
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
	<BkToCstmrStmt>
		<GrpHdr>
			<MsgId>BENCH-0001</MsgId>
			<CreDtTm>%sT20:00:00+01:00</CreDtTm>
		</GrpHdr>
		<Stmt>
			<Id>BENCH-STMT-0001</Id>
			<Acct>
				<Id>
					<IBAN>%s</IBAN>
				</Id>
				<Ccy>EUR</Ccy>
			</Acct>
`, benchToday, iban)
	esc := func(s string) string {
		var w strings.Builder
		xml.EscapeText(&w, []byte(s))
		return w.String()
	}
	for i, e := range st.Entries {
		dir, code := "DBIT", "<Cd>PMNT</Cd>\n\t\t\t\t\t\t<Fmly>\n\t\t\t\t\t\t\t<Cd>IDDT</Cd>\n\t\t\t\t\t\t\t<SubFmlyCd>ESDD</SubFmlyCd>"
		if e.Credit {
			dir, code = "CRDT", "<Cd>PMNT</Cd>\n\t\t\t\t\t\t<Fmly>\n\t\t\t\t\t\t\t<Cd>RCDT</Cd>\n\t\t\t\t\t\t\t<SubFmlyCd>ESCT</SubFmlyCd>"
		}
		if e.Fee {
			code = "<Cd>ACMT</Cd>\n\t\t\t\t\t\t<Fmly>\n\t\t\t\t\t\t\t<Cd>MDOP</Cd>\n\t\t\t\t\t\t\t<SubFmlyCd>CHRG</SubFmlyCd>"
		}
		party := "Cdtr"
		if e.Credit {
			party = "Dbtr"
		}
		amount := fmt.Sprintf("%d.%02d", e.Amount/100, e.Amount%100)
		fmt.Fprintf(&b, `			<Ntry>
				<Amt Ccy="EUR">%s</Amt>
				<CdtDbtInd>%s</CdtDbtInd>
				<Sts>
					<Cd>BOOK</Cd>
				</Sts>
				<BookgDt>
					<Dt>%s</Dt>
				</BookgDt>
				<ValDt>
					<Dt>%s</Dt>
				</ValDt>
				<AcctSvcrRef>%s</AcctSvcrRef>
				<BkTxCd>
					<Domn>
						%s
						</Fmly>
					</Domn>
				</BkTxCd>
				<NtryDtls>
					<TxDtls>
						<Refs>
							<EndToEndId>E2E-%08d</EndToEndId>
						</Refs>
						<Amt Ccy="EUR">%s</Amt>
						<CdtDbtInd>%s</CdtDbtInd>
						<RltdPties>
							<%s>
								<Pty>
									<Nm>%s</Nm>
								</Pty>
							</%s>
						</RltdPties>
						<RmtInf>
							<Ustrd>%s</Ustrd>
						</RmtInf>
					</TxDtls>
				</NtryDtls>
			</Ntry>
`, amount, dir, e.BookingDate, e.BookingDate, e.BankRef, code, i, amount, dir, party, esc(e.PartyName), party, esc(e.Text))
	}
	b.WriteString("\t\t</Stmt>\n\t</BkToCstmrStmt>\n</Document>\n")
	return b.Bytes()
}

// BenchmarkBankCAMT100k: the same 100,000 entries written as a
// camt.053.001.08 file, read (bankfile.Read) and matched and applied
// against the 1,000,000-invoice ledger, in a dry run: the issue's
// "parsed and matched" figure.
func BenchmarkBankCAMT100k(b *testing.B) {
	svc := bankLedger(b)
	ctx := context.Background()
	co, err := svc.Company(ctx)
	if err != nil {
		b.Fatal(err)
	}
	iban := strings.ReplaceAll(co.IBAN, " ", "")
	if iban == "" {
		iban = "FR7630006000011234567890189"
	}
	data := camtFile(benchStatement(b, svc, 100_000), iban)
	path := filepath.Join(b.TempDir(), "camt053.xml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	req := app.BankImportRequest{DryRun: true, Account: iban}
	var res app.BankImportResult
	cpu := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res, err = svc.ImportBankFile(ctx, path, req); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	if res.Entries != 100_000 || res.Applied < 40_000 {
		b.Fatalf("%+v", res)
	}
	b.ReportMetric(float64(len(data))/(1<<20), "file-MiB")
	b.ReportMetric(float64(res.Entries)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(float64(res.Applied), "applied")
	b.Logf("%s", app.BankImportSummary("en", res))
	// Once for real (committed), then again: nothing twice.
	req.DryRun = false
	for _, what := range []string{"imported", "imported again"} {
		start := time.Now()
		if res, err = svc.ImportBankFile(ctx, path, req); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s in %v: %s", what, time.Since(start).Round(time.Millisecond), app.BankImportSummary("en", res))
	}
	if res.Duplicates != 100_000 || res.Applied != 0 {
		b.Fatalf("again: %+v", res)
	}
}
