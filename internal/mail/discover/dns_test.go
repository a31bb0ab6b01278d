package discover

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/net/dns/dnsmessage"

	"github.com/relance-app/relance/internal/mail"
)

// TestSRVRecords: the domain's SRV records, through a real net.Resolver
// asking the test's DNS server. Submission over implicit TLS and over
// STARTTLS are both published; the lower priority wins across the two
// (RFC 6186 §3.4), the TLS one on a tie; "." says IMAP over STARTTLS is not
// offered.
func TestSRVRecords(t *testing.T) {
	res, asked := startDNS(t, zone{srv: map[string][]dnsmessage.SRVResource{
		"_submissions._tcp.garage-dupont.test.": {{Priority: 10, Weight: 1, Port: 465, Target: dnsName(t, "mail.hoster.test.")}},
		"_submission._tcp.garage-dupont.test.":  {{Priority: 5, Weight: 1, Port: 587, Target: dnsName(t, "Submit.Hoster.test.")}},
		"_imaps._tcp.garage-dupont.test.":       {{Priority: 10, Weight: 1, Port: 993, Target: dnsName(t, "imap.hoster.test.")}},
		"_imap._tcp.garage-dupont.test.":        {{Priority: 0, Weight: 0, Port: 0, Target: dnsName(t, ".")}},
	}})
	r, err := Detect(context.Background(), "jean@garage-dupont.test", Options{Resolver: res, Dial: (&network{}).dial})
	if err != nil {
		t.Fatal(err)
	}
	wantSMTP := Server{Host: "submit.hoster.test", Port: 587, Security: mail.StartTLS, UsernameForm: FormAddress, Username: "jean@garage-dupont.test"}
	wantIMAP := Server{Host: "imap.hoster.test", Port: 993, Security: mail.TLS, UsernameForm: FormAddress, Username: "jean@garage-dupont.test"}
	if r.Step != StepSRV || r.SMTP != wantSMTP || r.IMAP != wantIMAP {
		t.Errorf("got %s %+v %+v", r.Step, r.SMTP, r.IMAP)
	}
	if !slices.Equal(r.Methods, []Method{Password}) {
		t.Errorf("methods %v", r.Methods)
	}
	for _, q := range []string{"SRV _submissions._tcp.garage-dupont.test.", "SRV _submission._tcp.garage-dupont.test.",
		"SRV _imaps._tcp.garage-dupont.test.", "SRV _imap._tcp.garage-dupont.test."} {
		if !slices.Contains(asked(), q) {
			t.Errorf("not asked %s: %q", q, asked())
		}
	}

	// Only the implicit-TLS submission, of priority equal to nothing else:
	// it is taken; no IMAP record: IMAP stays unset.
	res2, _ := startDNS(t, zone{srv: map[string][]dnsmessage.SRVResource{
		"_submissions._tcp.garage-dupont.test.": {{Priority: 10, Weight: 1, Port: 465, Target: dnsName(t, "mail.hoster.test.")}},
	}})
	r, err = Detect(context.Background(), "jean@garage-dupont.test", Options{Resolver: res2, Dial: (&network{}).dial})
	if err != nil || r.SMTP.Host != "mail.hoster.test" || r.SMTP.Security != mail.TLS || r.IMAP.Found() {
		t.Errorf("%+v %v", r, err)
	}
}

