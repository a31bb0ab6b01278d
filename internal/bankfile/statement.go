// Package bankfile reads the statements banks give their customers (ISO
// 20022 CAMT.052/053/054, OFX 1.x and 2.x and QFX, bank CSV exports) into
// one shape, the Statement. It only reads: matching entries to invoices
// and recording them is the bank service's (internal/app/bank).
package bankfile

import "github.com/relance-app/relance/internal/ledger"

// Format names the kind of file a statement was read from.
type Format string

const (
	FormatCAMT052 Format = "camt.052"
	FormatCAMT053 Format = "camt.053"
	FormatCAMT054 Format = "camt.054"
	FormatOFX1    Format = "ofx1" // SGML (OFX 1.x, QFX)
	FormatOFX2    Format = "ofx2" // XML (OFX 2.x)
	FormatCSV     Format = "csv"
)

// Statement is one account's entries as a file gives them. A file holding
// several accounts' statements (CAMT allows it) gives several Statements.
type Statement struct {
	Format Format
	// Version of the message, e.g. "001.08" for camt.053.001.08, "102" or
	// "220" for OFX; empty for CSV.
	Version string
	// Account: the IBAN when the file gives one (upper case, no spaces),
	// else the bank's account id (OFX BANKID+ACCTID "30004:00012345678",
	// a CAMT Othr/Id); empty when the file carries none (most CSV files):
	// the caller then needs the owner's --account.
	Account  string
	Currency ledger.Currency // the account's currency
	// The statement's own id (CAMT Stmt/Id) and period, when given.
	ID       string
	From, To ledger.Date
	Entries  []Entry
}

// Entry is one booked line of a statement.
type Entry struct {
	// BankRef is the bank's own reference of the entry, the key that makes
	// a re-import record nothing twice: CAMT AcctSvcrRef, else NtryRef, else
	// the transaction's AcctSvcrRef; OFX FITID; a CSV reference column.
	// Empty when the file has none: the caller then keys the entry by a
	// hash of date, amount and text (Entry.Fingerprint).
	BankRef     string
	BookingDate ledger.Date // interest stops here
	ValueDate   ledger.Date // zero when not given
	// Amount in minor units of the statement's currency, always > 0;
	// Credit says its direction (money in).
	Amount int64
	Credit bool
	// Reversal: the entry undoes an earlier one (CAMT RvslInd, a returned
	// transfer's bank transaction code, OFX TRNTYPE of a return). OrigRef
	// names the original when the file says it (its AcctSvcrRef/EndToEndId).
	Reversal bool
	OrigRef  string
	// Fee: a charge or interest line (bank transaction codes CHRG/INTR,
	// OFX FEE/SRVCHG/INT); never a customer's payment.
	Fee bool
	// The payer (for a credit) or payee (for a debit) as the bank wrote it.
	PartyName string
	PartyIBAN string // upper case, no spaces
	// StructuredRef: the creditor reference given in its structured field
	// (CAMT RmtInf/Strd/CdtrRefInf/Ref; "RF18539007547034", a model-97
	// "97 4512345678901"), as written, spaces removed.
	StructuredRef string
	// Text: the unstructured remittance information and any free text
	// (CAMT Ustrd lines joined with spaces, AddtlNtryInf/AddtlTxInf; OFX
	// NAME+MEMO; CSV label columns), for finding invoice numbers in.
	Text string
	// EndToEndID as the payer set it (CAMT Refs/EndToEndId), "" or
	// "NOTPROVIDED" when not.
	EndToEndID string
	// Line: where the entry is in the file (CSV line, XML line of <Ntry>,
	// OFX line of <STMTTRN>), for error messages and the proposals' list.
	Line int
}
