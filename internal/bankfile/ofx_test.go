package bankfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
)

func readSample(t *testing.T, path string, opts Options) []Statement {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sts, err := Read(filepath.Base(path), f, opts)
	if err != nil {
		t.Fatalf("Read %s: %v", path, err)
	}
	return sts
}

func day(s string) ledger.Date { return ledger.MustDate(s) }

// The expected values below were read by hand from the files.

func TestOFX1SGMLOneLineEntries(t *testing.T) {
	// A Canadian bank's OFX 1.0.2 with Intuit's INTU.BID (as QFX carries):
	// every entry on one line, leaves never closed.
	sts := readSample(t, "testdata/ofx/bank_medium.ofx", Options{})
	if len(sts) != 1 {
		t.Fatalf("%d statements, want 1", len(sts))
	}
	st := sts[0]
	if st.Format != FormatOFX1 || st.Version != "102" || st.Account != "160000100:12300 000012345678" || st.Currency != "CAD" {
		t.Errorf("statement = %s %s %q %s", st.Format, st.Version, st.Account, st.Currency)
	}
	if st.From != day("2009-04-01") || st.To != day("2009-05-23") {
		t.Errorf("period %s–%s", st.From, st.To)
	}
	want := []Entry{
		{BankRef: "0000123456782009040100001", BookingDate: day("2009-04-01"), Amount: 660, PartyName: "MCDONALD'S #112",
			Text: "POS MERCHANDISE;MCDONALD'S #112", Line: 15},
		{BankRef: "0000123456782009040200004", BookingDate: day("2009-04-02"), Amount: 31667, PartyName: "Joe's Bald Hairstyles",
			Text: "MISCELLANEOUS PAYMENTS;Joe's Bald Hairstyles", Line: 16},
		{BankRef: "0000123456782009040300005", BookingDate: day("2009-04-03"), Amount: 2200, PartyName: "CONNIE'S HAIR D",
			Text: "POS MERCHANDISE;CONNIE'S HAIR D", Line: 17},
	}
	checkEntries(t, st.Entries, want)
}

func TestOFX1SGMLIndented(t *testing.T) {
	st := readSample(t, "testdata/ofx/checking.ofx", Options{})[0]
	if st.Account != "5472369148:1452687~7" || st.Currency != "USD" {
		t.Errorf("account %q %s", st.Account, st.Currency)
	}
	want := []Entry{
		{BankRef: "0000486", BookingDate: day("2011-03-31"), Amount: 1, Credit: true, PartyName: "DIVIDEND EARNED FOR PERIOD OF 03",
			Text: "DIVIDEND EARNED FOR PERIOD OF 03/01/2011 THROUGH 03/31/2011 ANNUAL PERCENTAGE YIELD EARNED IS 0.05%", Line: 46},
		{BankRef: "0000487", BookingDate: day("2011-04-05"), Amount: 3451, PartyName: "AUTOMATIC WITHDRAWAL, ELECTRIC BILL",
			Text: "AUTOMATIC WITHDRAWAL, ELECTRIC BILL WEB(S )", Line: 54},
		{BankRef: "0000488", BookingDate: day("2011-04-07"), Amount: 2500, PartyName: "RETURNED CHECK FEE, CHECK # 319",
			Text: "RETURNED CHECK FEE, CHECK # 319 FOR $45.33 ON 04/07/11", Line: 62},
	}
	checkEntries(t, st.Entries, want)
}

func TestOFX1FrenchCP1252(t *testing.T) {
	// Windows-1252 accents, decimal commas, an empty MEMO left unclosed.
	st := readSample(t, "testdata/ofx/fr_cp1252.ofx", Options{})[0]
	if st.Account != "30004:00012345678" || st.Currency != "EUR" {
		t.Errorf("account %q %s", st.Account, st.Currency)
	}
	want := []Entry{
		{BankRef: "9F2A0C7E1B", BookingDate: day("2026-03-02"), ValueDate: day("2026-03-02"), Amount: 125000, Credit: true,
			PartyName: "VIR SEPA SARL LES CHÈNES", Text: "VIR SEPA SARL LES CHÈNES FACT F-2026-007 RF18539007547034", Line: 40},
		{BankRef: "9F2A0C7E1C", BookingDate: day("2026-03-03"), ValueDate: day("2026-03-03"), Amount: 840,
			PartyName: "COMMISSION INTERVENTION", Text: "COMMISSION INTERVENTION FRAIS TENUE DE COMPTE FÉVRIER", Line: 49},
		{BankRef: "9F2A0C7E1D", BookingDate: day("2026-03-04"), ValueDate: day("2026-03-04"), Amount: 250, Fee: true,
			PartyName: "COTISATION CARTE", Text: "COTISATION CARTE", Line: 58},
	}
	checkEntries(t, st.Entries, want)
}

