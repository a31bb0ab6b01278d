package bankfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
)

// camtDoc is a camt.053.001.08 statement of an EUR account holding the
// given entries, which start on line 7.
func camtDoc(entries string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
<BkToCstmrStmt>
<Stmt>
<Id>S1</Id>
<Acct><Id><IBAN>fr76 3000 6000 0112 3456 7890 189</IBAN></Id><Ccy>EUR</Ccy></Acct>
` + entries + `</Stmt>
</BkToCstmrStmt>
</Document>
`
}

// ntry is one entry on four lines: <Ntry>, the amount, the rest, </Ntry>.
func ntry(amt, ccy, rest string) string {
	return fmt.Sprintf("<Ntry>\n<Amt Ccy=%q>%s</Amt>\n<CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt>%s\n</Ntry>\n", ccy, amt, rest)
}

func readString(data string) ([]Statement, error) {
	return Read("bad.xml", strings.NewReader(data), Options{})
}

// camtErr reads data and wants a *importer.FileError of bad.xml with
// the reason key, at line (0: any line).
func camtErr(t *testing.T, data string, key string, line int, args ...any) {
	t.Helper()
	_, err := readString(data)
	var fe *importer.FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T), want a FileError %s", err, err, key)
	}
	if fe.File != "bad.xml" || fe.Reason.Key != key || (line > 0 && fe.Line != line) {
		t.Fatalf("error %q (%s line %d), want %s at line %d", fe.Error(), fe.Reason.Key, fe.Line, key, line)
	}
	if args != nil && !reflect.DeepEqual(fe.Reason.Args, args) {
		t.Fatalf("%s says %v, want %v", key, fe.Reason.Args, args)
	}
}

func TestCAMTTruncated(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "camt", "postfinance-camt053.001.04.xml"))
	if err != nil {
		t.Fatal(err)
	}
	// Cut after line 300's first tab: between elements, inside an Ntry.
	cut := bytes.Join(bytes.SplitAfter(data, []byte("\n"))[:299], nil)
	camtErr(t, string(cut)+"\t", "bank.camt_truncated", 300)
	// Cut inside a tag: the decoder's "unexpected EOF", said the same.
	at := bytes.Index(data, []byte(`<Amt Ccy="CHF">1000.00`)) + len("<Amt Cc")
	camtErr(t, string(data[:at]), "bank.camt_truncated", 247)
	// Cut inside a value.
	camtErr(t, camtDoc(ntry("12.5", "EUR", ""))[:len(camtDoc(""))-40], "bank.camt_truncated", 0)
}

// billion laughs: ten entities each ten times the one before, a
// gigabyte once expanded. Refused at its DTD, in no time and memory.
func TestCAMTEntityBomb(t *testing.T) {
	var dtd strings.Builder
	dtd.WriteString(`<!ENTITY lol0 "lol">`)
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&dtd, "\n <!ENTITY lol%d \"%s\">", i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	bomb := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE Document [
 ` + dtd.String() + `
]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt><Id>S</Id>
` + ntry("1.00", "EUR", "<NtryDtls><TxDtls><RmtInf><Ustrd>&lol9;</Ustrd></RmtInf></TxDtls></NtryDtls>") + `</Stmt></BkToCstmrStmt></Document>`
	camtErr(t, bomb, "bank.camt_dtd", 2)
	// An external entity (a file of the machine read into the text).
	camtErr(t, `<?xml version="1.0"?>
<!DOCTYPE Document SYSTEM "file:///etc/passwd"><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"/>`, "bank.camt_dtd", 2)
	// The same entity without its DTD: undeclared, said with its name.
	camtErr(t, camtDoc(ntry("1.00", "EUR", "<NtryDtls><TxDtls><RmtInf><Ustrd>x &lol9; y</Ustrd></RmtInf></TxDtls></NtryDtls>")),
		"bank.camt_entity", 9, "&lol9;")
	// XML's own five and character references are text as usual.
	sts, err := readString(camtDoc(ntry("1.00", "EUR", "<NtryDtls><TxDtls><RmtInf><Ustrd>A &amp; B &#233;t&#xE9; &lt;F-1&gt;</Ustrd></RmtInf></TxDtls></NtryDtls>")))
	if err != nil || sts[0].Entries[0].Text != "A & B été <F-1>" {
		t.Fatalf("%v %+v", err, sts)
	}
}

