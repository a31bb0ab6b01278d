package inbound

import (
	"regexp"
	"strings"
)

// bounceInfo is what the bounce rules found.
type bounceInfo struct {
	reason     string
	hard       bool
	status     string
	recipient  string
	diagnostic string
	refs       []string
	alts       []string // other addresses the report names for the same recipient (Original- beside Final-Recipient)
	report     bool     // read from an RFC 3464 report
	delayed    bool     // the report's Action for the recipient is "delayed"
}

// bounce decides whether the message reports a failed delivery and, if
// so, reads who failed and why. The tests go from the most to the least
// certain: an RFC 3464 report, an Amazon SES notification, the fixed
// wording of known mail servers, X-Failed-Recipients, a bounce subject,
// and last a mail-system sender or a plain failure wording backed by a
// sign that a machine wrote the message.
func (v *view) bounce() (bounceInfo, bool) {
	if b, ok := v.dsnBounce(); ok {
		return b, true
	}
	if sesKind(v.text) == "bounce" {
		return sesBounce(v.text), true
	}
	reason := v.bounceReason()
	if reason == "" {
		return bounceInfo{}, false
	}
	b := v.textBounce()
	b.reason = reason
	return b, true
}

// dsnBounce reads an RFC 3464 report. A report whose recipients carry no
// usable address still makes a bounce; the address then comes from the
// text, as for the non-standard bounces.
func (v *view) dsnBounce() (bounceInfo, bool) {
	rs := parseDSN(v.m.Report)
	if len(rs) == 0 && strings.Contains(v.low, "final-recipient:") && !v.forwardedByPerson() {
		// Report fields pasted into the text, or a report part whose
		// MIME header got lost.
		rs = parseDSN([]byte(v.text))
	}
	rcpt, failed := pickRecipient(rs)
	isReport := v.m.ReportType == "delivery-status" || v.m.ReportType == "global-delivery-status" ||
		v.m.ContentType == "message/delivery-status" || v.m.ContentType == "message/global-delivery-status"
	if !failed && !isReport {
		return bounceInfo{}, false
	}
	tb := v.textBounce()
	b := bounceInfo{reason: "RFC 3464 report", report: true, delayed: rcpt.action == "delayed"}
	b.recipient = rcpt.original
	if b.recipient == "" {
		b.recipient = rcpt.final
	}
	if rcpt.final != "" && rcpt.final != b.recipient {
		b.alts = append(b.alts, rcpt.final)
	}
	if b.recipient == "" {
		b.recipient = tb.recipient
	}
	b.status = rcpt.status
	b.diagnostic = cleanDiagnostic(rcpt.diagnostic)
	if b.diagnostic == "" {
		b.diagnostic = tb.diagnostic
	}
	if b.status == "" {
		b.status = findErrStatus(" " + b.diagnostic + " ")
	}
	switch {
	case rcpt.action == "delayed":
		b.hard = false
	case b.status != "":
		b.hard = b.status[0] == '5'
	case rcpt.action == "failed":
		b.hard = true
	default:
		b.hard = tb.hard
		if b.status == "" {
			b.status = tb.status
		}
	}
	return b, true
}

// strongMarkers are the fixed sentences of known mail servers' bounces;
// any one of them is enough.
var strongMarkers = []struct{ text, reason string }{
	{"this is the qmail-send program", "qmail text"},
	{"i'm afraid i wasn't able to deliver your message", "qmail text"},
	{"this message was created automatically by mail delivery software", "Exim text"},
	{"ce message a été créé automatiquement par le logiciel de distribution", "Exim text (French)"},
	{"the following address(es) failed", "Exim text"},
	{"----- transcript of session follows -----", "Sendmail text"},
	{"transcript of session follows", "Postfix text"},
	{"failed addresses follow:", "Exim text"},
	{"there was an error delivering your mail to", "DragonFly text"},
	{"----- the following addresses had permanent fatal errors -----", "Sendmail text"},
	{"this is the mail system at host", "Postfix text"},
	{"i'm sorry to have to inform you that your message could not", "Postfix text"},
	{"delivery has failed to these recipients or groups", "Exchange text"},
	{"your message did not reach some or all of the intended recipients", "Exchange text"},
	{"did not reach the following recipient", "Exchange text"},
	{"the following recipient(s) cannot be reached", "Exchange text"},
	{"échec de la remise à ces destinataires ou groupes", "Exchange text (French)"},
	{"échec de la remise pour ces destinataires ou groupes", "Exchange text (French)"},
	{"la remise à ces destinataires ou groupes a échoué", "Exchange text (French)"},
	{"die zustellung an diese empfänger oder gruppen ist fehlgeschlagen", "Exchange text (German)"},
	{"isporuka ovim primaocima ili grupama nije uspela", "Exchange text (Serbian)"},
	{"испорука овим примаоцима или групама није успела", "Exchange text (Serbian)"},
	{"delivery to the following recipient failed permanently", "Gmail text"},
	{"delivery to the following recipients failed permanently", "Gmail text"},
	{"delivery to the following recipient has been delayed", "Gmail text"},
	{"your message wasn't delivered to", "Gmail text"},
	{"there was a problem delivering your message to", "Gmail text"},
	{"sorry, we were unable to deliver your message to the following address", "Yahoo text"},
	{"unable to deliver message to the following address", "mail server text"},
}

