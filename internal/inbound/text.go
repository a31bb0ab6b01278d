package inbound

import (
	"html"
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxScanBytes caps the text the classifier's patterns read: the words
// that tell a bounce or an out-of-office sit at the top of the message.
const maxScanBytes = 128 << 10

var (
	scriptRe = regexp.MustCompile(`(?is)<(script|style|head)\b.*?</(script|style|head)\s*>`)
	breakRe  = regexp.MustCompile(`(?i)<(br|/p|/div|/tr|/li|/h[1-6]|/table|/blockquote|p|div|tr|li)\b[^>]*>`)
	tagRe    = regexp.MustCompile(`(?s)<[^>]*>`)
	blankRe  = regexp.MustCompile(`[ \t\x{00a0}]+`)
	nlRe     = regexp.MustCompile(`\n{3,}`)
)

// htmlToText is a rough rendering of HTML as lines of text, enough for
// the patterns: bounces such as Exim's newer ones come as HTML only.
func htmlToText(s string) string {
	s = capString(s, maxScanBytes*2)
	s = scriptRe.ReplaceAllString(s, " ")
	s = breakRe.ReplaceAllString(s, "\n")
	s = tagRe.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = blankRe.ReplaceAllString(s, " ")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return nlRe.ReplaceAllString(strings.Join(lines, "\n"), "\n\n")
}

// capString cuts s to at most n bytes on a rune boundary.
func capString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// oneLine collapses blanks and line ends and cuts to n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n]))
}

// findAddrs returns the [start, end) offsets of up to max mail addresses
// in free text: a local part of the characters real bounces show, "@", and
// a domain with a dot and a top-level label of letters. It scans around
// each "@" within the RFC 5321 lengths, so it runs in linear time (an
// unanchored pattern with Unicode classes cost microseconds per byte).
func findAddrs(s string, max int) [][2]int {
	var out [][2]int
	from := 0
	for len(out) < max {
		i := strings.IndexByte(s[from:], '@')
		if i < 0 {
			break
		}
		at := from + i
		from = at + 1
		start := at
		for start > 0 && at-start < 64 {
			r, n := utf8.DecodeLastRuneInString(s[:start])
			if !isLocalRune(r) {
				break
			}
			start -= n
		}
		end := at + 1
		for end < len(s) && end-at < 255 {
			r, n := utf8.DecodeRuneInString(s[end:])
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '.') {
				break
			}
			end += n
		}
		end = at + 1 + validDomainLen(s[at+1:end])
		if start == at || end == at+1 {
			continue
		}
		out = append(out, [2]int{start, end})
		from = end
	}
	return out
}

func isLocalRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("!#$%&'*+/=?^_{|}~.-", r)
}

// validDomainLen returns how much of d makes a domain: labels of letters,
// digits and hyphens, at least two, the last one of two letters or more.
// Trailing dots and hyphens are left out.
func validDomainLen(d string) int {
	d = strings.TrimRight(d, ".-")
	for len(d) > 0 {
		dot := strings.LastIndexByte(d, '.')
		if dot <= 0 {
			return 0
		}
		tld := d[dot+1:]
		ok := utf8.RuneCountInString(tld) >= 2
		for _, r := range tld {
			if !unicode.IsLetter(r) {
				ok = false
				break
			}
		}
		if ok && !strings.Contains(d, "..") && d[0] != '.' && d[0] != '-' {
			return len(d)
		}
		// "host.example.jp.25" or "a..b": drop the bad tail and retry.
		d = strings.TrimRight(d[:dot], ".-")
	}
	return 0
}

// findAddr returns the first address in s, lower-cased, or "".
func findAddr(s string) string {
	for _, loc := range findAddrs(s, 5) {
		if a := cleanAddr(s[loc[0]:loc[1]]); a != "" {
			return a
		}
	}
	return ""
}

func cleanAddr(a string) string {
	a = strings.Trim(a, ".'")
	if !strings.Contains(a, "@") || strings.HasPrefix(a, "@") {
		return ""
	}
	return strings.ToLower(a)
}

// headerAddrs returns the bare, lower-cased addresses of a header value,
// falling back to a plain scan when net/mail cannot parse it.
func headerAddrs(v string) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	var out []string
	if list, err := mail.ParseAddressList(v); err == nil {
		for _, a := range list {
			if s := cleanAddr(a.Address); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	for _, loc := range findAddrs(v, 50) {
		if s := cleanAddr(v[loc[0]:loc[1]]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// localPart returns what precedes the last "@", or the whole string.
func localPart(a string) string {
	if i := strings.LastIndexByte(a, '@'); i >= 0 {
		return a[:i]
	}
	return a
}
