package letter

import (
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

// Request is everything a letter is made of, already read from the ledger.
type Request struct {
	Kind     ledger.LetterKind
	Language ledger.Language
	Date     ledger.Date
	Company  ledger.Company
	Customer ledger.Customer
	Envelope ledger.Envelope
	Currency ledger.Currency
	Invoices []InvoiceLine
	Payments []ledger.Payment // received on these invoices, oldest first
	// OpenCredit is the customer's credit not applied to any invoice on
	// Date, per currency: the letter shows it and deducts it from nothing.
	OpenCredit []ledger.Money
	Previous   []PreviousLetter // already formatted
	Promise    *ledger.Promise
	Deadline   ledger.Date // final demand
	PayBy      ledger.Date
	Rate       string // annual percent, "12.15"
	// RatePeriods are the rates applied with their days
	// (dunning.RatePeriods), for .Law.Rates.
	RatePeriods []RatePeriod
	// Jurisdiction is the law applied to this debtor (the customer's,
	// else the company's); LetterOfClaim is dunning.LetterOfClaim's say.
	Jurisdiction  ledger.Jurisdiction
	LetterOfClaim bool
	Registered    bool   // sent by registered post with acknowledgement of receipt
	Basis         string // the legal basis, in words, in the letter's language
	FixedSum      *ledger.Money
	Charges       bool // the letter claims interest and compensation
	Campaign      CampaignData
	Appointment   AppointmentData
	Terms         *BillingTerms // the billing change in force on Date, if any
	Template      *Template     // nil: the default for Kind and Language
	// Variant is the template variant Template is ("" the default, else
	// B…Z: LoadVariant), for the letter's record (letters.variant).
	Variant string
	// Inserts are highlighted blocks printed after the salutation: the
	// paperless insert on the last paper statements (announcements).
	Inserts   []*Template
	FoldMarks bool
	// NoQR leaves the QR code out of the payment block (the benchmark's
	// letter without it).
	NoQR bool
	// SMSPlainLatin lets a Serbian Latin SMS drop its diacritics
	// (č ć → c, đ → dj, š → s, ž → z) to travel as GSM-7: the owner's choice.
	SMSPlainLatin bool
	// Notes are for the owner, never printed: why an invoice claims no
	// interest (dunning.LetterFigures' warnings).
	Notes []i18n.Msg
}

// BillingTerms are payment terms a billing change put in force.
type BillingTerms struct {
	From    ledger.Date
	PayTo   string
	Minimum string
}

// InvoiceLine is one invoice with its amounts on the letter's date.
type InvoiceLine struct {
	Invoice      ledger.Invoice
	Paid         int64
	Balance      int64
	Interest     int64
	Compensation int64    // in the invoice's currency
	Credits      []Credit // credit notes applied, part of Paid
	// Undated: part of Paid came from an export that did not say when; it
	// counts from the issue date, and the letter says interest runs only on
	// what is still due.
	Undated bool
}

// Composed is a letter ready to paint.
type Composed struct {
	Subject string
	Letter  *render.Letter
	Data    *Data
}

func lang(l ledger.Language) i18n.Lang { return i18n.Lang(l) }

// Compose fills the template with the request's data and prepares the
// page: letterhead, window address, table, signature, footer.
func Compose(req Request) (*Composed, error) {
	t := req.Template
	if t == nil {
		var err error
		if t, err = LoadTemplate("", req.Kind.Template(), string(req.Language)); err != nil {
			return nil, err
		}
	}
	d := buildData(req)
	r, err := t.Execute(d)
	if err != nil {
		return nil, err
	}
	win := WindowFor(req.Envelope)
	addr, err := AddressLines(req.Customer, req.Company.Country, win)
	if err != nil {
		return nil, err
	}
	l := lang(req.Language)
	paperW, paperH := 210.0, 297.0
	if req.Company.PaperSize == ledger.PaperLetter {
		paperW, paperH = 215.9, 279.4
	}
	doc := &render.Letter{
		PageW: paperW, PageH: paperH, Lang: string(req.Language),
		CompanyName:   d.Company.Name,
		CompanyLines:  companyLines(req.Company, l, req.Customer.Country),
		Logo:          req.Company.Logo,
		Window:        render.Rect(win.Address),
		AddressIndent: win.Indent, AddressTop: win.Top,
		Recipient: addr,
		PlaceDate: i18n.T(l, "letter.place_date", d.Letter.Place, d.Letter.Date),
		Subject:   r.Subject,
		Footer:    footer(req.Company, l),
		PageLabel: i18n.T(l, "letter.page"),
	}
	if d.Letter.Place == "" {
		doc.PlaceDate = d.Letter.Date
	}
	if win.Return.W > 0 {
		doc.ReturnZone = render.Rect(win.Return)
		doc.ReturnLine = returnLine(req.Company, req.Customer.Country)
	}
	if req.FoldMarks {
		doc.FoldMarks = foldMarks(req.Envelope, paperH)
		doc.PunchMark = paperH / 2
	}
	placed := false // the template put the payment block somewhere
	for _, b := range SplitBlocks(r.Body) {
		switch b.Kind {
		case Paragraph:
			doc.Body = append(doc.Body, render.Block{Kind: render.Para, Text: b.Text})
		case ListItem:
			doc.Body = append(doc.Body, render.Block{Kind: render.Bullet, Text: b.Text})
		case InvoiceTable:
			doc.Body = append(doc.Body, render.Block{Kind: render.Table})
			doc.Table = invoiceTable(req, d, l)
		case BoxStart:
			doc.Body = append(doc.Body, render.Block{Kind: render.BoxStart})
		case BoxEnd:
			doc.Body = append(doc.Body, render.Block{Kind: render.BoxEnd})
		case Enclosures:
			doc.Enclosures = enclosures(req, l)
		case PaymentDetails:
			if !placed { // once, wherever the template says it first
				if text, qr := paymentBlock(req, d); text != "" {
					doc.Body = append(doc.Body, render.Block{Kind: render.Para, Text: text})
					doc.PayQR, doc.PayQRCaption = qr, i18n.T(l, "letter.pay_qr_caption")
				}
				placed = true
			}
		}
	}
	if !placed {
		if text, qr := paymentBlock(req, d); text != "" {
			doc.Body = withPayment(doc.Body, text)
			doc.PayQR, doc.PayQRCaption = qr, i18n.T(l, "letter.pay_qr_caption")
		}
	}
	doc.Body = withNotes(doc.Body, balanceNotes(req))
	if len(req.Inserts) > 0 {
		var ins []render.Block
		for _, t := range req.Inserts {
			bs, err := InsertBlocks(t, req)
			if err != nil {
				return nil, err
			}
			ins = append(ins, bs...)
		}
		at := 0
		if len(doc.Body) > 0 && doc.Body[0].Kind == render.Para {
			at = 1 // after the salutation
		}
		doc.Body = append(doc.Body[:at], append(ins, doc.Body[at:]...)...)
	}
	// A template that signs itself (payment-demand) has its signature
	// lifted: every kind gets the same block.
	doc.Body = liftSignature(doc.Body, d.Company.SignatoryName, d.Company.SignatoryTitle)
	doc.Signature = NonEmpty(req.Company.SignatoryName, d.Company.SignatoryTitle)
	if len(doc.Signature) > 0 {
		doc.SignatureImage = req.Company.Signature
	}
	doc.RunningHead = strings.Join(NonEmpty(d.Company.Name, firstOf(addr), doc.PlaceDate), " · ")
	if doc.Enclosures == "" {
		doc.Enclosures = enclosures(req, l)
	}
	return &Composed{Subject: r.Subject, Letter: doc, Data: d}, nil
}

func firstOf(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

// keepTogether joins a phone number's groups with no-break spaces, so a
// line never ends in the middle of it.
func keepTogether(s string) string { return strings.Join(strings.Fields(s), nbsp) }

// NonEmpty keeps the strings that are not empty, in order (address
// lines, contact details).
func NonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// foldMarks are the fold lines of each standard, in millimetres from the
// top. DIN 5008: form A (address field at 27 mm) folds at 87 and 192 mm,
// form B (at 45 mm) at 105 and 210 mm; either way the field lands in a DL
// window 50 to 95 mm from the envelope's top. Left-window DL and C5
// envelopes take the form A field: a DL one its folds in three, a C5 one
// (the sheet folded once) its half. The punch mark is at half the sheet's
// height (148.5 mm on A4), set by Compose.
func foldMarks(e ledger.Envelope, paperH float64) []float64 {
	switch e {
	case ledger.EnvelopeC5Left:
		return []float64{paperH / 2}
	case ledger.EnvelopeDIN5008A, ledger.EnvelopeDLLeft:
		return []float64{87, 192}
	case ledger.EnvelopeDIN5008B:
		return []float64{105, 210}
	}
	return []float64{paperH / 3, 2 * paperH / 3}
}

// returnLine is the sender's one line in a DIN 5008 return zone, with the
// sender's country when the letter goes abroad: the post returns an
// undeliverable letter from the recipient's country.
func returnLine(c ledger.Company, to ledger.Country) string {
	country := ""
	if c.Country != "" && to != "" && to != c.Country {
		country = CountryLine(c.Country)
	}
	return oneLine(strings.Join(NonEmpty(c.LegalName, c.Address1, strings.TrimSpace(c.Postcode+" "+c.City), country), " · "))
}

// companyLines are the letterhead's lines under the name; the numbers
// are written as the recipient's country dials them.
func companyLines(c ledger.Company, l i18n.Lang, to ledger.Country) []string {
	addr := strings.Join(NonEmpty(c.Address1, c.Address2, c.Address3, strings.TrimSpace(c.Postcode+" "+c.City)), ", ")
	phone := phoneFor(c.Phone, c.Country, to)
	if phone != "" && c.PhoneExt != "" {
		phone = i18n.T(l, "letter.phone_ext", phone, c.PhoneExt)
	}
	if c.Fax != "" {
		phone = strings.Join(NonEmpty(phone, i18n.T(l, "letter.fax", phoneFor(c.Fax, c.Country, to))), " · ")
	}
	return NonEmpty(addr, strings.Join(NonEmpty(phone, c.Email, c.Website), " · "))
}

// footer holds the legal mentions: in France SIRET, RCS, VAT number and
// share capital; elsewhere the registration and VAT numbers.
func footer(c ledger.Company, l i18n.Lang) []string {
	var parts []string
	name := c.LegalName
	if c.ShareCapital.Currency != "" && c.ShareCapital.Minor > 0 {
		name = i18n.T(l, "letter.capital", name, FormatMoney(ledger.Language(l), c.ShareCapital))
	}
	parts = append(parts, name)
	if c.SIRET != "" {
		parts = append(parts, "SIRET "+c.SIRET)
	}
	if c.RCS != "" {
		parts = append(parts, c.RCS)
	}
	if c.CompanyNumber != "" {
		parts = append(parts, i18n.T(l, "letter.company_number", c.CompanyNumber))
	}
	if c.VAT != "" {
		parts = append(parts, i18n.T(l, vatLabel(c, l), c.VAT))
	}
	lines := []string{strings.Join(NonEmpty(parts...), " · ")}
	if c.IBAN != "" {
		lines = append(lines, strings.Join(NonEmpty(c.BankName, "IBAN "+groupIBAN(c.IBAN), nonEmptyPrefix("BIC ", c.BIC)), " · "))
	}
	return lines
}

func nonEmptyPrefix(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// groupIBAN writes an IBAN in groups of four, as printed on letters.
func groupIBAN(s string) string {
	s = strings.Join(strings.Fields(s), "")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func invoiceTable(req Request, d *Data, l i18n.Lang) *render.TableData {
	t := &render.TableData{
		Header: []string{i18n.T(l, "letter.col_invoice"), i18n.T(l, "letter.col_issued"), i18n.T(l, "letter.col_due"),
			i18n.T(l, "letter.col_total"), i18n.T(l, "letter.col_balance")},
		Right: []bool{false, true, true, true, true},
	}
	for i, inv := range d.Invoices {
		t.Rows = append(t.Rows, []string{inv.Number, inv.IssueDate, inv.DueDate, inv.Total, inv.Balance})
		t.Rows = append(t.Rows, creditRows(req.Invoices[i], req.Language)...)
	}
	t.Totals = append(t.Totals, [2]string{i18n.T(l, "letter.total_principal"), d.Totals.Principal})
	if req.Charges {
		if d.Totals.Interest != "" {
			t.Totals = append(t.Totals, [2]string{i18n.T(l, interestLabel(req)), d.Totals.Interest})
		}
		if d.Totals.Compensation != "" {
			t.Totals = append(t.Totals, [2]string{i18n.T(l, "letter.total_compensation"), d.Totals.Compensation})
		}
		t.Totals = append(t.Totals, [2]string{i18n.T(l, "letter.total_due"), d.Totals.Total})
	}
	return t
}

// enclosures names each invoice whose copy goes with the letter: "copy of
// invoice F-100", "copies of invoices F-100, F-101 and F-102" (the layout
// wraps the line).
func enclosures(req Request, l i18n.Lang) string {
	var nums []string
	for _, inv := range req.Invoices {
		nums = append(nums, inv.Invoice.Number)
	}
	if len(nums) == 0 {
		return ""
	}
	return i18n.TN(l, "letter.enclosures", len(nums), listAnd(l, nums))
}

// liftSignature takes off the end of a body the paragraphs that sign it
// (the signatory's name, title, or both on one line): the letter gets the
// one signature block every kind has, placed by the layout with room to
// sign, however its template ends.
func liftSignature(body []render.Block, name, title string) []render.Block {
	name, title = strings.TrimSpace(name), strings.TrimSpace(title)
	is := func(t string) bool {
		t = strings.TrimSpace(t)
		return t != "" && (t == name || t == title || t == strings.TrimSpace(name+" "+title) || t == name+", "+title)
	}
	for len(body) > 0 && body[len(body)-1].Kind == render.Para && is(body[len(body)-1].Text) {
		body = body[:len(body)-1]
	}
	return body
}

func buildData(req Request) *Data {
	lg := req.Language
	m := func(minor int64) string { return FormatMoney(lg, ledger.Money{Minor: minor, Currency: req.Currency}) }
	date := func(d ledger.Date) string { return FormatDate(lg, d) }
	c := req.Company
	name := c.TradingName
	if name == "" {
		name = c.LegalName
	}
	d := &Data{
		Kind: string(req.Kind), Language: string(lg),
		Letter: LetterData{Date: date(req.Date), Place: c.City, Deadline: date(req.Deadline), PayBy: date(req.PayBy)},
		Company: CompanyData{Name: name, LegalName: c.LegalName,
			Address: strings.Join(NonEmpty(c.Address1, c.Address2, strings.TrimSpace(c.Postcode+" "+c.City)), ", "),
			Phone:   keepTogether(phoneFor(c.Phone, c.Country, req.Customer.Country)), PhoneExt: c.PhoneExt,
			Fax: keepTogether(phoneFor(c.Fax, c.Country, req.Customer.Country)), Email: c.Email, Website: c.Website, IBAN: groupIBAN(c.IBAN), BIC: c.BIC,
			BankName: c.BankName, SignatoryName: c.SignatoryName, SignatoryTitle: SignatoryTitle(c.SignatoryTitle, lg)},
		Previous: req.Previous, Campaign: req.Campaign, Appointment: req.Appointment,
	}
	if t := req.Terms; t != nil && (t.PayTo != "" || t.Minimum != "") {
		d.Terms = TermsData{From: date(t.From), PayTo: t.PayTo, Minimum: t.Minimum}
	}
	cu := req.Customer
	full := strings.TrimSpace(cu.Contact)
	if full == "" {
		full = cu.Name
	}
	email := ""
	if len(cu.Emails) > 0 {
		email = cu.Emails[0]
	}
	d.Customer = CustomerData{Code: cu.Code, Name: cu.Name, Contact: cu.Contact, FullName: full,
		Greeting: greeting(cu, lg), Email: email, Phone: keepTogether(cu.Phone)}
	var principal, interest, comp int64
	for _, il := range req.Invoices {
		inv := il.Invoice
		svc := date(inv.ServiceDate)
		if !inv.ServiceEnd.IsZero() {
			svc = svc + " – " + date(inv.ServiceEnd)
		}
		if svc == "" {
			svc = date(inv.IssueDate)
		}
		row := InvoiceData{Number: inv.Number, IssueDate: date(inv.IssueDate), ServiceDate: svc, DueDate: date(inv.DueDate),
			DaysOverdue: max(req.Date.DaysSince(inv.DueDate), 0), Total: m(inv.Total.Minor), Paid: m(il.Paid), Balance: m(il.Balance),
			Interest: m(il.Interest), Compensation: m(il.Compensation), Due: m(il.Balance + il.Interest + il.Compensation),
			Description: inv.Description, HasPDF: inv.PDFPath != "", Reference: PrintedReference(reference(inv))}
		d.Invoices = append(d.Invoices, row)
		principal += il.Balance
		interest += il.Interest
		comp += il.Compensation
	}
	if len(d.Invoices) > 0 {
		d.Invoice = d.Invoices[0]
	}
	for _, p := range req.Payments {
		// Credit notes are listed under their invoices, not as payments
		// received; an export's negative adjustment received nothing.
		if p.Source == ledger.PaymentCredit || p.Amount <= 0 {
			continue
		}
		day := date(p.Date)
		if p.Undated {
			day = i18n.T(lang(lg), "letter.payment_undated")
		}
		d.Payments = append(d.Payments, PaymentData{Date: day, Amount: m(p.Amount)})
	}
	if !req.Charges {
		interest, comp = 0, 0
	}
	d.Totals = TotalsData{Currency: string(req.Currency), Principal: m(principal), Total: m(principal + interest + comp), HasInterest: req.Charges && interest+comp > 0}
	if interest > 0 {
		d.Totals.Interest = m(interest)
	}
	if comp > 0 {
		d.Totals.Compensation = m(comp)
	}
	if req.Promise != nil {
		d.Promise = PromiseData{Date: date(req.Promise.Date), Amount: m(req.Promise.Amount), Broken: req.Promise.Date < req.Date}
	}
	if req.Rate != "" {
		d.Law.Rate = FormatRate(lg, req.Rate)
	}
	d.Law.Basis = req.Basis
	if req.FixedSum != nil && req.FixedSum.Minor > 0 {
		d.Law.FixedSum = FormatMoney(lg, *req.FixedSum)
	}
	fillLaw(d, req)
	return d
}
