package letter

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/relance-app/relance/internal/i18n"
)

// A template is a text file:
//
//	Kind: reminder-1
//	Language: fr
//	Subject: Facture {{.Invoice.Number}} : petit rappel
//
//	{{.Customer.Greeting}}
//
//	Sauf erreur de notre part, ...
//
//	::table
//
//	Nous vous prions d'agréer ...
//
// A header of "Key: value" lines, a blank line, then the body: paragraphs
// separated by blank lines, written with Go's text/template syntax over a
// closed set of fields (Data). Lines that start with "::" are layout
// directives: "::table" (the invoice table), "::box" … "::end" (a
// highlighted block), "::enclosures". Lines that start with "- " form a
// list.

// Template is a parsed, validated letter template.
type Template struct {
	Name     string // file name, for messages
	Kind     string
	Language string
	subject  *template.Template
	body     *template.Template
	bodyLine int // line of the body's first line in the file
	subjLine int
}

// TemplateError is a template problem with its file and line.
type TemplateError struct {
	File   string
	Line   int
	Reason i18n.Msg
}

func (e *TemplateError) Error() string { return e.In(i18n.EN) }

// In gives the problem in the owner's language: FILE:LINE: reason.
func (e *TemplateError) In(l i18n.Lang) string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason.In(l))
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason.In(l))
}

// maxTemplateBytes and maxOutputBytes bound what a template can cost.
const (
	maxTemplateBytes = 64 << 10
	maxOutputBytes   = 256 << 10
)

// funcs are the only functions a template may call; none reads a file,
// runs a command or loops.
var funcs = template.FuncMap{
	"upper": strings.ToUpper,
}

// ParseTemplate reads and checks a template. It refuses anything beyond
// the closed set of fields and functions: other templates ({{template}},
// {{define}}, {{block}}), ranges over anything but the lists of Data, and
// unknown fields, which a trial run on sample data reveals with their line.
func ParseTemplate(name string, src []byte) (*Template, error) {
	if len(src) > maxTemplateBytes {
		return nil, &TemplateError{File: name, Reason: i18n.M("template.too_large", maxTemplateBytes>>10)}
	}
	t := &Template{Name: name}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 4096), maxTemplateBytes)
	line := 0
	var subject string
	subjectLine := 0
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(l) == "" {
			break
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			return nil, &TemplateError{File: name, Line: line, Reason: i18n.M("template.header_expected")}
		}
		v = strings.TrimSpace(v)
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "kind":
			t.Kind = v
		case "language":
			t.Language = v
		case "subject":
			subject, subjectLine = v, line
		default:
			return nil, &TemplateError{File: name, Line: line, Reason: i18n.M("template.header_unknown", k)}
		}
	}
	t.bodyLine = line + 1
	var body strings.Builder
	for sc.Scan() {
		body.WriteString(strings.TrimRight(sc.Text(), "\r"))
		body.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, &TemplateError{File: name, Reason: i18n.M("template.unreadable", err.Error())}
	}
	switch {
	case t.Kind == "":
		return nil, &TemplateError{File: name, Line: 1, Reason: i18n.M("template.no_header", "Kind")}
	case t.Language == "":
		return nil, &TemplateError{File: name, Line: 1, Reason: i18n.M("template.no_header", "Language")}
	case subject == "":
		return nil, &TemplateError{File: name, Line: 1, Reason: i18n.M("template.no_header", "Subject")}
	case strings.TrimSpace(body.String()) == "":
		return nil, &TemplateError{File: name, Line: t.bodyLine, Reason: i18n.M("template.empty_body")}
	}
	var err error
	t.subjLine = subjectLine
	if t.subject, err = compile(name, subject, subjectLine); err != nil {
		return nil, err
	}
	if t.body, err = compile(name, body.String(), t.bodyLine); err != nil {
		return nil, err
	}
	// A trial run on sample data finds unknown fields and misuse.
	if _, err := t.Execute(SampleData()); err != nil {
		return nil, err
	}
	return t, nil
}

