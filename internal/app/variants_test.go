package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/quotedprintable"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/store"
)

// writeVariant adds variant v of kind in lang as a copy of the template
// in use (template export --variant).
func writeVariant(t *testing.T, svc *Service, kind, lang, v string) {
	t.Helper()
	got, _, err := svc.AddTemplateVariant(kind, lang, "", v)
	if err != nil || got != v {
		t.Fatalf("variant %s of %s %s: %q %v", v, kind, lang, got, err)
	}
}

// variantFrom writes a variant of kind in English from the default
// template with a paragraph marker after the greeting, through a file of
// the owner's (template variant add --from).
func variantFrom(t *testing.T, svc *Service, kind, marker string) string {
	t.Helper()
	_, src, err := letter.TemplateSource("", kind, "en")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(src), "{{.Customer.Greeting}}", "{{.Customer.Greeting}}\n\n"+marker+".", 1)
	if text == string(src) {
		t.Fatalf("%s: no greeting to put the marker after", kind)
	}
	from := filepath.Join(t.TempDir(), kind+".txt")
	if err := os.WriteFile(from, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	v, file, err := svc.AddTemplateVariant(kind, "en", from, "")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(file) != kind+".en."+v+".tmpl" {
		t.Fatalf("variant file %s", file)
	}
	return v
}

