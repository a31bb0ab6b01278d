package letter

import (
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// TestGreetings: the salutation line for each kind of customer record, in
// every language, written by hand from each language's usage: the
// person's form when the ledger says who and which (gender, or a
// salutation or a word that says it), the neutral form otherwise, never a
// bare name; the owner's own line as written.
func TestGreetings(t *testing.T) {
	type want struct{ fr, en, de, srC, srL string }
	neutral := want{"Madame, Monsieur,", "Dear Sir or Madam,", "Sehr geehrte Damen und Herren,", "Поштовани,", "Poštovani,"}
	cases := []struct {
		name string
		c    ledger.Customer
		want want
	}{
		{"business without contact", ledger.Customer{Name: "Schäfer Logistik GmbH", Kind: ledger.Business}, neutral},
		{"business with a department as contact", ledger.Customer{Name: "Harper Ltd", Contact: "Accounts Payable", Kind: ledger.Business}, neutral},
		{"contact without gender", ledger.Customer{Name: "Dupont SARL", Contact: "Jean Dupont", Kind: ledger.Business}, neutral},
		{"consumer without gender", ledger.Customer{Name: "Jürgen Weiß", Kind: ledger.Consumer}, neutral},
		{"demo's neutral salutation", ledger.Customer{Name: "Dupont SARL", Salutation: "Madame, Monsieur", Kind: ledger.Business}, neutral},
		{"salutation Monsieur", ledger.Customer{Name: "Dupont SARL", Contact: "Jean Dupont", Salutation: "Monsieur", Kind: ledger.Business},
			want{"Monsieur,", "Dear Mr Dupont,", "Sehr geehrter Herr Dupont,", "Поштовани господине Dupont,", "Poštovani gospodine Dupont,"}},
		{"gender and title", ledger.Customer{Name: "Anna Schäfer", Title: "Dr.", Gender: ledger.Female, Kind: ledger.Consumer},
			want{"Madame,", "Dear Dr Schäfer,", "Sehr geehrte Frau Dr.\u00a0Schäfer,", "Поштована госпођо Schäfer,", "Poštovana gospođo Schäfer,"}},
		{"male consumer, German name", ledger.Customer{Name: "Jürgen Weiß", Gender: ledger.Male, Kind: ledger.Consumer},
			want{"Monsieur,", "Dear Mr Weiß,", "Sehr geehrter Herr Weiß,", "Поштовани господине Weiß,", "Poštovani gospodine Weiß,"}},
		{"Serbian woman in Latin script", ledger.Customer{Name: "Dragana Jovanović", Gender: ledger.Female, Kind: ledger.Consumer},
			want{"Madame,", "Dear Ms Jovanović,", "Sehr geehrte Frau Jovanović,", "Поштована госпођо Jovanović,", "Poštovana gospođo Jovanović,"}},
		{"Serbian man in Cyrillic", ledger.Customer{Name: "Столарија д.о.о.", Contact: "Петар Јовановић", Gender: ledger.Male, Kind: ledger.Business},
			want{"Monsieur,", "Dear Mr Јовановић,", "Sehr geehrter Herr Јовановић,", "Поштовани господине Јовановићу,", "Poštovani gospodine Јовановићу,"}},
		{"salutation in Serbian", ledger.Customer{Name: "Милан Петров", Salutation: "Поштовани господине", Kind: ledger.Consumer},
			want{"Monsieur,", "Dear Mr Петров,", "Sehr geehrter Herr Петров,", "Поштовани господине Петрове,", "Poštovani gospodine Петрове,"}},
		{"word before the contact's name", ledger.Customer{Name: "Klein AG", Contact: "Frau Petra Klein", Kind: ledger.Business},
			want{"Madame,", "Dear Ms Klein,", "Sehr geehrte Frau Klein,", "Поштована госпођо Klein,", "Poštovana gospođo Klein,"}},
		{"English Mrs kept", ledger.Customer{Name: "Harper Ltd", Contact: "Jane Harper", Salutation: "Mrs", Kind: ledger.Business},
			want{"Madame,", "Dear Mrs Harper,", "Sehr geehrte Frau Harper,", "Поштована госпођо Harper,", "Poštovana gospođo Harper,"}},
		{"title without gender", ledger.Customer{Name: "Taylor & Co", Contact: "Sam Taylor", Title: "Dr", Kind: ledger.Business},
			want{"Madame, Monsieur,", "Dear Dr Taylor,", "Sehr geehrte Damen und Herren,", "Поштовани,", "Poštovani,"}},
		{"the gender column wins over the salutation", ledger.Customer{Name: "X", Contact: "Alex Martin", Salutation: "Monsieur", Gender: ledger.Female, Kind: ledger.Business},
			want{"Madame,", "Dear Ms Martin,", "Sehr geehrte Frau Martin,", "Поштована госпођо Martin,", "Poštovana gospođo Martin,"}},
		{"the owner's own line", ledger.Customer{Name: "Café du Port", Contact: "Lucie", Salutation: "Chère Lucie", Kind: ledger.Business},
			want{"Chère Lucie,", "Chère Lucie,", "Chère Lucie,", "Chère Lucie,", "Chère Lucie,"}},
	}
	for _, c := range cases {
		for lg, w := range map[ledger.Language]string{ledger.French: c.want.fr, ledger.English: c.want.en, ledger.German: c.want.de,
			ledger.SerbianCyrillic: c.want.srC, ledger.SerbianLatin: c.want.srL} {
			if got := greeting(c.c, lg); got != w {
				t.Errorf("%s, %s: %q, want %q", c.name, lg, got, w)
			}
		}
	}
}

// TestEveryKindGreetsAlike: each kind of letter, payment-demand included,
// prints the customer's salutation line, not a name of its own.
func TestEveryKindGreetsAlike(t *testing.T) {
	for _, lg := range []ledger.Language{ledger.French, ledger.English, ledger.German, ledger.SerbianCyrillic, ledger.SerbianLatin} {
		for _, kind := range []ledger.LetterKind{ledger.KindReminder1, ledger.KindReminder2, ledger.KindFinalDemand, ledger.KindPaymentDemand, ledger.KindStatement} {
			req := testRequest(kind, lg, ledger.EnvelopeDLRight)
			req.Customer = ledger.Customer{Code: "P1", Name: "John Smith", Address1: "1 High Street", Postcode: "SW1A 1AA", City: "London",
				Country: "GB", Kind: ledger.Consumer, Gender: ledger.Male, Language: lg}
			c, err := Compose(req)
			if err != nil {
				t.Fatalf("%s %s: %v", kind, lg, err)
			}
			want := map[ledger.Language]string{ledger.French: "Monsieur,", ledger.English: "Dear Mr Smith,", ledger.German: "Sehr geehrter Herr Smith,",
				ledger.SerbianCyrillic: "Поштовани господине Smith,", ledger.SerbianLatin: "Poštovani gospodine Smith,"}[lg]
			if c.Data.Customer.Greeting != want {
				t.Errorf("%s %s: greeting %q, want %q", kind, lg, c.Data.Customer.Greeting, want)
			}
		}
	}
}

func TestSerbianVocative(t *testing.T) {
	for in, want := range map[string]string{
		"Јовановић": "Јовановићу", "Петров": "Петрове", "Новак": "Новаче", "Ковач": "Ковачу", "Марковски": "Марковски",
		"Поповић": "Поповићу", "Матеј": "Матеју", "Jovanović": "Jovanoviću", "Novak": "Novak", "Kovač": "Kovaču", "Petrov": "Petrov", "Smith": "Smith", "Dupont": "Dupont", "Đorđević": "Đorđeviću",
		"Mrđa": "Mrđa", "Schäfer": "Schäfer", "Weiß": "Weiß", "ЈОВАНОВИЋ": "ЈОВАНОВИЋУ",
	} {
		if got := serbianVocative(in); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}
