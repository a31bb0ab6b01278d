package bankfile

import (
	"encoding/xml"
	"slices"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
)

// camtValue is an element's text with the line it ends on.
type camtValue struct {
	v    string
	line int
}

// camtAmount is an Amt element: its text, its Ccy attribute, its line.
type camtAmount struct {
	raw, ccy string
	line     int
	set      bool
}

// camtCode is a bank transaction code (BkTxCd): the ISO domain, family
// and sub-family, and a bank's proprietary code.
type camtCode struct {
	domn, fmly, sub, prtry string
}

// camtTx is one TxDtls of an entry as read.
type camtTx struct {
	acctSvcrRef, endToEnd string
	amt, amtDtls          camtAmount // TxDtls/Amt (001.03 on); AmtDtls/TxAmt/Amt
	cdtDbt                string
	code                  camtCode
	dbtr, ultmtDbtr       string
	cdtr, ultmtCdtr       string
	dbtrIBAN, cdtrIBAN    string
	strdRef               string
	texts                 []string // Ustrd, referred document numbers, additional information
}

// camtEntry is one Ntry as read, before it becomes Entries.
type camtEntry struct {
	line                 int
	ntryRef, acctSvcrRef string
	amt                  camtAmount
	cdtDbt, rvsl, sts    camtValue
	bookDt, valDt        camtValue // Dt, or DtTm
	code                 camtCode
	addtl                []string
	txs                  []camtTx
}

// path reports whether rel is exactly p.
func path(rel []string, p ...string) bool {
	if len(rel) != len(p) {
		return false
	}
	for i := range p {
		if rel[i] != p[i] {
			return false
		}
	}
	return true
}

// txPath is the path below NtryDtls/TxDtls, or nil outside a TxDtls.
func txPath(rel []string) []string {
	if len(rel) >= 2 && rel[0] == "NtryDtls" && rel[1] == "TxDtls" {
		return rel[2:]
	}
	return nil
}

func (e *camtEntry) start(r *camtReader, t xml.StartElement) error {
	rel := r.stack[r.ntryAt+1:]
	if tp := txPath(rel); tp != nil {
		switch {
		case len(tp) == 0:
			e.txs = append(e.txs, camtTx{})
		case path(tp, "Amt"):
			e.txs[len(e.txs)-1].amt = amountStart(r, t)
		case path(tp, "AmtDtls", "TxAmt", "Amt"):
			e.txs[len(e.txs)-1].amtDtls = amountStart(r, t)
		}
		return nil
	}
	if path(rel, "Amt") {
		e.amt = amountStart(r, t)
	}
	return nil
}

func amountStart(r *camtReader, t xml.StartElement) camtAmount {
	a := camtAmount{line: r.line(), set: true}
	for _, at := range t.Attr {
		if at.Name.Local == "Ccy" {
			a.ccy = at.Value
		}
	}
	return a
}

func (e *camtEntry) end(r *camtReader, v string) error {
	rel := r.stack[r.ntryAt+1:]
	if tp := txPath(rel); len(tp) > 0 {
		e.txs[len(e.txs)-1].field(tp, v)
		return nil
	}
	val := camtValue{v, r.line()}
	switch {
	case path(rel, "Amt"):
		e.amt.raw = v
	case path(rel, "NtryRef"):
		e.ntryRef = v
	case path(rel, "AcctSvcrRef"):
		e.acctSvcrRef = v
	case path(rel, "CdtDbtInd"):
		e.cdtDbt = val
	case path(rel, "RvslInd"):
		e.rvsl = val
	case path(rel, "Sts") && v != "", path(rel, "Sts", "Cd"): // 001.02–001.06: text; later: Cd
		e.sts = val
	case path(rel, "BookgDt", "Dt"), path(rel, "BookgDt", "DtTm"):
		e.bookDt = val
	case path(rel, "ValDt", "Dt"), path(rel, "ValDt", "DtTm"):
		e.valDt = val
	case path(rel, "AddtlNtryInf"):
		e.addtl = append(e.addtl, v)
	case len(rel) > 0 && rel[0] == "BkTxCd":
		e.code.field(rel[1:], v)
	}
	return nil
}

func (c *camtCode) field(p []string, v string) {
	switch {
	case path(p, "Domn", "Cd"):
		c.domn = v
	case path(p, "Domn", "Fmly", "Cd"):
		c.fmly = v
	case path(p, "Domn", "Fmly", "SubFmlyCd"):
		c.sub = v
	case path(p, "Prtry", "Cd"):
		c.prtry = v
	}
}

