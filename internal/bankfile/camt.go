package bankfile

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
)

// maxCAMTDepth bounds how deep elements nest. The deepest path a camt
// message defines is about 15 elements; without a bound, a file of
// millions of nested elements would make the decoder's stack of open
// elements grow with the file.
const maxCAMTDepth = 64

// camtNamespace reads the message and version from the Document's
// namespace, urn:iso:std:iso:20022:tech:xsd:camt.053.001.08.
var camtNamespace = regexp.MustCompile(`camt\.(05[234])\.(\d{3}\.\d{2})`)

// camtMessages are the message elements under Document and the element
// each of their statements is in.
var camtMessages = map[string]struct {
	format Format
	stmt   string
}{
	"BkToCstmrAcctRpt":      {FormatCAMT052, "Rpt"},
	"BkToCstmrStmt":         {FormatCAMT053, "Stmt"},
	"BkToCstmrDbtCdtNtfctn": {FormatCAMT054, "Ntfctn"},
}

// readCAMT reads an ISO 20022 camt.052/053/054 Document, any version:
// the elements Relance needs have kept their names from 001.02 to 001.13
// (only their namespace changes, and a few gained a wrapper: Sts/Cd,
// Dbtr/Pty/Nm), so one reader matches elements by their local names.
//
// It walks the tokens itself rather than unmarshalling the Document or
// each Ntry: a year of entries is read in one pass with memory for one
// entry at a time beside the result, every field knows its line for
// messages, and nesting is bounded (maxCAMTDepth). encoding/xml expands
// no entity beyond XML's five and character references; a DTD, the only
// place entities could be declared, is refused outright.
func readCAMT(data []byte) ([]Statement, error) {
	return readCAMTChunks(data, nil)
}

// readCAMTChunks reads a camt Document; with emit set, each statement's
// entries are handed over as they are read, camtChunk at a time (the
// statement's own fields with the entries read since the last chunk),
// and the statements returned carry none.
func readCAMTChunks(data []byte, emit func(Chunk) error) ([]Statement, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = camtCharset
	r := &camtReader{d: d, emit: emit, size: int64(len(data))}
	if err := r.run(); err != nil {
		return nil, err
	}
	if r.root == "" {
		return nil, &importer.FileError{Reason: i18n.M("bank.camt_empty")}
	}
	if r.msg == "" {
		return nil, &importer.FileError{Line: 1, Reason: i18n.M("bank.camt_not_camt", r.root)}
	}
	if len(r.out) == 0 {
		return nil, &importer.FileError{Reason: i18n.M("bank.camt_no_statement")}
	}
	return r.out, nil
}

// camtCharset decodes the rare statement declared in another encoding
// than UTF-8 (ISO-8859-1, windows-1252).
func camtCharset(label string, in io.Reader) (io.Reader, error) {
	e, err := htmlindex.Get(label)
	if err != nil {
		return nil, err
	}
	return e.NewDecoder().Reader(in), nil
}

// camtReader is the state of one pass over a camt Document.
type camtReader struct {
	d     *xml.Decoder
	stack []string   // local names of the open elements
	names []xml.Name // their names as written, to match end tags
	text  []byte     // character data of the innermost element
	root  string

	format  Format
	version string
	msg     string // the message element's name, once seen
	msgAt   int    // its depth (index in stack)

	st   *Statement // the statement being read
	stAt int        // its depth

	ntry   *camtEntry // the entry being read
	ntryAt int

	out []Statement

	// Chunked reading (readCAMTChunks): emit gets the entries as they
	// come; seq is the statement's index in the file, emitted whether the
	// current statement has been handed over at all.
	emit    func(Chunk) error
	size    int64
	seq     int
	emitted bool
}

// camtChunk is how many entries a chunk holds: enough that a chunk's
// queries (the references and numbers it names, one query each) are few,
// few enough that matching starts while most of the file is still read.
const camtChunk = 4096

