package bankfile

import (
	"bytes"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
)

// A small tolerant reader of OFX markup rather than a parser from the
// module proxy: the one well-kept Go OFX library (aclindsa/ofxgo) is
// GPL-2.0, which the project does not take, and no other fits. It reads
// OFX 1.x SGML (leaf elements never closed: "<TRNAMT>-6.60<FITID>…"),
// OFX 2.x XML, and what banks write between the two (an XML header over
// SGML-style unclosed leaves, as ANZ's exports do), with one rule: an
// element followed by text is a leaf whose value is that text, and its
// closing tag is optional; any other element is an aggregate, closed by
// its closing tag, which also closes whatever was left open inside it.
// encoding/xml would refuse the unclosed leaves, and a real SGML parser
// would need the OFX DTD. There is no DTD nor entity declaration to
// expand: only the five XML entities and numeric character references are
// read, so no input grows as it is read.

type tokKind int

const (
	tokEOF tokKind = iota
	tokOpen
	tokClose
	tokText
)

type token struct {
	kind tokKind
	name string // tokOpen, tokClose: the element's name, upper case
	text []byte // tokText: the raw bytes, trimmed, undecoded
	line int
}

// ofxLexer cuts the body (after the header) into tags and texts.
type ofxLexer struct {
	data   []byte
	pos    int
	line   int // line of data[pos]
	peeked *token
}

func newOFXLexer(data []byte, pos, line int) *ofxLexer {
	return &ofxLexer{data: data, pos: pos, line: line}
}

// advance moves to position p, counting the lines passed.
func (lx *ofxLexer) advance(p int) {
	lx.line += bytes.Count(lx.data[lx.pos:p], []byte{'\n'})
	lx.pos = p
}

func (lx *ofxLexer) peek() (token, error) {
	if lx.peeked == nil {
		t, err := lx.read()
		if err != nil {
			return t, err
		}
		lx.peeked = &t
	}
	return *lx.peeked, nil
}

func (lx *ofxLexer) next() (token, error) {
	if t := lx.peeked; t != nil {
		lx.peeked = nil
		return *t, nil
	}
	return lx.read()
}

var (
	cdataOpen  = []byte("<![CDATA[")
	cdataClose = []byte("]]>")
)

func (lx *ofxLexer) read() (token, error) {
	for {
		// Whitespace between tags says nothing.
		p := lx.pos
		for p < len(lx.data) && isSpace(lx.data[p]) {
			p++
		}
		lx.advance(p)
		if lx.pos >= len(lx.data) {
			return token{kind: tokEOF, line: lx.line}, nil
		}
		rest := lx.data[lx.pos:]
		line := lx.line
		if rest[0] != '<' {
			end := bytes.IndexByte(rest, '<')
			if end < 0 {
				end = len(rest)
			}
			text := bytes.TrimRight(rest[:end], " \t\r\n")
			lx.advance(lx.pos + end)
			return token{kind: tokText, text: text, line: line}, nil
		}
		switch {
		case bytes.HasPrefix(rest, cdataOpen):
			end := bytes.Index(rest, cdataClose)
			if end < 0 {
				return token{}, lexErr(line, i18n.M("bank.ofx_unterminated", "<![CDATA["))
			}
			text := rest[len(cdataOpen):end]
			lx.advance(lx.pos + end + len(cdataClose))
			// CDATA is text as it is: mark it so that no entity is read in it.
			return token{kind: tokText, text: text, line: line, name: "CDATA"}, nil
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				return token{}, lexErr(line, i18n.M("bank.ofx_unterminated", "<!--"))
			}
			lx.advance(lx.pos + 4 + end + 3)
			continue
		case bytes.HasPrefix(rest, []byte("<?")), bytes.HasPrefix(rest, []byte("<!")):
			// Processing instructions and declarations (a DOCTYPE): skipped,
			// never read, so nothing they declare is expanded.
			end := bytes.IndexByte(rest, '>')
			if end < 0 {
				return token{}, lexErr(line, i18n.M("bank.ofx_unterminated", string(rest[:2])))
			}
			lx.advance(lx.pos + end + 1)
			continue
		}
		end := bytes.IndexByte(rest, '>')
		next := bytes.IndexByte(rest[1:], '<')
		if end < 0 && next < 0 {
			return token{}, lexErr(line, i18n.M("bank.ofx_cut_tag", shorten(rest, 40)))
		}
		if end < 0 || (next >= 0 && next+1 < end) {
			return token{}, lexErr(line, i18n.M("bank.ofx_bad_tag", shorten(rest, 40)))
		}
		tag := rest[1:end]
		kind := tokOpen
		selfClosing := false
		if len(tag) > 0 && tag[0] == '/' {
			kind, tag = tokClose, tag[1:]
		} else if len(tag) > 0 && tag[len(tag)-1] == '/' {
			selfClosing, tag = true, tag[:len(tag)-1]
		}
		tag = bytes.TrimSpace(tag)
		if i := bytes.IndexAny(tag, " \t\r\n"); i >= 0 {
			tag = tag[:i] // attributes: OFX has none; an XML writer's are ignored
		}
		if !validTagName(tag) {
			return token{}, lexErr(line, i18n.M("bank.ofx_bad_tag", shorten(rest, 40)))
		}
		lx.advance(lx.pos + end + 1)
		name := upperASCII(tag)
		if selfClosing {
			// <MEMO/>: an empty leaf; given as an open followed by its close.
			lx.peeked = &token{kind: tokClose, name: name, line: line}
		}
		return token{kind: kind, name: name, line: line}, nil
	}
}

