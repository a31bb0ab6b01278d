package ledger

// Bank statements (issue 15): what a bank entry did, and why a proposal
// names a customer. Typed here like the other kinds (kinds.go).

// BankEntryState is what a recorded bank entry did.
type BankEntryState string

// Bank entry states.
const (
	// BankApplied: payments were made of the entry.
	BankApplied BankEntryState = "applied"
	// BankProposal: a credit that may be a customer's, waiting for the
	// owner; it holds the letters of the customers it names.
	BankProposal BankEntryState = "proposal"
	// BankIgnored: the owner said the credit pays nothing.
	BankIgnored BankEntryState = "ignored"
	// BankUnmatched: a credit that names no one (holds nobody).
	BankUnmatched BankEntryState = "unmatched"
	// BankDebit: money out, a fee or a reversal: nothing of its own.
	BankDebit BankEntryState = "debit"
	// BankReversed: a later entry undid it, and what it had made.
	BankReversed BankEntryState = "reversed"
)

// ProposalReason says why a proposal names a customer (or an invoice).
type ProposalReason string

// Proposal reasons, strongest first.
const (
	ProposalReference ProposalReason = "reference" // a structured creditor reference
	ProposalNumber    ProposalReason = "number"    // an invoice number in the text
	ProposalCollision ProposalReason = "collision" // a number several invoices share without separators
	ProposalAmount    ProposalReason = "amount"    // a known payer's amount equal to a balance or a total
	ProposalPayer     ProposalReason = "payer"     // a known payer, no amount that fits
)

// PaymentFromBank: a payment made of a bank statement's credit (the
// payment's BankEntryID names the entry).
const PaymentFromBank PaymentSource = "bank"

// PayerKind is how a payer is known for a customer.
type PayerKind string

// Payer kinds.
const (
	PayerName PayerKind = "name" // folded (FoldPayerName)
	PayerIBAN PayerKind = "iban"
)
