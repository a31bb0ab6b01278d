package inbound

import (
	"regexp"
	"strings"
)

// copyPhrases open the copy of the returned message in a bounce text,
// after an optional "|" and a run of dashes: "------ This is a copy of the
// message", "--- Below this line is a copy", "Original message headers:".
// A plain loop over lines: one big case-insensitive pattern cost
// microseconds per byte.
var copyPhrases = []string{
	"this is a copy of", "below this line is a copy", "original message", "unsent message",
	"message text follows", "message header follows", "message headers follow", "returned message",
	"the header of the original", "headers of the original",
	"ceci est une copie", "en-têtes du message d'origine", "message d'origine",
	"ursprüngliche nachricht", "zaglavlja originalne poruke", "заглавља оригиналне поруке",
	"originalna poruka", "оригинална порука",
}

// copyFields open a quoted header block without any banner.
var copyFields = []string{"return-path:", "received:", "dkim-signature:", "x-received:", "arc-seal:", "delivered-to:"}

// copyMarker returns where the copy of the returned message starts in a
// bounce text (the start of its line, -1 if none), and whether that line
// is already a header field rather than a banner.
func copyMarker(text string) (int, bool) {
	for pos := 0; pos < len(text); {
		line := text[pos:]
		next := len(text)
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line, next = line[:i], pos+i+1
		}
		if len(line) > 200 {
			line = line[:200]
		}
		l := strings.ToLower(line)
		for _, f := range copyFields {
			if strings.HasPrefix(l, f) && len(l) > len(f) && (l[len(f)] == ' ' || l[len(f)] == '\t') {
				return pos, true
			}
		}
		t := strings.TrimPrefix(strings.TrimLeft(l, " \t"), "|")
		u := strings.TrimLeft(t, "-=_*")
		if len(t)-len(u) != 1 {
			u = strings.TrimLeft(u, " \t")
			for _, p := range copyPhrases {
				if strings.HasPrefix(u, p) {
					return pos, false
				}
			}
		}
		pos = next
	}
	return -1, false
}

// maxNoteBytes caps the notice the recipient patterns read: servers
// write the failure at the top, and the patterns are costly on long text.
const maxNoteBytes = 16 << 10

// notification returns the part of a bounce text before the copy of the
// returned message, at most maxNoteBytes.
func notification(text string) string {
	text = capString(text, maxNoteBytes)
	if i, _ := copyMarker(text); i >= 0 {
		return text[:i]
	}
	return text
}

const addrPat = `[\p{L}\p{N}!#$%&'*+/=?^_{|}~.-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}`

// recipientPatterns read the failed address where known servers write
// it, most specific first; the first group holds the address.
var recipientPatterns = []*regexp.Regexp{
	// qmail, Postfix (plain text) and friends: "<user@host>:" opening a line.
	regexp.MustCompile(`(?m)^[ \t]*<(` + addrPat + `)>(?:[ \t]*\(expanded from[^)\n]*\))?[ \t]*:`),
	// Exim, Exchange, Gmail, Domino, French/German/Serbian servers: a list
	// introduced by "the following recipients:", the address heading one
	// of the next lines (Exim may wrap "failed:" onto its own line).
	regexp.MustCompile(`(?i)(?:following|these|ces|suivants?|folgenden|diese|sledeć\p{L}*|следећ\p{L}*|ovim|овим)[ \t]+(?:list of[ \t]+)?(?:e-?mail[ \t]+)?(?:address(?:\(es\)|es)?|recipients?(?:\(s\))?|destinataires?(?:\(s\))?|empfänger|adresses?|primao\p{L}*|примао\p{L}*)[^@\n]*` + listGap + `[^@\n]*?<?(` + addrPat + `)`),
	regexp.MustCompile(`(?i)failed addresses follow[^@\n]*` + listGap + `[^@\n]*?<?(` + addrPat + `)`),
	// French puts the adjective last: "L'adresse suivante a échoué :".
	regexp.MustCompile(`(?i)(?:adresses?|destinataires?)[ \t]+suivant(?:e|es|s)?[^@\n]*` + listGap + `[^@\n]*?<?(` + addrPat + `)`),
	regexp.MustCompile(`(?i)(?:was not delivered|wasn't delivered|could not be delivered|couldn't be delivered|n'a pas pu être (?:remis|délivré|distribué)e?)[ \t]+(?:to|à|au destinataire)[ \t:]*` + listGap + `?[^@\n]*?<?(` + addrPat + `)`),
	// "Your message to user@host couldn't be delivered", in several languages.
	regexp.MustCompile(`(?i)(?:message|mail|e-?mail|courriel|nachricht|poruka|порука)[ \t]+(?:to|à|pour|an|za|за)[ \t]+<?(` + addrPat + `)>?[ \t]+(?:couldn't|could not|cannot|can't|was not|wasn't|has not|n'a pas|ne peut|konnte|nije|није)`),
	regexp.MustCompile(`(?i)(?:(?:unable to |error )?deliver(?:ing)?[ \t]+(?:your[ \t]+)?(?:message|mail|e-?mail)[ \t]+to|delivery to|remise à|zustellung an|isporuka (?:na adresu|za)|испорука (?:на адресу|за))[ \t]+<?(` + addrPat + `)`),
}

