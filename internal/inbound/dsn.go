package inbound

import (
	"bytes"
	"regexp"
	"strings"
)

// dsnRecipient is one per-recipient block of an RFC 3464 report.
type dsnRecipient struct {
	final, original string // bare addresses
	action          string // lower case: failed, delayed, delivered, relayed, expanded
	status          string // enhanced status "5.1.1"
	diagnostic      string
}

var statusRe = regexp.MustCompile(`(?:^|[^\d.])([245])\.(\d{1,3})\.(\d{1,3})(?:[^\d.]|$)`)

// findStatus returns the first enhanced status code in s, e.g. "5.1.1".
func findStatus(s string) string {
	m := statusRe.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1] + "." + m[2] + "." + m[3]
}

// parseDSN reads the recipient blocks of a delivery-status body. Blocks
// are separated by blank lines; a block is a recipient when it names one
// or carries an Action or Status. Some servers run blocks together, so a
// second Final-Recipient in a block starts a new recipient. A "--" line
// (a leaked MIME boundary) ends a block.
func parseDSN(report []byte) []dsnRecipient {
	text := capString(reportText(report), maxAuxBytes)
	var out []dsnRecipient
	var cur dsnRecipient
	var has bool
	var lastKey string
	flush := func() {
		if has && len(out) < 100 {
			out = append(out, cur)
		}
		cur, has, lastKey = dsnRecipient{}, false, ""
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if strings.HasPrefix(line, "--") {
			// A leaked MIME boundary: what follows is another part.
			flush()
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			// Only the start is kept (300 runes): the cap keeps a long
			// folded diagnostic from costing quadratic time.
			if lastKey == "diagnostic-code" && len(cur.diagnostic) < 2048 {
				cur.diagnostic += " " + strings.TrimSpace(line)
			}
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			lastKey = ""
			continue
		}
		lastKey = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		switch lastKey {
		case "final-recipient":
			if cur.final != "" {
				flush()
				lastKey = "final-recipient"
			}
			cur.final = dsnAddr(v)
			has = true
		case "original-recipient":
			if cur.original != "" {
				flush()
				lastKey = "original-recipient"
			}
			cur.original = dsnAddr(v)
			has = true
		case "action":
			if f := strings.Fields(v); len(f) > 0 {
				cur.action = strings.ToLower(strings.Trim(f[0], ";,."))
			}
			has = true
		case "status":
			cur.status = findStatus(" " + v + " ")
			has = true
		case "diagnostic-code":
			cur.diagnostic = v
			has = true
		}
	}
	flush()
	return out
}

// reportText makes a report readable: reports are mostly ASCII, but some
// servers put ISO-2022-JP or 8-bit text in Diagnostic-Code.
func reportText(report []byte) string {
	if bytes.Contains(report, []byte("\x1b$")) || bytes.Contains(report, []byte("\x1b(")) {
		return decodeCharset(report, "iso-2022-jp")
	}
	return fallbackText(report)
}

// dsnAddr reads "rfc822; <user@host>" and keeps only a real address.
func dsnAddr(v string) string {
	if _, after, ok := strings.Cut(v, ";"); ok {
		v = after
	}
	return findAddr(v)
}

// cleanDiagnostic drops the "smtp;" type of a Diagnostic-Code.
func cleanDiagnostic(d string) string {
	d = strings.TrimSpace(d)
	if t, after, ok := strings.Cut(d, ";"); ok && !strings.ContainsAny(t, " \t") && len(t) <= 12 {
		d = after
	}
	return oneLine(d, 300)
}

func isSuccessAction(a string) bool {
	return a == "delivered" || a == "relayed" || a == "expanded" || a == "deliverable"
}

// pickRecipient chooses the recipient a bounce is about: the first that
// failed, else the first delayed, else the first with an error status.
// ok is false when the report names no failure at all.
func pickRecipient(rs []dsnRecipient) (dsnRecipient, bool) {
	for _, want := range []string{"failed", "delayed"} {
		for _, r := range rs {
			if r.action == want {
				return r, true
			}
		}
	}
	for _, r := range rs {
		if !isSuccessAction(r.action) && (strings.HasPrefix(r.status, "5") || strings.HasPrefix(r.status, "4")) {
			return r, true
		}
	}
	return dsnRecipient{}, false
}

// allSuccess reports whether a report names recipients and every one of
// them was delivered, relayed or expanded: a success notice, not a bounce.
func allSuccess(rs []dsnRecipient) bool {
	if len(rs) == 0 {
		return false
	}
	for _, r := range rs {
		if !isSuccessAction(r.action) {
			return false
		}
	}
	return true
}
