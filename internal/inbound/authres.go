package inbound

import (
	"net/mail"
	"strings"
)

// AuthVerdict is what the owner's own mail provider said about a message
// in its Authentication-Results field (RFC 8601).
type AuthVerdict struct {
	// Stamped: a field whose authserv-id is the owner's provider was
	// found. Without one nothing below is known and Untrusted is false.
	Stamped    bool
	AuthServID string // of the field used, lower case ("" for Microsoft's, which omits it)
	// Results of the field used, lower case ("pass", "fail", "softfail",
	// "neutral", "none", "temperror", "permerror", ...), "" when absent.
	DMARC, SPF, DKIM string
	// Untrusted: the provider found that the From domain is not
	// authenticated (DMARC fail, or without a DMARC verdict an SPF hard
	// fail not rescued by a DKIM signature of the From domain). Such a
	// message is handled like one from an unknown sender.
	Untrusted bool
	// Aligned: the provider positively authenticated the From domain
	// (DMARC pass, or an SPF pass for a MAIL FROM of the From domain's
	// organisation, or a DKIM pass for it). An SPF pass alone proves only
	// the envelope domain, which the sender chooses.
	Aligned bool
	Reason  string // short English reason, for logs and the reply's details
}

// Authenticated reads the Authentication-Results fields of h and returns
// the verdict of the topmost one whose authserv-id authserv accepts.
//
// Why the topmost of the owner's provider only: each receiving server
// prepends its field, so the topmost field of the provider is the one it
// added on delivery to the owner's mailbox. Every other field, of any
// authserv-id, may have been written by the sender (RFC 8601 §5); one
// claiming the provider's id below the provider's own is ignored too.
// A forged field can only matter when the provider stamped nothing, and
// then it can only make a message less trusted, never more: a message
// without a stamp is trusted anyway.
//
// The rules follow DMARC (RFC 7489 §4.2: a message passes when an SPF or a
// DKIM check passed for a domain aligned with the From domain):
//   - dmarc=pass: trusted, whatever SPF says (a forwarded message fails
//     SPF while its aligned DKIM signature still passes);
//   - dmarc=fail: untrusted;
//   - no DMARC verdict (none, temperror, permerror, absent): an SPF "fail"
//     (RFC 7208 §8.4: the domain explicitly says the client is not
//     authorised) is untrusted unless DKIM passed for the From domain's
//     organisation (relaxed alignment, as DMARC would). An SPF "softfail"
//     is not: RFC 7208 §8.5 says a softfail SHOULD NOT be a reason on its
//     own to reject and many domains publish "~all" exactly because their
//     mail goes through forwarders; "neutral", "none" and the errors state
//     nothing.
func Authenticated(h mail.Header, authserv func(id string) bool) AuthVerdict {
	v := AuthVerdict{Reason: "no Authentication-Results of the owner's provider"}
	if authserv == nil {
		return v
	}
	fields := h["Authentication-Results"]
	for i, raw := range fields {
		if i >= maxAuthResFields {
			break
		}
		ar, ok := parseAuthRes(raw)
		if !ok || !plausibleID(ar.authServID) || !authserv(ar.authServID) {
			continue
		}
		v.Stamped = true
		v.AuthServID = ar.authServID
		v.DMARC = ar.result("dmarc", "")
		v.SPF = ar.result("spf", "smtp.mailfrom")
		v.DKIM = ar.dkimResult()
		from := fromDomain(h)
		v.Untrusted, v.Reason = ar.judge(v, from)
		v.Aligned = !v.Untrusted && (v.DMARC == "pass" || ar.dkimPassFor(from) ||
			(v.SPF == "pass" && sameRegistrable(domainOf(ar.prop("spf", "smtp.mailfrom")), from)))
		return v
	}
	return v
}

// Bounds on hostile input: the fields looked at and the results read in
// one field. Real messages carry a handful of each.
const (
	maxAuthResFields  = 50
	maxAuthResResults = 64
)

// authRes is one parsed Authentication-Results field.
type authRes struct {
	authServID string
	version    string
	results    []authResult
}

// authResult is one resinfo: "method=result reason=... ptype.property=value".
type authResult struct {
	method string // lower case, without its "/version"
	result string // lower case
	reason string
	props  map[string]string // "smtp.mailfrom" → value, keys lower case
}

// result returns the result of the first resinfo of method, preferring
// one that carries prop (e.g. SPF's smtp.mailfrom over smtp.helo, since
// DMARC aligns the MAIL FROM identity).
func (a authRes) result(method, prop string) string {
	first := ""
	for _, r := range a.results {
		if r.method != method {
			continue
		}
		if prop == "" || r.props[prop] != "" {
			return r.result
		}
		if first == "" {
			first = r.result
		}
	}
	return first
}

