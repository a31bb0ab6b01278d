package inbound

import (
	"regexp"
	"strings"
)

// Amazon SES can send its notifications as JSON by mail (through SNS),
// sometimes as an escaped string inside another JSON document, and mail
// folding may break the lines: so the fields are read with patterns, not
// with encoding/json.
var (
	sesTypeRe   = regexp.MustCompile(`"notificationType"\s*:\s*"(\w+)"`)
	sesBounceRe = regexp.MustCompile(`"bounceType"\s*:\s*"(\w+)"`)
	sesAddrRe   = regexp.MustCompile(`"emailAddress"\s*:\s*"([^"]+)"`)
	sesStatusRe = regexp.MustCompile(`"status"\s*:\s*"([^"]+)"`)
	sesDiagRe   = regexp.MustCompile(`"diagnosticCode"\s*:\s*"([^"]*)"`)
	sesMsgIDRe  = regexp.MustCompile(`"name"\s*:\s*"Message-I[Dd]"\s*,\s*"value"\s*:\s*"([^"]+)"`)
)

// sesText returns the JSON of an SES notification with escaping undone,
// or "" when text is not one.
func sesText(text string) string {
	if !strings.Contains(text, "notificationType") {
		return ""
	}
	return strings.ReplaceAll(strings.ReplaceAll(text, `\"`, `"`), "\n", "")
}

// sesKind returns "bounce", "complaint", "delivery"... or "".
func sesKind(text string) string {
	j := sesText(text)
	if j == "" {
		return ""
	}
	if m := sesTypeRe.FindStringSubmatch(j); m != nil {
		return strings.ToLower(m[1])
	}
	return ""
}

// sesBounce reads a bounce notification of Amazon SES.
func sesBounce(text string) bounceInfo {
	j := sesText(text)
	b := bounceInfo{reason: "Amazon SES notification", hard: true}
	if m := sesBounceRe.FindStringSubmatch(j); m != nil && !strings.EqualFold(m[1], "Permanent") {
		b.hard = false
	}
	if m := sesAddrRe.FindStringSubmatch(j); m != nil {
		b.recipient = findAddr(m[1])
	}
	if m := sesStatusRe.FindStringSubmatch(j); m != nil {
		b.status = findStatus(" " + m[1] + " ")
	}
	if m := sesDiagRe.FindStringSubmatch(j); m != nil {
		b.diagnostic = cleanDiagnostic(m[1])
	}
	if m := sesMsgIDRe.FindStringSubmatch(j); m != nil {
		b.refs = msgIDs(m[1])
	}
	return b
}