// TestMXProvider: a custom domain whose mail is at a provider the ISPDB
// knows, found through the MX host: Google Workspace, Microsoft 365,
// Outlook.com's own MX, OVH, Gandi. Expected values are the providers'
// published settings (Google, Microsoft 365 "POP, IMAP, and SMTP settings":
// smtp.office365.com 587 STARTTLS, outlook.office365.com 993; OVH
// "Configurer son adresse e-mail": ssl0.ovh.net 993 and 465 SSL; Gandi
// "Paramètres des clients de messagerie": mail.gandi.net 993 and 465 SSL).
func TestMXProvider(t *testing.T) {
	cases := []struct {
		mx         []string
		smtp, imap Server
		methods    []Method
		source     string
	}{
		{[]string{"aspmx.l.google.com.", "alt1.aspmx.l.google.com."},
			Server{Host: "smtp.gmail.com", Port: 465, Security: mail.TLS}, Server{Host: "imap.gmail.com", Port: 993, Security: mail.TLS},
			[]Method{OAuth2, AppPassword}, "MX aspmx.l.google.com → ISPDB googlemail.com.xml"},
		{[]string{"garage-dupont-test.mail.protection.outlook.com."},
			Server{Host: "smtp.office365.com", Port: 587, Security: mail.StartTLS}, Server{Host: "outlook.office365.com", Port: 993, Security: mail.TLS},
			[]Method{OAuth2}, "MX garage-dupont-test.mail.protection.outlook.com → ISPDB office365.com.xml"},
		{[]string{"eur.olc.protection.outlook.com."},
			Server{Host: "smtp-mail.outlook.com", Port: 587, Security: mail.StartTLS}, Server{Host: "outlook.office365.com", Port: 993, Security: mail.TLS},
			[]Method{OAuth2}, "MX eur.olc.protection.outlook.com → ISPDB hotmail.com.xml"},
		{[]string{"mx1.mail.ovh.net.", "mx2.mail.ovh.net."},
			Server{Host: "ssl0.ovh.net", Port: 465, Security: mail.TLS}, Server{Host: "ssl0.ovh.net", Port: 993, Security: mail.TLS},
			[]Method{Password}, "MX mx1.mail.ovh.net → ISPDB ovh.net.xml"},
		{[]string{"spool.mail.gandi.net.", "fb.mail.gandi.net."},
			Server{Host: "mail.gandi.net", Port: 465, Security: mail.TLS}, Server{Host: "mail.gandi.net", Port: 993, Security: mail.TLS},
			[]Method{Password}, "MX spool.mail.gandi.net → ISPDB gandi.net.xml"},
	}
	for _, c := range cases {
		t.Run(c.mx[0], func(t *testing.T) {
			var mxs []dnsmessage.MXResource
			for i, h := range c.mx {
				mxs = append(mxs, dnsmessage.MXResource{Pref: uint16(10 * (i + 1)), MX: dnsName(t, h)})
			}
			res, _ := startDNS(t, zone{mx: map[string][]dnsmessage.MXResource{"garage-dupont.test.": mxs}})
			r, err := Detect(context.Background(), "jean@garage-dupont.test", Options{Resolver: res, Dial: (&network{}).dial})
			if err != nil {
				t.Fatal(err)
			}
			c.smtp.UsernameForm, c.smtp.Username = FormAddress, "jean@garage-dupont.test"
			c.imap.UsernameForm, c.imap.Username = FormAddress, "jean@garage-dupont.test"
			if r.Step != StepMX || r.SMTP != c.smtp || r.IMAP != c.imap || !slices.Equal(r.Methods, c.methods) || r.Source != c.source {
				t.Errorf("got %s %q\n%+v\n%+v %v", r.Step, r.Source, r.SMTP, r.IMAP, r.Methods)
			}
			// Before the MX: the ISPDB, the two autoconfig URLs, the SRV
			// names, all said.
			if len(r.Tried) != 3 || r.Tried[0].Step != StepISPDB || r.Tried[1].Step != StepAutoconfig || r.Tried[2].Step != StepSRV {
				t.Errorf("tried %+v", r.Tried)
			}
		})
	}
}

// TestMXUnknownAndNull: an MX at a provider the ISPDB does not know, and a
// null MX (RFC 7505), lead on to the guesses.
func TestMXUnknownAndNull(t *testing.T) {
	for name, mx := range map[string]string{"unknown": "mx.small-hoster.test.", "null": "."} {
		t.Run(name, func(t *testing.T) {
			res, _ := startDNS(t, zone{mx: map[string][]dnsmessage.MXResource{
				"garage-dupont.test.": {{Pref: 0, MX: dnsName(t, mx)}}}})
			var probed atomic.Int32
			r, err := Detect(context.Background(), "jean@garage-dupont.test", Options{Resolver: res, Dial: (&network{}).dial,
				Probe: func(context.Context, string, Server) error { probed.Add(1); return errNoNetwork }})
			if err == nil || len(r.Tried) != 5 || r.Tried[3].Step != StepMX || probed.Load() == 0 {
				t.Fatalf("%v %+v", err, r.Tried)
			}
			why := r.Tried[3].Reason.String()
			if name == "unknown" && !strings.Contains(why, "mx.small-hoster.test belongs to no provider") {
				t.Errorf("reason %q", why)
			}
			if name == "null" && !strings.Contains(why, "no MX record for garage-dupont.test") {
				t.Errorf("reason %q", why)
			}
		})
	}
}

func TestMXCandidates(t *testing.T) {
	cases := map[string][]string{
		"aspmx.l.google.com":                   {"l.google.com", "google.com"},
		"contoso.mail.protection.outlook.com":  {"mail.protection.outlook.com", "protection.outlook.com", "outlook.com"},
		"mx1.mail.ovh.net":                     {"mail.ovh.net", "ovh.net"},
		"mx00.ionos.fr":                        {"ionos.fr"},
		"example.co.uk":                        {"example.co.uk"},
		"mx.example.co.uk":                     {"example.co.uk"},
		"smtp.google.com":                      {"google.com"},
		"in1-smtp.messagingengine.com":         {"messagingengine.com"},
		"garage-dupont-fr.mail.eo.outlook.com": {"mail.eo.outlook.com", "eo.outlook.com", "outlook.com"},
	}
	for host, want := range cases {
		if got := mxCandidates(host); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", host, got, want)
		}
	}
}
