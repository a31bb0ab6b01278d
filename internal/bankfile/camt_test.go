package bankfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// readCAMTFile reads testdata/camt/name through Read, as an import does.
func readCAMTFile(t *testing.T, name string) []Statement {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "camt", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sts, err := Read(name, f, Options{})
	if err != nil {
		t.Fatalf("Read %s: %v", name, err)
	}
	return sts
}

func one(t *testing.T, sts []Statement) Statement {
	t.Helper()
	if len(sts) != 1 {
		t.Fatalf("%d statements, want 1", len(sts))
	}
	return sts[0]
}

// entryAt finds the entry with the bank reference ref.
func entryAt(t *testing.T, st Statement, ref string) Entry {
	t.Helper()
	for _, e := range st.Entries {
		if e.BankRef == ref {
			return e
		}
	}
	t.Fatalf("no entry %q", ref)
	return Entry{}
}

func checkEntry(t *testing.T, got, want Entry) {
	t.Helper()
	if got != want {
		t.Errorf("entry %s:\n got %+v\nwant %+v", want.BankRef, got, want)
	}
}

// PostFinance's camt.053.001.04 (a day of a Swiss business account):
// values checked by reading the file.
func TestCAMTPostFinance053(t *testing.T) {
	st := one(t, readCAMTFile(t, "postfinance-camt053.001.04.xml"))
	if st.Format != FormatCAMT053 || st.Version != "001.04" || st.Account != "CH0309000000250090342" ||
		st.Currency != "CHF" || st.ID != "20160430375204000008574" ||
		st.From != ledger.MustDate("2016-04-30") || st.To != ledger.MustDate("2016-04-30") {
		t.Errorf("statement %s %s %s %s %s %v %v", st.Format, st.Version, st.Account, st.Currency, st.ID, st.From, st.To)
	}
	// 13 Ntry: 6 fees, a batch of 10 ESR credits, a batch of 8 ES
	// credits, a batch of 3 returns, a batch of 2 direct debits, one
	// direct debit, two refunds: 6+10+8+3+2+1+2.
	if len(st.Entries) != 32 {
		t.Fatalf("%d entries, want 32", len(st.Entries))
	}
	d := ledger.MustDate
	// A fee: ACMT/ADOP/CHRG, one TxDtls of the same reference.
	checkEntry(t, st.Entries[0], Entry{
		BankRef: "20160401001027080060699001000107", BookingDate: d("2016-04-30"), ValueDate: d("2016-04-30"),
		Amount: 2400, Fee: true, Text: "UEBRIGE: 25-9034-2 FÜR KONTOAUSZUG PAPIER TÄGLICH", Line: 53,
	})
	// The ESR batch (Ntry of line 245, 1000.00 in 10 TxDtls): each part
	// keyed by its own AcctSvcrRef, with its own amount and reference.
	var batch int64
	for _, e := range st.Entries {
		if e.Line == 245 {
			batch += e.Amount
			if !e.Credit || e.BookingDate != d("2016-05-27") || e.ValueDate != d("2016-05-30") {
				t.Errorf("batch part %+v", e)
			}
		}
	}
	if batch != 100000 {
		t.Errorf("the ESR batch's parts add up to %d, want 100000", batch)
	}
	checkEntry(t, entryAt(t, st, "160527CH00T3KWWA"), Entry{
		BankRef: "160527CH00T3KWWA", BookingDate: d("2016-05-27"), ValueDate: d("2016-05-30"),
		Amount: 5000, Credit: true, PartyName: "Rutschmann Pia", StructuredRef: "000000000002016030002820804",
		Text: "?REJECT?0 SAMMELGUTSCHRIFT ESR VERARBEITUNG VOM 27.05.2016 KUNDENNUMMER 01-000000-4 PAKET ID: 160527CH000000RU",
		Line: 245,
	})
	// A returned transfer of ours (ICDT/RRTN, RvslInd false): a credit
	// that is a reversal; PostFinance names the returner as Dbtr.
	checkEntry(t, entryAt(t, st, "160406CH00NKSQ5N"), Entry{
		BankRef: "160406CH00NKSQ5N", BookingDate: d("2016-04-06"), ValueDate: d("2016-03-23"),
		Amount: 4000, Credit: true, Reversal: true, PartyName: "Max Mustermann", PartyIBAN: "CH7408237100000000002",
		Text: "Return Mitteilung Muster SAMMELGUTSCHRIFT RETOUREN VERARBEITUNG VOM 06.04.2016 PAKET ID: 160406CH0000005Q",
		Line: 1522,
	})
	// A batch of two direct debits collected (24.00 = 15.00 + 9.00).
	checkEntry(t, entryAt(t, st, "TST_201-2091644-8"), Entry{
		BankRef: "TST_201-2091644-8", BookingDate: d("2016-04-10"), ValueDate: d("2016-04-10"),
		Amount: 900, Credit: true, PartyName: "Bernasconi Maria", PartyIBAN: "CH3709000000250094580",
		Text:       "Mitteilung 131 GUTSCHRIFT CH-DD-BASISLASTSCHRIFT ID: 41107767420881932 REFERENZ-NR: PMTINF-1CHDDBB3",
		EndToEndID: "EndToEnd-CRDBRActSame-1B9C-CHDDBB3", Line: 1724,
	})
	// One TxDtls: the entry's own AcctSvcrRef is the key.
	e := entryAt(t, st, "20160410375244000000000000000071")
	if e.Amount != 5656 || !e.Credit || e.EndToEndID != "PMT-651727380907030005" || e.Line != 1835 {
		t.Errorf("direct debit %+v", e)
	}
	// A refunded direct debit: DBIT, RvslInd true; the charges inside
	// (Chrgs/Rcrd/Amt 0.70) are not the amount.
	checkEntry(t, entryAt(t, st, "20160410375244000000000000000082"), Entry{
		BankRef: "20160410375244000000000000000082", BookingDate: d("2016-04-10"), ValueDate: d("2016-04-10"),
		Amount: 600, Reversal: true, OrigRef: "EndToEnd-2B6C-CHDDBB5",
		PartyName: "Bernasconi Maria", PartyIBAN: "CH3709000000250094580",
		Text: "Mitteilung 128 RÜCKBELASTUNG (REFUND) CHDD-BASISLASTSCHRIFT ID: 41107767420881932 REFERENZ-NR: PMTINF-2CHDDBB5 " +
			"ZAHLUNGSPFLICHTIGER BERNASCONI MARIA MITTEILUNGEN: MD06 Lastschrift-Widerspruch durch den Zahlungspflichtigen",
		EndToEndID: "EndToEnd-2B6C-CHDDBB5", Line: 1904,
	})
	var fees, credits int
	for _, e := range st.Entries {
		if e.Fee {
			fees++
		}
		if e.Credit && !e.Reversal {
			credits++
		}
	}
	if fees != 6 || credits != 21 {
		t.Errorf("%d fees, %d credits; want 6 and 21", fees, credits)
	}
}

