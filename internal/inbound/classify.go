package inbound

import (
	"net/mail"
	"strings"
	"time"
)

// Class is what an incoming message is to the dunning flow.
type Class string

// The classes, in the order Classify tests them (Other also comes first
// for reports that only look like bounces).
const (
	Bounce    Class = "bounce"
	AutoReply Class = "auto-reply"
	Reply     Class = "reply"
	Other     Class = "other"
)

// Result is what Classify found.
type Result struct {
	Class      Class
	Hard       bool     // bounce: permanent (5.x.x, or a permanent wording); false for soft (4.x.x) bounces
	Status     string   // bounce: the enhanced status "5.1.1" when known
	Recipient  string   // bounce: the failed address (lower-cased bare address), "" if the message names none
	Diagnostic string   // bounce: the server's diagnostic text, one line, at most 300 chars
	MessageID  string   // this message's Message-ID, without <>
	RefersTo   []string // Message-IDs (without <>) of the messages it answers or returns: In-Reply-To, References, and for bounces the returned message's Message-ID (and In-Reply-To/References found in the returned headers or the text)
	ReturnDate string   // auto-reply: a stated return date, "YYYY-MM-DD", when one can be read; the year inferred from the message's Date header when absent
	Reason     string   // one short English phrase: why this class (e.g. "RFC 3464 report", "qmail text", "Auto-Submitted: auto-replied")
	// Bounce: the Message-IDs of the message it returns (a Message-ID
	// field of the returned headers, of the report or of a quoted copy in
	// the text) — the proof that it is about one of our letters, unlike
	// RefersTo, which also holds what the bounce's own header claims.
	Returned []string
	// Bounce: every address named for the failed recipient: Recipient
	// first, then a Final-Recipient that differs from the
	// Original-Recipient.
	Addresses []string
	// Bounce: only a delay notice (the remote server will try again), not
	// the end of its attempts.
	Delayed bool
}

// Classify says what m is. It never fails and never panics; see the
// package comment for the order of the rules.
func Classify(m *Message) Result {
	if m == nil {
		return Result{Class: Other, Reason: "no message"}
	}
	v := newView(m)
	r := Result{MessageID: firstID(v.h.Get("Message-Id"))}
	ids := idSet{own: r.MessageID}
	ids.headerRefs(v.h)
	v.classify(&r, &ids)
	r.RefersTo = ids.ids
	return r
}

func (v *view) classify(r *Result, ids *idSet) {
	m := v.m
	if reason := v.notBounceReport(); reason != "" {
		r.Class, r.Reason = Other, reason
		return
	}
	if b, ok := v.bounce(); ok {
		r.Class, r.Reason = Bounce, b.reason
		r.Hard, r.Status, r.Recipient, r.Diagnostic = b.hard, b.status, b.recipient, b.diagnostic
		ids.returnedRefs(string(m.Returned))
		ids.returnedRefs(v.text)
		ids.returnedRefs(string(m.Report))
		ids.add(b.refs...)
		if !r.Hard {
			// A delay notice: the remote server is still trying, so the
			// letter must not be sent again. A report says so in its
			// Action; a text warning only in words.
			r.Delayed = b.delayed || (!b.report && delayWording(v.subject+"\n"+notification(v.text)))
		}
		r.Returned = append(returnedIDs(string(m.Returned), string(m.Report), v.text), b.refs...)
		if b.recipient != "" {
			r.Addresses = append([]string{b.recipient}, b.alts...)
		}
		return
	}
	if reason := v.autoReply(); reason != "" {
		r.Class, r.Reason = AutoReply, reason
		r.ReturnDate = returnDate(v.subject+"\n"+v.text, v.date)
		return
	}
	if reason := v.bulk(); reason != "" {
		r.Class, r.Reason = Other, reason
		return
	}
	r.Class, r.Reason = Reply, v.replyReason()
}

// view is what the rules read of a message, worked out once.
type view struct {
	m               *Message
	h               mail.Header
	subject         string // decoded
	subjLow         string
	from            string // bare address, lower case, "" when unreadable
	fromLow         string // the decoded From value, lower case
	text            string // Text, or HTML rendered as text when there is no Text; capped
	low             string // text, lower case
	date            time.Time
	emptyReturnPath bool
}

