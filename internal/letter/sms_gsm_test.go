package letter

import (
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

func TestToGSM7(t *testing.T) {
	cases := []struct {
		in    string
		plain bool
		want  string
	}{
		{"Pâtisserie du Château", false, "Patisserie du Chateau"},
		{"l’échéance « 15 octobre » – réglée…", false, "l'échéance \"15 octobre\" - réglée..."},
		{"Forêt, maïs, garçon, cœur", false, "Foret, mais, garcon, coeur"},
		{"Größe Müller àèéùì ñ", false, "Größe Müller àèéùì ñ"}, // in the GSM alphabet: kept
		{"Đorđe Petrović, Čačak, Šabac, Žabalj", false, "Đorđe Petrović, Čačak, Šabac, Žabalj"},
		{"Đorđe Petrović, Čačak, Šabac, Žabalj", true, "Djordje Petrovic, Cacak, Sabac, Zabalj"},
		{"Поштовани", true, "Поштовани"}, // no look-alike: UCS-2 it stays
	}
	for _, c := range cases {
		if got := ToGSM7(c.in, c.plain); got != c.want {
			t.Errorf("ToGSM7(%q, %v) = %q, want %q", c.in, c.plain, got, c.want)
		}
	}
}

// TestSMSOneSegment: a company whose name has letters outside the GSM
// alphabet, a long invoice number, an amount in the thousands and a phone
// number in international form: the first reminder is still one GSM-7
// message of at most 160 characters in French, English and German, and a Serbian
// Latin one becomes GSM-7 only when the owner allows plain Latin.
func TestSMSOneSegment(t *testing.T) {
	for _, lg := range []ledger.Language{ledger.French, ledger.English, ledger.German} {
		req := testRequest(ledger.KindReminder1, lg, ledger.EnvelopeDLRight)
		req.Company.TradingName = "Boulangerie-Pâtisserie du Château"
		req.Company.Phone = "+33 4 65 71 12 34"
		req.Invoices[0].Invoice.Number = "FA-2026-000107"
		req.Invoices[0].Balance = 1234567
		s, err := SMSText(req)
		if err != nil {
			t.Fatal(err)
		}
		info := AnalyzeSMS(s)
		if info.Encoding != GSM7 || info.Segments != 1 {
			t.Errorf("%s: %s, %d units, %d segments: %q", lg, info.Encoding, info.Units, info.Segments, s)
		}
	}
	req := testRequest(ledger.KindReminder1, ledger.SerbianLatin, ledger.EnvelopeDLRight)
	req.Company.TradingName = "Pekara Đurđević"
	s, _ := SMSText(req)
	if AnalyzeSMS(s).Encoding != UCS2 {
		t.Errorf("Serbian Latin without the owner's leave: %q went GSM-7", s)
	}
	req.SMSPlainLatin = true
	s, _ = SMSText(req)
	if info := AnalyzeSMS(s); info.Encoding != GSM7 {
		t.Errorf("Serbian Latin in plain Latin: %s: %q", info.Encoding, s)
	}
}
