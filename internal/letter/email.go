package letter

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/render"
)

// The bodies of an emailed letter: the same blocks as the PDF, written as
// plain text and as HTML (every value escaped). The PDF travels as an
// attachment; the bodies make the letter readable in the mail client
// without opening it.

// PlainText is the letter as a text/plain body, lines of at most about 76
// characters.
func PlainText(c *Composed) string {
	l := c.Letter
	var b strings.Builder
	para := func(s string, indent string) {
		for _, line := range wrapText(s, 76-utf8.RuneCountInString(indent)) {
			b.WriteString(indent + line + "\n")
		}
	}
	inBox := false
	prevBullet := false
	for _, bl := range l.Body {
		if prevBullet && bl.Kind != render.Bullet {
			b.WriteString("\n")
		}
		prevBullet = bl.Kind == render.Bullet
		indent := ""
		if inBox {
			indent = "  | "
		}
		switch bl.Kind {
		case render.Para:
			para(bl.Text, indent)
			b.WriteString("\n")
		case render.Heading:
			para(strings.ToUpper(bl.Text), indent)
		case render.Bullet:
			lines := wrapText(bl.Text, 72-utf8.RuneCountInString(indent))
			for i, line := range lines {
				if i == 0 {
					b.WriteString(indent + "- " + line + "\n")
				} else {
					b.WriteString(indent + "  " + line + "\n")
				}
			}
		case render.BoxStart:
			inBox = true
		case render.BoxEnd:
			inBox = false
		case render.Table:
			if l.Table != nil {
				textTable(&b, l.Table)
				b.WriteString("\n")
			}
		}
	}
	for _, s := range l.Signature {
		b.WriteString(s + "\n")
	}
	if l.Enclosures != "" {
		b.WriteString("\n" + l.Enclosures + "\n")
	}
	b.WriteString("\n-- \n" + l.CompanyName + "\n")
	for _, s := range l.CompanyLines {
		// "phone · email · website" goes on as many lines as it needs.
		cur := ""
		for _, part := range strings.Split(s, " · ") {
			if cur != "" && utf8.RuneCountInString(cur)+3+utf8.RuneCountInString(part) > 76 {
				b.WriteString(cur + "\n")
				cur = ""
			}
			if cur != "" {
				cur += " · "
			}
			cur += part
		}
		b.WriteString(cur + "\n")
	}
	return b.String()
}

// textTable writes the invoice table in aligned columns, totals under the
// last one.
func textTable(b *strings.Builder, t *render.TableData) {
	w := make([]int, len(t.Header))
	for i, h := range t.Header {
		w[i] = utf8.RuneCountInString(h)
	}
	for _, r := range t.Rows {
		for i := 0; i < len(w) && i < len(r); i++ {
			w[i] = max(w[i], utf8.RuneCountInString(r[i]))
		}
	}
	cell := func(s string, i int) string {
		pad := strings.Repeat(" ", w[i]-utf8.RuneCountInString(s))
		if i < len(t.Right) && t.Right[i] {
			return pad + s
		}
		return s + pad
	}
	row := func(r []string) {
		var cells []string
		for i := range w {
			v := ""
			if i < len(r) {
				v = r[i]
			}
			cells = append(cells, cell(v, i))
		}
		b.WriteString(strings.TrimRight(strings.Join(cells, "  "), " ") + "\n")
	}
	row(t.Header)
	total := 0
	for _, x := range w {
		total += x + 2
	}
	b.WriteString(strings.Repeat("-", total-2) + "\n")
	for _, r := range t.Rows {
		row(r)
	}
	for _, tot := range t.Totals {
		label := tot[0] + " "
		line := label + strings.Repeat(" ", max(0, total-2-utf8.RuneCountInString(label)-utf8.RuneCountInString(tot[1]))) + tot[1]
		b.WriteString(line + "\n")
	}
}