// prop returns the value of prop on the first resinfo of method that
// carries it.
func (a authRes) prop(method, prop string) string {
	for _, r := range a.results {
		if r.method == method && r.props[prop] != "" {
			return r.props[prop]
		}
	}
	return ""
}

// dkimResult is "pass" when any signature passed (RFC 6376 §6.1: one
// valid signature is enough), else the first result.
func (a authRes) dkimResult() string {
	first := ""
	for _, r := range a.results {
		if r.method != "dkim" {
			continue
		}
		if r.result == "pass" {
			return "pass"
		}
		if first == "" {
			first = r.result
		}
	}
	return first
}

// dkimPassFor reports whether a DKIM signature of the organisation of
// domain passed (header.d, or the domain of header.i).
func (a authRes) dkimPassFor(domain string) bool {
	if domain == "" {
		return false
	}
	for _, r := range a.results {
		if r.method != "dkim" || r.result != "pass" {
			continue
		}
		d := r.props["header.d"]
		if d == "" {
			d = r.props["header.i"]
		}
		if sameRegistrable(domainOf(d), domain) {
			return true
		}
	}
	return false
}

func (a authRes) judge(v AuthVerdict, from string) (bool, string) {
	id := a.authServID
	if id == "" {
		id = "(no authserv-id)"
	}
	switch v.DMARC {
	case "pass":
		return false, id + ": dmarc=pass"
	case "fail":
		return true, id + ": dmarc=fail"
	}
	if v.SPF == "fail" {
		if a.dkimPassFor(from) {
			return false, id + ": spf=fail but dkim=pass for the From domain"
		}
		return true, id + ": spf=fail"
	}
	r := id + ":"
	for _, m := range []struct{ k, v string }{{"dmarc", v.DMARC}, {"spf", v.SPF}, {"dkim", v.DKIM}} {
		if m.v != "" {
			r += " " + m.k + "=" + m.v
		}
	}
	if r == id+":" {
		r += " no dmarc, spf or dkim result"
	}
	return false, r
}

// fromDomain is the domain of the From address, lower case, "" when the
// field does not parse.
func fromDomain(h mail.Header) string {
	a, err := mail.ParseAddress(h.Get("From"))
	if err != nil {
		return ""
	}
	return domainOf(a.Address)
}

// domainOf returns what follows the last "@" of s (all of s without one),
// lower case, without a trailing dot.
func domainOf(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	return strings.TrimSuffix(strings.ToLower(strings.Trim(s, "<>")), ".")
}

// parseAuthRes parses one field value:
//
//	authserv-id [version] ( "; none" / 1*( ";" method[/v]=result [reason=value] *(ptype.prop=value) ) )
//
// with comments (nested parentheses) and folding anywhere between tokens
// and quoted strings as values. It is lenient where real servers are not
// conforming: Microsoft omits the authserv-id (the field starts with
// "spf=..."; the id is then ""), and stray words between semicolons
// (Microsoft's "header.d=none;outlook.com;") are skipped. ok is false only
// for a field with nothing in it.
func parseAuthRes(raw string) (authRes, bool) {
	var a authRes
	toks := authResTokens(raw)
	if len(toks) == 0 {
		return a, false
	}
	// Segments are split at ";" (never inside quotes or comments, which
	// the tokenizer removed or kept whole).
	var segs [][]arToken
	start := 0
	for i, t := range toks {
		if t.kind == arSemi {
			segs = append(segs, toks[start:i])
			start = i + 1
		}
	}
	segs = append(segs, toks[start:])
	first := segs[0]
	if len(first) > 0 && first[0].kind == arWord && !(len(first) > 1 && first[1].kind == arEq) {
		a.authServID = strings.ToLower(first[0].text)
		if len(first) > 1 && first[1].kind == arWord && isDigits(first[1].text) {
			a.version = first[1].text
		}
		segs = segs[1:]
	} else if len(first) > 0 && first[0].kind == arQuoted {
		a.authServID = strings.ToLower(first[0].text)
		segs = segs[1:]
	}
	for _, s := range segs {
		if len(a.results) >= maxAuthResResults {
			break
		}
		if r, ok := parseResInfo(s); ok {
			a.results = append(a.results, r)
		}
	}
	return a, true
}

