package letter

// Data is the closed set of merge fields a template may use. Every value
// is already formatted for the letter's language (dates, money, rates), so
// templates hold words, not arithmetic. The list is documented in
// templates/README.md; a template using anything else is refused.
type Data struct {
	Kind        string
	Language    string
	Letter      LetterData
	Company     CompanyData
	Customer    CustomerData
	Invoice     InvoiceData   // the first (or only) invoice of the letter
	Invoices    []InvoiceData // every invoice the letter covers
	Totals      TotalsData
	Previous    []PreviousLetter // earlier letters about these invoices, oldest first
	Payments    []PaymentData    // payments received on these invoices
	Promise     PromiseData      // the latest promise to pay, if any (Date empty otherwise)
	Law         LawData
	Campaign    CampaignData
	Appointment AppointmentData
	// Terms are the payment terms a billing change put in force on or
	// before the letter's date (empty fields when none did).
	Terms TermsData
}

// TermsData are the billing terms in force, as a billing-change campaign
// set them.
type TermsData struct {
	From    string // the day they took effect
	PayTo   string // where payments go
	Minimum string // the minimum payment, as the owner wrote it
}

// LetterData describes the letter itself.
type LetterData struct {
	Date      string // "22 novembre 2026"
	Place     string // the company's city, for "Lyon, le 22 novembre 2026"
	Deadline  string // final demand and payment demand: pay by
	Reference string // our reference for the letter
	PayBy     string // the date asked for payment
	// Registered: the letter goes by registered post with acknowledgement
	// of receipt (a print batch's option), which a French formal notice
	// says (C. civ. 1344: the notice's date is then proven).
	Registered bool
}

// CompanyData is the letterhead.
type CompanyData struct {
	Name           string // trading name, else legal name
	LegalName      string
	Address        string // one line: "12 rue de la République, 69002 Lyon"
	Phone          string
	PhoneExt       string
	Fax            string
	Email          string
	Website        string
	IBAN           string
	BIC            string
	BankName       string
	SignatoryName  string
	SignatoryTitle string
}

// CustomerData is the recipient.
type CustomerData struct {
	Code     string
	Name     string // company or person
	Contact  string // contact person, if any
	FullName string // the person to address: the contact, else the name
	Greeting string // "Madame Dupont," / "Dear Ms Harper," / "Поштована госпођо Петровић," — never "Dear valued customer"
	Email    string
	Phone    string
	// Consumer: the customer is a private person, whose law differs (FR:
	// legal-rate interest from the notice, no tacit acceptance; UK: the
	// Pre-Action Protocol's Letter of Claim).
	Consumer bool
}

// InvoiceData is one invoice, formatted.
type InvoiceData struct {
	Number       string
	IssueDate    string
	ServiceDate  string // date or period of the service
	DueDate      string
	DaysOverdue  int
	Total        string
	Paid         string
	Balance      string
	Interest     string
	Compensation string
	Due          string // balance + interest + compensation
	Description  string
	HasPDF       bool // the original PDF is on file (attached or appended)
	// Reference is the structured creditor reference to quote when paying,
	// as printed ("RF18 F202 6010 7", "97 4220260107").
	Reference string
}

// TotalsData sums the letter's invoices, in its one currency.
type TotalsData struct {
	Currency     string
	Principal    string
	Interest     string
	Compensation string
	Total        string
	HasInterest  bool // the letter claims interest or compensation
}

// PreviousLetter is an earlier letter about these invoices.
type PreviousLetter struct {
	Kind string
	Date string
	// Tracking is the registered letter's number, when it went by
	// registered post and the owner recorded it ("" otherwise).
	Tracking string
}

// PaymentData is a payment received.
type PaymentData struct {
	Date   string
	Amount string
}

// PromiseData is a promise to pay.
type PromiseData struct {
	Date   string
	Amount string
	Broken bool
}

