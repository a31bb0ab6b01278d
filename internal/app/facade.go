package app

// The names front ends use of the feature packages, given here so that
// relancectl and the GUI call one package: aliases and the same values,
// not copies (errors.As on *UserError keeps working).

import (
	"context"

	"github.com/relance-app/relance/internal/app/bank"
	"github.com/relance-app/relance/internal/app/campaigns"
	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/inbox"
	"github.com/relance-app/relance/internal/app/ladder"
	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/app/outbox"
	"github.com/relance-app/relance/internal/app/printing"
	"github.com/relance-app/relance/internal/app/records"
	"github.com/relance-app/relance/internal/bankfile"
	"github.com/relance-app/relance/internal/ledger"
)

// Shared.
type (
	UserError = core.UserError
	Passwords = core.Passwords
)

var (
	ErrNoPassword = core.ErrNoPassword
	// ErrNoAccount is under the refusal to email without a mail account.
	ErrNoAccount     = core.ErrNoAccount
	KeyringPasswords = core.KeyringPasswords
	OutboxNote       = core.OutboxNote
	// An OAuth2 account's access tokens as Passwords, and the logins that
	// renew a refused token once (what sending and syncing use).
	TokenPasswords = core.TokenPasswords
	DialSMTP       = core.DialSMTP
	DialIMAP       = core.DialIMAP
)

// SignInState is what is known of the account's OAuth2 sign-in.
type SignInState = outbox.SignInState

// Records.
type (
	CurrencyAging   = records.CurrencyAging
	CustomerOverdue = records.CustomerOverdue
	Summary         = records.Summary
	FieldError      = records.FieldError
)

// Aging buckets.
const (
	BucketNotDue = records.BucketNotDue
	Bucket1to30  = records.Bucket1to30
	Bucket31to60 = records.Bucket31to60
	Bucket61to90 = records.Bucket61to90
	BucketOver90 = records.BucketOver90
)

var (
	BucketOf        = records.BucketOf
	CompanyKeys     = records.CompanyKeys
	CompanyValue    = records.CompanyValue
	SetCompanyField = records.SetCompanyField
	IgnoredSummary  = records.IgnoredSummary
)

// Summarize computes the summary as of date in one pass over the ledger.
func Summarize(ctx context.Context, svc *Service, date ledger.Date) (Summary, error) {
	return svc.RecordsService.Summarize(ctx, date)
}

// The ladder.
var SetCustomerDunningField = ladder.SetCustomerDunningField

// LongOverdueDays: a debt overdue longer than this is offered a later
// starting level (ladder).
const LongOverdueDays = ladder.LongOverdueDays

// StartOffer is a customer offered a later starting level (ladder).
type StartOffer = ladder.StartOffer

// Letters.
type (
	LetterOptions   = letters.LetterOptions
	LetterDoc       = letters.LetterDoc
	OriginalProblem = letters.OriginalProblem
	Batch           = letters.Batch
	BatchLetter     = letters.BatchLetter
	BatchProblem    = letters.BatchProblem
	PrintOptions    = letters.PrintOptions
	Posted          = letters.Posted
	PostedDrop      = letters.PostedDrop
	SMS             = letters.SMS
	TemplateStatus  = letters.TemplateStatus
	LetterRecord    = letters.LetterRecord
	LetterFilter    = letters.LetterFilter
)

var (
	ErrNoSMSText      = letters.ErrNoSMSText
	AnalyzeSMS        = letters.AnalyzeSMS
	CheckTemplateFile = letters.CheckTemplateFile
	TemplateProblemOf = letters.TemplateProblemOf
	KindName          = letters.KindName
)

// Printing on the owner's machine.
type (
	PrintWays = printing.Ways
	PrintHow  = printing.How
)

// SafeFileName keeps a file name free of separators (an invoice number
// may hold a slash).
var SafeFileName = printing.SafeFileName

// The ways PrintOrOpen takes.
const (
	PrintedByPrinter = printing.ByPrinter
	OpenedInViewer   = printing.InViewer
)

// Sending.
type (
	SendOptions   = outbox.SendOptions
	SendReport    = outbox.SendReport
	PlannedEmail  = outbox.PlannedEmail
	AccountCheck  = outbox.AccountCheck
	ManualLetter  = outbox.ManualLetter
	PrintedLetter = outbox.PrintedLetter
	// TrialOptions and AccountTrial: a test of the account as the setup
	// form holds it (Service.TryAccount).
	TrialOptions = outbox.TrialOptions
	AccountTrial = outbox.AccountTrial
	FieldKind    = outbox.FieldKind
	// ProofOptions and ProofReport: a proof copy of a template
	// (Service.SendTemplateProof; a campaign's: SendCampaignProof).
	ProofOptions = outbox.ProofOptions
	ProofReport  = outbox.ProofReport
)

// Kinds of account settings.
const (
	FieldText     = outbox.FieldText
	FieldNumber   = outbox.FieldNumber
	FieldYesNo    = outbox.FieldYesNo
	FieldSecurity = outbox.FieldSecurity
	FieldChoice   = outbox.FieldChoice
	FieldSecret   = outbox.FieldSecret
)

var (
	AccountKeys  = outbox.AccountKeys
	AccountValue = outbox.AccountValue
	// AccountFieldKind says which widget a setting takes.
	AccountFieldKind = outbox.AccountFieldKind
	// AccountFieldChoices are a choice setting's values.
	AccountFieldChoices = outbox.AccountFieldChoices
	// DetectedSettings are the account settings a discovery result stands
	// for (what ApplyDetected saves).
	DetectedSettings = outbox.DetectedSettings
)

// SetPauseHook installs the crash tests' pause points (RELANCE_TEST_PAUSE,
// read by the CLI only): f is called at each named step of a send.
func SetPauseHook(f func(step string, n int)) { outbox.PauseHook = f }

// Campaigns.
type (
	CampaignSpec        = campaigns.CampaignSpec
	CampaignTarget      = campaigns.CampaignTarget
	CampaignSendOptions = campaigns.CampaignSendOptions
	CampaignReport      = campaigns.CampaignReport
	HeldNotice          = campaigns.HeldNotice
	CampaignPosted      = campaigns.CampaignPosted
	PostcardOptions     = campaigns.PostcardOptions
	ConsentInput        = campaigns.ConsentInput
	AppointmentInput    = campaigns.AppointmentInput
	AppointmentSMS      = campaigns.AppointmentSMS
	// CampaignProofOptions: a proof of a campaign's notice.
	CampaignProofOptions = campaigns.CampaignProofOptions
)

var CampaignFields = campaigns.CampaignFields

// The inbox.
type (
	SyncReport = inbox.SyncReport
	Event      = inbox.Event
)

var ClassifyMessage = inbox.ClassifyMessage

// Bank statements.
type (
	BankStatement     = bankfile.Statement
	BankEntry         = bankfile.Entry
	BankImportRequest = bank.ImportRequest
	BankImportResult  = bank.ImportResult
	BankAccount       = bank.Account
	BankProposal      = bank.Proposal
	BankApplied       = bank.Applied
)