func TestCAMTAmounts(t *testing.T) {
	for _, c := range []struct {
		amt, ccy string
		want     int64
	}{
		{"18.150", "EUR", 1815}, // zeros past the cents: nothing rounded
		{"1234.56", "EUR", 123456},
		{"200000", "SEK", 20000000},
		{"2700", "JPY", 2700},
		{"2700.000", "JPY", 2700},
		{"1.234", "KWD", 1234},
		{"+5.5", "EUR", 550},
		{".5", "EUR", 50},
		{"5.", "EUR", 500}, // xs:decimal allows both
		{" 7.00 ", "EUR", 700},
		{"999999999999999.99", "EUR", 99999999999999999},
	} {
		sts, err := readString(camtDoc(ntry(c.amt, c.ccy, "")))
		if c.ccy != "EUR" {
			sts, err = readString(strings.Replace(camtDoc(ntry(c.amt, c.ccy, "")), "<Ccy>EUR</Ccy>", "<Ccy>"+c.ccy+"</Ccy>", 1))
		}
		if err != nil {
			t.Errorf("%s %s: %v", c.amt, c.ccy, err)
			continue
		}
		if got := sts[0].Entries[0].Amount; got != c.want {
			t.Errorf("%s %s = %d, want %d", c.amt, c.ccy, got, c.want)
		}
	}
	// More decimals than the currency has: the line of the amount, the
	// value as written, the currency and its decimals.
	camtErr(t, camtDoc(ntry("10.005", "EUR", "")), "bank.camt_amount_decimals", 8, "10.005", "EUR", 2)
	jpy := strings.Replace(camtDoc(ntry("100.5", "JPY", "")), "<Ccy>EUR</Ccy>", "<Ccy>JPY</Ccy>", 1)
	camtErr(t, jpy, "bank.camt_amount_decimals", 8, "100.5", "JPY", 0)
	for _, bad := range []string{"1,234.00", "12,50", "-5.00", "1e3", "1.2.3", "EUR 5", "0x10", "."} {
		camtErr(t, camtDoc(ntry(bad, "EUR", "")), "bank.camt_bad_amount", 8, bad)
	}
	camtErr(t, camtDoc(ntry("1234567890123456.00", "EUR", "")), "bank.camt_amount_large", 8, "1234567890123456.00")
	camtErr(t, camtDoc(ntry("", "EUR", "")), "bank.camt_no_amount", 7)
	camtErr(t, camtDoc(ntry("5.00", "EURO", "")), "bank.camt_bad_currency", 8, "EURO")
	// An entry in another currency than the account's.
	camtErr(t, camtDoc(ntry("1.00", "EUR", "")+ntry("5.00", "USD", "")), "bank.camt_currency_mismatch", 12, ledger.Currency("USD"), ledger.Currency("EUR"))
	// A batch part in the account's currency with too many decimals.
	camtErr(t, camtDoc(ntry("3.00", "EUR", `<NtryDtls>
<TxDtls><Amt Ccy="EUR">1.001</Amt></TxDtls>
<TxDtls><Amt Ccy="EUR">1.999</Amt></TxDtls></NtryDtls>`)), "bank.camt_amount_decimals", 10, "1.001", "EUR", 2)
}

