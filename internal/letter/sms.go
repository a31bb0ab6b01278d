package letter

import (
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// gsmBasic is the GSM 03.38 default alphabet (3GPP TS 23.038); gsmExtended
// are the characters sent through the escape table, which count double.
const gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"

const gsmExtended = "^{}\\[~]|€\f"

var gsmBasicSet, gsmExtSet = func() (map[rune]bool, map[rune]bool) {
	b, e := map[rune]bool{}, map[rune]bool{}
	for _, r := range gsmBasic {
		b[r] = true
	}
	for _, r := range gsmExtended {
		e[r] = true
	}
	return b, e
}()

// SMS encodings.
const (
	GSM7 = "GSM-7"
	UCS2 = "UCS-2"
)

// SMSInfo says how a text travels as SMS.
type SMSInfo struct {
	Encoding string // GSM-7 when every character is in the GSM alphabet, else UCS-2
	Units    int    // septets (GSM-7, extension characters count 2) or UTF-16 code units (UCS-2)
	Segments int    // messages the phone sends and the customer is billed for
	// PerSegment is the capacity of one segment in this text's encoding:
	// 160 (GSM-7) or 70 (UCS-2) for a single message, 153 or 67 for each
	// part of a concatenated one (the rest carries the joining header).
	PerSegment int
}

// AnalyzeSMS counts a text's length and segments.
func AnalyzeSMS(text string) SMSInfo {
	gsm := true
	units := 0
	for _, r := range text {
		switch {
		case gsmBasicSet[r]:
			units++
		case gsmExtSet[r]:
			units += 2
		default:
			gsm = false
		}
	}
	info := SMSInfo{Encoding: GSM7, Units: units}
	single, part := 160, 153
	if !gsm {
		info.Encoding = UCS2
		info.Units = len(utf16.Encode([]rune(text)))
		single, part = 70, 67
	}
	switch {
	case info.Units == 0:
		info.Segments, info.PerSegment = 0, single
	case info.Units <= single:
		info.Segments, info.PerSegment = 1, single
	default:
		info.Segments, info.PerSegment = (info.Units+part-1)/part, part
	}
	return info
}

// SMSText writes the short text of a letter kind: the company, the
// invoice, what is due and how to answer, in plain characters (no
// no-break spaces, which would force UCS-2 on a French text).
func SMSText(req Request) (string, error) {
	key := map[ledger.LetterKind]string{ledger.KindReminder1: "sms.reminder-1", ledger.KindReminder2: "sms.reminder-2", ledger.KindFinalDemand: "sms.final-demand"}[req.Kind]
	if key == "" {
		return "", fmt.Errorf("no SMS text for %s", req.Kind)
	}
	if req.Kind == ledger.KindReminder2 && len(req.Previous) == 0 {
		// The firmer letter as the first one (a starting level chosen for
		// an old debt): no "2nd reminder" when none was sent.
		key = "sms.reminder-2-first"
	}
	if len(req.Invoices) == 0 {
		return "", fmt.Errorf("no invoice")
	}
	d := buildData(req)
	plain := strings.NewReplacer(nbsp, " ", "\u202f", " ")
	name := d.Company.Name
	inv := d.Invoices[0]
	amount := d.Totals.Principal
	if req.Charges {
		amount = d.Totals.Total
	}
	phone := plain.Replace(d.Company.Phone)
	s := i18n.T(lang(req.Language), key, name, inv.Number, plain.Replace(amount), plain.Replace(inv.DueDate), phone, plain.Replace(d.Letter.Deadline))
	return ToGSM7(plain.Replace(s), req.SMSPlainLatin && req.Language == ledger.SerbianLatin), nil
}

// gsmLookalikes are characters outside the GSM 7-bit alphabet written as
// the GSM letters that keep their meaning: one "â" in a company's name
// would otherwise send the whole text as UCS-2, 70 characters a message
// instead of 160. Accents the alphabet has (é è à ù ä ö ü ñ…) stay.
var gsmLookalikes = strings.NewReplacer(
	"â", "a", "ê", "e", "î", "i", "ô", "o", "û", "u", "ë", "e", "ï", "i", "ÿ", "y", "ç", "c",
	"á", "a", "í", "i", "ó", "o", "ú", "u", "ã", "a", "õ", "o",
	"À", "A", "Â", "A", "È", "E", "Ê", "E", "Ë", "E", "Î", "I", "Ï", "I", "Ô", "O", "Û", "U", "Ù", "U", "Ÿ", "Y",
	"Á", "A", "Í", "I", "Ó", "O", "Ú", "U",
	"œ", "oe", "Œ", "OE",
	"«\u00a0", "\"", "«\u202f", "\"", "« ", "\"", "\u00a0»", "\"", "\u202f»", "\"", " »", "\"",
	"‘", "'", "’", "'", "‚", "'", "‹", "'", "›", "'", "“", "\"", "”", "\"", "„", "\"", "«", "\"", "»", "\"",
	"–", "-", "—", "-", "‑", "-", "−", "-", "…", "...", "•", "-",
	"\u00a0", " ", "\u202f", " ", "\u2009", " ", "\u2007", " ",
)

// serbianPlain writes Serbian Latin without its diacritics, as Serbian
// texts often are ("ošišana latinica": č ć → c, đ → dj, š → s, ž → z).
// Only when the owner asks: it is readable, but not the written language.
var serbianPlain = strings.NewReplacer("č", "c", "ć", "c", "đ", "dj", "š", "s", "ž", "z",
	"Č", "C", "Ć", "C", "Đ", "Dj", "Š", "S", "Ž", "Z")

// ToGSM7 replaces the characters of s that the GSM alphabet lacks by
// their GSM look-alikes where the meaning stays; with plainLatin, Serbian
// Latin's diacritics too. What has no look-alike (Cyrillic) is kept, and
// the text travels as UCS-2.
func ToGSM7(s string, plainLatin bool) string {
	s = gsmLookalikes.Replace(s)
	if plainLatin {
		s = serbianPlain.Replace(s)
	}
	return s
}