func TestOFX2XMLCreditCardUnclosedLeaves(t *testing.T) {
	// ANZ: an OFX 2.0.3 XML header over SGML-style unclosed leaves.
	st := readSample(t, "testdata/ofx/anzcc.ofx", Options{})[0]
	if st.Format != FormatOFX2 || st.Version != "203" || st.Account != "1234123412341234" || st.Currency != "AUD" {
		t.Errorf("statement = %s %s %q %s", st.Format, st.Version, st.Account, st.Currency)
	}
	checkEntries(t, st.Entries, []Entry{{BankRef: "201705080001", BookingDate: day("2017-05-08"), ValueDate: day("2017-05-08"),
		Amount: 550, Text: "SOME MEMO", Line: 29}})
}

func TestOFX2XMLWellFormedCDATA(t *testing.T) {
	st := readSample(t, "testdata/ofx/suncorp.ofx", Options{})[0]
	if st.Format != FormatOFX2 || st.Version != "200" || st.Account != "SUNCORP:123456789" || st.Currency != "AUD" {
		t.Errorf("statement = %s %s %q %s", st.Format, st.Version, st.Account, st.Currency)
	}
	checkEntries(t, st.Entries, []Entry{{BankRef: "1", BookingDate: day("2013-12-15"), Amount: 1685,
		PartyName: "EFTPOS WDL HANDYWAY ALDI STORE", Text: "EFTPOS WDL HANDYWAY ALDI STORE   GEELONG WEST VICAU", Line: 35}})
}

func TestOFXEmptyTagsAndEntryCurrency(t *testing.T) {
	// CURDEF written empty: the entry's CURRENCY/CURSYM says AUD; FITID
	// empty (the caller keys the entry by its fingerprint).
	st := readSample(t, "testdata/ofx/ofx-v102-empty-tags.ofx", Options{})[0]
	if st.Account != "NPBS:12345678" || st.Currency != "AUD" {
		t.Errorf("account %q %s", st.Account, st.Currency)
	}
	checkEntries(t, st.Entries, []Entry{{BookingDate: day("2018-05-07"), Amount: 1234, Credit: true, Text: "CBA:Transfer", Line: 23}})
}

func TestQFXChaseCreditCard(t *testing.T) {
	// Chase's QFX: the header right after a blank first line and right
	// before <OFX>, CHARSET:1252 declared over a UTF-8 "¦".
	st := readSample(t, "testdata/ofx/chase_cc.qfx", Options{})[0]
	if st.Format != FormatOFX1 || st.Account != "0123012301230123" || st.Currency != "USD" || st.From != day("2020-01-01") || st.To != day("2020-01-02") {
		t.Errorf("statement %s %q %s %s–%s", st.Format, st.Account, st.Currency, st.From, st.To)
	}
	checkEntries(t, st.Entries, []Entry{{BankRef: "2020010112341234123412341234123", BookingDate: day("2020-01-01"), Amount: 1000,
		PartyName: "SQ *ECCO UN POCO ¦ NATURA", Text: "SQ *ECCO UN POCO ¦ NATURA", Line: 43}})
}

func TestOFXSeveralAccounts(t *testing.T) {
	sts := readSample(t, "testdata/ofx/multiple_accounts2.ofx", Options{})
	if len(sts) != 2 || sts[0].Account != "123:9100" || sts[1].Account != "123:9200" || len(sts[0].Entries)+len(sts[1].Entries) != 0 {
		t.Fatalf("statements = %+v", sts)
	}
}

func checkEntries(t *testing.T, got, want []Entry) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func readText(name, data string, opts Options) ([]Statement, error) {
	return Read(name, strings.NewReader(data), opts)
}

const ofxHead = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"

func ofxWith(trn string) string {
	return ofxHead + "<OFX>\n<BANKMSGSRSV1><STMTTRNRS><STMTRS>\n<CURDEF>EUR\n<BANKACCTFROM><BANKID>30004<ACCTID>FR7630006000011234567890189</BANKACCTFROM>\n<BANKTRANLIST>\n" +
		trn + "\n</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
}