func newView(m *Message) *view {
	v := &view{m: m, h: m.Header}
	if v.h == nil {
		v.h = mail.Header{}
	}
	v.subject = strings.TrimSpace(oneLine(decodeHeaderValue(v.h.Get("Subject")), 1000))
	v.subjLow = strings.ToLower(v.subject)
	v.fromLow = strings.ToLower(decodeHeaderValue(v.h.Get("From")))
	if as := headerAddrs(v.h.Get("From")); len(as) > 0 {
		v.from = as[0]
	}
	text := m.Text
	if strings.TrimSpace(text) == "" && m.HTML != "" {
		text = htmlToText(m.HTML)
	}
	v.text = capString(text, maxScanBytes)
	v.low = strings.ToLower(v.text)
	if d, err := mail.ParseDate(strings.TrimSpace(v.h.Get("Date"))); err == nil {
		v.date = d
	}
	if rp, ok := v.h["Return-Path"]; ok {
		for _, p := range rp {
			p = strings.TrimSpace(p)
			if p == "<>" || p == "" || strings.EqualFold(p, "<MAILER-DAEMON>") {
				v.emptyReturnPath = true
			}
		}
	}
	return v
}

// notBounceReport catches the machine reports that resemble bounces but
// say nothing about a failed delivery of ours.
func (v *view) notBounceReport() string {
	switch v.m.ReportType {
	case "feedback-report":
		return "ARF feedback report"
	case "disposition-notification":
		return "read receipt (MDN)"
	}
	if allSuccess(parseDSN(v.m.Report)) {
		return "delivery report: delivered"
	}
	if kind := sesKind(v.text); kind != "" && kind != "bounce" {
		return "Amazon SES " + kind + " notification"
	}
	if strings.HasPrefix(v.subjLow, "complaint about message from") {
		return "abuse complaint"
	}
	if strings.EqualFold(strings.TrimSpace(v.h.Get("X-Apple-Unsubscribe")), "true") {
		return "unsubscribe request"
	}
	return ""
}

// isDaemon reports whether the sender is a mail system rather than a
// person: mailer-daemon, postmaster and the names they sign with.
func (v *view) isDaemon() bool {
	lp := localPart(v.from)
	switch lp {
	case "mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon", "maildaemon",
		"postmaster", "post_master", "mail.delivery.system":
		return true
	}
	for _, s := range []string{"mailer-daemon", "mailer daemon", "mail delivery", "mail deliver system", "postmaster", "mmsc ndr"} {
		if strings.Contains(v.fromLow, s) {
			return true
		}
	}
	return v.from == "" && strings.TrimSpace(v.fromLow) == "" && v.emptyReturnPath
}

// bulk tells mail from lists, bulk senders and robots. List-Unsubscribe
// alone does not count against a message that answers something, as some
// sales tools add it to one-to-one mail.
func (v *view) bulk() string {
	for _, k := range []string{"List-Id", "List-Post", "Mailing-List", "X-Mailing-List"} {
		if v.h.Get(k) != "" {
			return "mailing list (" + k + ")"
		}
	}
	switch p := strings.ToLower(strings.TrimSpace(v.h.Get("Precedence"))); p {
	case "list", "bulk", "junk":
		return "Precedence: " + p
	}
	if v.h.Get("List-Unsubscribe") != "" && !v.answers() {
		return "bulk mail (List-Unsubscribe)"
	}
	if isRobot(localPart(v.from)) {
		return "no-reply sender"
	}
	return ""
}

func isRobot(lp string) bool {
	lp = strings.NewReplacer("-", "", "_", "", ".", "").Replace(lp)
	for _, p := range []string{"noreply", "donotreply", "dontreply", "notification", "notify", "newsletter", "mailer", "bounce"} {
		if strings.HasPrefix(lp, p) {
			return true
		}
	}
	return false
}

// answers reports whether the message answers another one.
func (v *view) answers() bool {
	return v.h.Get("In-Reply-To") != "" || v.h.Get("References") != "" || replyPrefixRe.MatchString(v.subject)
}

func (v *view) replyReason() string {
	switch {
	case v.h.Get("In-Reply-To") != "":
		return "In-Reply-To header"
	case v.h.Get("References") != "":
		return "References header"
	case replyPrefixRe.MatchString(v.subject):
		return "reply subject"
	}
	return "message from a person"
}
