package bankfile

import (
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
)

// readOFX reads an OFX 1.x (SGML), 2.x (XML) or QFX file: every bank
// statement (BANKMSGSRSV1/STMTTRNRS/STMTRS) and credit card statement
// (CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS) in it, one Statement each.
// Investment statements and the sign-on are left out; a file with no
// statement at all is refused (it is not a bank statement).
func readOFX(data []byte, opts Options) ([]Statement, error) {
	h, err := readOFXHeader(data)
	if err != nil {
		return nil, err
	}
	r := &ofxReader{hdr: h, opts: opts}
	if err := walkOFX(newOFXLexer(data, h.body, h.line), r); err != nil {
		return nil, err
	}
	if len(r.sts) == 0 {
		return nil, &importer.FileError{Reason: i18n.M("bank.ofx_no_statement")}
	}
	return r.sts, nil
}

// ofxReader builds the statements as the walk goes.
type ofxReader struct {
	hdr  ofxHeader
	opts Options
	sts  []Statement

	st     *Statement // the statement being read (in STMTRS/CCSTMTRS)
	stLine int
	bankID string
	acctID string
	tx     *ofxTxn // the transaction being read (in STMTTRN)
}

// ofxTxn is one STMTTRN's leaves, as written.
type ofxTxn struct {
	line                                int
	trnType, posted, user, avail        string
	amount, fitID, name, memo, refNum   string
	payeeName, correctFitID, correctAct string
	cursym                              string
	cursymLine                          int
	toBankID, toAcctID                  string
	// Lines of the leaves an error may name.
	amountLine, postedLine, userLine, availLine int
}

func (r *ofxReader) text(t token) string { return ofxText(t, r.hdr.charset) }

func inside(path []string, name string) bool {
	for _, p := range path {
		if p == name {
			return true
		}
	}
	return false
}

func (r *ofxReader) open(name string, path []string, line int) error {
	switch name {
	case "STMTRS", "CCSTMTRS":
		if r.st != nil {
			return lexErr(line, i18n.M("bank.ofx_bad_nesting", name, "STMTRS"))
		}
		r.st = &Statement{Format: r.hdr.format, Version: r.hdr.version}
		r.stLine, r.bankID, r.acctID = line, "", ""
	case "STMTTRN":
		if r.st == nil {
			return nil // an investment statement's INVBANKTRAN: not read
		}
		if r.tx != nil {
			return lexErr(line, i18n.M("bank.ofx_bad_nesting", name, "STMTTRN"))
		}
		r.tx = &ofxTxn{line: line}
	}
	return nil
}

func (r *ofxReader) leaf(name string, v token, path []string) error {
	if r.st == nil {
		return nil
	}
	if r.tx != nil {
		t := r.tx
		switch {
		case inside(path, "BANKACCTTO") || inside(path, "CCACCTTO"):
			// The other party's account, when the bank gives it.
			switch name {
			case "BANKID":
				t.toBankID = r.text(v)
			case "ACCTID":
				t.toAcctID = r.text(v)
			}
			return nil
		case inside(path, "ORIGCURRENCY"):
			return nil // the amount is in the statement's currency; this is for information
		case inside(path, "CURRENCY"):
			if name == "CURSYM" {
				t.cursym, t.cursymLine = r.text(v), v.line
			}
			return nil
		}
		switch name {
		case "TRNTYPE":
			t.trnType = strings.ToUpper(r.text(v))
		case "DTPOSTED":
			t.posted, t.postedLine = r.text(v), v.line
		case "DTUSER":
			t.user, t.userLine = r.text(v), v.line
		case "DTAVAIL":
			t.avail, t.availLine = r.text(v), v.line
		case "TRNAMT":
			t.amount, t.amountLine = r.text(v), v.line
		case "FITID":
			t.fitID = r.text(v)
		case "NAME":
			if inside(path, "PAYEE") {
				t.payeeName = r.text(v)
			} else {
				t.name = r.text(v)
			}
		case "MEMO":
			t.memo = r.text(v)
		case "REFNUM":
			t.refNum = r.text(v)
		case "CORRECTFITID":
			t.correctFitID = r.text(v)
		case "CORRECTACTION":
			t.correctAct = strings.ToUpper(r.text(v))
		}
		return nil
	}
	switch {
	case name == "CURDEF" && len(path) > 0 && (path[len(path)-1] == "STMTRS" || path[len(path)-1] == "CCSTMTRS"):
		s := strings.ToUpper(r.text(v))
		if s == "" {
			return nil // written empty by some banks: the entries' or the owner's currency then
		}
		c, err := ledger.ParseCurrency(s)
		if err != nil {
			return lexErr(v.line, i18n.M("bank.field_value", "CURDEF", s, i18n.M("bank.unknown_currency")))
		}
		r.st.Currency = c
	case inside(path, "BANKACCTFROM") || inside(path, "CCACCTFROM"):
		switch name {
		case "BANKID":
			r.bankID = r.text(v)
		case "ACCTID":
			r.acctID = r.text(v)
		}
	case inside(path, "BANKTRANLIST") && (name == "DTSTART" || name == "DTEND"):
		s := r.text(v)
		if s == "" {
			return nil
		}
		d, err := ofxDate(s)
		if err != nil {
			return lexErr(v.line, i18n.M("bank.field_value", name, s, i18n.M("bank.ofx_bad_date")))
		}
		if name == "DTSTART" {
			r.st.From = d
		} else {
			r.st.To = d
		}
	}
	return nil
}