func TestCAMTFieldErrors(t *testing.T) {
	camtErr(t, camtDoc(strings.Replace(ntry("1.00", "EUR", ""), "CRDT", "CRED", 1)), "bank.camt_bad_direction", 9, "CRED")
	camtErr(t, camtDoc(strings.Replace(ntry("1.00", "EUR", ""), "2026-03-02", "2026-02-30", 1)), "bank.camt_bad_date", 9, "2026-02-30")
	camtErr(t, camtDoc(strings.Replace(ntry("1.00", "EUR", ""), "<BookgDt><Dt>2026-03-02</Dt></BookgDt>", "", 1)), "bank.camt_no_date", 7)
	camtErr(t, strings.Replace(camtDoc(""), "<Ccy>EUR</Ccy>", "<Ccy>XYZ</Ccy>", 1), "bank.camt_bad_currency", 6, "XYZ")
	camtErr(t, camtDoc(ntry("1.00", "EUR", "")+"<Ntry><Amt Ccy=\"EUR\">1.00</Amount></Ntry>\n"), "bank.camt_mismatched_end", 11, "Amt", "Amount")
	camtErr(t, camtDoc("")+"</Extra>", "bank.camt_bad_end", 10, "Extra")
	camtErr(t, camtDoc(ntry("1.00", "EUR", strings.Repeat("<a>", 100)+strings.Repeat("</a>", 100))), "bank.camt_too_deep", 9, maxCAMTDepth)
	camtErr(t, `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><Foo/></Document>`, "bank.camt_not_camt", 1, "Document")
	camtErr(t, "<?xml version=\"1.0\"?>\n<!-- camt.053 -->\n", "bank.camt_empty", 0)
	camtErr(t, `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr/></BkToCstmrStmt></Document>`, "bank.camt_no_statement", 0)
	camtErr(t, camtDoc("<Ntry>\n<Amt Ccy=\"EUR\" Ccy=\"USD\">1</Amt></Ntry>"), "bank.camt_duplicate_attr", 8, "Amt", "Ccy")
}

// Only booked entries count: pending (PDNG) and information entries are
// skipped, whichever way the version writes the status; so is an entry
// of nothing. A value date stands in for a missing booking date.
func TestCAMTBookedOnly(t *testing.T) {
	doc := camtDoc(ntry("1.00", "EUR", "<AcctSvcrRef>A</AcctSvcrRef>") +
		strings.Replace(ntry("2.00", "EUR", ""), "<Sts><Cd>BOOK</Cd></Sts>", "<Sts><Cd>PDNG</Cd></Sts>", 1) +
		strings.Replace(ntry("3.00", "EUR", ""), "<Sts><Cd>BOOK</Cd></Sts>", "<Sts>PDNG</Sts>", 1) +
		strings.Replace(ntry("4.00", "EUR", "<NtryRef>D</NtryRef>"), "<Sts><Cd>BOOK</Cd></Sts>", "<Sts>BOOK</Sts>", 1) +
		ntry("0.00", "EUR", "") +
		strings.Replace(ntry("6.00", "EUR", "<ValDt><DtTm>2026-03-05T10:00:00+01:00</DtTm></ValDt>"), "<BookgDt><Dt>2026-03-02</Dt></BookgDt>", "", 1))
	sts, err := readString(doc)
	if err != nil {
		t.Fatal(err)
	}
	st := sts[0]
	if st.Account != "FR7630006000011234567890189" || st.ID != "S1" {
		t.Errorf("statement %q %q", st.Account, st.ID)
	}
	var got []string
	for _, e := range st.Entries {
		got = append(got, fmt.Sprintf("%d %s %s line %d", e.Amount, e.BankRef, e.BookingDate, e.Line))
	}
	want := []string{"100 A 2026-03-02 line 7", "400 D 2026-03-02 line 19", "600  2026-03-05 line 27"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entries\n got %q\nwant %q", got, want)
	}
	// A camt.053 entry without a status is booked (a statement holds
	// booked entries); in a camt.052 report it is not taken.
	noSts := strings.Replace(ntry("1.00", "EUR", ""), "<Sts><Cd>BOOK</Cd></Sts>", "", 1)
	if sts, err := readString(camtDoc(noSts)); err != nil || len(sts[0].Entries) != 1 {
		t.Errorf("camt.053 without Sts: %v %+v", err, sts)
	}
	rpt := strings.NewReplacer("camt.053", "camt.052", "BkToCstmrStmt", "BkToCstmrAcctRpt", "<Stmt>", "<Rpt>", "</Stmt>", "</Rpt>").Replace(camtDoc(noSts))
	if sts, err := readString(rpt); err != nil || sts[0].Format != FormatCAMT052 || len(sts[0].Entries) != 0 {
		t.Errorf("camt.052 without Sts: %v %+v", err, sts)
	}
}