// bounceSubjectRe matches the subjects mail systems give their bounces;
// it is only read on subjects that are not a reply or a forward.
var bounceSubjectRe = regexp.MustCompile(`(?i)^(?:\*+\s*)?(?:undeliver(?:able|ed)|returned mail|failure notice|mail delivery fail|delivery status notification|delivery (?:failure|failed|problem|notification: delivery has failed)|failed delivery|failure delivery|permanent delivery failure|mail failure|mail system error|message delivery has failed|mail could not be delivered|mail delivery failure|there was an error sending your mail|sorry, your message could not be delivered|warning: message .* delayed|warning: could not send|warning--could not send|delivery status notification|delivery failure|non remis|non délivré|message non délivré|non distribué|échec de la remise|echec de la remise|non recapitabile|unzustellbar|nicht zustellbar|nedostavljivo|недостављиво|nije isporučen|није испоручен|mail returned|returned to sender|returning (?:message )?to sender|mail failed|notice: mail delivery status|postmaster notify|email bounce notification)`)

// successSubjectRe marks delivery notices that report success.
var successSubjectRe = regexp.MustCompile(`(?i)\((?:success|relay|delivered)\)`)

// failureWords are plain wordings of a failed delivery, in the languages
// the owners' correspondents write. A person may use them too, so they
// only count with a sign that a machine wrote the message.
var failureWords = []struct{ text, reason string }{
	{"could not be delivered", "failure wording"},
	{"couldn't be delivered", "failure wording"},
	{"was not delivered", "failure wording"},
	{"wasn't delivered", "failure wording"},
	{"not been delivered", "failure wording"},
	{"undeliverable", "failure wording"},
	{"delivery failed", "failure wording"},
	{"delivery has failed", "failure wording"},
	{"delivery failure", "failure wording"},
	{"failed to deliver", "failure wording"},
	{"unable to deliver", "failure wording"},
	{"could not deliver", "failure wording"},
	{"permanent error", "failure wording"},
	{"permanent failure", "failure wording"},
	{"user unknown", "failure wording"},
	{"mailbox full", "failure wording"},
	{"mailbox unavailable", "failure wording"},
	{"returned to sender", "failure wording"},
	{"was rejected", "failure wording"},
	{"no such user", "failure wording"},
	{"invalid user", "failure wording"},
	{"unknown user", "failure wording"},
	{"user not found", "failure wording"},
	{"mailbox not found", "failure wording"},
	{"address rejected", "failure wording"},
	{"no valid recipients", "failure wording"},
	{"returning message to sender", "failure wording"},
	{"returning to sender", "failure wording"},
	{"non remis", "French failure wording"},
	{"non délivré", "French failure wording"},
	{"non distribué", "French failure wording"},
	{"échec de la remise", "French failure wording"},
	{"échec de la distribution", "French failure wording"},
	{"n'a pas pu être remis", "French failure wording"},
	{"n'a pas pu être délivré", "French failure wording"},
	{"n'a pas pu être distribué", "French failure wording"},
	{"impossible de remettre", "French failure wording"},
	{"impossible de distribuer", "French failure wording"},
	{"destinataire inconnu", "French failure wording"},
	{"adresse inconnue", "French failure wording"},
	{"unzustellbar", "German failure wording"},
	{"nicht zugestellt", "German failure wording"},
	{"zustellung fehlgeschlagen", "German failure wording"},
	{"nije isporučen", "Serbian failure wording"},
	{"nije moguće isporučiti", "Serbian failure wording"},
	{"isporuka nije uspela", "Serbian failure wording"},
	{"nedostavljiv", "Serbian failure wording"},
	{"није испоручен", "Serbian failure wording"},
	{"није могуће испоручити", "Serbian failure wording"},
	{"испорука није успела", "Serbian failure wording"},
	{"недостављив", "Serbian failure wording"},
	{"non recapitabile", "Italian failure wording"},
	{"не доставлено", "Russian failure wording"},
	{"не может быть доставлено", "Russian failure wording"},
}

// bounceReason applies the non-report rules and returns why the message
// is a bounce, or "".
func (v *view) bounceReason() string {
	if v.forwardedByPerson() {
		return ""
	}
	low := normQuotes(v.low)
	for _, mk := range strongMarkers {
		if strings.Contains(low, mk.text) {
			return mk.reason
		}
	}
	if v.h.Get("X-Failed-Recipients") != "" {
		return "X-Failed-Recipients header"
	}
	subj := normQuotes(v.subjLow)
	if !replyPrefixRe.MatchString(subj) && bounceSubjectRe.MatchString(subj) && !successSubjectRe.MatchString(subj) {
		return "bounce subject"
	}
	wording := ""
	for _, fw := range failureWords {
		if strings.Contains(low, fw.text) || strings.Contains(subj, fw.text) {
			wording = fw.reason
			break
		}
	}
	daemon := v.isDaemon()
	machine := v.emptyReturnPath || len(v.m.Returned) > 0 || autoSubmitted(v.h) != ""
	switch {
	case daemon && v.emptyReturnPath:
		return "mail-system sender with empty Return-Path"
	case daemon && (wording != "" || machine):
		return "mail-system sender"
	case daemon && diagLineRe.MatchString(notification(v.text)):
		// An SMTP reply code counts only from a mail system: a person's
		// "550 EUR" says nothing.
		return "mail-system sender"
	case wording != "" && machine:
		return wording
	}
	return ""
}

// forwardedByPerson tells a person's answer or forward ("TR: Non remis")
// that quotes a bounce: it is the person's message, not a bounce, so the
// wording rules are not applied to it. Reports still count.
func (v *view) forwardedByPerson() bool {
	return replyPrefixRe.MatchString(v.subject) && !v.isDaemon() && !v.emptyReturnPath &&
		autoSubmitted(v.h) == "" && v.h.Get("X-Failed-Recipients") == ""
}

// normQuotes folds typographic apostrophes so that one pattern reads both.
func normQuotes(s string) string {
	if !strings.ContainsAny(s, "’‘\u00a0") {
		return s
	}
	return strings.NewReplacer("’", "'", "‘", "'", "\u00a0", " ").Replace(s)
}
