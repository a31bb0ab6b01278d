package replies

import "strings"

// NewText is the part of a reply its author wrote: quoted text, the
// attribution line of the quote ("On … wrote:", "Le … a écrit :", "Am …
// schrieb …", "Дана … је написао:"), "-----Original Message-----",
// Outlook's header block ("From: … Sent: … To: … Subject:" and the French
// "De : … Envoyé : … À : … Objet :", German "Von: … Gesendet: …", Serbian
// "Од: … Послато: …"/"Od: … Poslato: …"), `>` quoting, HTML blockquotes
// (when only HTML is given), and signatures ("-- " line, "Sent from my
// iPhone", "Envoyé de mon iPhone", "Poslato sa mog iPhone-a", common
// sign-offs blocks) removed, trimmed.
// text is the text/plain body (may be empty); html the text/html body (may
// be empty); prefer text when both.
//
// Quoted lines are dropped wherever they are, so the answers of an
// interleaved reply are all kept, one blank line standing for each quote.
// The result is never longer than its input: nothing is ever added.
func NewText(text, html string) string {
	if strings.TrimSpace(text) != "" {
		return extractPlain(text)
	}
	if strings.TrimSpace(html) == "" {
		return ""
	}
	return extractPlain(htmlToText(html))
}

// line is one line of the body with what every rule needs precomputed.
type line struct {
	raw    string // as written, without the line break
	f      string // folded and trimmed, for matching
	quoted bool   // starts with ">" (after blanks)
	blank  bool
	gone   bool // removed by a rule; a removed run reads as one blank line
}

func extractPlain(s string) string {
	lines := splitLines(s)
	cutAtHeaders(lines)
	dropQuotes(lines)
	dropSignature(lines)
	return joinKept(lines)
}

func splitLines(s string) []line {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	raw := strings.Split(s, "\n")
	lines := make([]line, len(raw))
	for i, r := range raw {
		t := strings.TrimSpace(r)
		lines[i] = line{
			raw:    r,
			f:      strings.TrimSpace(foldString(t)),
			quoted: strings.HasPrefix(t, ">"),
			blank:  t == "",
		}
	}
	return lines
}

// cutFrom removes every line from i to the end.
func cutFrom(lines []line, i int) {
	for j := i; j < len(lines); j++ {
		lines[j].gone = true
	}
}

// joinKept writes the surviving lines. Blank lines next to a removed block
// collapse into one, so that "text, quote, text" reads as two paragraphs;
// other blank lines are the author's and stay. Trailing rulers left over
// from a cut ("-----", "_____") go with the trailing blanks.
func joinKept(lines []line) string {
	var out []string
	for i := 0; i < len(lines); {
		if !lines[i].blank && !lines[i].gone {
			out = append(out, strings.TrimRight(lines[i].raw, " \t\u00a0"))
			i++
			continue
		}
		j, removed := i, false
		for j < len(lines) && (lines[j].blank || lines[j].gone) {
			removed = removed || lines[j].gone
			j++
		}
		if removed {
			out = append(out, "")
		} else {
			for range j - i {
				out = append(out, "")
			}
		}
		i = j
	}
	for len(out) > 0 && isRuler(strings.TrimSpace(out[len(out)-1])) {
		out = out[:len(out)-1]
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// isRuler reports an empty line or one made only of a separator
// character repeated.
func isRuler(t string) bool {
	if t == "" {
		return true
	}
	if len(t) < 2 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] != t[0] {
			return false
		}
	}
	return strings.ContainsRune("-_=*~", rune(t[0]))
}