// A batch (several TxDtls in one Ntry) gives one Entry per part, keyed by
// the entry's reference and the part's place unless the part has its
// own; parts that do not add up give one Entry for the whole.
func TestCAMTBatch(t *testing.T) {
	tx := func(amt, ref, rest string) string {
		if ref != "" {
			ref = "<AcctSvcrRef>" + ref + "</AcctSvcrRef>"
		}
		return `<TxDtls><Refs>` + ref + `<EndToEndId>E` + amt + `</EndToEndId></Refs><Amt Ccy="EUR">` + amt + `</Amt><CdtDbtInd>CRDT</CdtDbtInd>` + rest + `</TxDtls>`
	}
	payer := func(name, iban, text string) string {
		return `<RltdPties><Dbtr><Pty><Nm>` + name + `</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>` + iban + `</IBAN></Id></DbtrAcct>` +
			`<Cdtr><Pty><Nm>US</Nm></Pty></Cdtr></RltdPties><RmtInf><Ustrd>` + text + `</Ustrd></RmtInf>`
	}
	doc := camtDoc(ntry("350.00", "EUR", `<AcctSvcrRef>B1</AcctSvcrRef><NtryDtls>`+
		tx("100.00", "", payer("Durand SARL", "FR76 1111", "Facture F-2026-001"))+
		tx("200.00", "OWN", payer("Martin", "FR762222", "F-2026-002"))+
		tx("50.00", "", payer("Petit", "", "F 2026 003"))+
		`</NtryDtls><AddtlNtryInf>REMISE</AddtlNtryInf>`) +
		ntry("10.00", "EUR", `<AcctSvcrRef>B2</AcctSvcrRef><NtryDtls>`+
			tx("4.00", "", payer("Same", "FR76", "one"))+tx("5.00", "", payer("Same", "FR76", "two"))+`</NtryDtls>`))
	sts, err := readString(doc)
	if err != nil {
		t.Fatal(err)
	}
	d := ledger.MustDate("2026-03-02")
	want := []Entry{
		{BankRef: "B1/1", BookingDate: d, Amount: 10000, Credit: true, PartyName: "Durand SARL", PartyIBAN: "FR761111", Text: "Facture F-2026-001 REMISE", EndToEndID: "E100.00", Line: 7},
		{BankRef: "OWN", BookingDate: d, Amount: 20000, Credit: true, PartyName: "Martin", PartyIBAN: "FR762222", Text: "F-2026-002 REMISE", EndToEndID: "E200.00", Line: 7},
		{BankRef: "B1/3", BookingDate: d, Amount: 5000, Credit: true, PartyName: "Petit", Text: "F 2026 003 REMISE", EndToEndID: "E50.00", Line: 7},
		// 4.00 + 5.00 is not 10.00: one Entry, the party they share.
		{BankRef: "B2", BookingDate: d, Amount: 1000, Credit: true, PartyName: "Same", PartyIBAN: "FR76", Text: "one two", Line: 11},
	}
	if !reflect.DeepEqual(sts[0].Entries, want) {
		t.Errorf("entries\n got %+v\nwant %+v", sts[0].Entries, want)
	}
}

