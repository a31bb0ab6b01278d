package app

// What the desktop app asks of the core beyond the use cases relancectl
// shares, named here so that ui imports app alone (with ledger, dunning,
// i18n and store's rows): the letters' formatting of amounts and dates,
// the Send reminder dialog's proposal, the previews, and the import
// screen's first look at a file.

import (
	"github.com/relance-app/relance/internal/app/ladder"
	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/app/records"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
)

// FormatMoney says an amount as letters do in language l.
func FormatMoney(l ledger.Language, m ledger.Money) string { return letter.FormatMoney(l, m) }

// FormatDate says a date as letters do in language l.
func FormatDate(l ledger.Language, d ledger.Date) string { return letter.FormatDate(l, d) }

type (
	// InvoiceProposal is an invoice's customer and the plan's letter
	// listing it (Service.InvoiceProposal).
	InvoiceProposal = ladder.InvoiceProposal
	// TemplatePreviewOptions say which edited template text to try on
	// which customer's letter (Service.TemplatePreview).
	TemplatePreviewOptions = letters.TemplatePreviewOptions
	// ImportPreview is a file's first rows, each with its line
	// (InspectImport).
	ImportPreview    = records.ImportPreview
	ImportPreviewRow = records.ImportPreviewRow
)

var (
	// CheckTemplateText checks a template being edited, before it is
	// saved.
	CheckTemplateText = letters.CheckTemplateText
	// InspectImport reads a file's first rows.
	InspectImport = records.InspectImport
	// ImportColumnsOf says which column each header cell is read as.
	ImportColumnsOf = records.ColumnsOf
)
