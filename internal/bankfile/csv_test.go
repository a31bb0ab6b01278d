package bankfile

import (
	"errors"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
)

// The expected values below were read by hand from the files.

func TestCSVCreditAgricole(t *testing.T) {
	// Windows-1252, title lines above the header, "Débit euros" naming the
	// currency, labels over several lines inside quotes, a trailing ';'.
	sts := readSample(t, "testdata/csv/credit_agricole.csv", Options{Account: "FR7630006000011234567890189"})
	if len(sts) != 1 {
		t.Fatalf("%d statements", len(sts))
	}
	st := sts[0]
	if st.Format != FormatCSV || st.Currency != "EUR" || st.Account != "FR7630006000011234567890189" {
		t.Errorf("statement %s %s %q", st.Format, st.Currency, st.Account)
	}
	checkEntries(t, st.Entries, []Entry{
		{BookingDate: day("2026-03-04"), Amount: 125000, Credit: true, Text: "VIREMENT EN VOTRE FAVEUR SARL LES CHÊNES F-2026-007 ET F-2026-009", Line: 11},
		{BookingDate: day("2026-03-03"), Amount: 10813, Text: "PRELEVEMENT EDF clients particuliers Prélèvement EDF", Line: 16},
		{BookingDate: day("2026-03-02"), Amount: 1250, Text: "FRAIS COTISATION OFFRE PRO", Line: 21},
		{BookingDate: day("2026-03-02"), Amount: 32000, Credit: true, Text: "REMISE CHEQUE N° 1234567 DE M. MARTIN", Line: 26},
	})
}

func TestCSVCreditMutuelValueDatesSignedDebit(t *testing.T) {
	if _, err := Read("cm.csv", strings.NewReader("Date;Date de valeur;Débit;Crédit;Libellé\r\n02/03/2026;02/03/2026;;1,00;X\r\n"), Options{}); err == nil ||
		!strings.Contains(err.Error(), "does not say the statement's currency") {
		t.Errorf("no currency: err = %v", err)
	}
	st := readSample(t, "testdata/csv/credit_mutuel.csv", Options{Currency: "EUR"})[0]
	if st.Account != "" {
		t.Errorf("account %q, want none", st.Account)
	}
	checkEntries(t, st.Entries, []Entry{
		{BookingDate: day("2026-03-02"), ValueDate: day("2026-03-02"), Amount: 84520, Credit: true,
			Text: "VIR SEPA RECU /DE SAS BOIS ET FILS /MOTIF FACTURE F2026007 /REF RF18539007547034", Line: 2},
		{BookingDate: day("2026-03-03"), ValueDate: day("2026-03-03"), Amount: 4200, Text: "PRLV SEPA ORANGE SA", Line: 3},
		{BookingDate: day("2026-03-05"), ValueDate: day("2026-03-04"), Amount: 120000, Credit: true, Text: "VIR INST RE 601234 DE: SCI DU PARC", Line: 4},
	})
}

func TestCSVBoursoramaSignedAmountAccountColumn(t *testing.T) {
	st := readSample(t, "testdata/csv/boursorama.csv", Options{Currency: "EUR"})[0]
	if st.Account != "00040123456" {
		t.Errorf("account %q", st.Account)
	}
	checkEntries(t, st.Entries, []Entry{
		{BookingDate: day("2026-03-04"), ValueDate: day("2026-03-04"), Amount: 125000, Credit: true, Text: "VIR SEPA SARL LES CHENES", Line: 2},
		{BookingDate: day("2026-03-03"), ValueDate: day("2026-03-03"), Amount: 6187, Text: "CARTE 02/03/26 STATION TOTAL", Line: 3},
		{BookingDate: day("2026-03-02"), ValueDate: day("2026-03-02"), Amount: 42, Credit: true, Fee: true, Text: "INTERETS CREDITEURS", Line: 4},
	})
}

func TestCSVSparkasseCAMT(t *testing.T) {
	// Two-digit years, the account and the payer's IBAN in columns, the
	// currency in "Waehrung", a pending line (Umsatz vorgemerkt) left out.
	st := readSample(t, "testdata/csv/sparkasse_camt.csv", Options{})[0]
	if st.Account != "DE89370400440532013000" || st.Currency != "EUR" {
		t.Errorf("statement %q %s", st.Account, st.Currency)
	}
	checkEntries(t, st.Entries, []Entry{
		{BookingDate: day("2026-03-05"), ValueDate: day("2026-03-05"), Amount: 98000, Credit: true, PartyName: "Müller GmbH",
			PartyIBAN: "DE02120300000000202051", Text: "GUTSCHR. UEBERWEISUNG RE 2026-0042 Müller GmbH", EndToEndID: "RE2026-0042", Line: 2},
		{BookingDate: day("2026-03-04"), ValueDate: day("2026-03-04"), Amount: 8700, PartyName: "Stadtwerke Beispielstadt",
			PartyIBAN: "DE12500105170648489890", Text: "FOLGELASTSCHRIFT Strom Abschlag März", EndToEndID: "NOTPROVIDED", Line: 3},
	})
}

