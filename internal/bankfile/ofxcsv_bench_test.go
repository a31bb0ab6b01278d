package bankfile

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

// ofx100k is an OFX 1.x statement of n entries as a French bank writes
// one: SGML, unclosed leaves, CRLF, Windows-1252, decimal commas.
func ofx100k(n int) []byte {
	var b bytes.Buffer
	b.WriteString("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n" +
		"COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n<OFX>\r\n<BANKMSGSRSV1>\r\n<STMTTRNRS>\r\n<TRNUID>1\r\n" +
		"<STATUS>\r\n<CODE>0\r\n<SEVERITY>INFO\r\n</STATUS>\r\n<STMTRS>\r\n<CURDEF>EUR\r\n<BANKACCTFROM>\r\n<BANKID>30004\r\n" +
		"<BRANCHID>01234\r\n<ACCTID>00012345678\r\n<ACCTTYPE>CHECKING\r\n</BANKACCTFROM>\r\n<BANKTRANLIST>\r\n<DTSTART>20260101\r\n<DTEND>20261231\r\n")
	for i := 0; i < n; i++ {
		amt, typ := fmt.Sprintf("%d,%02d", 10+i%5000, i%100), "CREDIT"
		if i%3 == 0 {
			amt, typ = "-"+amt, "DEBIT"
		}
		fmt.Fprintf(&b, "<STMTTRN>\r\n<TRNTYPE>%s\r\n<DTPOSTED>2026%02d%02d\r\n<DTUSER>2026%02d%02d\r\n<TRNAMT>%s\r\n<FITID>%010d\r\n"+
			"<NAME>VIR SEPA CLIENT %d SARL CH\xc8NE\r\n<MEMO>FACTURE F-2026-%06d RF18539007547034\r\n</STMTTRN>\r\n",
			typ, 1+i%12, 1+i%28, 1+i%12, 1+i%28, amt, i, i%1000, i)
	}
	b.WriteString("</BANKTRANLIST>\r\n<LEDGERBAL>\r\n<BALAMT>0,00\r\n<DTASOF>20261231\r\n</LEDGERBAL>\r\n</STMTRS>\r\n</STMTTRNRS>\r\n</BANKMSGSRSV1>\r\n</OFX>\r\n")
	return b.Bytes()
}

// BenchmarkReadOFX100k reads a 100,000-entry OFX statement; the bank
// import's budget (parse and match against a million invoices) is 5 s.
func BenchmarkReadOFX100k(b *testing.B) {
	const n = 100_000
	data := ofx100k(n)
	if len(data) > MaxFileBytes {
		b.Fatalf("the statement is %d bytes, over MaxFileBytes", len(data))
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		sts, err := Read("bench.ofx", bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if got := len(sts[0].Entries); got != n {
			b.Fatalf("%d entries, want %d", got, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "entries/s")
	b.ReportMetric(float64(len(data))/(1<<20), "MiB")
}

// BenchmarkReadBankCSV100k reads a 100,000-line French bank CSV export.
func BenchmarkReadBankCSV100k(b *testing.B) {
	const n = 100_000
	var buf bytes.Buffer
	buf.WriteString("Compte Courant n\xb0 12345678901;\r\n\r\nDate;Libell\xe9;D\xe9bit euros;Cr\xe9dit euros;\r\n")
	for i := 0; i < n; i++ {
		amt := fmt.Sprintf("%d,%02d", 10+i%5000, i%100)
		deb, cre := "", amt
		if i%3 == 0 {
			deb, cre = amt, ""
		}
		fmt.Fprintf(&buf, "%02d/%02d/2026;\"VIREMENT EN VOTRE FAVEUR\r\nCLIENT %d SARL CH\xc8NE F-2026-%06d\r\n\";%s;%s;\r\n", 1+i%28, 1+i%12, i%1000, i, deb, cre)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		sts, err := Read("bench.csv", bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if got := len(sts[0].Entries); got != n {
			b.Fatalf("%d entries, want %d", got, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "entries/s")
	b.ReportMetric(float64(len(data))/(1<<20), "MiB")
}