func (tx *camtTx) field(p []string, v string) {
	switch {
	case path(p, "Amt"):
		tx.amt.raw = v
	case path(p, "AmtDtls", "TxAmt", "Amt"):
		tx.amtDtls.raw = v
	case path(p, "CdtDbtInd"):
		tx.cdtDbt = v
	case path(p, "Refs", "AcctSvcrRef"):
		tx.acctSvcrRef = v
	case path(p, "Refs", "EndToEndId"):
		tx.endToEnd = v
	case p[0] == "BkTxCd":
		tx.code.field(p[1:], v)
	case p[0] == "RltdPties":
		tx.party(p[1:], v)
	case path(p, "RmtInf", "Ustrd"), path(p, "RmtInf", "Strd", "RfrdDocInf", "Nb"),
		path(p, "RmtInf", "Strd", "AddtlRmtInf"), path(p, "AddtlTxInf"):
		tx.texts = append(tx.texts, v)
	case path(p, "RmtInf", "Strd", "CdtrRefInf", "Ref"):
		if tx.strdRef == "" {
			tx.strdRef = strings.Join(strings.Fields(v), "")
		} else {
			tx.texts = append(tx.texts, v) // a further invoice's reference: found in the text
		}
	}
}

// party reads RltdPties: a party's name is Dbtr/Nm up to 001.06 and
// Dbtr/Pty/Nm from 001.07 on.
func (tx *camtTx) party(p []string, v string) {
	if len(p) == 0 {
		return
	}
	if path(p[1:], "Id", "IBAN") {
		switch p[0] {
		case "DbtrAcct":
			tx.dbtrIBAN = normIBAN(v)
		case "CdtrAcct":
			tx.cdtrIBAN = normIBAN(v)
		}
		return
	}
	if !path(p[1:], "Nm") && !path(p[1:], "Pty", "Nm") {
		return
	}
	switch p[0] {
	case "Dbtr":
		tx.dbtr = v
	case "UltmtDbtr":
		tx.ultmtDbtr = v
	case "Cdtr":
		tx.cdtr = v
	case "UltmtCdtr":
		tx.ultmtCdtr = v
	}
}