// flush hands the entries read so far over to emit; at the statement's
// end (last) even none, so that every statement is seen once.
func (r *camtReader) flush(last bool) error {
	if r.emit == nil || (!last && len(r.st.Entries) < camtChunk) || (last && r.emitted && len(r.st.Entries) == 0) {
		return nil
	}
	head := *r.st
	r.st.Entries = nil
	r.emitted = true
	return r.emit(Chunk{Statement: head, Seq: r.seq, Read: r.d.InputOffset(), Size: r.size})
}

func (r *camtReader) line() int {
	l, _ := r.d.InputPos()
	return l
}

func (r *camtReader) run() error {
	for {
		// RawToken rather than Token: elements are matched by local name,
		// so namespace translation is work for nothing (a fifth of the
		// time of a large statement); end tags are checked against
		// start tags here instead.
		tok, err := r.d.RawToken()
		if err == io.EOF {
			if len(r.stack) > 0 {
				return &importer.FileError{Line: r.line(), Reason: i18n.M("bank.camt_truncated", r.stack[len(r.stack)-1])}
			}
			return nil
		}
		if err != nil {
			return r.xmlError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(r.stack) >= maxCAMTDepth {
				return &importer.FileError{Line: r.line(), Reason: i18n.M("bank.camt_too_deep", maxCAMTDepth)}
			}
			// XML forbids an attribute twice, which encoding/xml lets
			// through: <Amt Ccy="EUR" Ccy="USD"> would be read as USD.
			for i, a := range t.Attr {
				for _, b := range t.Attr[:i] {
					if a.Name == b.Name {
						return &importer.FileError{Line: r.line(), Reason: i18n.M("bank.camt_duplicate_attr", qname(t.Name), qname(a.Name))}
					}
				}
			}
			r.stack = append(r.stack, t.Name.Local)
			r.names = append(r.names, t.Name)
			r.text = r.text[:0]
			if err := r.start(t); err != nil {
				return err
			}
		case xml.CharData:
			if r.st != nil {
				r.text = append(r.text, t...)
			}
		case xml.EndElement:
			if len(r.names) == 0 {
				return &importer.FileError{Line: r.line(), Reason: i18n.M("bank.camt_bad_end", qname(t.Name))}
			}
			if open := r.names[len(r.names)-1]; open != t.Name {
				return &importer.FileError{Line: r.line(), Reason: i18n.M("bank.camt_mismatched_end", qname(open), qname(t.Name))}
			}
			// Containers hold only white space: no string is made for them.
			if err := r.end(string(bytes.TrimSpace(r.text))); err != nil {
				return err
			}
			r.stack = r.stack[:len(r.stack)-1]
			r.names = r.names[:len(r.names)-1]
			r.text = r.text[:0]
		case xml.Directive:
			// <!DOCTYPE ...>: a statement has no DTD; one is how an
			// entity bomb would be declared.
			if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) {
				// The line it starts on: the decoder is past its end.
				at := r.line() - bytes.Count(t, []byte("\n"))
				return &importer.FileError{Line: at, Reason: i18n.M("bank.camt_dtd")}
			}
		}
	}
}

// qname writes a name as the file does, prefix:local.
func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// xmlError says a decoder error with its line, in the owner's words for
// the two that matter most: a file cut short and an entity.
func (r *camtReader) xmlError(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		switch {
		case se.Msg == "unexpected EOF":
			open := "Document"
			if len(r.stack) > 0 {
				open = r.stack[len(r.stack)-1]
			}
			return &importer.FileError{Line: se.Line, Reason: i18n.M("bank.camt_truncated", open)}
		case strings.HasPrefix(se.Msg, "invalid character entity "):
			return &importer.FileError{Line: se.Line, Reason: i18n.M("bank.camt_entity", strings.TrimPrefix(se.Msg, "invalid character entity "))}
		}
		return &importer.FileError{Line: se.Line, Reason: i18n.M("bank.camt_bad_xml", se.Msg)}
	}
	return &importer.FileError{Line: r.line(), Reason: i18n.M("bank.camt_bad_xml", err.Error())}
}

