package app

// Names the front ends need from the core, given here so that relancectl
// and the GUI import internal/app (and i18n, ledger, dunning, store's
// rows) and nothing else of internal/: they are aliases and the same
// sentinel values, not copies, so errors.Is and errors.As keep working
// and the packages behind them can move without the front ends noticing.

import (
	"github.com/relance-app/relance/internal/app/payments"
	"github.com/relance-app/relance/internal/app/records"
	"github.com/relance-app/relance/internal/demo"
	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/inbound"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/discover"
	"github.com/relance-app/relance/internal/report"
)

// Imports.
type (
	// ImportKind is what a file holds: customers, invoices or payments.
	ImportKind = importer.Kind
	// ImportResult is what an import (or a dry run) did and found.
	ImportResult = importer.Result
	// ImportRequest is an import's options (Service.ImportWith).
	ImportRequest = records.ImportRequest
	// DateOrder is how a file writes its slash and dash dates.
	DateOrder = importer.DateOrder
	// ImportFileResult is what importing every table of a file did
	// (Service.ImportFile), and ImportPart one table's import.
	ImportFileResult = importer.FileResult
	ImportPart       = importer.Part
	// ImportProblem is one reason a file was rejected.
	ImportProblem = importer.Problem
	// ImportFileError is a file that cannot be read at all, with its line
	// when there is one.
	ImportFileError = importer.FileError
)

// The import kinds.
const (
	ImportCustomers = importer.Customers
	ImportInvoices  = importer.Invoices
	ImportPayments  = importer.Payments
	// Date orders for ImportRequest.DateOrder.
	DayFirst   = importer.DayFirst
	MonthFirst = importer.MonthFirst
)

// ErrImportRejected is returned with the problems when a file was not
// imported (nothing is written).
var ErrImportRejected = importer.ErrRejected

// Mail.
type (
	// MailAccount is the owner's mail account (no password in it).
	MailAccount = mail.Account
	// ConnError is a connection diagnosis: the stage that failed, said in
	// the owner's language by In.
	ConnError = mail.ConnError
)

// Security is how a mail connection is protected (the account's
// smtp_security and imap_security).
type Security = mail.Security

// The connection securities.
const (
	SecurityTLS      = mail.TLS
	SecurityStartTLS = mail.StartTLS
	SecurityNone     = mail.None
)

// ErrNoKeyring means the machine has no keyring to keep a password in.
var ErrNoKeyring = mail.ErrNoKeyring

// Mail account discovery (Service.DetectAccount).
type (
	// DetectResult is what was found for an address: the servers, the
	// sign-in methods, the step that found them and those tried before.
	DetectResult = discover.Result
	// DetectServer is one server found.
	DetectServer = discover.Server
	// DetectStep names how a result was found.
	DetectStep = discover.Step
	// SignInMethod is a way to sign in (oauth2, app-password, password).
	SignInMethod = discover.Method
	// DiscoverOptions are discovery's seams (Options.Discover).
	DiscoverOptions = discover.Options
)

// Discovery's steps and sign-in methods.
const (
	StepISPDB      = discover.StepISPDB
	StepAutoconfig = discover.StepAutoconfig
	StepSRV        = discover.StepSRV
	StepMX         = discover.StepMX
	StepGuess      = discover.StepGuess
	SignInOAuth2   = discover.OAuth2
	SignInApp      = discover.AppPassword
	SignInPassword = discover.Password
)

// ISPDBCommit is the thunderbird/autoconfig commit of the embedded
// provider database.
var ISPDBCommit = discover.SnapshotCommit

// Signing in with the provider (OAuth2).
type (
	// SignInOptions are a sign-in's seams: the browser, what to show.
	SignInOptions = mail.SignInOptions
	// SignInError is a grant that is gone: the owner must sign in again.
	SignInError = mail.SignInError
)

// ErrSignInAgain is under every SignInError (errors.Is): the owner must
// sign in again; queued letters stay queued.
var ErrSignInAgain = mail.ErrSignInAgain

// AuthOAuth2 is the sign-in method of an account signed in with its
// provider.
const AuthOAuth2 = mail.AuthOAuth2

// InboundResult is what an incoming message is: its class, and for a
// bounce the recipient, status and hard or soft.
type InboundResult = inbound.Result

// InboundBounce is the class of a delivery failure report.
const InboundBounce = inbound.Bounce

// SMSInfo says how a text travels as SMS: encoding, length, segments.
type SMSInfo = letter.SMSInfo

// The SMS encodings.
const (
	SMSGSM7 = letter.GSM7
	SMSUCS2 = letter.UCS2
)

// Demo ledgers.
type (
	// DemoOptions size the demo ledger and report progress.
	DemoOptions = demo.Options
	// DemoLetterYear adds a simulated year of letters and their outcomes.
	DemoLetterYear = demo.LetterYear
	// DemoSummary counts what the generator wrote.
	DemoSummary = demo.Summary
)

// ErrDemoNotEmpty: a demo is only generated into an empty ledger, never
// mixed with real data.
var ErrDemoNotEmpty = demo.ErrNotEmpty

// Changes by hand (app/payments).
type (
	PaymentInput     = payments.PaymentInput
	PaymentResult    = payments.PaymentResult
	InvoiceInput     = payments.InvoiceInput
	InvoiceEdit      = payments.InvoiceEdit
	CreditNoteInput  = payments.CreditNoteInput
	CreditNoteResult = payments.CreditNoteResult
	// An invoice's page in the app (Service.InvoiceDetail).
	InvoiceDetail = payments.InvoiceDetail
	AppliedCredit = payments.AppliedCredit
	SentLetter    = payments.SentLetter
)

// DefaultTermDays is the term of an invoice added without a due date.
const DefaultTermDays = payments.DefaultTermDays

// PaymentMethods are the methods a payment by hand may name.
var PaymentMethods = payments.Methods

// Reports (issue 19): the letters' outcomes and the receivables' history.
type (
	// LetterReport is the letters' outcomes grouped (Service.LetterReport).
	LetterReport = report.LetterReport
	// ReportGroup is one group's figures, ReportRate a rate with its 95 %
	// Wilson interval, ReportVerdict a difference larger than chance.
	ReportGroup   = report.Group
	ReportRate    = report.Rate
	ReportVerdict = report.Verdict
	// ReportGroupBy is what the letters are grouped by.
	ReportGroupBy = report.GroupBy
	// AgingPoint is what was owed on one day, by currency, with its aging
	// and DSO (Service.ReceivablesHistory).
	AgingPoint = report.AgingPoint
)

// The report's groupings, metrics and constants.
const (
	ReportByKind         = report.ByKind
	ReportByVariant      = report.ByVariant
	ReportByChannel      = report.ByChannel
	ReportByLanguage     = report.ByLanguage
	ReportMetricReply    = report.MetricReply
	ReportMetricPaid30   = report.MetricPaid30
	ReportMinCount       = report.MinCount
	ReportAlpha          = report.Alpha
	ReportDefaultVariant = report.DefaultVariant
	ReportNumBuckets     = report.NumBuckets
)

// ParseReportGroupBy reads a --by value.
func ParseReportGroupBy(s string) (ReportGroupBy, error) { return report.ParseGroupBy(s) }
