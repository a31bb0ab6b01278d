package letter

import (
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// RatePeriod is one rate a letter's interest was computed at and the days
// it applied (dunning.RatePeriod, its rate written "12.15").
type RatePeriod struct {
	From, To ledger.Date
	Rate     string
	Invoice  string // set when the rate is this debt's own (see dunning.RatePeriods)
}

// fillLaw sets the fields that say which law applies and how: the rates
// with their periods, whether the fixed sums differ between debts, the
// debtor's kind, the registered post.
func fillLaw(d *Data, req Request) {
	d.Law.Jurisdiction = string(req.Jurisdiction)
	d.Law.LetterOfClaim = req.LetterOfClaim
	d.Customer.Consumer = req.Customer.Kind == ledger.Consumer
	d.Letter.Registered = req.Registered
	d.Law.Rates = FormatRates(req.Language, req.RatePeriods)
	if d.Law.Rates == "" {
		d.Law.Rates = d.Law.Rate
	}
	if req.Charges {
		var first int64
		for _, il := range req.Invoices {
			if il.Compensation == 0 {
				continue
			}
			if first == 0 {
				first = il.Compensation
			} else if il.Compensation != first {
				d.Law.FixedSumVaries = true
			}
		}
	}
	// "de 10 à 25 de votre solde": the owner writes the minimum payment's
	// share of the balance as a bare number; it is a percentage.
	d.Campaign.MinimumFrom = asPercent(req.Language, d.Campaign.MinimumFrom)
	d.Campaign.MinimumTo = asPercent(req.Language, d.Campaign.MinimumTo)
	if len(d.Campaign.Steps) == 0 && d.Campaign.Timeline != "" {
		// The owner writes a timetable as "Annonce 1er avril;Bascule 1er
		// mai": one line per step on paper.
		for _, s := range strings.Split(d.Campaign.Timeline, ";") {
			if s = strings.TrimSpace(s); s != "" {
				d.Campaign.Steps = append(d.Campaign.Steps, s)
			}
		}
	}
}

// FormatRates writes the rates a letter applied: the rate alone when
// there was one, each with its days when it changed ("13,15 % du 1er juin
// 2025 au 30 juin 2025, puis de 12,15 % du 1er juillet 2025 au 31 août
// 2025"), each debt's when the debts had their own (UK: "12.75% on invoice
// U-1 and 12.25% on invoice U-2").
func FormatRates(lg ledger.Language, ps []RatePeriod) string {
	if len(ps) == 0 {
		return ""
	}
	l := lang(lg)
	if ps[0].Invoice == "" {
		if len(ps) == 1 {
			return FormatRate(lg, ps[0].Rate)
		}
		return periodsText(lg, ps)
	}
	var parts []string
	for i := 0; i < len(ps); {
		j := i
		for j < len(ps) && ps[j].Invoice == ps[i].Invoice {
			j++
		}
		rate := FormatRate(lg, ps[i].Rate)
		if j-i > 1 {
			rate = periodsText(lg, ps[i:j])
		}
		parts = append(parts, i18n.T(l, "letter.rate_invoice", rate, ps[i].Invoice))
		i = j
	}
	return strings.Join(parts, i18n.T(l, "letter.rate_and"))
}

func periodsText(lg ledger.Language, ps []RatePeriod) string {
	l := lang(lg)
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = i18n.T(l, "letter.rate_period", FormatRate(lg, p.Rate), FormatDate(lg, p.From), FormatDate(lg, p.To))
	}
	return strings.Join(parts, i18n.T(l, "letter.rate_then"))
}

// interestLabel names the interest line of the invoice table with the
// law's own term, the one the text uses: French business debts owe
// "pénalités de retard" (C. com. L441-10), French consumers "intérêts au
// taux légal" (C. civ. 1231-6).
func interestLabel(req Request) string {
	if req.Jurisdiction == ledger.JurisdictionFR {
		if req.Customer.Kind == ledger.Consumer {
			return "letter.total_legal_interest"
		}
		return "letter.total_penalties"
	}
	return "letter.total_interest"
}

// vatLabel names the creditor's VAT number in the footer: a Serbian
// letter says "ПИБ" only for a Serbian company's tax number; a foreign
// creditor's number (FR12…, GB…) is its VAT number.
func vatLabel(c ledger.Company, l i18n.Lang) string {
	if (l == i18n.Lang(ledger.SerbianCyrillic) || l == i18n.Lang(ledger.SerbianLatin)) && c.Country != "RS" {
		return "letter.vat_foreign"
	}
	return "letter.vat"
}

// asPercent writes a bare number ("10", "12.5", "12,5") as a percentage in
// the letter's language; anything else (an amount with its currency, "10 %")
// is the owner's and kept.
func asPercent(lg ledger.Language, s string) string {
	t := strings.TrimSpace(s)
	if t == "" {
		return s
	}
	seps := 0
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' || r == ',':
			seps++
		default:
			return s
		}
	}
	if seps > 1 {
		return s
	}
	return FormatRate(lg, strings.Replace(t, ",", ".", 1))
}

// signatoryTitles are the usual French company officers' titles in the
// other letter languages: the profile holds the owner's own words, often
// French, and "Présidente" under an English, German or Serbian letter
// reads as a mistake. A title not listed is printed as written.
var signatoryTitles = map[string]map[ledger.Language]string{
	"président":                  {ledger.English: "President", ledger.German: "Präsident", ledger.SerbianCyrillic: "Председник"},
	"présidente":                 {ledger.English: "President", ledger.German: "Präsidentin", ledger.SerbianCyrillic: "Председница"},
	"directeur général":          {ledger.English: "Managing Director", ledger.German: "Geschäftsführer", ledger.SerbianCyrillic: "Генерални директор"},
	"directrice générale":        {ledger.English: "Managing Director", ledger.German: "Geschäftsführerin", ledger.SerbianCyrillic: "Генерална директорка"},
	"gérant":                     {ledger.English: "Managing Director", ledger.German: "Geschäftsführer", ledger.SerbianCyrillic: "Директор"},
	"gérante":                    {ledger.English: "Managing Director", ledger.German: "Geschäftsführerin", ledger.SerbianCyrillic: "Директорка"},
	"responsable administratif":  {ledger.English: "Office Manager", ledger.German: "Leiter der Verwaltung", ledger.SerbianCyrillic: "Руководилац администрације"},
	"responsable administrative": {ledger.English: "Office Manager", ledger.German: "Leiterin der Verwaltung", ledger.SerbianCyrillic: "Руководитељка администрације"},
	"comptable":                  {ledger.English: "Accountant", ledger.German: "Buchhaltung", ledger.SerbianCyrillic: "Рачуновођа"},
}

// SignatoryTitle is the signatory's title in the letter's language.
func SignatoryTitle(title string, lg ledger.Language) string {
	byLang, ok := signatoryTitles[strings.ToLower(strings.TrimSpace(title))]
	if !ok {
		return title
	}
	if lg == ledger.SerbianLatin {
		if t := byLang[ledger.SerbianCyrillic]; t != "" {
			return i18n.CyrillicToLatin(t)
		}
	}
	if t := byLang[lg]; t != "" {
		return t
	}
	return title
}
