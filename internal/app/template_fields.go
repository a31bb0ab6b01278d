package app

import (
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
)

type (
	// TemplateField is a merge field with its meaning (the template
	// editor's list).
	TemplateField = letter.Field
	// TemplateError is a template's problem with its line: the editor
	// points at the line.
	TemplateError = letter.TemplateError
)

// TemplateFields lists every field a template may use, with what it
// holds, in the order of letter.Data.
func (s *Service) TemplateFields() []TemplateField { return letter.Fields() }

// FormatMonthYear says a month as letters do in language l ("novembre
// 2026"): the date picker's heading.
func FormatMonthYear(l ledger.Language, d ledger.Date) string { return letter.FormatMonthYear(l, d) }