// fnvByHand is FNV-1a (64 bits) from its definition, and armByHand rule
// 3's draw (dunning/variants.go): the test's own, not the plan's.
func fnvByHand(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func armByHand(code string, arms string) string {
	i := fnvByHand(code+"\x00en:"+arms) % uint64(len(arms))
	return arms[i : i+1]
}

type letterRow struct{ kind, variant, language, source string }

// recordedLetters reads the letters table: customer code → its letters,
// oldest first.
func recordedLetters(t *testing.T, st *store.Store) map[string][]letterRow {
	t.Helper()
	rows, err := st.DB().Query(`SELECT c.code, l.kind, l.variant, l.language, l.source FROM letters l JOIN customers c ON c.id = l.customer_id ORDER BY l.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]letterRow{}
	for rows.Next() {
		var code string
		var r letterRow
		if err := rows.Scan(&code, &r.kind, &r.variant, &r.language, &r.source); err != nil {
			t.Fatal(err)
		}
		out[code] = append(out[code], r)
	}
	return out
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	p := filepath.Join(t.TempDir(), "l.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestVariantsUpTheLadder: 30 English customers, each with an invoice due
// on 2025-06-01, get their reminder-1, reminder-2 and final demand by
// post (the print batch, recorded). Each letter's variant is the one the
// rules give by hand (the test's own FNV-1a): fixed by the owner first,
// else kept from the ladder's last letter with a variant, else drawn; the
// recorded rows carry it and the language; the printed text is the
// variant's (its marker, counted in the batch's pdftotext). The letter of
// the Send reminder dialog (print, then Mark as posted) is the plan's.
func TestVariantsUpTheLadder(t *testing.T) {
	ctx := context.Background()
	day := ledger.MustDate("2025-07-20")
	svc, _, err := Create(ctx, filepath.Join(t.TempDir(), "v.db"), Options{Today: func() ledger.Date { return day }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	co := ledger.DefaultCompany()
	co.LegalName, co.Address1, co.Postcode, co.City = "Ateliers Bellecour SAS", "12 rue de la République", "69002", "Lyon"
	if err := svc.Store().SetCompany(ctx, co); err != nil {
		t.Fatal(err)
	}
	const n = 30
	var codes []string
	for i := 1; i <= n; i++ {
		code := fmt.Sprintf("E%03d", i)
		codes = append(codes, code)
		cid, err := svc.Store().SaveCustomer(ctx, ledger.Customer{Code: code, Name: "Customer " + code, Language: ledger.English,
			Kind: ledger.Business, Address1: "1 High Street", Postcode: fmt.Sprintf("750%02d", i), City: "Paris", Country: "FR", Delivery: ledger.DeliveryPostal})
		if err != nil {
			t.Fatal(err)
		}
		err = svc.Store().InBatch(ctx, false, func(b *store.Batch) error {
			inv := ledger.Invoice{Number: "F-" + code, CustomerID: cid, IssueDate: ledger.MustDate("2025-05-01"),
				DueDate: ledger.MustDate("2025-06-01"), Total: ledger.Money{Minor: 10000 + int64(i), Currency: "EUR"}}
			return b.InsertInvoice(ctx, &inv)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	markers := map[string]string{"reminder-1": "BravoOne", "reminder-2": "BravoTwo", "final-demand": "BravoFinal"}
	for _, kind := range []string{"reminder-1", "reminder-2", "final-demand"} {
		if v := variantFrom(t, svc, kind, markers[kind]); v != "B" {
			t.Fatalf("%s: first variant %s", kind, v)
		}
	}
	// The owner fixes A for a customer the draw gives B, and B for one it
	// gives A; the dialog's customer is one the draw gives B.
	var fixedA, fixedB, manual string
	for _, c := range codes {
		switch arm := armByHand(c, "AB"); {
		case arm == "B" && fixedA == "":
			fixedA = c
		case arm == "A" && fixedB == "":
			fixedB = c
		case arm == "B" && manual == "":
			manual = c
		}
	}
	for code, v := range map[string]string{fixedA: "a", fixedB: "B"} {
		if err := svc.UpdateCustomerDunning(ctx, code, func(d *store.CustomerDunning) error {
			return SetCustomerDunningField(d, "variant", v)
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.UpdateCustomerDunning(ctx, fixedB, func(d *store.CustomerDunning) error {
		return SetCustomerDunningField(d, "variant", "BB")
	}); err == nil {
		t.Error("variant=BB accepted")
	}
	fixed := map[string]string{fixedA: "A", fixedB: "B"}

	// The model: each kind's variants, the experiment's arms, and what
	// pins each customer (the latest letter recorded with a variant).
	pinned := map[string]string{}
	expect := func(code, kind, arms, kindHas string) string {
		arm := fixed[code]
		if arm == "" {
			arm = pinned[code]
			if arm == "" || !strings.Contains(arms, arm) {
				arm = armByHand(code, arms)
			}
		}
		if arm == "A" || !strings.Contains(kindHas, arm) {
			return ""
		}
		return arm
	}
	seen := 0 // letters checked so far, per customer
	check := func(asOf ledger.Date, kind, arms, kindHas string, batchText string, inBatch map[string]bool) {
		t.Helper()
		got := recordedLetters(t, svc.Store())
		count, printedB := map[string]int{}, 0
		for _, c := range codes {
			rows := got[c]
			if len(rows) != seen+1 {
				t.Fatalf("%s on %s: %d letters recorded, want %d: %+v", c, asOf, len(rows), seen+1, rows)
			}
			r := rows[seen]
			want := expect(c, kind, arms, kindHas)
			if r.kind != kind || r.variant != want || r.language != "en" {
				t.Errorf("%s on %s: recorded %+v, want %s in variant %q, en", c, asOf, r, kind, want)
			}
			count[r.variant]++
			if r.variant == "B" && (inBatch == nil || inBatch[c]) {
				printedB++
			}
			if r.variant != "" {
				pinned[c] = r.variant
			}
		}
		if count["B"] == 0 || count[""] == 0 {
			t.Errorf("%s: no comparison: %v", asOf, count)
		}
		if batchText != "" {
			if m := strings.Count(batchText, markers[kind]+"."); m != printedB {
				t.Errorf("%s: the batch prints %s %d times, for %d letters in B", asOf, markers[kind], m, printedB)
			}
		}
		t.Logf("%s %s: %v", asOf, kind, count)
		seen++
	}
	batch := func(asOf ledger.Date, only map[string]bool) string {
		t.Helper()
		b, err := svc.PrintBatch(ctx, PrintOptions{AsOf: asOf, Record: true, Only: only}, nil)
		if err != nil {
			t.Fatal(err)
		}
		pdf, err := svc.BatchPDF(ctx, b, "batch")
		if err != nil {
			t.Fatal(err)
		}
		return pdfText(t, pdf)
	}

	// 06-08, reminder-1, experiment en:AB. The dialog's customer first:
	// its proposal, its printed letter and its record are the plan's.
	r1 := ledger.MustDate("2025-06-08")
	prop, err := svc.InvoiceProposal(ctx, "F-"+manual, r1)
	if err != nil || !prop.Proposed || prop.Action.Variant != "B" {
		t.Fatalf("the dialog's proposal for %s: %+v %v", manual, prop.Action, err)
	}
	printed, err := svc.PrintLetter(ctx, ManualLetter{Kind: ledger.KindReminder1, InvoiceNos: []string{"F-" + manual}, AsOf: r1}, false)
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, printed.PDF); !strings.Contains(text, "BravoOne.") {
		t.Errorf("the dialog's letter is not variant B's:\n%.600s", text)
	}
	if posted, err := svc.MarkLetterPosted(ctx, printed); err != nil || len(posted.Recorded) != 1 {
		t.Fatalf("posted %+v %v", posted, err)
	}
	if rows := recordedLetters(t, svc.Store())[manual]; len(rows) != 1 || rows[0].variant != "B" || rows[0].language != "en" || rows[0].source != "manual" {
		t.Fatalf("the dialog's letter was recorded as %+v", rows)
	}
	others := map[string]bool{}
	for _, c := range codes {
		others[c] = c != manual
	}
	check(r1, "reminder-1", "AB", "B", batch(r1, others), others)

	// The owner adds C to reminder-2: a new experiment, en:ABC. Those
	// whose reminder-1 was B keep B; the others are drawn again.
	if v := variantFrom(t, svc, "reminder-2", "CharlieTwo"); v != "C" {
		t.Fatalf("second variant of reminder-2: %s", v)
	}
	r2 := ledger.MustDate("2025-06-22")
	text := batch(r2, nil)
	check(r2, "reminder-2", "ABC", "BC", text, nil)
	c2 := 0
	for _, c := range codes {
		if recordedLetters(t, svc.Store())[c][1].variant == "C" {
			c2++
		}
	}
	if m := strings.Count(text, "CharlieTwo."); m != c2 || c2 == 0 {
		t.Errorf("reminder-2 in C: %d letters, %d printed", c2, m)
	}
	// The final demand has no C: those in C get the default, those in B
	// keep B from reminder-1 on.
	fd := ledger.MustDate("2025-07-06")
	check(fd, "final-demand", "ABC", "B", batch(fd, nil), nil)
	for _, c := range []string{manual} {
		rows := recordedLetters(t, svc.Store())[c]
		if rows[0].variant != "B" || rows[1].variant != "B" || rows[2].variant != "B" {
			t.Errorf("%s did not keep B up the ladder: %+v", c, rows)
		}
	}
}

// TestBadVariantRefusedAsABadTemplate: a variant that fails the check is
// refused with the template check's own error (same file, line and
// reason), when added from a file and when a letter would use it; a
// variant of a kind or language that does not exist, or a letter A, is
// refused too.
func TestBadVariantRefusedAsABadTemplate(t *testing.T) {
	ctx := context.Background()
	day := ledger.MustDate("2025-07-20")
	svc, _, err := Create(ctx, filepath.Join(t.TempDir(), "b.db"), Options{Today: func() ledger.Date { return day }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	cid, err := svc.Store().SaveCustomer(ctx, ledger.Customer{Code: "C1", Name: "One", Language: ledger.English, Kind: ledger.Business,
		Address1: "1 High Street", Postcode: "75001", City: "Paris", Country: "FR", Delivery: ledger.DeliveryPostal})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Store().InBatch(ctx, false, func(b *store.Batch) error {
		return b.InsertInvoice(ctx, &ledger.Invoice{Number: "F1", CustomerID: cid, IssueDate: ledger.MustDate("2025-05-01"),
			DueDate: ledger.MustDate("2025-06-01"), Total: ledger.Money{Minor: 10000, Currency: "EUR"}})
	}); err != nil {
		t.Fatal(err)
	}
	_, src, err := letter.TemplateSource("", "reminder-1", "en")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	lines[6] = "{{.Customer.Password}}"
	bad := filepath.Join(t.TempDir(), "bad.tmpl")
	os.WriteFile(bad, []byte(strings.Join(lines, "\n")), 0o644)
	checkErr := CheckTemplateFile(bad)
	if checkErr == nil {
		t.Fatal("the template check accepts the bad file")
	}
	_, _, addErr := svc.AddTemplateVariant("reminder-1", "en", bad, "")
	if addErr == nil || addErr.Error() != checkErr.Error() {
		t.Fatalf("variant add said %v, the template check %v", addErr, checkErr)
	}
	if !strings.Contains(addErr.Error(), bad+":7:") {
		t.Errorf("no file and line: %v", addErr)
	}
	if vs, _ := svc.TemplateVariants("reminder-1", "en"); len(vs) != 0 {
		t.Fatalf("a refused variant was written: %+v", vs)
	}
	// The same file put in place by hand: the letter stops with the error
	// an owner's broken template gives (letter.template around the same
	// file, line and reason), and the template list says it too.
	inPlace := filepath.Join(svc.TemplateDir(), "reminder-1.en.B.tmpl")
	os.MkdirAll(svc.TemplateDir(), 0o755)
	os.WriteFile(inPlace, []byte(strings.Join(lines, "\n")), 0o644)
	override := filepath.Join(svc.TemplateDir(), "reminder-1.en.tmpl")
	os.WriteFile(override, []byte(strings.Join(lines, "\n")), 0o644)
	_, tmplErr := letter.LoadTemplate(svc.TemplateDir(), "reminder-1", "en")
	_, varErr := letter.LoadVariant(svc.TemplateDir(), "reminder-1", "en", "B")
	var te, ve *letter.TemplateError
	if !errors.As(tmplErr, &te) || !errors.As(varErr, &ve) || te.Line != ve.Line || te.Reason.In("en") != ve.Reason.In("en") ||
		ve.File != inPlace {
		t.Fatalf("template %v, variant %v", tmplErr, varErr)
	}
	_, withVariant := svc.Letter(ctx, LetterOptions{Kind: ledger.KindReminder1, InvoiceNo: "F1", AsOf: day, Variant: "B"})
	_, withTemplate := svc.Letter(ctx, LetterOptions{Kind: ledger.KindReminder1, InvoiceNo: "F1", AsOf: day, Variant: "A"})
	if withVariant == nil || withTemplate == nil ||
		strings.Replace(withVariant.Error(), inPlace, override, 1) != withTemplate.Error() || withVariant.Error() != letters.TemplateErr(varErr).Error() {
		t.Fatalf("the letter with the variant said %v, with the template %v", withVariant, withTemplate)
	}
	wantLetter := withVariant.Error()
	list := svc.Templates()
	found := false
	for _, st := range list {
		if st.Kind == "reminder-1" && st.Language == "en" && st.Variant == "B" {
			found = true
			if st.Problem == nil || !strings.Contains(st.Problem.Error(), ve.Reason.In("en")) {
				t.Errorf("template list: %+v", st)
			}
		}
	}
	if !found {
		t.Error("template list does not show variant B")
	}
	if !strings.Contains(wantLetter, inPlace+":7:") {
		t.Errorf("letter error %q", wantLetter)
	}
	for _, c := range [][3]string{{"reminder-9", "en", ""}, {"reminder-1", "xx", ""}, {"reminder-1", "en", "A"}, {"reminder-1", "en", "b1"}} {
		if _, _, err := svc.AddTemplateVariant(c[0], c[1], "", c[2]); err == nil {
			t.Errorf("variant %v accepted", c)
		}
	}
}

// TestVariantsByEmail: the plan's emailed letters are written with their
// variant (the message's text says the variant's words exactly for the
// letters recorded in B), and recorded with it and their language; the
// Serbian customers, whose language has no variant, get the default. A
// letter sent by hand from the Send reminder dialog is the plan's too.
func TestVariantsByEmail(t *testing.T) {
	l := newSendLedger(t, 12)
	ctx := context.Background()
	_, src, err := letter.TemplateSource("", "reminder-1", "fr")
	if err != nil {
		t.Fatal(err)
	}
	from := filepath.Join(t.TempDir(), "b.tmpl")
	os.WriteFile(from, []byte(strings.Replace(string(src), "{{.Customer.Greeting}}", "{{.Customer.Greeting}}\n\nVARIANTE-BRAVO.", 1)), 0o644)
	if v, _, err := l.svc.AddTemplateVariant("reminder-1", "fr", from, ""); err != nil || v != "B" {
		t.Fatalf("%s %v", v, err)
	}
	l.send(t)
	got := recordedLetters(t, l.svc.Store())
	byCode := map[string][]byte{}
	for _, d := range l.srv.Delivered() {
		for _, to := range d.To {
			data, _ := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(d.Data)))
			byCode[strings.ToUpper(strings.TrimSuffix(to, "@customers.test"))] = data
		}
	}
	inB := 0
	for i := 1; i <= 12; i++ {
		code := fmt.Sprintf("C%03d", i)
		rows := got[code]
		lang, want := "fr", ""
		if i%2 == 0 {
			lang = "sr-Cyrl"
		} else if fnvByHand(code+"\x00fr:AB")%2 == 1 {
			want = "B"
		}
		if len(rows) != 1 || rows[0].variant != want || rows[0].language != lang || rows[0].kind != "reminder-1" {
			t.Errorf("%s: recorded %+v, want variant %q in %s", code, rows, want, lang)
			continue
		}
		msg, ok := byCode[code]
		if !ok {
			t.Errorf("%s: no message delivered", code)
			continue
		}
		if strings.Contains(string(msg), "VARIANTE-BRAVO") != (want == "B") {
			t.Errorf("%s (variant %q): the message's text is not its variant's", code, want)
		}
		if want == "B" {
			inB++
		}
	}
	if inB == 0 || inB == 6 {
		t.Errorf("%d of 6 French customers in B: no comparison", inB)
	}
	// Two weeks on, the owner sends a B customer's reminder-2 by hand
	// (the dialog's Send): reminder-2 now has a B, which the customer
	// keeps from its reminder-1.
	_, src2, err := letter.TemplateSource("", "reminder-2", "fr")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(from, []byte(strings.Replace(string(src2), "{{.Customer.Greeting}}", "{{.Customer.Greeting}}\n\nVARIANTE-DEUX.", 1)), 0o644)
	if v, _, err := l.svc.AddTemplateVariant("reminder-2", "fr", from, ""); err != nil || v != "B" {
		t.Fatalf("%s %v", v, err)
	}
	b := ""
	for i := 1; i <= 12 && b == ""; i += 2 {
		if c := fmt.Sprintf("C%03d", i); got[c][0].variant == "B" {
			b = c
		}
	}
	l.day, l.clock = l.day.AddDays(14), l.clock.AddDate(0, 0, 14)
	before := len(l.srv.Delivered())
	if _, err := l.svc.SendLetter(ctx, ManualLetter{Kind: ledger.KindReminder2, InvoiceNos: []string{"F-" + b[1:]}, AsOf: l.day}, l.pw); err != nil {
		t.Fatal(err)
	}
	rows := recordedLetters(t, l.svc.Store())[b]
	if len(rows) != 2 || rows[1].kind != "reminder-2" || rows[1].variant != "B" || rows[1].source != "manual" || rows[1].language != "fr" {
		t.Fatalf("%s by hand: %+v", b, rows)
	}
	d := l.srv.Delivered()
	if len(d) != before+1 {
		t.Fatalf("%d messages after the dialog's, %d before", len(d), before)
	}
	if data, _ := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(d[len(d)-1].Data))); !strings.Contains(string(data), "VARIANTE-DEUX") {
		t.Errorf("the dialog's message is not variant B's")
	}
}