// A prefixed namespace, another encoding declared, no Document around
// the message: read by local names all the same.
func TestCAMTPrefixAndCharset(t *testing.T) {
	doc := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" +
		`<c:Document xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><c:BkToCstmrDbtCdtNtfctn><c:Ntfctn><c:Acct><c:Id><c:Othr><c:Id>30004-0001234</c:Id></c:Othr></c:Id></c:Acct>` +
		"\n<c:Ntry><c:Amt Ccy=\"EUR\">12.00</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Sts>BOOK</c:Sts><c:BookgDt><c:Dt>2026-01-05</c:Dt></c:BookgDt>" +
		"<c:NtryDtls><c:TxDtls><c:RltdPties><c:Dbtr><c:Nm>Soci\xe9t\xe9 G\xe9n\xe9rale</c:Nm></c:Dbtr></c:RltdPties></c:TxDtls></c:NtryDtls></c:Ntry>" +
		"</c:Ntfctn></c:BkToCstmrDbtCdtNtfctn></c:Document>"
	sts, err := readString(doc)
	if err != nil {
		t.Fatal(err)
	}
	st := sts[0]
	if st.Format != FormatCAMT054 || st.Version != "001.02" || st.Account != "30004-0001234" || st.Currency != "EUR" ||
		len(st.Entries) != 1 || st.Entries[0].PartyName != "Société Générale" || st.Entries[0].Line != 3 {
		t.Errorf("%+v", st)
	}
}

// hugeReader gives a camt.053 of size bytes without holding it, and
// counts what was taken from it.
type hugeReader struct {
	size, read int64
	head       []byte
}

func (h *hugeReader) Read(p []byte) (int, error) {
	if h.read >= h.size {
		return 0, io.EOF
	}
	n := int64(len(p))
	if n > h.size-h.read {
		n = h.size - h.read
	}
	for i := int64(0); i < n; i++ {
		off := h.read + i
		if off < int64(len(h.head)) {
			p[i] = h.head[off]
		} else {
			p[i] = ' '
		}
	}
	h.read += n
	return int(n), nil
}

// A 200 MB statement from a reader that cannot say its size (a pipe, a
// download) is refused too: Read takes no more than MaxFileBytes+1 bytes
// of it and parses none. (A file on disk is refused from its size before
// a byte is read: read_size_test.go.)
func TestCAMTTooLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 128 MiB")
	}
	h := &hugeReader{size: 200 << 20, head: []byte(camtDoc(ntry("1.00", "EUR", "")))}
	_, err := Read("huge.xml", h, Options{})
	var fe *importer.FileError
	if !errors.As(err, &fe) || fe.File != "huge.xml" || fe.Reason.Key != "bank.too_large" {
		t.Fatalf("error %v, want bank.too_large", err)
	}
	if h.read > MaxFileBytes+1 {
		t.Errorf("read %d bytes of the file, more than MaxFileBytes+1", h.read)
	}
}

// A transfer paying two invoices may give two structured references:
// the first is the entry's StructuredRef, the next is in its text.
func TestCAMTSecondReference(t *testing.T) {
	refs := `<NtryDtls><TxDtls><RmtInf>` +
		`<Strd><CdtrRefInf><Ref>RF18 5390 0754 7034</Ref></CdtrRefInf></Strd>` +
		`<Strd><CdtrRefInf><Ref>RF712348231</Ref></CdtrRefInf></Strd>` +
		`<Ustrd>two invoices</Ustrd></RmtInf></TxDtls></NtryDtls>`
	sts, err := readString(camtDoc(ntry("1.00", "EUR", refs)))
	if err != nil {
		t.Fatal(err)
	}
	if e := sts[0].Entries[0]; e.StructuredRef != "RF18539007547034" || e.Text != "RF712348231 two invoices" {
		t.Errorf("ref %q, text %q", e.StructuredRef, e.Text)
	}
}

