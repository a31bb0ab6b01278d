package bankfile

import (
	"bytes"
	"fmt"
	"testing"
)

// camtStatement writes a camt.053.001.08 statement of n entries laid
// out as banks write them (tab-indented, one element a line): credits
// with a payer, an IBAN, a structured reference and a remittance text,
// and every tenth a debit fee.
func camtStatement(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 1100)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
	<BkToCstmrStmt>
		<GrpHdr>
			<MsgId>BENCH-0001</MsgId>
			<CreDtTm>2026-12-31T20:00:00+01:00</CreDtTm>
		</GrpHdr>
		<Stmt>
			<Id>BENCH-STMT-0001</Id>
			<FrToDt>
				<FrDtTm>2026-01-01T00:00:00+01:00</FrDtTm>
				<ToDtTm>2026-12-31T23:59:59+01:00</ToDtTm>
			</FrToDt>
			<Acct>
				<Id>
					<IBAN>FR7630006000011234567890189</IBAN>
				</Id>
				<Ccy>EUR</Ccy>
			</Acct>
`)
	for i := 1; i <= n; i++ {
		day := fmt.Sprintf("2026-%02d-%02d", i%12+1, i%28+1)
		if i%10 == 0 {
			fmt.Fprintf(&b, `			<Ntry>
				<Amt Ccy="EUR">%d.%02d</Amt>
				<CdtDbtInd>DBIT</CdtDbtInd>
				<Sts>
					<Cd>BOOK</Cd>
				</Sts>
				<BookgDt>
					<Dt>%s</Dt>
				</BookgDt>
				<ValDt>
					<Dt>%s</Dt>
				</ValDt>
				<AcctSvcrRef>2026BENCH%08d</AcctSvcrRef>
				<BkTxCd>
					<Domn>
						<Cd>ACMT</Cd>
						<Fmly>
							<Cd>MDOP</Cd>
							<SubFmlyCd>CHRG</SubFmlyCd>
						</Fmly>
					</Domn>
				</BkTxCd>
				<AddtlNtryInf>FRAIS TENUE DE COMPTE</AddtlNtryInf>
			</Ntry>
`, i%20+1, i%100, day, day, i)
			continue
		}
		fmt.Fprintf(&b, `			<Ntry>
				<Amt Ccy="EUR">%d.%02d</Amt>
				<CdtDbtInd>CRDT</CdtDbtInd>
				<Sts>
					<Cd>BOOK</Cd>
				</Sts>
				<BookgDt>
					<Dt>%s</Dt>
				</BookgDt>
				<ValDt>
					<Dt>%s</Dt>
				</ValDt>
				<AcctSvcrRef>2026BENCH%08d</AcctSvcrRef>
				<BkTxCd>
					<Domn>
						<Cd>PMNT</Cd>
						<Fmly>
							<Cd>RCDT</Cd>
							<SubFmlyCd>ESCT</SubFmlyCd>
						</Fmly>
					</Domn>
				</BkTxCd>
				<NtryDtls>
					<TxDtls>
						<Refs>
							<EndToEndId>E2E-%08d</EndToEndId>
						</Refs>
						<Amt Ccy="EUR">%d.%02d</Amt>
						<CdtDbtInd>CRDT</CdtDbtInd>
						<RltdPties>
							<Dbtr>
								<Pty>
									<Nm>CLIENT %06d SARL</Nm>
								</Pty>
							</Dbtr>
							<DbtrAcct>
								<Id>
									<IBAN>FR76300040000%014d</IBAN>
								</Id>
							</DbtrAcct>
						</RltdPties>
						<RmtInf>
							<Ustrd>FACTURE F-2026-%06d</Ustrd>
						</RmtInf>
					</TxDtls>
				</NtryDtls>
				<AddtlNtryInf>VIR SEPA RECU</AddtlNtryInf>
			</Ntry>
`, i%5000+10, i%100, day, day, i, i, i%5000+10, i%100, i%3000, i, i)
	}
	b.WriteString("		</Stmt>\n	</BkToCstmrStmt>\n</Document>\n")
	return b.Bytes()
}

// BenchmarkReadCAMT100k reads a statement of 100,000 entries through
// Read, as an import does; it must stay well under 5 s (target 2 s).
func BenchmarkReadCAMT100k(b *testing.B) {
	const n = 100000
	data := camtStatement(n)
	if len(data) > MaxFileBytes {
		b.Fatalf("the statement is %d bytes, over MaxFileBytes", len(data))
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		sts, err := Read("bench.xml", bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(sts) != 1 || len(sts[0].Entries) != n {
			b.Fatalf("read %d statements, %d entries", len(sts), len(sts[0].Entries))
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(float64(len(data))/(1<<20), "MiB")
}