// LawData is the legal basis of the amounts claimed.
type LawData struct {
	Rate string // "12,15 %": the last rate applied
	// Rates is every rate applied with its days when it changed ("13,15 %
	// du 1er juin 2025 au 30 juin 2025, puis de 12,15 % du …"), per debt
	// when the debts had different rates on the same days (UK); the one
	// rate alone when it did not change.
	Rates      string
	Basis      string // the rule, in words
	FixedSum   string // "40,00 €" per invoice, "" when none
	Proceeding string // what follows a failed final demand, in words (set by the owner later; default text in the template)
	// FixedSumVaries: the fixed sum differs between the letter's debts (UK
	// s.5A: £40, £70 or £100 by each debt's size), so the letter gives
	// each invoice's (.Invoices' .Compensation), never "per invoice".
	FixedSumVaries bool
	// Jurisdiction is the law applied: FR, UK, EU, DE or RS.
	Jurisdiction string
	// LetterOfClaim: a final demand to a consumer under UK law, written as
	// the Pre-Action Protocol for Debt Claims' Letter of Claim (30 days,
	// the Annex 1 and 2 documents enclosed).
	LetterOfClaim bool
}

// CampaignData holds an announcement's fields (announcements issue).
type CampaignData struct {
	OldRule        string
	NewRule        string
	EffectiveDate  string
	EffectiveMonth string // "novembre 2026"
	NewAddress     string
	MinimumFrom    string
	MinimumTo      string
	Optional       bool
	ConsentEmail   string
	ConsentWeb     string
	ConsentPhone   string
	Timeline       string
	Steps          []string // Timeline cut at its ";": one line per step
	Terms          string
	Benefits       []string
}

// AppointmentData is an appointment or event.
type AppointmentData struct {
	Date       string
	Time       string
	Place      string
	Subject    string
	Bring      []string
	Reschedule string // how to move it: a phone number or an email address
	Calendar   bool   // a calendar file (.ics) goes with it: the email, not the posted letter
}

// SampleData fills every field, with lists of two, so that a trial run of
// a template reaches every branch's fields.
func SampleData() *Data {
	inv := InvoiceData{Number: "F2026-0001", IssueDate: "1", ServiceDate: "1", DueDate: "1", DaysOverdue: 10, Total: "1", Paid: "1",
		Balance: "1", Interest: "1", Compensation: "1", Due: "1", Description: "x", HasPDF: true, Reference: "x"}
	return &Data{
		Kind: "reminder-1", Language: "fr",
		Letter:   LetterData{Date: "1", Place: "x", Deadline: "1", Reference: "x", PayBy: "1", Registered: true},
		Company:  CompanyData{Name: "x", LegalName: "x", Address: "x", Phone: "1", PhoneExt: "1", Fax: "1", Email: "x@example.fr", Website: "x", IBAN: "x", BIC: "x", BankName: "x", SignatoryName: "x", SignatoryTitle: "x"},
		Customer: CustomerData{Code: "x", Name: "x", Contact: "x", FullName: "x", Greeting: "x", Email: "x", Phone: "x", Consumer: true},
		Invoice:  inv, Invoices: []InvoiceData{inv, inv},
		Totals:   TotalsData{Currency: "EUR", Principal: "1", Interest: "1", Compensation: "1", Total: "1", HasInterest: true},
		Previous: []PreviousLetter{{Kind: "reminder-1", Date: "1"}, {Kind: "reminder-2", Date: "1", Tracking: "x"}},
		Payments: []PaymentData{{Date: "1", Amount: "1"}, {Date: "1", Amount: "1"}},
		Promise:  PromiseData{Date: "1", Amount: "1", Broken: true},
		Law:      LawData{Rate: "1", Rates: "1", Basis: "x", FixedSum: "1", Proceeding: "x", FixedSumVaries: true, Jurisdiction: "FR", LetterOfClaim: true},
		Campaign: CampaignData{OldRule: "x", NewRule: "x", EffectiveDate: "1", EffectiveMonth: "x", NewAddress: "x", MinimumFrom: "1", MinimumTo: "1",
			Optional: true, ConsentEmail: "x", ConsentWeb: "x", ConsentPhone: "x", Timeline: "x", Steps: []string{"x", "y"}, Terms: "x", Benefits: []string{"x", "y"}},
		Appointment: AppointmentData{Date: "1", Time: "1", Place: "x", Subject: "x", Bring: []string{"x", "y"}, Reschedule: "x", Calendar: true},
		Terms:       TermsData{From: "1", PayTo: "x", Minimum: "1"},
	}
}