// lineRE finds the line in text/template's error messages: "name:LINE:".
var lineRE = regexp.MustCompile(`^template: [^:]*:(\d+)(?::\d+)?: (.*)$`)

// tmplError turns a text/template error into one with the file's line:
// the template's own numbering starts at 1 where the part begins.
func tmplError(name string, err error, firstLine int) error {
	msg := err.Error()
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return &TemplateError{File: name, Line: firstLine + n - 1, Reason: cleanMsg(fileLines(m[2], name, firstLine))}
	}
	return &TemplateError{File: name, Line: firstLine, Reason: cleanMsg(fileLines(msg, name, firstLine))}
}

// fileLines rewrites the "NAME:N" references inside a parser message
// ("action started at NAME:3") to the file's own line numbers.
func fileLines(msg, name string, firstLine int) string {
	re := regexp.MustCompile(regexp.QuoteMeta(name) + `:(\d+)`)
	return re.ReplaceAllStringFunc(msg, func(s string) string {
		n, _ := strconv.Atoi(s[len(name)+1:])
		return "line " + strconv.Itoa(firstLine+n-1)
	})
}

// undefinedRE finds the name in the parser's `function "x" not defined`.
var undefinedRE = regexp.MustCompile(`function "([^"]+)" not defined`)

// cleanMsg rewrites text/template's wording for an owner; what it does not
// recognise (a syntax error) is passed on in the parser's own words.
func cleanMsg(s string) i18n.Msg {
	if i := strings.Index(s, "can't evaluate field "); i >= 0 {
		f := s[i+len("can't evaluate field "):]
		if j := strings.Index(f, " "); j >= 0 {
			f = f[:j]
		}
		return i18n.M("template.unknown_field", f)
	}
	if m := undefinedRE.FindStringSubmatch(s); m != nil {
		return i18n.M("template.function", m[1]) // its name, in our words
	}
	if strings.Contains(s, "function") && strings.Contains(s, "not defined") {
		return i18n.M("template.function_undefined", s)
	}
	// The parser's commonest complaints, said as what to write.
	switch {
	case strings.HasPrefix(s, "unclosed action"):
		return i18n.M("template.unclosed_action")
	case s == "unexpected EOF":
		return i18n.M("template.unexpected_eof")
	case strings.HasPrefix(s, "unexpected {{end}}"):
		return i18n.M("template.unexpected_end")
	case strings.HasPrefix(s, "unexpected {{else}}"):
		return i18n.M("template.unexpected_else")
	case strings.HasPrefix(s, "missing value for "):
		return i18n.M("template.missing_value", "{{"+strings.TrimPrefix(s, "missing value for ")+"}}")
	case strings.HasPrefix(s, "unterminated quoted string"), strings.HasPrefix(s, "unterminated raw quoted string"):
		return i18n.M("template.unterminated_quote")
	case strings.HasPrefix(s, "unexpected ") && (strings.HasSuffix(s, " in operand") || strings.HasSuffix(s, " in command")):
		return i18n.M("template.bad_action")
	}
	return i18n.M("template.syntax", s)
}

func compile(name, text string, firstLine int) (*template.Template, error) {
	tt, err := template.New(name).Funcs(funcs).Option("missingkey=error").Parse(text)
	if err != nil {
		err = tmplError(name, err, firstLine)
		// The parser says where the text ends; the owner needs the
		// {{if}}, {{range}} or {{with}} whose {{end}} is missing.
		if te, ok := err.(*TemplateError); ok && te.Reason.Key == "template.unexpected_eof" {
			if n := unclosedLine(text); n > 0 {
				te.Line = firstLine + n - 1
			}
		}
		return nil, err
	}
	if len(tt.Templates()) > 1 {
		return nil, &TemplateError{File: name, Line: firstLine, Reason: i18n.M("template.define")}
	}
	if err := checkTree(name, tt.Root, text, firstLine); err != nil {
		return nil, err
	}
	return tt, nil
}

