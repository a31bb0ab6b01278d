package letter

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/ledger"
)

// The two payment QR codes a letter can carry. Each is a text laid out
// by its scheme's rules, then encoded as a QR code at error-correction
// level M (both schemes ask for M).
//
// EPC QR code (EPC069-12 "Quick Response Code: guidelines to enable data
// capture for the initiation of a SEPA credit transfer", version 3; in
// Germany and Austria "GiroCode"): twelve elements on lines separated by
// LF, nothing after the last one given.
//
//	 1 service tag "BCD"
//	 2 version "002" (the BIC may be left out inside the EEA)
//	 3 character set "1" (UTF-8)
//	 4 identification "SCT"
//	 5 BIC of the beneficiary's bank (optional in version 002)
//	 6 name of the beneficiary, at most 70 characters
//	 7 IBAN of the beneficiary, at most 34
//	 8 amount: "EUR" then 0.01 to 999999999.99, a point for decimals
//	 9 purpose code (4 letters, optional: left empty)
//	10 structured remittance: an ISO 11649 RF reference, at most 35
//	11 unstructured remittance, at most 140 (only when 10 is empty)
//	12 beneficiary-to-originator information (not used)
//
// at most 331 bytes in all.
//
// NBS IPS QR code (Narodna banka Srbije, Odluka o opštim pravilima za
// izvršavanje instant transfera odobrenja, its annex; nbs.rs/QRcode):
// "tag:value" fields joined by "|", no "|" before the first or after the
// last, optional tags left out when empty, in this order:
//
//	K  "PR" (a payee's payment request, as on invoices)
//	V  "01"
//	C  "1" (UTF-8)
//	R  the payee's account, 18 digits (bank 3, account 13, control 2)
//	N  the payee's name, at most 70 characters
//	I  "RSD" then the amount with a decimal comma ("RSD1234,56"), 5 to 18 characters
//	SF the payment code, 3 digits (221 goods and services, 289 a citizen's payment)
//	S  the purpose, at most 35 characters
//	RO the payee's model and reference ("97" + control + reference), at most 25

// EPC QR limits (EPC069-12, table of elements).
const (
	epcMaxBytes        = 331
	epcMaxName         = 70
	epcMaxUnstructured = 140
	epcMaxAmount       = 99999999999 // 999 999 999.99 in cents
)

// IPS QR limits (NBS).
const (
	ipsMaxName    = 70
	ipsMaxPurpose = 35
	ipsMaxRef     = 25
)

// EPCPayment is what an EPC QR code asks the payer's bank to send.
type EPCPayment struct {
	BIC, Name, IBAN string
	Cents           int64  // EUR
	Reference       string // RF reference, structured remittance; or
	Text            string // unstructured remittance when Reference is ""
}

// errNoQR says the payment cannot be put in its scheme's QR code; the
// letter then goes without one (the payment block still gives the details).
var errNoQR = errors.New("no QR code for this payment")

// EPCPayload lays out the EPC QR code's text.
func EPCPayload(p EPCPayment) (string, error) {
	iban := compact(p.IBAN)
	name := cutRunes(oneLine(p.Name), epcMaxName)
	if iban == "" || name == "" || len(iban) > 34 {
		return "", fmt.Errorf("%w: the beneficiary's name and IBAN are needed", errNoQR)
	}
	if p.Cents <= 0 || p.Cents > epcMaxAmount {
		return "", fmt.Errorf("%w: amount %d cents outside 0.01 to 999999999.99", errNoQR, p.Cents)
	}
	var b strings.Builder
	b.WriteString("BCD\n002\n1\nSCT\n")
	b.WriteString(compact(p.BIC))
	b.WriteString("\n" + name + "\n" + iban + "\n")
	b.WriteString("EUR" + decimal(p.Cents, '.'))
	// Then the purpose code (none: an empty line), and one of the two
	// remittances; nothing follows the last element given.
	switch {
	case p.Reference != "":
		if !ledger.ValidRF(compact(p.Reference)) {
			return "", fmt.Errorf("%w: %q is not an RF reference", errNoQR, p.Reference)
		}
		b.WriteString("\n\n" + compact(p.Reference))
	case p.Text != "":
		b.WriteString("\n\n\n" + cutRunes(oneLine(p.Text), epcMaxUnstructured))
	}
	if b.Len() > epcMaxBytes {
		return "", fmt.Errorf("%w: %d bytes, more than EPC069-12's %d", errNoQR, b.Len(), epcMaxBytes)
	}
	return b.String(), nil
}

