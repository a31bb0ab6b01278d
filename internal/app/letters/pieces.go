package letters

// Letter pieces the front ends show or write beside a letter: its picture,
// its SMS text, its calendar entry and a template's source. Each is a thin
// call into internal/letter or internal/render, here so that relancectl
// and the GUI need not import those packages.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/render"
)

// PNG paints one page of the letter (0 is the first) at dpi, for a
// preview: the same layout the PDF is painted from.
func (d *LetterDoc) PNG(page int, dpi float64) ([]byte, error) {
	return render.PNG(d.Layout, page, dpi)
}

// ErrNoSMSText: the letter kind has no SMS text (only the reminders and
// the final demand have one), or the letter names no invoice.
var ErrNoSMSText = errors.New("no SMS text")

// SMS is a letter's short text and how it travels.
type SMS struct {
	To   string // the customer's mobile number, "" when unknown
	Text string
	Info letter.SMSInfo
}

// SMS writes the short text of the letter o describes. A letter that
// cannot be made fails as Letter does; a kind without an SMS text fails
// with ErrNoSMSText.
func (s *Service) SMS(ctx context.Context, o LetterOptions) (SMS, error) {
	req, err := s.LetterRequest(ctx, o)
	if err != nil {
		return SMS{}, err
	}
	text, err := letter.SMSText(req)
	if err != nil {
		return SMS{}, fmt.Errorf("%w: %v", ErrNoSMSText, err)
	}
	return SMS{To: req.Customer.Mobile, Text: text, Info: letter.AnalyzeSMS(text)}, nil
}

// AnalyzeSMS counts a text's length and segments in its encoding.
func AnalyzeSMS(text string) letter.SMSInfo { return letter.AnalyzeSMS(text) }

// PayByICS is the calendar file (RFC 5545) of the last day to pay that the
// letter o describes gives, stamped with the letter's date so the same
// command writes the same file; false when the letter gives no such date.
func (s *Service) PayByICS(ctx context.Context, o LetterOptions) ([]byte, bool, error) {
	req, err := s.LetterRequest(ctx, o)
	if err != nil {
		return nil, false, err
	}
	ev, ok := letter.PayByEvent(req, o.AsOf.Time(time.UTC))
	if !ok {
		return nil, false, nil
	}
	return letter.ICS(ev), true, nil
}

// TemplateSource is the template of a kind and language that letters use:
// the owner's file in TemplateDir when there is one, else the default;
// name says which.
func (s *Service) TemplateSource(kind, lang string) (name string, src []byte, err error) {
	return letter.TemplateSource(s.TemplateDir(), kind, lang)
}
