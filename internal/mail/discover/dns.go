package discover

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/mail"
)

// srvService is an RFC 6186 service name and the security its port uses.
type srvService struct {
	name     string
	security mail.Security
}

// Submission and IMAP, implicit TLS first (RFC 8314 §5.1: of equal
// priority, implicit TLS is preferred).
var (
	smtpServices = []srvService{{"submissions", mail.TLS}, {"submission", mail.StartTLS}}
	imapServices = []srvService{{"imaps", mail.TLS}, {"imap", mail.StartTLS}}
)

// fromSRV is step 3: the domain's SRV records (RFC 6186). Of a service's
// records, the lowest priority wins, across its TLS and STARTTLS names; a
// target of "." says the service is not offered.
func fromSRV(ctx context.Context, r *Result, o Options) (bool, i18n.Msg) {
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	var names []string
	for _, s := range append(append([]srvService(nil), smtpServices...), imapServices...) {
		names = append(names, "_"+s.name+"._tcp."+r.Domain)
	}
	r.Source = strings.Join(names, " ")
	smtp, whySMTP := pickSRV(ctx, o.resolver(), r.Domain, smtpServices)
	if !smtp.Found() {
		return false, i18n.M("discover.no_srv", r.Domain, whySMTP)
	}
	imap, _ := pickSRV(ctx, o.resolver(), r.Domain, imapServices)
	r.SMTP, r.IMAP, r.auth = smtp, imap, nil
	// RFC 6186 §4: the user name is the full address unless told otherwise.
	r.SMTP.UsernameForm, r.IMAP.UsernameForm = FormAddress, FormAddress
	if !imap.Found() {
		r.IMAP = Server{}
	}
	return true, i18n.Msg{}
}

func pickSRV(ctx context.Context, res Resolver, domain string, services []srvService) (Server, string) {
	var best Server
	bestPrio := -1
	var why []string
	for _, s := range services {
		_, recs, err := res.LookupSRV(ctx, s.name, "tcp", domain)
		if err != nil && len(recs) == 0 {
			why = append(why, err.Error())
			continue
		}
		// net.Resolver sorts by priority, then shuffles by weight.
		for _, rec := range recs {
			target := strings.ToLower(strings.TrimSuffix(rec.Target, "."))
			if target == "" || rec.Port == 0 {
				break // "." : not offered (RFC 6186 §3.4 / RFC 2782)
			}
			if bestPrio < 0 || int(rec.Priority) < bestPrio {
				best = Server{Host: target, Port: int(rec.Port), Security: s.security}
				bestPrio = int(rec.Priority)
			}
			break
		}
	}
	if !best.Found() && len(why) == 0 {
		why = append(why, "no usable record")
	}
	return best, strings.Join(why, "; ")
}

// fromMX is step 4: the domain's mail exchangers, whose provider may be in
// the ISPDB (a custom domain at Google, Microsoft 365, OVH, Gandi…). As
// Thunderbird does, each MX host is looked up without its first label,
// then up to its registrable domain (contoso-com.mail.protection.outlook.com →
// mail.protection.outlook.com, Microsoft 365; aspmx.l.google.com →
// google.com, Google).
func fromMX(ctx context.Context, r *Result, o Options) (bool, i18n.Msg) {
	r.Source = "MX " + r.Domain
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	mxs, err := o.resolver().LookupMX(ctx, r.Domain)
	if err != nil && len(mxs) == 0 {
		return false, i18n.M("discover.no_mx", r.Domain, err.Error())
	}
	idx, err := loadISPDB()
	if err != nil {
		return false, i18n.M("discover.failed", err.Error())
	}
	var hosts []string
	for _, mx := range mxs {
		host := strings.ToLower(strings.TrimSuffix(mx.Host, "."))
		if host == "" {
			continue // a null MX (RFC 7505): the domain takes no mail
		}
		hosts = append(hosts, host)
		for _, c := range mxCandidates(host) {
			if c == r.Domain {
				continue // step 1 has looked there
			}
			if p := idx.lookup(c); p != nil && p.smtp.Found() {
				p.apply(r)
				r.Source = fmt.Sprintf("MX %s → ISPDB %s", host, p.file)
				return true, i18n.Msg{}
			}
		}
	}
	if len(hosts) == 0 {
		return false, i18n.M("discover.no_mx", r.Domain, "no mail exchanger")
	}
	r.Source = "MX " + strings.Join(hosts, " ")
	return false, i18n.M("discover.mx_unknown", strings.Join(hosts, ", "))
}

// mxCandidates are the domains an MX host is looked up as: without its
// first label, then each parent down to the registrable domain (public
// suffix list).
func mxCandidates(host string) []string {
	base, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return nil
	}
	var out []string
	for d := host; ; {
		_, rest, ok := strings.Cut(d, ".")
		if !ok || len(rest) < len(base) {
			break
		}
		out = append(out, rest)
		if rest == base {
			break
		}
		d = rest
	}
	if len(out) == 0 && host == base {
		out = append(out, base) // the MX is the registrable domain itself
	}
	return out
}
