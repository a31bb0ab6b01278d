package replies

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// htmlToText renders an HTML body as plain text for extractPlain: block
// elements break lines, whitespace collapses, and what the sender's client
// marked as quoted (blockquote, Gmail's gmail_quote, Thunderbird's
// moz-cite-prefix, Yahoo's yahoo_quoted, Outlook for Mac's
// OLK_SRC_BODY_SECTION) comes out as ">" lines, so the plain-text rules
// drop it with its attribution. Signature blocks the client marked are
// skipped, and Outlook Web's reply header (divRplyFwdMsg) ends the text.
//
// Every byte written comes from a text token or stands for a tag at least
// as long, and ">" prefixes only ever mark lines that are dropped later: so
// NewText never returns more than it was given.
func htmlToText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var w textWriter
	var open openElems
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			w.endLine()
			return w.String()
		case html.TextToken:
			if open.skip > 0 {
				continue
			}
			raw, text := z.Raw(), z.Text()
			// A few entities ("&nGt;") expand to more bytes than they take.
			if len(text) > len(raw) {
				text = raw
			}
			w.depth = open.quote
			w.text(string(text), open.pre > 0)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			e := newElem(string(name))
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				e.attr(string(k), string(v))
			}
			if e.cut {
				w.endLine()
				return w.String()
			}
			if open.skip == 0 {
				w.open(e)
			}
			if tt == html.StartTagToken && !voidElements[e.name] {
				open.push(e)
				w.depth = open.quote
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if e, ok := open.close(string(name)); ok && open.skip == 0 && (blockElements[e.name] || e.quote) {
				w.endLine()
			}
			w.depth = open.quote
		}
	}
}

// openElems is the stack of open elements with running counts, so that
// each token costs the same however deep the document nests.
type openElems struct {
	stack            []elem
	skip, quote, pre int
}

// Limits for hostile documents: deeper elements are not tracked, and an
// end tag only closes one of the last few open elements.
const (
	maxOpen   = 10000
	maxSearch = 200
)

func (o *openElems) push(e elem) {
	if len(o.stack) >= maxOpen {
		return
	}
	o.stack = append(o.stack, e)
	o.count(e, 1)
}

func (o *openElems) count(e elem, n int) {
	if e.skip {
		o.skip += n
	}
	if e.quote {
		o.quote += n
	}
	if e.name == "pre" {
		o.pre += n
	}
}

// close pops the innermost open element named name and those opened
// inside it (unclosed tags), and returns it with the counts as they were
// inside it. An end tag with no open element of that name is ignored.
func (o *openElems) close(name string) (elem, bool) {
	for k := len(o.stack) - 1; k >= 0 && k >= len(o.stack)-maxSearch; k-- {
		if o.stack[k].name != name {
			continue
		}
		for len(o.stack) > k+1 {
			o.pop()
		}
		e := o.stack[k]
		skipInside := o.skip
		o.pop()
		if skipInside > 0 && o.skip == 0 {
			// The element closed was itself skipped: its end adds nothing.
			return e, false
		}
		return e, true
	}
	return elem{}, false
}

func (o *openElems) pop() {
	e := o.stack[len(o.stack)-1]
	o.stack = o.stack[:len(o.stack)-1]
	o.count(e, -1)
}

// elem is an open element and what it means for the text.
type elem struct {
	name  string
	quote bool // its content is quoted text
	skip  bool // its content is not the author's text (style, signature)
	cut   bool // the quoted message starts here and runs to the end
}

func newElem(name string) elem {
	return elem{name: name, quote: name == "blockquote", skip: skipElements[name]}
}

func (e *elem) attr(k, v string) {
	lv := strings.ToLower(v)
	switch k {
	case "class":
		for _, c := range strings.Fields(lv) {
			switch c {
			case "gmail_quote", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote", "zmail_extra":
				e.quote = true
			case "gmail_signature", "moz-signature", "x_gmail_signature":
				e.skip = true
			}
		}
	case "id":
		switch lv {
		case "olk_src_body_section":
			e.quote = true
		case "divrplyfwdmsg", "appendonsend":
			e.cut = true
		case "signature":
			e.skip = true
		}
	case "type":
		if lv == "cite" {
			e.quote = true
		}
	case "data-signatureblock":
		e.skip = true
	}
}

var (
	voidElements = set("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
	skipElements = set("head", "style", "script", "title", "template", "noscript", "xml")
	// blockElements break the line before and after.
	blockElements = set("address", "article", "aside", "blockquote", "center", "dd", "div", "dl", "dt",
		"fieldset", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
		"main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "ul")
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// textWriter builds lines; a line written at quote depth d gets a ">"
// prefix per level.
type textWriter struct {
	b         strings.Builder
	cur       strings.Builder
	curDepth  int
	depth     int
	lastSpace bool
}

func (w *textWriter) open(e elem) {
	switch {
	case e.name == "br":
		w.newLine()
	case e.name == "td" || e.name == "th":
		w.text(" ", false)
	case blockElements[e.name] || e.quote:
		w.endLine()
	}
}

func (w *textWriter) text(s string, pre bool) {
	for _, r := range s {
		if r == utf8.RuneError {
			continue
		}
		if pre && r == '\n' {
			w.newLine()
			continue
		}
		// A no-break space is content: Outlook writes its blank lines as
		// paragraphs holding only "&nbsp;".
		if r == '\u00a0' {
			r = ' '
			w.lastSpace = true
		} else if unicode.IsSpace(r) {
			if !pre {
				if w.cur.Len() == 0 || w.lastSpace {
					continue
				}
				r = ' '
			}
			w.lastSpace = true
		} else {
			w.lastSpace = false
		}
		if w.cur.Len() == 0 {
			w.curDepth = w.depth
		}
		w.cur.WriteRune(r)
	}
}

// endLine ends the current line if it has text.
func (w *textWriter) endLine() {
	if w.cur.Len() > 0 {
		w.newLine()
	}
}

// newLine ends the current line, empty or not.
func (w *textWriter) newLine() {
	line := strings.TrimRight(w.cur.String(), " ")
	depth := w.curDepth
	if w.cur.Len() == 0 {
		depth = w.depth
	}
	if depth > 0 {
		w.b.WriteString(strings.Repeat(">", depth))
		w.b.WriteByte(' ')
	}
	w.b.WriteString(line)
	w.b.WriteByte('\n')
	w.cur.Reset()
	w.lastSpace = false
}

func (w *textWriter) String() string { return w.b.String() }