func lexErr(line int, reason i18n.Msg) *importer.FileError {
	return &importer.FileError{Line: line, Reason: reason}
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

// validTagName: OFX names are letters, digits, '.', '_' and '-'
// ("INTU.BID", "BAL.AMT"), and a namespace prefix in some XML writers.
func validTagName(b []byte) bool {
	if len(b) == 0 || len(b) > 64 {
		return false
	}
	for _, c := range b {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '.', c == '_', c == '-', c == ':':
		default:
			return false
		}
	}
	return true
}

func upperASCII(b []byte) string {
	for _, c := range b {
		if c >= 'a' && c <= 'z' {
			return string(bytes.ToUpper(b))
		}
	}
	return string(b)
}

// shorten quotes at most n bytes of b for a message, as valid UTF-8.
func shorten(b []byte, n int) string {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 && i < n {
		n = i
	}
	if len(b) > n {
		b = b[:n]
	}
	return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
}

// maxOFXDepth bounds nesting: a real statement is 6 to 8 deep; a file
// nested thousands deep is not one.
const maxOFXDepth = 64

// ofxHandler receives the elements as the walk meets them. path is the
// names of the open aggregates, outermost first (shared: copy to keep).
type ofxHandler interface {
	open(name string, path []string, line int) error
	leaf(name string, value token, path []string) error
	close(name string, path []string, line int) error
}

// notNested are the aggregates that cannot hold themselves: opening one
// while one is open closes the open one.
var notNested = map[string]bool{"STMTTRN": true, "STMTRS": true, "CCSTMTRS": true, "STMTTRNRS": true,
	"CCSTMTTRNRS": true, "BANKTRANLIST": true}

func lastIndex(path []string, name string) int {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == name {
			return i
		}
	}
	return -1
}

// walkOFX reads the body into the handler's calls, by the rule above.
func walkOFX(lx *ofxLexer, h ofxHandler) error {
	var path []string
	var lines []int
	closeTo := func(i int, line int) error {
		for len(path) > i {
			n := len(path) - 1
			name := path[n]
			path, lines = path[:n], lines[:n]
			if err := h.close(name, path, line); err != nil {
				return err
			}
		}
		return nil
	}
	for {
		t, err := lx.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEOF:
			if n := len(path); n > 0 {
				// Cut short: the statement's end is missing.
				return lexErr(t.line, i18n.M("bank.ofx_unclosed", path[n-1], lines[n-1]))
			}
			return nil
		case tokText:
			// Text after an aggregate's content (not after an opening
			// tag): nothing OFX defines; left out.
			continue
		case tokClose:
			i := lastIndex(path, t.name)
			if i < 0 {
				// A leaf's closing tag is consumed with it; any other
				// closing tag must close something open.
				return lexErr(t.line, i18n.M("bank.ofx_stray_close", t.name))
			}
			if err := closeTo(i, t.line); err != nil {
				return err
			}
		case tokOpen:
			nt, err := lx.peek()
			if err != nil {
				return err
			}
			if nt.kind == tokText {
				lx.next()
				if err := h.leaf(t.name, nt, path); err != nil {
					return err
				}
				if ct, err := lx.peek(); err == nil && ct.kind == tokClose && ct.name == t.name {
					lx.next()
				}
				continue
			}
			if nt.kind == tokClose && nt.name == t.name {
				// <MEMO></MEMO>: an empty leaf, or an empty aggregate.
				lx.next()
				if err := h.leaf(t.name, token{kind: tokText, line: t.line}, path); err != nil {
					return err
				}
				continue
			}
			if i := lastIndex(path, t.name); i >= 0 && notNested[t.name] {
				// <STMTTRN> while one is open: the bank left the first
				// unclosed, which SGML allows where an element cannot hold
				// itself; it ends here, as the OFX DTD would end it.
				if err := closeTo(i, t.line); err != nil {
					return err
				}
			}
			if len(path) >= maxOFXDepth {
				return lexErr(t.line, i18n.M("bank.ofx_too_deep", maxOFXDepth))
			}
			path, lines = append(path, t.name), append(lines, t.line)
			if err := h.open(t.name, path, t.line); err != nil {
				return err
			}
		}
	}
}