// actionRE finds the actions that open and close a block.
var actionRE = regexp.MustCompile(`{{-?\s*(if|range|with|end)\b`)

// unclosedLine is the line (1-based) of the last block opened in text and
// never closed, 0 when every one is.
func unclosedLine(text string) int {
	var open []int // the lines of the blocks open
	for _, m := range actionRE.FindAllStringSubmatchIndex(text, -1) {
		line := strings.Count(text[:m[0]], "\n") + 1
		if text[m[2]:m[3]] == "end" {
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
			continue
		}
		open = append(open, line)
	}
	if len(open) == 0 {
		return 0
	}
	return open[len(open)-1]
}

// allowedRanges are the only lists a template may loop over.
var allowedRanges = map[string]bool{".Invoices": true, ".Previous": true, ".Payments": true, ".Appointment.Bring": true, ".Campaign.Benefits": true, ".Campaign.Steps": true}

var dataType = reflect.TypeOf(Data{})

// checkTree walks the template statically, every branch included (a trial
// run only takes one side of each {{if}}): every field must exist in Data
// where it is used, only the lists of Data may be ranged over, and nothing
// may call another template.
func checkTree(name string, root *parse.ListNode, text string, firstLine int) error {
	lineOf := func(pos parse.Pos) int { return firstLine + strings.Count(text[:min(int(pos), len(text))], "\n") }
	fail := func(pos parse.Pos, key string, args ...any) error {
		return &TemplateError{File: name, Line: lineOf(pos), Reason: i18n.M(key, args...)}
	}
	vars := map[string]reflect.Type{"$": dataType}
	// resolve follows a field chain from t.
	resolve := func(pos parse.Pos, t reflect.Type, idents []string, shown string) (reflect.Type, error) {
		for _, id := range idents {
			if t.Kind() != reflect.Struct {
				return nil, fail(pos, "template.unknown_field", shown)
			}
			f, ok := t.FieldByName(id)
			if !ok || !f.IsExported() {
				return nil, fail(pos, "template.unknown_field", shown)
			}
			t = f.Type
		}
		return t, nil
	}
	var pipeType func(p *parse.PipeNode, dot reflect.Type) (reflect.Type, error)
	argType := func(n parse.Node, dot reflect.Type) (reflect.Type, error) {
		switch n := n.(type) {
		case *parse.FieldNode:
			return resolve(n.Pos, dot, n.Ident, n.String())
		case *parse.VariableNode:
			t, ok := vars[n.Ident[0]]
			if !ok {
				return nil, fail(n.Pos, "template.unknown_variable", n.Ident[0])
			}
			return resolve(n.Pos, t, n.Ident[1:], n.String())
		case *parse.DotNode:
			return dot, nil
		case *parse.IdentifierNode:
			if _, ok := funcs[n.Ident]; !ok && n.Ident != "eq" && n.Ident != "ne" && n.Ident != "and" && n.Ident != "or" && n.Ident != "not" && n.Ident != "len" {
				return nil, fail(n.Pos, "template.function", n.Ident)
			}
			return reflect.TypeOf(""), nil
		case *parse.PipeNode:
			return pipeType(n, dot)
		case *parse.ChainNode:
			return nil, fail(n.Pos, "template.construct")
		case *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
			return reflect.TypeOf(""), nil
		}
		return nil, fail(n.Position(), "template.construct")
	}
	pipeType = func(p *parse.PipeNode, dot reflect.Type) (reflect.Type, error) {
		if p == nil {
			return dot, nil
		}
		var last reflect.Type
		for _, c := range p.Cmds {
			for i, a := range c.Args {
				t, err := argType(a, dot)
				if err != nil {
					return nil, err
				}
				if i == 0 {
					last = t
				}
			}
		}
		for _, v := range p.Decl {
			vars[v.Ident[0]] = last
		}
		return last, nil
	}
	var walk func(n parse.Node, dot reflect.Type) error
	walk = func(n parse.Node, dot reflect.Type) error {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return nil
			}
			for _, c := range n.Nodes {
				if err := walk(c, dot); err != nil {
					return err
				}
			}
		case *parse.ActionNode:
			t, err := pipeType(n.Pipe, dot)
			if err != nil {
				return err
			}
			// What an action prints must be one value: {{.}} on a record,
			// {{$}} or {{.Customer}} would dump every field of the data,
			// those no letter shows included. {{.}} over a list of words
			// (.Campaign.Benefits) prints a word and stays allowed.
			if len(n.Pipe.Decl) == 0 && !printable(t) {
				return fail(n.Pos, "template.whole_value", n.Pipe.String())
			}
			return nil
		case *parse.TemplateNode:
			return fail(n.Pos, "template.template")
		case *parse.IfNode:
			if _, err := pipeType(n.Pipe, dot); err != nil {
				return err
			}
			if err := walk(n.List, dot); err != nil {
				return err
			}
			return walk(n.ElseList, dot)
		case *parse.WithNode:
			t, err := pipeType(n.Pipe, dot)
			if err != nil {
				return err
			}
			if err := walk(n.List, t); err != nil {
				return err
			}
			return walk(n.ElseList, dot)
		case *parse.RangeNode:
			p := n.Pipe
			if len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
				return fail(n.Pos, "template.range")
			}
			f, ok := p.Cmds[0].Args[0].(*parse.FieldNode)
			if !ok || !allowedRanges[f.String()] || dot != dataType {
				return fail(n.Pos, "template.range")
			}
			t, err := resolve(f.Pos, dot, f.Ident, f.String())
			if err != nil {
				return err
			}
			elem := t.Elem()
			switch len(p.Decl) {
			case 1:
				vars[p.Decl[0].Ident[0]] = elem
			case 2:
				vars[p.Decl[0].Ident[0]] = reflect.TypeOf(0)
				vars[p.Decl[1].Ident[0]] = elem
			}
			if err := walk(n.List, elem); err != nil {
				return err
			}
			return walk(n.ElseList, dot)
		case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
		default:
			return fail(n.Position(), "template.construct")
		}
		return nil
	}
	return walk(root, dataType)
}