func (r *ofxReader) close(name string, path []string, line int) error {
	switch name {
	case "STMTTRN":
		if r.tx == nil {
			return nil
		}
		t := r.tx
		r.tx = nil
		return r.entry(t)
	case "STMTRS", "CCSTMTRS":
		if r.st == nil {
			return nil
		}
		st := r.st
		r.st = nil
		st.Account = ofxAccount(r.bankID, r.acctID)
		if st.Account == "" {
			st.Account = r.opts.Account
		}
		if st.Currency == "" {
			st.Currency = r.opts.Currency
		}
		if st.Currency == "" {
			return lexErr(r.stLine, i18n.M("bank.file_no_currency", "CURDEF"))
		}
		r.sts = append(r.sts, *st)
	}
	return nil
}

// ofxAccount is the statement's account: the IBAN when ACCTID is one (some
// European banks write it there), else "BANKID:ACCTID", else ACCTID alone
// (credit cards have no BANKID).
func ofxAccount(bankID, acctID string) string {
	if acctID == "" {
		return ""
	}
	if iban, err := ledger.NormalizeIBAN(acctID); err == nil {
		return iban
	}
	if bankID == "" {
		return acctID
	}
	return bankID + ":" + acctID
}

// creditTypes are the TRNTYPEs of money in whatever the amount's sign.
var creditTypes = map[string]bool{"CREDIT": true, "DEP": true, "DIRECTDEP": true}

// feeTypes: charges and interest, never a customer's payment.
var feeTypes = map[string]bool{"FEE": true, "SRVCHG": true, "INT": true}

// entry turns one STMTTRN into an Entry, or refuses the file with the
// field and the value at fault.
func (r *ofxReader) entry(t *ofxTxn) error {
	st := r.st
	cur := st.Currency
	if t.cursym != "" {
		c, err := ledger.ParseCurrency(strings.ToUpper(t.cursym))
		switch {
		case err != nil:
			return lexErr(t.cursymLine, i18n.M("bank.field_value", "CURSYM", t.cursym, i18n.M("bank.unknown_currency")))
		case cur != "" && c != cur:
			return lexErr(t.cursymLine, i18n.M("bank.other_currency", c, cur))
		}
		if cur == "" {
			st.Currency, cur = c, c
		}
	}
	if cur == "" {
		cur = r.opts.Currency
		st.Currency = cur
	}
	if cur == "" {
		return lexErr(t.line, i18n.M("bank.file_no_currency", "CURDEF"))
	}
	if t.amount == "" {
		return lexErr(t.line, i18n.M("bank.missing", "TRNAMT", "STMTTRN"))
	}
	amt, msg := ofxAmount(t.amount, cur)
	if msg != nil {
		return lexErr(t.amountLine, i18n.M("bank.field_value", "TRNAMT", t.amount, *msg))
	}
	if t.posted == "" {
		return lexErr(t.line, i18n.M("bank.missing", "DTPOSTED", "STMTTRN"))
	}
	booked, err := ofxDate(t.posted)
	if err != nil {
		return lexErr(t.postedLine, i18n.M("bank.field_value", "DTPOSTED", t.posted, i18n.M("bank.ofx_bad_date")))
	}
	e := Entry{BankRef: t.fitID, BookingDate: booked, Line: t.line}
	for _, f := range []struct {
		name, v string
		line    int
	}{{"DTAVAIL", t.avail, t.availLine}, {"DTUSER", t.user, t.userLine}} {
		if f.v == "" || !e.ValueDate.IsZero() {
			continue
		}
		// DTAVAIL is when the money can be used; DTUSER, when the payer
		// made the transfer: the nearest OFX has to a value date.
		d, err := ofxDate(f.v)
		if err != nil {
			return lexErr(f.line, i18n.M("bank.field_value", f.name, f.v, i18n.M("bank.ofx_bad_date")))
		}
		e.ValueDate = d
	}
	if amt == 0 {
		// An information line, not money: no Entry (Amount is > 0).
		return nil
	}
	e.Amount = amt
	if amt < 0 {
		e.Amount = -amt
	}
	e.Credit = amt > 0 || creditTypes[t.trnType]
	e.Fee = feeTypes[t.trnType]
	if t.correctFitID != "" {
		// A correction of an earlier entry (CORRECTACTION REPLACE or
		// DELETE; either way the STMTTRN carries its amount): the
		// original is undone.
		e.Reversal, e.OrigRef = true, t.correctFitID
	}
	e.PartyName = t.name
	if e.PartyName == "" {
		e.PartyName = t.payeeName
	}
	if iban, err := ledger.NormalizeIBAN(t.toAcctID); err == nil {
		e.PartyIBAN = iban
	}
	e.Text = ofxEntryText(t)
	st.Entries = append(st.Entries, e)
	return nil
}

// ofxEntryText is NAME and MEMO (and REFNUM, where banks put the payer's
// reference), without repeating the name when the memo already holds it.
func ofxEntryText(t *ofxTxn) string {
	name := t.name
	if name == "" {
		name = t.payeeName
	}
	parts := make([]string, 0, 3)
	if name != "" && !strings.Contains(t.memo, name) {
		parts = append(parts, name)
	}
	if t.memo != "" {
		parts = append(parts, t.memo)
	}
	if t.refNum != "" && !strings.Contains(t.memo, t.refNum) {
		parts = append(parts, t.refNum)
	}
	return strings.Join(parts, " ")
}