// The transaction's bank transaction code counts as the entry's: a
// charge or a return said only in TxDtls.
func TestCAMTTransactionCode(t *testing.T) {
	code := func(sub string) string {
		return `<NtryDtls><TxDtls><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>` + sub +
			`</SubFmlyCd></Fmly></Domn></BkTxCd></TxDtls></NtryDtls>`
	}
	prtry := `<BkTxCd><Prtry><Cd>NCHG+808+0000</Cd><Issr>DK</Issr></Prtry></BkTxCd>`
	sts, err := readString(camtDoc(ntry("1.00", "EUR", code("CHRG")) + ntry("2.00", "EUR", code("RRTN")) +
		ntry("3.00", "EUR", code("ESCT")) + ntry("4.00", "EUR", prtry)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range sts[0].Entries {
		got = append(got, fmt.Sprintf("%d fee=%v reversal=%v", e.Amount, e.Fee, e.Reversal))
	}
	want := []string{"100 fee=true reversal=false", "200 fee=false reversal=true", "300 fee=false reversal=false", "400 fee=true reversal=false"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// Two parts of a batch giving the same AcctSvcrRef are keyed by their
// place, or the second would be taken for the first on import.
func TestCAMTBatchSharedRef(t *testing.T) {
	part := func(amt string) string {
		return `<TxDtls><Refs><AcctSvcrRef>SAME</AcctSvcrRef></Refs><Amt Ccy="EUR">` + amt + `</Amt></TxDtls>`
	}
	sts, err := readString(camtDoc(ntry("3.00", "EUR", `<AcctSvcrRef>K</AcctSvcrRef><NtryDtls>`+part("1.00")+part("2.00")+`</NtryDtls>`)))
	if err != nil {
		t.Fatal(err)
	}
	es := sts[0].Entries
	if len(es) != 2 || es[0].BankRef != "SAME" || es[1].BankRef != "K/2" || es[0].Amount != 100 || es[1].Amount != 200 {
		t.Errorf("%+v", es)
	}
}

// German savings banks' FinTS camt.052 (the layout Finanz Informatik
// writes: AcctSvcrRef NONREF on every entry, the kind in a DK code
// "NTRF+166+9249+888", the bank's id as Refs/Prtry FI-UMSATZ-ID): NONREF
// is no reference, or every entry would have the same key.
func TestCAMTNonRef(t *testing.T) {
	fi := func(amt, dir, code, name string) string {
		return strings.Replace(ntry(amt, "EUR", `<AcctSvcrRef>NONREF</AcctSvcrRef><BkTxCd/><NtryDtls><TxDtls>`+
			`<Refs><Prtry><Tp>FI-UMSATZ-ID</Tp><Ref>2019-11-11-09.25.19.222641</Ref></Prtry></Refs>`+
			`<BkTxCd><Prtry><Cd>`+code+`</Cd><Issr>DK</Issr></Prtry></BkTxCd>`+
			`<RltdPties><Dbtr><Nm>`+name+`</Nm></Dbtr><DbtrAcct><Id><IBAN>DE86999999990000001000</IBAN></Id></DbtrAcct></RltdPties>`+
			`<RmtInf><Ustrd>RE 2019-17</Ustrd></RmtInf></TxDtls></NtryDtls><AddtlNtryInf>GUTSCHR. UEBERWEISUNG</AddtlNtryInf>`), "CRDT", dir, 1)
	}
	sts, err := readString(camtDoc(fi("2112.40", "CRDT", "NTRF+166+9249+888", "Whoever Watson") + fi("3.50", "DBIT", "NCHG+808+0000", "")))
	if err != nil {
		t.Fatal(err)
	}
	es := sts[0].Entries
	if len(es) != 2 || es[0].BankRef != "" || es[1].BankRef != "" {
		t.Fatalf("%+v", es)
	}
	if e := es[0]; e.Amount != 211240 || !e.Credit || e.Fee || e.PartyName != "Whoever Watson" || e.Text != "RE 2019-17 GUTSCHR. UEBERWEISUNG" {
		t.Errorf("credit %+v", e)
	}
	if e := es[1]; e.Amount != 350 || e.Credit || !e.Fee {
		t.Errorf("fee %+v", e)
	}
}
