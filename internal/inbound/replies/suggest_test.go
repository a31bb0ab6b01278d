package replies

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// brief writes suggestions compactly for comparison: kind, then date,
// amount and value when set.
func brief(sugs []Suggestion) string {
	var parts []string
	for _, s := range sugs {
		p := string(s.Kind)
		if !s.Date.IsZero() {
			p += " " + s.Date.String()
		}
		if s.Amount != "" {
			p += fmt.Sprintf(" amount=%q", s.Amount)
		}
		if s.Value != "" {
			p += fmt.Sprintf(" value=%q", s.Value)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		// Paid.
		{"Already paid.", "paid"},
		{"J'ai payé.", "paid"},
		{"J'ai déjà réglé cette facture.", "paid"},
		{"C'est réglé depuis lundi.", "paid 2026-11-16"},
		{"Virement effectué le 12/11.", "paid 2026-11-12"},
		{"La facture a été payée hier.", "paid 2026-11-21"},
		{"Платио сам.", "paid"},
		{"Uplatio sam juče.", "paid 2026-11-21"},
		{"Uplaceno je 20.11.2026.", "paid 2026-11-20"},
		{"We paid it on Monday.", "paid 2026-11-16"},
		{"The payment was made on 19 November.", "paid 2026-11-19"},
		{"J'ai viré 1 234,56 € le 12/11.", `paid 2026-11-12 amount="1 234,56 €"`},
		{"Paid €1,234.56 yesterday.", `paid 2026-11-21 amount="€1,234.56"`},
		{"Die Rechnung wurde gestern bezahlt.", "paid 2026-11-21"},
		// Promise.
		{"I will pay on 15 December.", "promise 2026-12-15"},
		{"Je réglerai le 15 décembre.", "promise 2026-12-15"},
		{"Платићу до 15. децембра.", "promise 2026-12-15"},
		{"Uplatiću do petka.", "promise 2026-11-27"},
		{"Je règle la facture vendredi prochain.", "promise 2026-11-27"},
		{"We'll settle the balance next week.", "promise 2026-11-29"},
		{"Le virement partira demain.", "promise 2026-11-23"},
		{"Je vais faire le virement dans 10 jours.", "promise 2026-12-02"},
		{"Уплатићемо крајем месеца.", "promise 2026-11-30"},
		{"Platićemo do kraja meseca 12.000 dinara.", `promise 2026-11-30 amount="12.000 dinara"`},
		{"I will pay soon.", "promise"},
		{"I will pay. Friday at the latest.", "promise 2026-11-27"},
		{"We can pay 500 € on December 15th.", `promise 2026-12-15 amount="500 €"`},
		{"La facture sera réglée le 30 novembre.", "promise 2026-11-30"},
		{"The invoice will be paid on Friday.", "promise 2026-11-27"},
		{"Biće plaćeno sutra.", "promise 2026-11-23"},
		{"Wir werden den Betrag am Freitag überweisen.", "promise 2026-11-27"},
		// Dispute.
		{"I dispute this invoice.", "dispute"},
		{"Je conteste cette facture.", "dispute"},
		{"La prestation n'a pas été réalisée.", "dispute"},
		{"Оспоравам овај рачун.", "dispute"},
		{"Reklamacija na fakturu 114.", "dispute"},
		{"Il y a une erreur sur le montant de 300 €.", `dispute amount="300 €"`},
		{"We never received the goods.", "dispute"},
		// Copy request.
		{"Please send me a copy of the invoice.", "copy-request"},
		{"Pouvez-vous me renvoyer la facture ?", "copy-request"},
		{"Пошаљите ми копију фактуре.", "copy-request"},
		{"Nismo dobili fakturu.", "copy-request"},
		{"Je n'ai jamais reçu la facture.", "copy-request"},
		// Consent and refusal: only short replies that are a yes or a no.
		{"yes", "consent"},
		{"Yes please", "consent"},
		{"Oui", "consent"},
		{"Oui, d'accord", "consent"},
		{"ok d'accord", "consent"},
		{"OK", "consent"},
		{"I agree", "consent"},
		{"Да", "consent"},
		{"da", "consent"},
		{"Da, slažem se.", "consent"},
		{"Bonjour,\n\nOui, par e-mail svp.\n\nJean Dupont", "consent"},
		{"no", "refusal"},
		{"Non", "refusal"},
		{"Non merci.", "refusal"},
		{"Не", "refusal"},
		{"ne", "refusal"},
		{"Ne, hvala.", "refusal"},
		{"No thanks, I prefer paper.", "refusal"},
		{"Nein danke", "refusal"},
		{"Yes, I paid yesterday.", "paid 2026-11-21"},
		{"Oui mais je n'ai pas reçu la facture.", "copy-request"},
		{"Yes, I got your message and I will call you about the schedule of the works next week.", ""},
		{"Non, je n'ai pas encore payé.", ""},
		// Contact.
		{"Notre nouvelle adresse e-mail : compta@exemple.fr", `contact value="compta@exemple.fr"`},
		{"Our new address is 5 Main Street, Springfield 12345.", `contact value="5 Main Street, Springfield 12345"`},
		{"Notre nouvelle adresse est 12 rue des Lilas, 75011 Paris.", `contact value="12 rue des Lilas, 75011 Paris"`},
		{"Нова адреса: Булевар ослобођења 12, Нови Сад.", `contact value="Булевар ослобођења 12, Нови Сад"`},
		{"Notre nouvelle adresse :\n\n12 rue des Lilas\n75011 Paris", `contact value="12 rue des Lilas, 75011 Paris"`},
		{"New phone number: +33 6 12 34 56 78", `contact value="+33 6 12 34 56 78"`},
		{"Désormais, merci d'envoyer les factures à compta@exemple.fr.", `contact value="compta@exemple.fr"`},
		{"We have moved.", ""},
		{"Write to me at jean@example.com if needed.", `contact value="jean@example.com"`},
		{"My colleague jean@example.com handles it.", ""},
		{"Please use the reference 12345678 when paying.", ""},
		{"Contact me at +33 6 12 34 56 78 from now on.", `contact value="+33 6 12 34 56 78"`},
		{"Наш нови број телефона је 011 123 4567.", `contact value="011 123 4567"`},
		// Several.
		{"J'ai payé hier. Notre nouvelle adresse e-mail : compta@exemple.fr", `paid 2026-11-21; contact value="compta@exemple.fr"`},
		{"I paid 500 € on Monday and will pay the rest on 15/12.", `paid 2026-11-16 amount="500 €"; promise 2026-12-15`},
		{"Je conteste la facture 114. Merci de m'envoyer une copie de la facture 115.", "dispute; copy-request"},
	}
	for _, tt := range tests {
		if got := brief(Suggest(tt.in, today)); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNegations: a negated statement never yields its positive kind.
func TestNegations(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Je n'ai pas encore payé.", ""},
		{"je n'ai pas encore payé", ""},
		{"Nous n'avons pas réglé cette facture.", ""},
		{"Le virement n'a pas été effectué.", ""},
		{"I haven't paid yet.", ""},
		{"I have not paid it.", ""},
		{"We never paid that invoice.", ""},
		{"Nisam još platio.", ""},
		{"Нисам платио.", ""},
		{"Još nije plaćeno.", ""},
		{"Wir haben noch nicht bezahlt.", ""},
		{"I haven't paid yet but will pay on Friday.", "promise 2026-11-27"},
		{"Je n'ai pas encore payé, mais je paierai vendredi.", "promise 2026-11-27"},
		{"Нисам још платио, али платићу сутра.", "promise 2026-11-23"},
		{"Je ne paierai pas cette facture.", "dispute"},
		{"I will not pay this invoice.", "dispute"},
		{"I won't pay.", "dispute"},
		{"Neću platiti.", "dispute"},
		{"I can't pay this month.", ""},
		{"Je ne peux pas payer avant janvier.", ""},
		{"Je ne conteste pas la facture.", ""},
		{"I don't dispute the invoice, I will pay tomorrow.", "promise 2026-11-23"},
		{"Ne osporavam fakturu.", ""},
		{"No need to send a copy of the invoice, we have it.", "copy-request"}, // a copy cue is not negatable: the owner decides
		{"Non, je ne suis pas d'accord.", ""},
		{"Pas d'accord.", ""},
		{"I don't agree", ""},
	}
	for _, tt := range tests {
		if got := brief(Suggest(tt.in, today)); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSuggestEvidence(t *testing.T) {
	long := "Bonjour, " + strings.Repeat("blabla ", 60) + "j'ai payé la facture hier " + strings.Repeat("et encore ", 30) + "."
	sugs := Suggest("Merci.\n\n"+long+" Autre phrase.", today)
	if len(sugs) != 1 || sugs[0].Kind != Paid {
		t.Fatalf("got %+v", sugs)
	}
	if n := utf8.RuneCountInString(sugs[0].Evidence); n > 200 {
		t.Errorf("evidence has %d characters", n)
	}
	if !strings.HasPrefix(sugs[0].Evidence, "Bonjour, blabla") || strings.Contains(sugs[0].Evidence, "\n") {
		t.Errorf("evidence = %q", sugs[0].Evidence)
	}
	sugs = Suggest("Bonjour,\nJe réglerai   la facture\nle 15 décembre.\nCordialement", today)
	if len(sugs) != 1 || sugs[0].Evidence != "Je réglerai la facture le 15 décembre." {
		t.Errorf("got %+v", sugs)
	}
	if got := Suggest("   ", today); got != nil {
		t.Errorf("blank: %+v", got)
	}
}

func TestSuggestMore(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Bonjour, le règlement a été effectué ce jour.", "paid 2026-11-22"},
		{"Le paiement sera fait en fin de semaine.", "promise 2026-11-27"},
		{"Je vous règle ça demain.", "promise 2026-11-23"},
		{"Le chèque est parti hier.", "paid 2026-11-21"},
		{"Payé par chèque le 10/11.", "paid 2026-11-10"},
		{"I've sent the payment.", "paid"},
		{"We sent you a cheque on Monday.", "paid 2026-11-16"},
		{"We will process the payment next week.", "promise 2026-11-29"},
		{"I'll transfer the money on Monday.", "promise 2026-11-23"},
		{"I'll pay by the end of the month.", "promise 2026-11-30"},
		{"Je réglerai avant la fin du mois.", "promise 2026-11-30"},
		{"Platiću sledeće nedelje.", "promise 2026-11-29"},
		{"Уплата ће бити извршена до краја месеца.", "promise 2026-11-30"},
		{"Uplata je legla juče.", "paid 2026-11-21"},
		{"Poslali smo novac u petak.", "paid 2026-11-20"},
		{"Можете ли да ми пошаљете рачун поново?", "copy-request"},
	}
	for _, tt := range tests {
		if got := brief(Suggest(tt.in, today)); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
