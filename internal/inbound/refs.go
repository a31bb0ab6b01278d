package inbound

import (
	"net/mail"
	"regexp"
	"strings"
)

var (
	angleIDRe = regexp.MustCompile(`<([^<>\s]+)>`)
	bareIDRe  = regexp.MustCompile(`[^<>\s,;"()]+@[^<>\s,;"()]+`)
	// idFieldRe finds the fields naming messages inside returned headers,
	// delivery reports and pasted copies of the original message.
	idFieldRe = regexp.MustCompile(`(?im)^[ \t]*(?:x-original-message-id|original-message-id|message-id|in-reply-to|references)[ \t]*:[ \t]*(.*(?:\n[ \t]+.*)*)`)
)

// msgIDs reads the message identifiers of a Message-ID, In-Reply-To or
// References value, without their angle brackets. Values written without
// brackets (some clients do) are read as bare id@host tokens.
func msgIDs(v string) []string {
	v = strings.ToValidUTF8(v, "")
	var out []string
	for _, m := range angleIDRe.FindAllStringSubmatch(v, 200) {
		out = append(out, m[1])
	}
	if len(out) == 0 {
		for _, id := range bareIDRe.FindAllString(v, 200) {
			out = append(out, strings.Trim(id, "."))
		}
	}
	return out
}

// firstID returns the first identifier of v, or "".
func firstID(v string) string {
	if ids := msgIDs(v); len(ids) > 0 {
		return ids[0]
	}
	return ""
}

// idSet collects identifiers in order, once each, never the message's own.
type idSet struct {
	own  string
	seen map[string]bool
	ids  []string
}

func (s *idSet) add(ids ...string) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	for _, id := range ids {
		if id == "" || id == s.own || s.seen[id] || len(s.ids) >= 100 {
			continue
		}
		s.seen[id] = true
		s.ids = append(s.ids, id)
	}
}

// headerRefs adds In-Reply-To first (the message answered), then
// References from the newest to the oldest.
func (s *idSet) headerRefs(h mail.Header) {
	s.add(msgIDs(h.Get("In-Reply-To"))...)
	refs := msgIDs(strings.Join(h["References"], " "))
	for i := len(refs) - 1; i >= 0; i-- {
		s.add(refs[i])
	}
}

// returnedRefs adds the Message-ID first, then In-Reply-To and References
// found as header lines in a returned message, a report or a bounce text.
func (s *idSet) returnedRefs(text string) {
	if text == "" {
		return
	}
	text = capString(text, maxScanBytes)
	var later []string
	for _, m := range idFieldRe.FindAllStringSubmatch(text, 50) {
		name := strings.ToLower(strings.TrimSpace(m[0][:strings.IndexByte(m[0], ':')]))
		if strings.HasSuffix(name, "message-id") {
			s.add(firstID(m[1]))
			continue
		}
		later = append(later, msgIDs(m[1])...)
	}
	s.add(later...)
}

// returnedIDs reads the Message-ID fields (not In-Reply-To or References:
// those name other messages) of returned headers, a report or a bounce
// text quoting the original, in order, once each.
func returnedIDs(texts ...string) []string {
	var s idSet
	for _, text := range texts {
		if text == "" {
			continue
		}
		text = capString(text, maxScanBytes)
		for _, m := range idFieldRe.FindAllStringSubmatch(text, 50) {
			name := strings.ToLower(strings.TrimSpace(m[0][:strings.IndexByte(m[0], ':')]))
			if strings.HasSuffix(name, "message-id") {
				s.add(firstID(m[1]))
			}
		}
	}
	return s.ids
}