// addEntry turns a booked Ntry into the statement's Entries: one, or one
// per transaction of a batch.
func (r *camtReader) addEntry(e *camtEntry) error {
	switch e.sts.v {
	case "BOOK":
	case "":
		// Sts is mandatory; a statement (camt.053) holds booked entries
		// only, so one without a status is taken as booked there.
		if r.st.Format != FormatCAMT053 {
			return nil
		}
	default:
		return nil // pending (PDNG), information (INFO): not money yet
	}
	if !e.amt.set || e.amt.raw == "" {
		return &importer.FileError{Line: e.line, Reason: i18n.M("bank.camt_no_amount")}
	}
	minor, err := r.amount(e.amt, true)
	if err != nil {
		return err
	}
	if minor == 0 {
		return nil // an entry of nothing pays nothing (Entry.Amount is > 0)
	}
	var credit bool
	switch e.cdtDbt.v {
	case "CRDT":
		credit = true
	case "DBIT":
	default:
		return &importer.FileError{Line: lineOr(e.cdtDbt.line, e.line), Reason: i18n.M("bank.camt_bad_direction", e.cdtDbt.v)}
	}
	base := Entry{Amount: minor, Credit: credit, Line: e.line}
	base.Reversal = e.rvsl.v == "true" || e.rvsl.v == "1" || e.code.isReturn()
	base.Fee = e.code.isFee()
	bd := e.bookDt
	if bd.v == "" {
		bd = e.valDt // a booked entry should say when; the value date is the next best
	}
	if bd.v == "" {
		return &importer.FileError{Line: e.line, Reason: i18n.M("bank.camt_no_date")}
	}
	if base.BookingDate, err = camtDate(bd.v); err != nil {
		return &importer.FileError{Line: bd.line, Reason: i18n.M("bank.camt_bad_date", bd.v)}
	}
	if e.valDt.v != "" {
		if base.ValueDate, err = camtDate(e.valDt.v); err != nil {
			return &importer.FileError{Line: e.valDt.line, Reason: i18n.M("bank.camt_bad_date", e.valDt.v)}
		}
	}
	key := bankRef(e.acctSvcrRef)
	if key == "" {
		key = bankRef(e.ntryRef)
	}
	switch len(e.txs) {
	case 0:
		base.BankRef = key
		base.Text = joinTexts(e.addtl)
		r.st.Entries = append(r.st.Entries, base)
		return nil
	case 1:
		en := base
		en.BankRef = key
		if en.BankRef == "" {
			en.BankRef = bankRef(e.txs[0].acctSvcrRef)
		}
		e.txs[0].fill(&en, e.addtl)
		r.st.Entries = append(r.st.Entries, en)
		return nil
	}
	amounts, err := r.batchAmounts(e, minor)
	if err != nil {
		return err
	}
	if amounts == nil {
		// The parts do not add up to the entry in its currency (amounts
		// in another currency, or missing): one Entry for the whole, with
		// every part's text, and no party or reference that may be only
		// one part's.
		en := base
		en.BankRef = key
		en.PartyName, en.PartyIBAN, en.StructuredRef, en.EndToEndID = common(e.txs, credit != en.Reversal, en.Reversal)
		var texts []string
		for _, tx := range e.txs {
			if tx.strdRef != "" && tx.strdRef != en.StructuredRef {
				texts = append(texts, tx.strdRef) // each part's reference, for the matcher to find
			}
			texts = append(texts, tx.texts...)
		}
		en.Text = joinTexts(append(texts, e.addtl...))
		r.st.Entries = append(r.st.Entries, en)
		return nil
	}
	own := make(map[string]bool, len(e.txs))
	for i, tx := range e.txs {
		if amounts[i] == 0 {
			continue
		}
		en := base
		en.Amount = amounts[i]
		switch {
		case bankRef(tx.acctSvcrRef) != "" && tx.acctSvcrRef != key && !own[tx.acctSvcrRef]:
			// (A reference two parts share would record the second as
			// already there: those parts are keyed by place instead.)
			en.BankRef = tx.acctSvcrRef
			own[tx.acctSvcrRef] = true
		case key != "":
			en.BankRef = key + "/" + strconv.Itoa(i+1)
		}
		tx.fill(&en, e.addtl)
		r.st.Entries = append(r.st.Entries, en)
	}
	return nil
}

// bankRef is a reference that names one entry, or "": German banks'
// FinTS exports write AcctSvcrRef NONREF on every entry, and NOTPROVIDED
// is ISO's word for none. Keyed by either, a statement's entries would
// all be one.
func bankRef(s string) string {
	if strings.EqualFold(s, "NONREF") || strings.EqualFold(s, "NOTPROVIDED") {
		return ""
	}
	return s
}

func lineOr(l, or int) int {
	if l > 0 {
		return l
	}
	return or
}

// amount reads an Amt in the statement's currency. entry: it is an Ntry's
// amount, which sets the statement's currency when the account gave none.
func (r *camtReader) amount(a camtAmount, entry bool) (int64, error) {
	cur, err := ledger.ParseCurrency(a.ccy)
	if err != nil {
		return 0, &importer.FileError{Line: a.line, Reason: i18n.M("bank.camt_bad_currency", a.ccy)}
	}
	switch {
	case r.st.Currency == "" && entry:
		r.st.Currency = cur
	case r.st.Currency != cur:
		return 0, &importer.FileError{Line: a.line, Reason: i18n.M("bank.camt_currency_mismatch", cur, r.st.Currency)}
	}
	v, kind := parseCAMTAmount(a.raw, cur.MinorUnits())
	switch kind {
	case amountOK:
		return v, nil
	case amountDecimals:
		return 0, &importer.FileError{Line: a.line, Reason: i18n.M("bank.camt_amount_decimals", a.raw, string(cur), cur.MinorUnits())}
	case amountLarge:
		return 0, &importer.FileError{Line: a.line, Reason: i18n.M("bank.camt_amount_large", a.raw)}
	}
	return 0, &importer.FileError{Line: a.line, Reason: i18n.M("bank.camt_bad_amount", a.raw)}
}