func TestOFXAccountIBANAndCorrections(t *testing.T) {
	sts, err := readText("s.ofx", ofxWith("<STMTTRN><TRNTYPE>DEP<DTPOSTED>20260102<TRNAMT>+10.5<FITID>B<CORRECTFITID>A<CORRECTACTION>REPLACE"+
		"<NAME>A &amp; B<BANKACCTTO><BANKID>X<ACCTID>DE89 3704 0044 0532 0130 00</BANKACCTTO></STMTTRN>"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sts[0].Account != "FR7630006000011234567890189" {
		t.Errorf("account %q", sts[0].Account)
	}
	checkEntries(t, sts[0].Entries, []Entry{{BankRef: "B", BookingDate: day("2026-01-02"), Amount: 1050, Credit: true, Reversal: true,
		OrigRef: "A", PartyName: "A & B", PartyIBAN: "DE89370400440532013000", Text: "A & B", Line: 16}})
}

func TestOFXUnclosedEntries(t *testing.T) {
	// Entries whose </STMTTRN> the bank left out: each ends where the next
	// begins, the last with </BANKTRANLIST>.
	sts, err := readText("s.ofx", ofxWith("<STMTTRN><DTPOSTED>20260102<TRNAMT>1,00<FITID>A\n<STMTTRN><DTPOSTED>20260103<TRNAMT>-2,00<FITID>B"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, sts[0].Entries, []Entry{{BankRef: "A", BookingDate: day("2026-01-02"), Amount: 100, Credit: true, Line: 16},
		{BankRef: "B", BookingDate: day("2026-01-03"), Amount: 200, Line: 17}})
}

func TestOFXBadInput(t *testing.T) {
	full := ofxWith("<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260102<TRNAMT>10.00<FITID>A</STMTTRN>")
	for _, c := range []struct {
		name, data string
		line       int
		says       string
	}{
		{"truncated in a tag", full[:strings.Index(full, "</STMTTRN>")+5], 16, `the file ends inside the tag "</STM"`},
		{"truncated", full[:strings.Index(full, "</STMTTRN>")], 16, "<STMTTRN> opened on line 16 is never closed"},
		{"decimals", ofxWith("<STMTTRN><DTPOSTED>20260102<TRNAMT>10.005<FITID>A</STMTTRN>"), 16, `TRNAMT "10.005": more decimals than EUR allows (2)`},
		{"not an amount", ofxWith("<STMTTRN><DTPOSTED>20260102<TRNAMT>1 000.00<FITID>A</STMTTRN>"), 16, `TRNAMT "1 000.00": not an amount`},
		{"date", ofxWith("<STMTTRN><DTPOSTED>20261302<TRNAMT>1<FITID>A</STMTTRN>"), 16, `DTPOSTED "20261302": not an OFX date`},
		{"no amount", ofxWith("<STMTTRN><DTPOSTED>20260102<FITID>A</STMTTRN>"), 16, "STMTTRN without TRNAMT"},
		{"other currency", ofxWith("<STMTTRN><DTPOSTED>20260102<TRNAMT>1<CURRENCY><CURRATE>1<CURSYM>USD</CURRENCY></STMTTRN>"), 16, "an entry in USD in a statement in EUR"},
		{"stray close", ofxWith("</FOO>"), 16, "</FOO> closes nothing"},
		{"bad tag", ofxWith("<STMTTRN <TRNAMT>1"), 16, "not a tag"},
		{"no statement", ofxHead + "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500<SEVERITY>ERROR</STATUS></SONRS></SIGNONMSGSRSV1></OFX>", 0, "no bank or credit card statement"},
		{"charset", strings.Replace(full, "CHARSET:1252", "CHARSET:EBCDIC", 1), 0, `character set "EBCDIC"`},
		{"deep", ofxHead + "<OFX>" + strings.Repeat("<A>", 100) + strings.Repeat("</A>", 100) + "</OFX>", 11, "nested more than 64"},
		{"entities are not expanded", ofxHead + `<!DOCTYPE OFX [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><OFX></OFX>`, 0, "no bank or credit card statement"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := readText("s.ofx", c.data, Options{})
			var fe *importer.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a FileError", err)
			}
			if fe.File != "s.ofx" || fe.Line != c.line || !strings.Contains(fe.Error(), c.says) {
				t.Errorf("err = %q (line %d), want line %d saying %q", fe.Error(), fe.Line, c.line, c.says)
			}
		})
	}
}
