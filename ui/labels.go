package ui

import (
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// The words a screen shows for the ledger's codes: one place, so that no
// screen shows "reminder-1" or "sr-Cyrl" to the owner. The codes stay what
// the ledger stores and the CLI takes; the words are the catalog's kind.*
// (which the core's print cover uses too), outbox_state.* and the GUI's
// own ui.* keys.

// kindLabel names a letter kind ("Friendly reminder", "Premier rappel").
func (u *UI) kindLabel(k ledger.LetterKind) string {
	if k == "" {
		return ""
	}
	return u.t("kind." + string(k))
}

// langLabel names a language in itself ("Français", "Српски (ћирилица)").
func langLabel(code string) string { return i18n.Name(i18n.Lang(code)) }

// channelLabel names how a letter goes (email, post).
func (u *UI) channelLabel(c ledger.Channel) string {
	if c == "" {
		return ""
	}
	return u.t("ui.channel_" + string(c))
}

// deliveryLabel names a customer's delivery preference.
func (u *UI) deliveryLabel(d ledger.Delivery) string { return u.t("ui.delivery_" + string(d)) }

// customerKindLabel names a customer's kind (business, private person).
func (u *UI) customerKindLabel(k ledger.CustomerKind) string {
	return u.t("customer_kind." + string(k))
}

// outboxStateLabel says where an email stands (queued, sent, refused…).
func (u *UI) outboxStateLabel(s ledger.OutboxState) string {
	return u.t("outbox_state." + string(s))
}

// CodeSelect is a Select that shows words and gives codes: its options
// are the labels of codes (a letter kind, a language), Code is the code
// chosen. Exposed for tests, which choose by code.
type CodeSelect struct {
	widget.Select
	codes []string
	label func(string) string
	// OnCode is called with the code chosen (OnChanged gets the label).
	OnCode func(code string)
}

// newCodeSelect builds a select over codes shown as label(code), with the
// placeholder in the owner's language rather than Fyne's "(Select one)".
func (u *UI) newCodeSelect(codes []string, label func(string) string, changed func(code string)) *CodeSelect {
	s := &CodeSelect{codes: append([]string(nil), codes...), label: label, OnCode: changed}
	for _, c := range codes {
		s.Options = append(s.Options, label(c))
	}
	s.PlaceHolder = u.t("ui.select_pick")
	s.OnChanged = func(string) {
		if s.OnCode != nil {
			s.OnCode(s.Code())
		}
	}
	s.ExtendBaseWidget(s)
	return s
}

// Code is the code of the option chosen ("" when none is).
func (s *CodeSelect) Code() string {
	for i, o := range s.Options {
		if o == s.Selected && i < len(s.codes) {
			return s.codes[i]
		}
	}
	return ""
}

// SetCode chooses the option of a code (calling OnCode); an unknown code
// clears the choice.
func (s *CodeSelect) SetCode(code string) {
	if l, ok := s.labelOf(code); ok {
		s.SetSelected(l)
		return
	}
	s.ClearSelected()
}

// showCode chooses the option of a code without calling OnCode (a value
// read from the ledger, not the owner's choice); a code the options lack
// (a kind the plan proposes that the list does not offer) is added, so
// that what the ledger says is what is shown.
func (s *CodeSelect) showCode(code string) {
	l, ok := s.labelOf(code)
	if !ok && code != "" && s.label != nil {
		l = s.label(code)
		s.codes, s.Options = append(s.codes, code), append(s.Options, l)
	}
	s.Selected = l
	s.Refresh()
}

func (s *CodeSelect) labelOf(code string) (string, bool) {
	for i, c := range s.codes {
		if c == code && i < len(s.Options) {
			return s.Options[i], true
		}
	}
	return "", false
}

// newSelect is widget.NewSelect with the placeholder in the owner's
// language.
func (u *UI) newSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = u.t("ui.select_pick")
	return s
}

// kindCodes and langCodes are codes of the selects of kinds and languages.
func kindCodes(kinds []ledger.LetterKind) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}

func (u *UI) kindOf(code string) string { return u.kindLabel(ledger.LetterKind(code)) }
