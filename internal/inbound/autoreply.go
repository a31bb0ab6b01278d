package inbound

import (
	"net/mail"
	"regexp"
	"strings"
)

// replyPrefixRe matches the subject prefixes of answers and forwards in
// the owners' languages: Re, AW (German), Odg/Одг (Serbian), TR (French
// Outlook forward), Fwd, WG, SV, R, Réf...
var replyPrefixRe = regexp.MustCompile(`(?i)^[ \t]*(?:re|aw|odg|одг|tr|fwd?|wg|sv|vs|antw|antwort|r|réf|ref|odp|res|ynt)[ \t]*(?:\[\d+\])?[ \t]*:`)

// autoSubmitted returns the Auto-Submitted keyword (RFC 3834) when it is
// not "no", else "".
func autoSubmitted(h mail.Header) string {
	v := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted")))
	if i := strings.IndexAny(v, "; \t("); i >= 0 {
		v = v[:i]
	}
	if v == "no" {
		return ""
	}
	return v
}

// autoSubjects are the subjects out-of-office programs write, by phrase.
var autoSubjects = []struct {
	re     *regexp.Regexp
	reason string
}{
	{regexp.MustCompile(`(?i)out of (?:the )?office|\booo\b`), `subject "Out of Office"`},
	{regexp.MustCompile(`(?i)automatic reply|auto[- ]?reply|auto[- ]?respon|automated reply|autoreply`), `subject "Automatic reply"`},
	{regexp.MustCompile(`(?i)^[ \t]*auto[ \t]*:`), `subject "Auto:"`},
	{regexp.MustCompile(`(?i)r[ée]ponse automatique|message d'absence|absence du bureau`), `subject "Réponse automatique"`},
	{regexp.MustCompile(`(?i)automatische antwort|abwesenheitsnotiz|abwesenheitsmeldung|abwesenheit`), `subject "Abwesenheitsnotiz"`},
	{regexp.MustCompile(`(?i)аутоматски одговор|automatski odgovor|одсуство|odsustvo`), `subject "Automatski odgovor"`},
	{regexp.MustCompile(`(?i)respuesta automática|risposta automatica|resposta automática|automatisch antwoord`), `subject "automatic reply"`},
	{regexp.MustCompile(`(?i)^[ \t]*(?:absence|absent|absente|abwesend|odsutan|odsutna|одсутан|одсутна|vacation|away|congés?)(?:[ \t]*[:(\-–]|[ \t]*$|[ \t]+(?:du|from|until|till|jusqu|bis|vom|do|до|od|од|le|on|au|ab)\b)`), `subject "Absence"`},
}

// autoReply returns why the message is an automatic reply, or "". It is
// asked only once the message is known not to be a bounce.
// X-Auto-Response-Suppress is not read: it asks others not to answer
// automatically and says nothing of the message that carries it.
func (v *view) autoReply() string {
	if as := autoSubmitted(v.h); as != "" {
		return "Auto-Submitted: " + as
	}
	for _, k := range []string{"X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Reply"} {
		if val := strings.ToLower(strings.TrimSpace(v.h.Get(k))); val != "" && val != "no" && val != "false" {
			return k + " header"
		}
	}
	if v.h.Get("X-Ms-Exchange-Inbox-Rules-Loop") != "" {
		return "X-MS-Exchange-Inbox-Rules-Loop header"
	}
	switch p := strings.ToLower(strings.TrimSpace(v.h.Get("Precedence"))); p {
	case "auto_reply", "auto-reply":
		return "Precedence: " + p
	case "bulk", "junk":
		// vacation(1) and its heirs mark their answers so; a list or a
		// newsletter says so with its List- fields, and is Other.
		if !v.hasListFields() {
			return "Precedence: " + p
		}
	}
	subj := normQuotes(v.subject)
	for _, s := range autoSubjects {
		if s.re.MatchString(subj) {
			return s.reason
		}
	}
	if v.emptyReturnPath {
		return "empty Return-Path"
	}
	return ""
}

func (v *view) hasListFields() bool {
	for _, k := range []string{"List-Id", "List-Post", "List-Unsubscribe", "Mailing-List", "X-Mailing-List"} {
		if v.h.Get(k) != "" {
			return true
		}
	}
	return false
}