// wrapText breaks s at ordinary spaces into lines of at most width
// characters (a longer word stays whole on its own line). No-break spaces
// hold, as in the PDF: "22 octobre 2026" and "1 234,56 €" stay whole.
func wrapText(s string, width int) []string {
	var out []string
	cur := ""
	for _, w := range strings.Split(s, " ") {
		if w == "" {
			continue
		}
		switch {
		case cur == "":
			cur = w
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) <= width:
			cur += " " + w
		default:
			out = append(out, cur)
			cur = w
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// HTML is the letter as a text/html body: a small, self-contained page
// with inline styles (mail clients drop style sheets), every text escaped.
func HTML(c *Composed) string {
	l := c.Letter
	e := html.EscapeString
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="` + e(c.Data.Language) + `"><head><meta charset="utf-8"><title>` + e(c.Subject) + `</title></head>` +
		`<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.45;color:#111;max-width:680px">` + "\n")
	inList := false
	closeList := func() {
		if inList {
			b.WriteString("</ul>\n")
			inList = false
		}
	}
	for _, bl := range l.Body {
		if bl.Kind != render.Bullet {
			closeList()
		}
		switch bl.Kind {
		case render.Para:
			b.WriteString("<p>" + e(bl.Text) + "</p>\n")
		case render.Heading:
			b.WriteString("<p><strong>" + e(bl.Text) + "</strong></p>\n")
		case render.Bullet:
			if !inList {
				b.WriteString(`<ul style="margin:0 0 1em 0">` + "\n")
				inList = true
			}
			b.WriteString("<li>" + e(bl.Text) + "</li>\n")
		case render.BoxStart:
			b.WriteString(`<div style="background:#eeeeee;padding:8px 14px;margin:0 0 1em 0">` + "\n")
		case render.BoxEnd:
			b.WriteString("</div>\n")
		case render.Table:
			if t := l.Table; t != nil {
				htmlTable(&b, t)
			}
		}
	}
	closeList()
	if len(l.Signature) > 0 {
		b.WriteString("<p>")
		for i, s := range l.Signature {
			if i == 0 {
				b.WriteString("<strong>" + e(s) + "</strong>")
			} else {
				b.WriteString("<br>" + e(s))
			}
		}
		b.WriteString("</p>\n")
	}
	if l.Enclosures != "" {
		b.WriteString(`<p style="color:#555"><em>` + e(l.Enclosures) + "</em></p>\n")
	}
	b.WriteString(`<hr style="border:none;border-top:1px solid #ccc"><p style="font-size:12px;color:#555"><strong>` + e(l.CompanyName) + "</strong>")
	for _, s := range l.CompanyLines {
		b.WriteString("<br>" + e(s))
	}
	b.WriteString("</p>\n</body></html>\n")
	return b.String()
}

func htmlTable(b *strings.Builder, t *render.TableData) {
	e := html.EscapeString
	align := func(i int) string {
		if i < len(t.Right) && t.Right[i] {
			return "right"
		}
		return "left"
	}
	b.WriteString(`<table style="border-collapse:collapse;margin:0 0 1em 0;font-size:13px">` + "\n<tr>")
	for i, h := range t.Header {
		b.WriteString(`<th style="text-align:` + align(i) + `;padding:3px 8px;border-bottom:1px solid #999;background:#e6e6e6">` + e(h) + "</th>")
	}
	b.WriteString("</tr>\n")
	for _, r := range t.Rows {
		b.WriteString("<tr>")
		for i, c := range r {
			b.WriteString(`<td style="text-align:` + align(i) + `;padding:3px 8px">` + e(c) + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	for _, tot := range t.Totals {
		b.WriteString(`<tr><td colspan="` + strconv.Itoa(max(1, len(t.Header)-1)) + `" style="text-align:right;padding:3px 8px"><strong>` + e(tot[0]) +
			`</strong></td><td style="text-align:right;padding:3px 8px"><strong>` + e(tot[1]) + "</strong></td></tr>\n")
	}
	b.WriteString("</table>\n")
}