// listGap crosses from a list heading to its first entry: line ends,
// blanks, and Exim's wrapped "failed:".
const listGap = `(?:\n[ \t]*(?:failed:?)?[ \t]*){1,4}`

// transcriptPatterns read the address from an SMTP transcript; they come
// after X-Failed-Recipients because a transcript may show the sender's
// address in a refused MAIL FROM.
var transcriptPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)rcpt to:[ \t]*<?(` + addrPat + `)`),
	regexp.MustCompile(`<(` + addrPat + `)>\.\.\.[ \t]`),
}

// diagLineRe finds a line carrying an SMTP reply code or enhanced status.
var diagLineRe = regexp.MustCompile(`(?m)^.*?(?:(?:^|[ \t:<>(\[#'"])[45]\d\d[ -]|(?:^|[^\d.\n])[45]\.\d{1,3}\.\d{1,3}(?:[^\d.]|$)).*$`)

var smtpCodeRe = regexp.MustCompile(`(?:^|[\s:<>(\[#'"])([45])\d\d[ -]`)

// softWords tell a delay or a temporary failure, where no code does.
var softWords = []string{
	"delay", "temporar", "will retry", "will be retried", "will continue trying", "still trying",
	"not yet been delivered", "has not been delivered yet", "warning:", "warning--", "mailbox full", "over quota",
	"différé", "temporaire", "nouvelle tentative", "verzögert", "vorübergehend", "odložen", "privremen", "одложен", "привремен",
}

// delayWords tell a warning that delivery is late and still being tried
// (unlike softWords, not a temporary failure that ended the attempts).
var delayWords = []string{
	"delayed", "delay ", "will retry", "will be retried", "will continue trying", "still trying", "delivery attempts will continue",
	"not yet been delivered", "has not been delivered yet", "différé", "nouvelle tentative", "verzögert", "odložen", "одложен",
}

func delayWording(text string) bool {
	low := strings.ToLower(capString(text, maxScanBytes))
	for _, w := range delayWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// textBounce reads recipient, diagnostic, status and permanence from the
// text of a bounce that has no usable delivery report.
func (v *view) textBounce() bounceInfo {
	b := bounceInfo{}
	note := normQuotes(notification(v.text))
	var pos int
	b.recipient, pos = matchAddr(note, recipientPatterns)
	if b.recipient == "" {
		if as := headerAddrs(v.h.Get("X-Failed-Recipients")); len(as) > 0 {
			b.recipient = as[0]
		}
	}
	if b.recipient == "" {
		b.recipient, pos = matchAddr(note, transcriptPatterns)
	}
	if b.recipient == "" {
		b.recipient, pos = v.firstForeignAddr(note)
	}
	if b.recipient == "" {
		b.recipient = v.returnedTo()
	}
	b.diagnostic = diagnosticNear(note, pos)
	b.status = findErrStatus(" " + b.diagnostic + " ")
	if b.status == "" {
		b.status = findErrStatus(note)
	}
	b.hard = v.permanent(b.status, b.diagnostic, note)
	return b
}

// matchAddr returns the address of the first pattern that matches, and
// where it stands.
func matchAddr(note string, res []*regexp.Regexp) (string, int) {
	for _, re := range res {
		if m := re.FindStringSubmatchIndex(note); m != nil {
			if a := cleanAddr(note[m[2]:m[3]]); a != "" {
				return a, m[2]
			}
		}
	}
	return "", -1
}

// diagnosticNear returns the first line with an SMTP code at or after the
// recipient (or anywhere), joined with the lines that continue it; without
// a code, the paragraph that names the recipient.
func diagnosticNear(note string, pos int) string {
	from := 0
	if pos > 0 {
		from = pos
	}
	loc := diagLineRe.FindStringIndex(note[from:])
	if loc == nil && from > 0 {
		from = 0
		loc = diagLineRe.FindStringIndex(note)
	}
	if loc != nil {
		start := from + loc[0]
		lines := strings.SplitN(note[start:], "\n", 4)
		out := []string{lines[0]}
		for _, l := range lines[1:] {
			if strings.TrimSpace(l) == "" || !(l[0] == ' ' || l[0] == '\t') {
				break
			}
			out = append(out, l)
		}
		return oneLine(strings.Join(out, " "), 300)
	}
	if pos < 0 {
		return ""
	}
	// No code: the paragraph that names the address.
	start := strings.LastIndexByte(note[:pos], '\n') + 1
	rest := note[start:]
	if i := strings.Index(rest, "\n\n"); i >= 0 {
		rest = rest[:i]
	}
	return oneLine(rest, 300)
}

// permanent decides hard or soft: the enhanced status, else an SMTP reply
// code, else soft wording; a returned message with nothing said is hard,
// as it will not be retried.
func (v *view) permanent(status, diag, note string) bool {
	if status != "" {
		return status[0] == '5'
	}
	if m := smtpCodeRe.FindStringSubmatch(diag); m != nil {
		return m[1] == "5"
	}
	all := v.subjLow + "\n" + strings.ToLower(note)
	for _, w := range softWords {
		if strings.Contains(all, w) {
			return false
		}
	}
	return true
}

// headerLineRe marks lines of a notification that quote header fields;
// the addresses on them are the sender's, not the failed recipient.
var headerLineRe = regexp.MustCompile(`(?i)^[ \t]*(?:from|to|cc|sent|date|subject|reply-to|return-path|sender|envelope-from|de|à|von|an|od|за|од|objet|betreff)[ \t]*:`)

// firstForeignAddr is the last resort: the first address of the
// notification that is neither the sender's, the bounce's addressee nor a
// mail system's.
func (v *view) firstForeignAddr(note string) (string, int) {
	skip := map[string]bool{}
	for _, k := range []string{"To", "Cc", "From", "Reply-To", "Sender", "Return-Path", "Delivered-To", "X-Original-To", "Errors-To"} {
		for _, a := range headerAddrs(v.h.Get(k)) {
			skip[a] = true
		}
	}
	if len(v.m.Returned) > 0 {
		rh, _ := readHeader(normalizeNewlines(v.m.Returned))
		for _, k := range []string{"From", "Sender", "Return-Path", "Reply-To"} {
			for _, a := range headerAddrs(rh.Get(k)) {
				skip[a] = true
			}
		}
	}
	offset := 0
	for _, line := range strings.SplitAfter(note, "\n") {
		if !headerLineRe.MatchString(line) {
			for _, loc := range findAddrs(line, 20) {
				a := cleanAddr(line[loc[0]:loc[1]])
				if a != "" && !skip[a] && !isDaemonAddr(a) {
					return a, offset + loc[0]
				}
			}
		}
		offset += len(line)
	}
	return "", -1
}

// returnedTo is the single addressee of the returned message, read from
// its attached header or from the copy quoted in the text. Used last: a
// message to several people does not tell which one failed.
func (v *view) returnedTo() string {
	block := v.m.Returned
	if len(block) == 0 {
		i, isField := copyMarker(v.text)
		if i < 0 {
			return ""
		}
		rest := v.text[i:]
		if !isField {
			j := strings.IndexByte(rest, '\n')
			if j < 0 {
				return ""
			}
			rest = rest[j+1:]
		}
		block = headerStart([]byte(rest))
	}
	rh, _ := readHeader(normalizeNewlines(block))
	if as := headerAddrs(rh.Get("To")); len(as) == 1 {
		return as[0]
	}
	return ""
}

// findErrStatus returns the first 4.x.x or 5.x.x enhanced status of s.
func findErrStatus(s string) string {
	for _, m := range statusRe.FindAllStringSubmatch(s, 50) {
		if m[1] != "2" {
			return m[1] + "." + m[2] + "." + m[3]
		}
	}
	return ""
}

func isDaemonAddr(a string) bool {
	switch localPart(a) {
	case "mailer-daemon", "mailer_daemon", "mailerdaemon", "postmaster", "post_master", "mail-daemon", "maildaemon", "root", "abuse":
		return true
	}
	return false
}
