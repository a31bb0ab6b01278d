package letter

import (
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

// The payment block: in the body of every letter that asks for money, a
// paragraph with the amount, the payee, the company's account and the
// reference that names what is paid; and a QR code that fills the
// transfer in, printed beside the address window (render.Letter.PayQR).
// The composer makes both; a template only says where the paragraph goes
// (::payment), and one that does not say gets it after the invoice table.
//
// The reference is the invoice's structured creditor reference
// (Invoice.CreditorRef: ISO 11649 RF, or model 97 for dinars), never
// words built from the customer's name: the bank statement reader matches
// it first. A letter about one invoice prints that invoice's reference.
// A letter about several names each invoice's reference beside its number
// in the same paragraph (a line where a table row per invoice would take
// one each, on letters that already fill their page); the EPC QR code, which has room for one structured reference,
// then carries all of them as its unstructured text (the statement
// reader finds every RF reference in free text), and the IPS QR code,
// which has one reference field, carries none, its purpose naming the
// invoices.

// asksForMoney says whether a letter of kind k asks the customer to pay.
func asksForMoney(k ledger.LetterKind) bool {
	l := k.Level()
	return l >= 0 && l <= 3 || k == ledger.KindStatement
}

// reference is an invoice's structured reference: as the ledger stored
// it, else made from its number (a request built without the store).
func reference(inv ledger.Invoice) string {
	if inv.CreditorRef != "" {
		return inv.CreditorRef
	}
	return ledger.StructuredReference(inv.Number, inv.Total.Currency)
}

// PrintedReference writes a reference as people copy it: an RF reference
// in groups of four ("RF18 F202 6010 7", ISO 11649's print form), a model
// 97 one as model and number ("97 4220260107").
func PrintedReference(ref string) string {
	switch {
	case strings.HasPrefix(ref, "RF"):
		return groupIBAN(ref)
	case strings.HasPrefix(ref, "97") && len(ref) > 2:
		return "97 " + ref[2:]
	}
	return ref
}

// paymentBlock makes the letter's payment paragraph and its QR code, or
// "" when the letter asks for nothing, nothing is due, or the company
// gave no account. The QR code is nil where its scheme cannot carry the
// payment (pounds; dinars to an account outside Serbia; references that
// do not fit), or when the request leaves it out.
func paymentBlock(req Request, d *Data) (string, *render.Bitmap) {
	c := req.Company
	if !asksForMoney(req.Kind) || strings.TrimSpace(c.IBAN) == "" || len(req.Invoices) == 0 {
		return "", nil
	}
	due := amountDue(req)
	if due <= 0 {
		return "", nil
	}
	l := lang(req.Language)
	payee := c.LegalName
	if payee == "" {
		payee = c.TradingName
	}
	dinar := req.Currency == "RSD" && SerbianAccount(c.IBAN) != ""
	var account string
	switch {
	case dinar:
		account = keepTogether(i18n.T(l, "letter.pay_account", domesticAccount(SerbianAccount(c.IBAN))))
	default:
		// The IBAN never breaks across lines (it is copied by hand).
		account = keepTogether(i18n.T(l, "letter.pay_iban", groupIBAN(c.IBAN)))
		if c.BIC != "" {
			account = i18n.T(l, "letter.pay_iban_bic", account, c.BIC)
		}
	}
	refs := make([]string, 0, len(req.Invoices))
	for _, il := range req.Invoices {
		if r := reference(il.Invoice); r != "" {
			refs = append(refs, r)
		}
	}
	var text string
	switch {
	case len(req.Invoices) == 1 && len(refs) == 1:
		// "Model and reference" (poziv na broj) only on a dinar payment
		// order, to a Serbian account; elsewhere a reference.
		key := "letter.pay_ref_rf"
		if dinar {
			key = "letter.pay_ref_97"
		}
		ref := i18n.T(l, key, keepTogether(PrintedReference(refs[0])))
		text = i18n.T(l, "letter.pay_sentence_one", d.Totals.Total, payee, account, ref)
	case len(refs) == len(req.Invoices):
		each := make([]string, len(refs))
		for i, r := range refs {
			each[i] = i18n.T(l, "letter.pay_ref_of", keepTogether(PrintedReference(r)), req.Invoices[i].Invoice.Number)
		}
		key := "letter.pay_sentence_many"
		if dinar {
			key = "letter.pay_sentence_many_97"
		}
		text = i18n.T(l, key, d.Totals.Total, payee, account, listAnd(l, each))
	default:
		return "", nil // an invoice number that makes no reference: nothing to quote
	}
	if req.NoQR {
		return text, nil
	}
	qr, err := payQRText(req, payee, due, refs, dinar)
	if err != nil {
		return text, nil
	}
	bm, err := EncodeQR(qr)
	if err != nil {
		return text, nil
	}
	return text + " " + i18n.T(l, "letter.pay_qr_sentence"), bm
}

// amountDue is what the letter asks for, in minor units: the balances,
// and the interest and compensation when the letter claims them.
func amountDue(req Request) int64 {
	var n int64
	for _, il := range req.Invoices {
		n += il.Balance
		if req.Charges {
			n += il.Interest + il.Compensation
		}
	}
	return n
}

// payQRText is the QR code's text for the letter's currency and account:
// EPC for euros to a SEPA account, NBS IPS for dinars to a Serbian
// account; errNoQR otherwise (pounds, a foreign account for dinars).
func payQRText(req Request, payee string, due int64, refs []string, dinar bool) (string, error) {
	c := req.Company
	switch {
	case req.Currency == "EUR" && SEPAIBAN(c.IBAN):
		p := EPCPayment{BIC: c.BIC, Name: payee, IBAN: c.IBAN, Cents: due}
		if len(refs) == 1 && len(req.Invoices) == 1 {
			p.Reference = refs[0]
		} else if t := strings.Join(refs, " "); len(refs) == len(req.Invoices) && len(t) <= epcMaxUnstructured {
			p.Text = t
		} else {
			return "", errNoQR // the references do not fit: the table has them
		}
		return EPCPayload(p)
	case dinar:
		p := IPSPayment{Account: SerbianAccount(c.IBAN), Name: payee, Paras: due, Code: "221"}
		if req.Customer.Kind == ledger.Consumer {
			p.Code = "289" // a citizen's payment (NBS, payment codes)
		}
		l := lang(req.Language)
		var nums []string
		for _, il := range req.Invoices {
			nums = append(nums, il.Invoice.Number)
		}
		if len(req.Invoices) == 1 {
			p.Purpose = i18n.T(l, "letter.pay_purpose_one", nums[0])
			if len(refs) == 1 {
				p.Ref = refs[0]
			}
		} else {
			p.Purpose = i18n.T(l, "letter.pay_purpose_many", strings.Join(nums, ", "))
		}
		if len([]rune(p.Purpose)) > ipsMaxPurpose {
			p.Purpose = i18n.T(l, "letter.pay_purpose_invoices")
		}
		return IPSPayload(p)
	}
	return "", errNoQR
}

// domesticAccount writes a Serbian account's 18 digits as printed on
// payment orders: bank, account, control ("265-0000000012345-67").
func domesticAccount(acct string) string {
	if len(acct) != 18 {
		return acct
	}
	return acct[:3] + "-" + acct[3:16] + "-" + acct[16:]
}

// withPayment puts the payment block of a template that did not place it
// after the invoice table, else before the closing paragraph.
func withPayment(body []render.Block, text string) []render.Block {
	at := -1
	for i, b := range body {
		if b.Kind == render.Table {
			at = i + 1
			break
		}
	}
	if at < 0 {
		at = max(len(body)-1, 0)
	}
	out := make([]render.Block, 0, len(body)+1)
	out = append(out, body[:at]...)
	out = append(out, render.Block{Kind: render.Para, Text: text})
	return append(out, body[at:]...)
}
