package ledger

import (
	"fmt"
	"net/mail"
	"strings"
)

// CustomerKind matters for the law: late-payment compensation and statutory
// rates differ between business and consumer debtors.
type CustomerKind string

// Customer kinds.
const (
	Business CustomerKind = "business"
	Consumer CustomerKind = "consumer"
)

// Delivery is how a customer receives letters.
type Delivery string

// Delivery preferences.
const (
	DeliveryEmail  Delivery = "email"
	DeliveryPostal Delivery = "postal"
	DeliveryBoth   Delivery = "both"
)

// ConsentState records where a customer stands on paperless billing.
type ConsentState string

// Paperless consent states.
const (
	ConsentNone     ConsentState = "none"      // never asked
	ConsentAsked    ConsentState = "asked"     // notice sent, no answer yet
	ConsentGranted  ConsentState = "granted"   // agreed to email-only
	ConsentRefused  ConsentState = "refused"   // answered no
	ConsentWithdraw ConsentState = "withdrawn" // agreed, then opted out
)

// Consent is the paperless consent record with its proof.
type Consent struct {
	State    ConsentState
	Date     Date   // when the answer was given
	Channel  string // email, phone, web, paper
	Evidence string // e.g. the Message-ID of the reply, or a note
}

// Customer is someone who owes, or may owe, the company money.
type Customer struct {
	ID           int64
	Code         string // the owner's own customer code, unique
	Name         string // company or person name
	Contact      string // contact person
	Salutation   string // "Madame", "Mr", "Poštovani gospodine"...
	Title        string // said in the salutation: "Dr.", "Prof. Dr."
	Gender       Gender // of the person greeted: the salutation's form
	Address1     string
	Address2     string
	Postcode     string
	City         string
	Country      Country
	Emails       []string // first is the main address
	Phone        string
	Mobile       string
	Language     Language
	Kind         CustomerKind
	Delivery     Delivery
	Paperless    Consent
	Excluded     bool // never sent dunning letters
	PausedUntil  Date // dunning paused until this date (inclusive); zero: not paused
	Notes        string
	InvoiceCount int // filled by listings only
}

// ParseKind accepts business/consumer and their French, German and Serbian
// names.
func ParseKind(s string) (CustomerKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "business", "b2b", "company", "entreprise", "professionnel", "pro", "société", "societe", "firma", "фирма", "pravno lice", "правно лице",
		"unternehmen", "unternehmer", "gewerbe", "gewerblich", "geschäftskunde", "geschaeftskunde", "firmenkunde":
		return Business, nil
	case "consumer", "b2c", "individual", "person", "particulier", "consommateur", "fizičko lice", "fizicko lice", "физичко лице",
		"verbraucher", "privat", "privatkunde", "privatperson":
		return Consumer, nil
	}
	return "", fmt.Errorf("unknown kind %q (expected business or consumer)", s)
}

// Gender is the grammatical gender a salutation takes for the person it
// greets ("Sehr geehrte Frau", "Sehr geehrter Herr"; "Поштована госпођо",
// "Поштовани господине"). Unknown, a letter greets with the language's
// neutral form rather than guess from a first name.
type Gender string

// The genders: unknown (""), female, male.
const (
	GenderUnknown Gender = ""
	Female        Gender = "f"
	Male          Gender = "m"
)

// ParseGender accepts f/m and the words for woman and man, Ms/Mr and their
// equivalents in the product's languages; "" and "x" (diverse, not said)
// are unknown.
func ParseGender(s string) (Gender, error) {
	switch strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "."))) {
	case "", "x", "d", "u", "unknown", "diverse", "divers", "other", "autre", "inconnu", "nepoznato", "непознато":
		return GenderUnknown, nil
	case "f", "w", "ж", "z", "ž", "female", "woman", "ms", "mrs", "miss", "femme", "féminin", "feminin", "madame", "mme",
		"weiblich", "frau", "ženski", "zenski", "žensko", "женски", "женско", "gospođa", "gospodja", "госпођа":
		return Female, nil
	case "m", "м", "male", "man", "mr", "homme", "masculin", "monsieur", "männlich", "maennlich", "herr",
		"muški", "muski", "muško", "мушки", "мушко", "gospodin", "господин":
		return Male, nil
	}
	return "", fmt.Errorf("unknown gender %q (expected f, m or empty)", s)
}

// ParseDelivery accepts email/postal/both and their French, German and
// Serbian names.
func ParseDelivery(s string) (Delivery, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "email", "e-mail", "mail", "courriel", "imejl", "имејл", "elektronska pošta":
		return DeliveryEmail, nil
	case "postal", "post", "paper", "courrier", "papier", "poste", "pošta", "пошта", "brief", "briefpost":
		return DeliveryPostal, nil
	case "both", "les deux", "email+postal", "oba", "оба", "beide", "beides":
		return DeliveryBoth, nil
	}
	return "", fmt.Errorf("unknown delivery %q (expected email, postal or both)", s)
}

// ParseConsentState validates a paperless consent state.
func ParseConsentState(s string) (ConsentState, error) {
	switch c := ConsentState(strings.ToLower(strings.TrimSpace(s))); c {
	case ConsentNone, ConsentAsked, ConsentGranted, ConsentRefused, ConsentWithdraw:
		return c, nil
	}
	return "", fmt.Errorf("unknown consent state %q (expected none, asked, granted, refused or withdrawn)", s)
}

// ParseEmail validates one bare email address ("name@example.com") and
// returns it trimmed. Display names and angle brackets are refused: a
// customer record holds addresses, and a CR or LF could inject headers later.
func ParseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("empty email address")
	}
	if strings.ContainsAny(s, "<>\r\n\t ,;\"") {
		return "", fmt.Errorf("malformed email address %q", s)
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return "", fmt.Errorf("malformed email address %q", s)
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	if at < 1 || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return "", fmt.Errorf("malformed email address %q", s)
	}
	return s, nil
}

// ParseEmails splits a list of addresses separated by commas, semicolons or
// spaces, validates each and drops duplicates (case-insensitively).
func ParseEmails(s string) ([]string, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	var out []string
	seen := map[string]bool{}
	for _, f := range fields {
		e, err := ParseEmail(f)
		if err != nil {
			return nil, err
		}
		if k := strings.ToLower(e); !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out, nil
}

// Validate checks the invariants a stored customer must satisfy.
func (c *Customer) Validate() error {
	if strings.TrimSpace(c.Code) == "" {
		return fmt.Errorf("customer code is empty")
	}
	if strings.TrimSpace(c.Name) == "" {
		return fmt.Errorf("customer %s: name is empty", c.Code)
	}
	if c.Country != "" && !c.Country.Valid() {
		return fmt.Errorf("customer %s: unknown country %q", c.Code, c.Country)
	}
	if !c.Language.Valid() {
		return fmt.Errorf("customer %s: unknown language %q", c.Code, c.Language)
	}
	if c.Kind != Business && c.Kind != Consumer {
		return fmt.Errorf("customer %s: unknown kind %q", c.Code, c.Kind)
	}
	switch c.Delivery {
	case DeliveryEmail, DeliveryBoth:
		if len(c.Emails) == 0 {
			return fmt.Errorf("customer %s: delivery %s needs an email address", c.Code, c.Delivery)
		}
	case DeliveryPostal:
	default:
		return fmt.Errorf("customer %s: unknown delivery %q", c.Code, c.Delivery)
	}
	for _, e := range c.Emails {
		if _, err := ParseEmail(e); err != nil {
			return fmt.Errorf("customer %s: %w", c.Code, err)
		}
	}
	return nil
}