// PostFinance's camt.054.001.08 (Swiss 2019 layout): Sts/Cd, a
// notification's Ntfctn, NOTPROVIDED end-to-end id.
func TestCAMTPostFinance054(t *testing.T) {
	st := one(t, readCAMTFile(t, "postfinance-camt054.001.08.xml"))
	if st.Format != FormatCAMT054 || st.Version != "001.08" || st.Account != "CH2909000000250094239" || st.Currency != "CHF" {
		t.Errorf("statement %+v", st)
	}
	d := ledger.MustDate
	if len(st.Entries) != 1 {
		t.Fatalf("%d entries", len(st.Entries))
	}
	checkEntry(t, st.Entries[0], Entry{
		BankRef: "1000000000000000", BookingDate: d("2022-03-10"), ValueDate: d("2022-03-10"),
		Amount: 52210, Credit: true, PartyName: "Bernasconi Maria", PartyIBAN: "CH5109000000250092291",
		Text: "?REJECT?0 ?ERROR?000 GUTSCHRIFT AUFTRAGGEBER: Bernasconi Maria Place de la Gare 12 2502 Biel/Bienne " +
			"REFERENZEN: NOTPROVIDED 1006265-25bbb3b1a 2000000000000000",
		EndToEndID: "NOTPROVIDED", Line: 29,
	})
}