// parseResInfo reads "method[/version] = result" then "name = value"
// pairs; a segment not starting with a pair ("none", a stray word) is no
// result.
func parseResInfo(s []arToken) (authResult, bool) {
	pairs := arPairs(joinDotted(s))
	if len(pairs) == 0 || pairs[0].pos != 0 {
		return authResult{}, false
	}
	m := strings.ToLower(pairs[0].name)
	if i := strings.IndexByte(m, '/'); i >= 0 {
		m = strings.TrimSpace(m[:i])
	}
	r := authResult{method: m, result: strings.ToLower(pairs[0].value)}
	if !isKeyword(r.method) || !isKeyword(r.result) {
		return authResult{}, false // not a method=result: a stray pair
	}
	for _, p := range pairs[1:] {
		name := strings.ToLower(p.name)
		if name == "reason" {
			r.reason = p.value
			continue
		}
		if !strings.Contains(name, ".") {
			continue // e.g. Microsoft's "action=none", "p=none"
		}
		if r.props == nil {
			r.props = map[string]string{}
		}
		if _, dup := r.props[name]; !dup {
			r.props[name] = p.value
		}
	}
	return r, true
}

// joinDotted rejoins the names that CFWS may split (RFC 8601 allows it
// around the "/" of a method version and the "." of a property):
// "dkim / 1 = fail policy . expired = 1" reads as "dkim/1 = fail
// policy.expired = 1". A word right after "=" is a value and is never
// joined to what precedes it; a joined name stops growing at 256 bytes
// so hostile input stays linear.
func joinDotted(s []arToken) []arToken {
	out := make([]arToken, 0, len(s))
	for _, t := range s {
		if n := len(out); t.kind == arWord && n > 0 && out[n-1].kind == arWord &&
			(n < 2 || out[n-2].kind != arEq) && len(out[n-1].text) < 256 &&
			(strings.HasSuffix(out[n-1].text, "/") || strings.HasSuffix(out[n-1].text, ".") ||
				strings.HasPrefix(t.text, "/") || strings.HasPrefix(t.text, ".")) {
			out[n-1].text += t.text
			continue
		}
		out = append(out, t)
	}
	return out
}

type arPair struct {
	pos         int // index of the name token in the segment
	name, value string
}

// arPairs finds "word = value" in a segment's tokens.
func arPairs(s []arToken) []arPair {
	var out []arPair
	for i := 0; i+2 < len(s); i++ {
		if s[i].kind != arWord || s[i+1].kind != arEq || s[i+2].kind == arEq {
			continue
		}
		out = append(out, arPair{pos: i, name: s[i].text, value: s[i+2].text})
		i += 2
	}
	return out
}

// isKeyword: RFC 8601 methods and results are Keywords (RFC 5321
// Ldh-str: letters, digits, inner hyphens); checking it keeps odd bytes of
// a hostile field out of the verdict and its Reason.
func isKeyword(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// plausibleID: an authserv-id is in practice a host name (or absent, for
// Microsoft): printable ASCII of at most 255 bytes. Anything else is no
// provider's, and stays out of the Reason.
func plausibleID(id string) bool {
	if len(id) > 255 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] >= 0x7f {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

type arKind uint8

const (
	arWord   arKind = iota // a run of other characters
	arQuoted               // a quoted string, unescaped
	arEq                   // "="
	arSemi                 // ";"
)

type arToken struct {
	kind arKind
	text string
}

// authResTokens splits a field value into words, quoted strings, "=" and
// ";", dropping blanks and comments. A comment may nest and hold quoted
// pairs (RFC 5322 §3.2.2); an unclosed comment or quote runs to the end.
// Linear in the length of raw.
func authResTokens(raw string) []arToken {
	var out []arToken
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ')':
			// A ")" closing no comment is skipped like a blank: taken as a
			// word it would be empty and the loop would not advance (the
			// fuzzer found that hang).
			i++
		case c == '(':
			i = skipComment(raw, i)
		case c == '"':
			var b strings.Builder
			for i++; i < len(raw) && raw[i] != '"'; i++ {
				if raw[i] == '\\' && i+1 < len(raw) {
					i++
				}
				b.WriteByte(raw[i])
			}
			i++ // the closing quote
			out = append(out, arToken{arQuoted, b.String()})
		case c == '=':
			out = append(out, arToken{arEq, "="})
			i++
		case c == ';':
			out = append(out, arToken{arSemi, ";"})
			i++
		default:
			j := i
			for j < len(raw) && !strings.ContainsRune(" \t\r\n()\"=;", rune(raw[j])) {
				j++
			}
			out = append(out, arToken{arWord, raw[i:j]})
			i = j
		}
	}
	return out
}

// skipComment returns the index after the comment that starts at raw[i]
// ("("), or len(raw) when it is not closed.
func skipComment(raw string, i int) int {
	depth := 0
	for ; i < len(raw); i++ {
		switch raw[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(raw)
}