// IPSPayment is what an NBS IPS QR code asks the payer's bank to send.
type IPSPayment struct {
	Account string // 18 digits
	Name    string
	Paras   int64 // RSD minor units
	Code    string
	Purpose string
	Ref     string // model 97 reference ("97" + control + digits), or ""
}

// IPSPayload lays out the NBS IPS QR code's text.
func IPSPayload(p IPSPayment) (string, error) {
	acct := compact(p.Account)
	if len(acct) != 18 || !allDigits(acct) {
		return "", fmt.Errorf("%w: account %q is not 18 digits", errNoQR, p.Account)
	}
	name := cutRunes(ipsValue(p.Name), ipsMaxName)
	if name == "" {
		return "", fmt.Errorf("%w: the payee's name is needed", errNoQR)
	}
	amount := "RSD" + decimal(p.Paras, ',')
	if p.Paras <= 0 || len(amount) > 18 {
		return "", fmt.Errorf("%w: amount %d paras", errNoQR, p.Paras)
	}
	if len(p.Code) != 3 || !allDigits(p.Code) {
		return "", fmt.Errorf("%w: payment code %q", errNoQR, p.Code)
	}
	fields := []string{"K:PR", "V:01", "C:1", "R:" + acct, "N:" + name, "I:" + amount, "SF:" + p.Code}
	if s := cutRunes(ipsValue(p.Purpose), ipsMaxPurpose); s != "" {
		fields = append(fields, "S:"+s)
	}
	if ref := compact(p.Ref); ref != "" {
		if !ledger.ValidModel97(ref) || len(ref) > ipsMaxRef {
			return "", fmt.Errorf("%w: %q is not a model 97 reference", errNoQR, p.Ref)
		}
		fields = append(fields, "RO:"+ref)
	}
	return strings.Join(fields, "|"), nil
}

// SerbianAccount is the 18-digit domestic account inside a Serbian IBAN
// (RSkk + 18 digits), "" for any other IBAN.
func SerbianAccount(iban string) string {
	s := compact(iban)
	if len(s) == 22 && strings.HasPrefix(s, "RS") && allDigits(s[2:]) {
		return s[4:]
	}
	return ""
}

// sepaCountries are the countries of the SEPA schemes' geographical scope
// (EPC409-09, the list of countries): the EU's, the EEA's, and the others
// admitted. An EPC QR code is offered only for an IBAN of these.
var sepaCountries = map[string]bool{
	"AT": true, "BE": true, "BG": true, "CY": true, "CZ": true, "DE": true, "DK": true, "EE": true, "ES": true, "FI": true,
	"FR": true, "GR": true, "HR": true, "HU": true, "IE": true, "IT": true, "LT": true, "LU": true, "LV": true, "MT": true,
	"NL": true, "PL": true, "PT": true, "RO": true, "SE": true, "SI": true, "SK": true,
	"IS": true, "LI": true, "NO": true, "CH": true, "GB": true, "MC": true, "SM": true, "VA": true, "AD": true,
	"GI": true, "JE": true, "GG": true, "IM": true, "AL": true, "ME": true, "MD": true, "MK": true, "RS": true,
}

// SEPAIBAN says whether an IBAN is of a SEPA country.
func SEPAIBAN(iban string) bool {
	s := compact(iban)
	return len(s) >= 15 && sepaCountries[s[:2]]
}

// decimal writes minor units with two decimals and the given separator,
// no grouping: "1234.56".
func decimal(minor int64, sep byte) string {
	s := strconv.FormatInt(minor/100, 10)
	c := minor % 100
	return s + string(sep) + string([]byte{byte('0' + c/10), byte('0' + c%10)})
}

// compact drops every space (IBANs and references are printed in groups).
func compact(s string) string {
	if !strings.ContainsAny(s, " \u00a0\u202f\t") {
		return strings.ToUpper(s)
	}
	return strings.ToUpper(strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\t'
	}), ""))
}

// ipsValue is a text fit for an IPS field: one line, no field delimiter.
func ipsValue(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(oneLine(s), "|", " "))
}

// cutRunes keeps at most n characters (the schemes count characters).
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n]))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