// printable reports whether a value of type t prints as one value (a
// word, a number, yes/no) rather than as a dump of a record or a list.
func printable(t reflect.Type) bool {
	if t == nil {
		return true
	}
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// limitedWriter fails once a template has written more than its share.
type limitedWriter struct {
	w bytes.Buffer
	n int
}

var errTooLong = errors.New("the letter is too long")

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.w.Len()+len(p) > l.n {
		return 0, errTooLong
	}
	return l.w.Write(p)
}

// Rendered is a template applied to data: the subject and the body's
// text, not yet laid out.
type Rendered struct {
	Subject string
	Body    string
}

// Execute applies the template to data.
func (t *Template) Execute(d *Data) (Rendered, error) {
	var out Rendered
	d = sanitized(d)
	sw := &limitedWriter{n: 1000}
	if err := t.subject.Execute(sw, d); err != nil {
		return out, tmplError(t.Name, err, t.subjLine)
	}
	out.Subject = strings.Join(strings.Fields(sw.w.String()), " ") // one line, whatever the fields hold
	bw := &limitedWriter{n: maxOutputBytes}
	if err := t.body.Execute(bw, d); err != nil {
		if errors.Is(err, errTooLong) {
			return out, &TemplateError{File: t.Name, Reason: i18n.M("template.too_long")}
		}
		return out, tmplError(t.Name, err, t.bodyLine)
	}
	out.Body = bw.w.String()
	return out, nil
}

var _ io.Writer = (*limitedWriter)(nil)
