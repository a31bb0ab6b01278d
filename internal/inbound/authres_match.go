package inbound

import (
	"net"
	"strings"
)

// providerStamps maps the registrable domain of a provider's IMAP host to
// the registrable domains of the authserv-ids its receiving servers write,
// where they differ. "" stands for Microsoft's fields, which carry no
// authserv-id at all (they start with "spf=...": see
// testdata/sisimai-set-of-emails/maildir/bsd/lhost-office365-03.eml).
// Sources: the fields in the samples of testdata (mx.google.com in
// lhost-gmail-*.eml, the Yahoo MTAs in lhost-amazonses-21.eml, Microsoft's
// in lhost-office365-*.eml and hotmail.com in lhost-outlook-06.eml) and
// the providers' published headers (Fastmail's messagingengine.com, Zoho's
// zohomail.com, Yandex's yandex.net).
var providerStamps = map[string][]string{
	"gmail.com":      {"google.com"},
	"googlemail.com": {"google.com"},
	"office365.com":  {"", "outlook.com", "hotmail.com", "microsoft.com"},
	"outlook.com":    {"", "outlook.com", "hotmail.com", "microsoft.com", "office365.com"},
	"hotmail.com":    {"", "outlook.com", "hotmail.com", "microsoft.com", "office365.com"},
	"yahoo.com":      {"yahoo.com"},
	"aol.com":        {"yahoo.com", "aol.com"},
	"me.com":         {"icloud.com", "apple.com", "me.com"},
	"icloud.com":     {"icloud.com", "apple.com", "me.com"},
	"fastmail.com":   {"messagingengine.com"},
	"zoho.com":       {"zohomail.com", "zoho.com"},
	"zoho.eu":        {"zohomail.eu", "zoho.eu"},
	"yandex.com":     {"yandex.net", "yandex.ru"},
	"yandex.ru":      {"yandex.net", "yandex.ru"},
}

// ProviderMatcher returns the test Authenticated applies to authserv-ids:
// which fields were written by the owner's own provider.
//
// With setting (the owner's setting: one or more authserv-ids separated by
// commas or blanks) only those ids, compared exactly but for case, are the
// provider's. This is for providers the rule below misses, and for an
// IMAP host that is an address or localhost (Proton's bridge).
//
// Otherwise an authserv-id is the provider's when its registrable domain
// is that of imapHost (imap.orange.fr and smtp-in.orange.fr are both
// orange.fr), or one providerStamps lists for it (imap.gmail.com stamps as
// mx.google.com). With neither a setting nor a host with a registrable
// domain, no field is the provider's: the verdict is "not stamped".
func ProviderMatcher(imapHost, setting string) func(id string) bool {
	if ids := strings.FieldsFunc(strings.ToLower(setting), func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == ';'
	}); len(ids) > 0 {
		return func(id string) bool {
			id = strings.ToLower(id)
			for _, want := range ids {
				if id == want {
					return true
				}
			}
			return false
		}
	}
	imapHost = strings.TrimSpace(imapHost)
	if h, _, err := net.SplitHostPort(imapHost); err == nil {
		imapHost = h // "imap.gmail.com:993"
	}
	host := registrable(imapHost)
	if host == "" {
		return func(string) bool { return false }
	}
	accept := map[string]bool{host: true}
	for _, d := range providerStamps[host] {
		accept[d] = true
	}
	return func(id string) bool {
		if id == "" {
			return accept[""]
		}
		r := registrable(id)
		return r != "" && accept[r]
	}
}