// camt.053.001.02 as ISO's examples lay it out: Sts as text, Dbtr/Nm,
// and no bank reference at all (the caller keys it by a hash).
func TestCAMT053Version02(t *testing.T) {
	st := one(t, readCAMTFile(t, "genkgo-camt053.v2.minimal.xml"))
	if st.Format != FormatCAMT053 || st.Version != "001.02" || st.Account != "NL26VAYB8060476890" || st.Currency != "EUR" ||
		st.ID != "253EURNL26VAYB8060476890" || st.From != ledger.MustDate("2007-10-18") {
		t.Errorf("statement %s %s %s %s %s %v", st.Format, st.Version, st.Account, st.Currency, st.ID, st.From)
	}
	if len(st.Entries) != 1 {
		t.Fatalf("%d entries", len(st.Entries))
	}
	checkEntry(t, st.Entries[0], Entry{
		BookingDate: ledger.MustDate("2014-12-31"), ValueDate: ledger.MustDate("2015-01-02"),
		Amount: 885, Credit: true, PartyName: "NAME NAME", PartyIBAN: "NL56AGDH9619008421",
		StructuredRef: "4654654654654654", Line: 90,
	})
}

// camt.053.001.08: Sts/Cd, BookgDt/DtTm (the bank's own day), Pty/Nm,
// the account as Othr/Id and no Acct/Ccy (the entries' currency is the
// statement's), a TxDtls amount of 0 SEK that is not the entry's.
func TestCAMT053Version08(t *testing.T) {
	st := one(t, readCAMTFile(t, "genkgo-camt053.v8.xml"))
	if st.Format != FormatCAMT053 || st.Version != "001.08" || st.Account != "NL26VAYB8060476890" || st.Currency != "EUR" {
		t.Errorf("statement %s %s %s %s", st.Format, st.Version, st.Account, st.Currency)
	}
	if len(st.Entries) != 1 {
		t.Fatalf("%d entries", len(st.Entries))
	}
	checkEntry(t, st.Entries[0], Entry{
		BankRef: "AAAASESS-FP-CN_98765/01", BookingDate: ledger.MustDate("2014-12-31"), ValueDate: ledger.MustDate("2015-01-02"),
		Amount: 885, Credit: true, PartyName: "NAME NAME", PartyIBAN: "NL56AGDH9619008421",
		StructuredRef: "4654654654654654", EndToEndID: "MUELL/FINP/RA12345", Line: 110,
	})
}

// camt.052 (account report) and camt.054 (notification), ISO's Swedish
// example bank. The camt.054 entry (200000 SEK) has three TxDtls in CHF:
// parts that cannot be told apart in the entry's currency, so one Entry
// with every part's references and texts, and no party (each part names
// another).
func TestCAMT052And054(t *testing.T) {
	st := one(t, readCAMTFile(t, "genkgo-camt052.v2.xml"))
	if st.Format != FormatCAMT052 || st.Version != "001.02" || st.Currency != "SEK" || len(st.Entries) != 1 {
		t.Fatalf("camt.052: %s %s %s %d entries", st.Format, st.Version, st.Currency, len(st.Entries))
	}
	e := st.Entries[0]
	if e.Amount != 20000000 || e.Credit || e.BankRef != "AAAASESS-FP-ACCR-01" || e.BookingDate != ledger.MustDate("2007-10-18") ||
		e.PartyName != "Company Name" || e.Line != 58 {
		t.Errorf("camt.052 entry %+v", e)
	}
	st = one(t, readCAMTFile(t, "genkgo-camt054.v4.xml"))
	if st.Format != FormatCAMT054 || st.Version != "001.04" || len(st.Entries) != 1 {
		t.Fatalf("camt.054: %s %s %d entries", st.Format, st.Version, len(st.Entries))
	}
	// Each part's structured reference (spaces removed) and texts, in
	// the file's order; the second reference of part 3 as written.
	want := "ISRrefnumberV1 Unstructured Remittance Information V1 Additional Remittance Information V1 " +
		"ISRrefnumberV2 Additional Remittance Information V2 " +
		"RefnumberV3block1 Unstructured Remittance Information V3 block 1 Unstructured Remittance Information V3 block 2 " +
		"Additional Remittance Information V3 block 1 Ref number V3 block 2 Additional Remittance Information V3 block 2 Order"
	if e := st.Entries[0]; e.Text != want || e.BankRef != "ACSR160617103200001" || e.Amount != 20000000 || e.PartyName != "" {
		t.Errorf("camt.054 entry %+v", e)
	}
}