// under reports whether the open elements below depth at are path.
func (r *camtReader) under(at int, path ...string) bool {
	rel := r.stack[at+1:]
	if len(rel) != len(path) {
		return false
	}
	for i, p := range path {
		if rel[i] != p {
			return false
		}
	}
	return true
}

func (r *camtReader) start(t xml.StartElement) error {
	depth := len(r.stack) - 1
	name := t.Name.Local
	switch {
	case depth == 0:
		r.root = qname(t.Name)
		// The message and version are in the namespace, declared on the
		// root as xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
		// (or with a prefix, xmlns:camt="...").
		for _, a := range t.Attr {
			if a.Name.Local != "xmlns" && a.Name.Space != "xmlns" {
				continue
			}
			if m := camtNamespace.FindStringSubmatch(a.Value); m != nil {
				r.format, r.version = Format("camt."+m[1]), m[2]
				break
			}
		}
		if _, ok := camtMessages[name]; ok { // a message without its Document
			return r.message(t, depth)
		}
	case r.msg == "" && depth == 1:
		if _, ok := camtMessages[name]; ok {
			return r.message(t, depth)
		}
	case r.msg != "" && r.st == nil && depth == r.msgAt+1 && name == camtMessages[r.msg].stmt:
		r.st = &Statement{Format: r.format, Version: r.version}
		r.stAt = depth
	case r.ntry != nil:
		return r.ntry.start(r, t)
	case r.st != nil && depth == r.stAt+1 && name == "Ntry":
		r.ntry = &camtEntry{line: r.line()}
		r.ntryAt = depth
	}
	return nil
}

func (r *camtReader) message(t xml.StartElement, depth int) error {
	r.msg, r.msgAt = t.Name.Local, depth
	if r.format == "" {
		r.format = camtMessages[r.msg].format
	}
	return nil
}

func (r *camtReader) end(v string) error {
	depth := len(r.stack) - 1
	switch {
	case r.ntry != nil && depth == r.ntryAt:
		e := r.ntry
		r.ntry = nil
		if err := r.addEntry(e); err != nil {
			return err
		}
		return r.flush(false)
	case r.ntry != nil:
		return r.ntry.end(r, v)
	case r.st != nil && depth == r.stAt:
		if err := r.flush(true); err != nil {
			return err
		}
		r.out = append(r.out, *r.st)
		r.st = nil
		r.seq++
		r.emitted = false
	case r.st != nil:
		return r.statementField(v)
	}
	return nil
}

// statementField reads the statement's own elements: its id, account,
// currency and period.
func (r *camtReader) statementField(v string) error {
	at := r.stAt
	switch {
	case r.under(at, "Id"):
		r.st.ID = v
	case r.under(at, "Acct", "Id", "IBAN"):
		r.st.Account = normIBAN(v)
	case r.under(at, "Acct", "Id", "Othr", "Id"):
		if r.st.Account == "" {
			r.st.Account = strings.TrimSpace(v)
		}
	case r.under(at, "Acct", "Ccy"):
		c, err := ledger.ParseCurrency(v)
		if err != nil {
			return &importer.FileError{Line: r.line(), Reason: i18n.M("bank.camt_bad_currency", v)}
		}
		if r.st.Currency != "" && r.st.Currency != c {
			// Entries came before the account's currency (not the
			// schema's order, but said clearly if a file does it).
			return &importer.FileError{Line: r.line(), Reason: i18n.M("bank.camt_currency_mismatch", r.st.Currency, c)}
		}
		r.st.Currency = c
	case r.under(at, "FrToDt", "FrDtTm"), r.under(at, "FrToDt", "ToDtTm"):
		dt, err := camtDate(v)
		if err != nil {
			return &importer.FileError{Line: r.line(), Reason: i18n.M("bank.camt_bad_date", v)}
		}
		if r.stack[len(r.stack)-1] == "FrDtTm" {
			r.st.From = dt
		} else {
			r.st.To = dt
		}
	}
	return nil
}

// normIBAN writes an IBAN as Statement and Entry keep it: upper case, no
// spaces.
func normIBAN(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}