// batchAmounts gives each transaction of a batch its amount, or nil when
// they cannot be told apart exactly: a part without an amount in the
// statement's currency, in the other direction, or parts that do not add
// up to the entry.
func (r *camtReader) batchAmounts(e *camtEntry, total int64) ([]int64, error) {
	out := make([]int64, len(e.txs))
	var sum int64
	for i, tx := range e.txs {
		a := tx.amt
		if !a.set || a.ccy != string(r.st.Currency) {
			a = tx.amtDtls
		}
		if !a.set || a.ccy != string(r.st.Currency) || (tx.cdtDbt != "" && tx.cdtDbt != e.cdtDbt.v) {
			return nil, nil
		}
		v, err := r.amount(a, false)
		if err != nil {
			return nil, err
		}
		out[i] = v
		if sum += v; sum > total {
			return nil, nil
		}
	}
	if sum != total {
		return nil, nil
	}
	return out, nil
}

// fill puts a transaction's kind (a fee, a return), party, references
// and texts on en.
func (tx *camtTx) fill(en *Entry, entryTexts []string) {
	en.Fee = en.Fee || tx.code.isFee()
	en.Reversal = en.Reversal || tx.code.isReturn()
	en.PartyName, en.PartyIBAN = tx.partyOf(en.Credit != en.Reversal, en.Reversal)
	en.StructuredRef = tx.strdRef
	en.EndToEndID = tx.endToEnd
	if en.Reversal && tx.endToEnd != "NOTPROVIDED" {
		// A return carries the original transfer's end-to-end id.
		en.OrigRef = tx.endToEnd
	}
	en.Text = joinTexts(slices.Concat(tx.texts, entryTexts))
}

// partyOf is the payer (payer: money came in, or this reverses money that
// came in) or else the payee, as the bank named them. Banks differ on a
// reversal's sides (PostFinance names a refunded direct debit's payer as
// Dbtr, and the one who returned our transfer as Dbtr too): for a
// reversal, the other side is taken when the expected one is empty.
func (tx *camtTx) partyOf(payer, reversal bool) (name, iban string) {
	dn, di := firstOf(tx.dbtr, tx.ultmtDbtr), tx.dbtrIBAN
	cn, ci := firstOf(tx.cdtr, tx.ultmtCdtr), tx.cdtrIBAN
	if !payer {
		dn, di, cn, ci = cn, ci, dn, di
	}
	if reversal && dn == "" && di == "" {
		return cn, ci
	}
	return dn, di
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// common gives the party and references that every part of a batch
// shares, "" for those that differ.
func common(txs []camtTx, payer, reversal bool) (name, iban, ref, e2e string) {
	for i, tx := range txs {
		n, ib := tx.partyOf(payer, reversal)
		if i == 0 {
			name, iban, ref, e2e = n, ib, tx.strdRef, tx.endToEnd
			continue
		}
		if n != name {
			name = ""
		}
		if ib != iban {
			iban = ""
		}
		if tx.strdRef != ref {
			ref = ""
		}
		if tx.endToEnd != e2e {
			e2e = ""
		}
	}
	return
}

// joinTexts joins free texts with single spaces, each said once (banks
// often repeat the remittance text in AddtlNtryInf).
func joinTexts(parts []string) string {
	kept := make([]string, 0, len(parts))
	for _, p := range parts {
		if strings.ContainsAny(p, "\t\n\r") || strings.Contains(p, "  ") {
			p = strings.Join(strings.Fields(p), " ")
		}
		if p != "" && !slices.Contains(kept, p) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " ")
}

// isFee: charges, commissions and interest (ISO sub-families CHRG, FEES,
// COMM/COMI/COMT, INTR, TAXE in any domain), or a German bank's
// proprietary code "NCHG+808+..." (DK format: SWIFT code NCHG/NCOM/NINT,
// or Geschäftsvorfallcode 805 closing, 808 fees, 809 commissions, 814
// interest).
func (c camtCode) isFee() bool {
	switch c.sub {
	case "CHRG", "FEES", "COMM", "COMI", "COMT", "INTR", "TAXE":
		return true
	}
	if c.prtry != "" {
		parts := strings.Split(c.prtry, "+")
		switch parts[0] {
		case "NCHG", "NCOM", "NINT":
			return true
		}
		if len(parts) > 1 {
			switch parts[1] {
			case "805", "808", "809", "814":
				return true
			}
		}
	}
	return false
}

// isReturn: the ISO sub-families of a returned or reversed payment
// (RRTN reversal due to a payment return, RPCR due to a cancellation
// request, UPDD an unpaid direct debit, PRDD a payment reversal).
func (c camtCode) isReturn() bool {
	switch c.sub {
	case "RRTN", "RPCR", "UPDD", "PRDD":
		return true
	}
	return false
}
