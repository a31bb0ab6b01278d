package letter

import (
	"strings"
)

// BlockKind is what a piece of the body is, for the layout.
type BlockKind int

// Block kinds.
const (
	Paragraph      BlockKind = iota // lines joined and justified
	ListItem                        // "- item"
	InvoiceTable                    // ::table
	BoxStart                        // ::box
	BoxEnd                          // ::end
	Enclosures                      // ::enclosures
	PaymentDetails                  // ::payment (the composer's payment block)
)

// Block is one piece of a rendered body.
type Block struct {
	Kind BlockKind
	Text string // paragraph or list item text, one line, spaces normalised
}

// SplitBlocks cuts a rendered body into blocks: paragraphs (separated by
// blank lines, their lines joined), list items, and layout directives.
// Control characters from merge fields (a newline in a customer's name)
// never create structure: a field's text stays inside its paragraph.
func SplitBlocks(body string) []Block {
	var out []Block
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, Block{Kind: Paragraph, Text: oneLine(strings.Join(para, " "))})
			para = nil
		}
	}
	for _, raw := range strings.Split(body, "\n") {
		line := strings.TrimSpace(raw)
		switch {
		case line == "":
			flush()
		case line == "::table":
			flush()
			out = append(out, Block{Kind: InvoiceTable})
		case line == "::box":
			flush()
			out = append(out, Block{Kind: BoxStart})
		case line == "::end":
			flush()
			out = append(out, Block{Kind: BoxEnd})
		case line == "::enclosures":
			flush()
			out = append(out, Block{Kind: Enclosures})
		case line == "::payment":
			flush()
			out = append(out, Block{Kind: PaymentDetails})
		case strings.HasPrefix(line, "- "):
			flush()
			out = append(out, Block{Kind: ListItem, Text: oneLine(line[2:])})
		default:
			para = append(para, line)
		}
	}
	flush()
	return out
}

// oneLine turns control characters into spaces and collapses runs of
// ordinary spaces. No-break spaces are kept: they hold "1 234,56 €" and
// "22 novembre 2026" together.
func oneLine(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == ' ' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sanitized returns a copy of d in which every text has its control
// characters (CR, LF, tab...) turned into spaces: a merge field's value can
// then never start a paragraph, a list item or a layout directive, nor
// break a subject line.
func sanitized(d *Data) *Data {
	c := *d
	clean := func(s *string) { *s = oneLineKeepEmpty(*s) }
	walkStrings(&c, clean)
	return &c
}

func oneLineKeepEmpty(s string) string {
	if s == "" {
		return s
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return oneLine(s)
		}
	}
	return s
}