func TestCSVEnglishMonthFirst(t *testing.T) {
	// 03/13/2026 can only be month first: so is 03/02/2026.
	st := readSample(t, "testdata/csv/english.csv", Options{Currency: "USD"})[0]
	checkEntries(t, st.Entries, []Entry{
		{BookingDate: day("2026-03-02"), Amount: 125000, Credit: true, Text: "ACH CREDIT ACME CORP INV 2026-007", Line: 2},
		{BookingDate: day("2026-03-13"), Amount: 1500, Text: "MONTHLY SERVICE FEE", Line: 3},
	})
}

func TestCSVRenamesHeaderLineTitlesAndFooter(t *testing.T) {
	data := "Relevé du compte FR76 3000 6000 0112 3456 7890 189;;\n" +
		"Jour;Quoi;Somme\n" +
		"12/03/2026;VIR M. DURAND;+100,00\n" +
		";suite du libellé;\n" +
		"Total;;100,00\n"
	sts, err := Read("x.csv", strings.NewReader(data), Options{Currency: "EUR",
		Rename: map[string]string{"Jour": ColDate, "Quoi": ColText, "Somme": ColAmount}, HeaderLine: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sts[0].Account != "FR7630006000011234567890189" {
		t.Errorf("account %q", sts[0].Account)
	}
	checkEntries(t, sts[0].Entries, []Entry{{BookingDate: day("2026-03-12"), Amount: 10000, Credit: true, Text: "VIR M. DURAND suite du libellé", Line: 3}})
}

func TestCSVSerbianLayout(t *testing.T) {
	// A Serbian bank's export: dates with the trailing dot, grouping dots
	// and a decimal comma, "poziv na broj" as the structured reference.
	data := "Datum knjiženja;Naziv;Svrha plaćanja;Poziv na broj;Duguje;Potražuje\r\n" +
		"05.03.2026.;DOO MLADOST;Uplata po fakturi 2026-17;97 1234 5678;;12.500,00\r\n" +
		"06.03.2026.;Banka;Provizija;;150,00;\r\n"
	sts, err := Read("rs.csv", strings.NewReader(data), Options{Currency: "RSD"})
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, sts[0].Entries, []Entry{
		{BookingDate: day("2026-03-05"), Amount: 1250000, Credit: true, PartyName: "DOO MLADOST", StructuredRef: "9712345678",
			Text: "Uplata po fakturi 2026-17", Line: 2},
		{BookingDate: day("2026-03-06"), Amount: 15000, PartyName: "Banka", Text: "Provizija", Line: 3},
	})
}

func TestCSVBadInput(t *testing.T) {
	const head = "Date;Libellé;Débit euros;Crédit euros;\n"
	for _, c := range []struct {
		name, data string
		opts       Options
		line       int
		says       string
	}{
		{"too many decimals", head + "01/03/2026;A;12,50;;\n02/03/2026;B;10,005;;\n", Options{}, 3, `Débit euros "10,005": more decimals than EUR allows (2)`},
		{"not an amount", head + "01/03/2026;A;douze;;\n", Options{}, 2, `Débit euros "douze": not an amount`},
		{"no such day", head + "31/02/2026;A;1,00;;\n", Options{}, 2, `Date "31/02/2026": no such day`},
		{"empty date", head + ";A;1,00;;\n", Options{}, 2, `Date "": is empty`},
		{"both", head + "01/03/2026;A;1,00;2,00;\n", Options{}, 2, `both a debit ("1,00") and a credit ("2,00")`},
		{"neither", head + "01/03/2026;A;;;\n", Options{}, 2, "neither a debit nor a credit"},
		{"contradiction", head + "13/02/2026;A;1,00;;\n02/13/2026;B;1,00;;\n", Options{}, 0, `"13/02/2026" on line 2 is day first, "02/13/2026" on line 3 month first`},
		{"other currency", "Date;Betrag;Währung\n01.03.2026;1,00;EUR\n02.03.2026;1,00;USD\n", Options{}, 3, "an entry in USD in a statement in EUR"},
		{"no header", "a;b\n1;2\n", Options{}, 0, "no header row naming a date and an amount"},
		{"chosen header without amount", "Date;Libellé\n01/03/2026;A\n", Options{Currency: "EUR", HeaderLine: 1}, 1, "no header row"},
		{"unbalanced quote", head + "01/03/2026;\"A;1,00;;\n", Options{}, 2, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read("b.csv", strings.NewReader(c.data), c.opts)
			var fe *importer.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a FileError", err)
			}
			if fe.File != "b.csv" || fe.Line != c.line || !strings.Contains(fe.Error(), c.says) {
				t.Errorf("err = %q (line %d), want line %d saying %q", fe.Error(), fe.Line, c.line, c.says)
			}
		})
	}
}

func TestCSVDateOrderChosen(t *testing.T) {
	sts, err := Read("b.csv", strings.NewReader("Date,Amount\n03/02/2026,5.00\n"), Options{Currency: ledger.Currency("USD"), DateOrder: importer.MonthFirst})
	if err != nil {
		t.Fatal(err)
	}
	if got := sts[0].Entries[0].BookingDate; got != day("2026-03-02") {
		t.Errorf("date %s, want 2026-03-02", got)
	}
}
