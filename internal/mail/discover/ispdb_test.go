package discover

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/mail"
)

type srvWant struct {
	host string
	port int
	sec  mail.Security
	user string // the user name for the test's address
}

// TestSnapshotGivesThePublishedSettings: for each provider, the servers,
// ports, security, user name and sign-in methods found offline from the
// snapshot. The expected values are the providers' own published settings,
// written here by hand (not produced by the code):
//   - Google, "Read Gmail messages on other email clients using IMAP":
//     imap.gmail.com 993 SSL, smtp.gmail.com 465 SSL (or 587 TLS), the full
//     address; OAuth2 or an app password.
//   - Microsoft, "POP, IMAP, and SMTP settings for Outlook.com":
//     outlook.office365.com 993 SSL/TLS, smtp-mail.outlook.com 587
//     STARTTLS; OAuth2 only (modern authentication).
//   - Orange (assistance Orange, "paramétrer un logiciel de messagerie"):
//     imap.orange.fr 993 SSL, smtp.orange.fr 465 SSL, the full address.
//   - Free (assistance Free, "configurer un logiciel de messagerie"):
//     imap.free.fr 993 SSL, smtp.free.fr 465 SSL, the login without
//     @free.fr.
//   - La Poste (aide laposte.net): imap.laposte.net 993 SSL,
//     smtp.laposte.net 465 SSL, the identifier without @laposte.net.
//   - SFR (assistance SFR Mail): imap.sfr.fr 993 SSL, smtp.sfr.fr 465 SSL,
//     the full address.
//   - GMX (hilfe.gmx.net, "POP3 und IMAP"): imap.gmx.net 993 SSL,
//     mail.gmx.net 465 SSL (or 587 STARTTLS), the full address.
//   - WEB.DE (hilfe.web.de, "IMAP"): imap.web.de 993 SSL, smtp.web.de 465
//     SSL (or 587 STARTTLS), the WEB.DE user name (the part before @).
//   - Telekom (t-online.de, "E-Mail-Programme einrichten"):
//     secureimap.t-online.de 993 SSL, securesmtp.t-online.de 465 SSL, the
//     full address.
//   - Yahoo ("IMAP server settings for Yahoo Mail"): imap.mail.yahoo.com
//     993 SSL, smtp.mail.yahoo.com 465 SSL, the full address, an app
//     password ("Generate and manage 3rd-party app passwords").
//   - Apple ("iCloud Mail server settings for other email client apps",
//     HT202304): imap.mail.me.com 993 SSL with the name part of the
//     address, smtp.mail.me.com 587 STARTTLS with the full address, an
//     app-specific password.
//   - TEOL (Banja Luka, its help pages in Serbian, the ISPDB's only
//     provider that documents itself in Serbian; no .rs provider is in
//     the ISPDB): imap.teol.net 993 SSL, smtp.teol.net 465 SSL, the full
//     address.
func TestSnapshotGivesThePublishedSettings(t *testing.T) {
	google := []Method{OAuth2, AppPassword}
	ms := []Method{OAuth2}
	pw := []Method{Password}
	app := []Method{AppPassword}
	outlook := func(addr string) (srvWant, srvWant) {
		return srvWant{"smtp-mail.outlook.com", 587, mail.StartTLS, addr}, srvWant{"outlook.office365.com", 993, mail.TLS, addr}
	}
	type want struct {
		smtp, imap srvWant
		methods    []Method
		oauth      string
		appURL     string
	}
	olSMTP, olIMAP := outlook("jean.dupont@outlook.com")
	hfSMTP, hfIMAP := outlook("jean.dupont@hotmail.fr")
	lfSMTP, lfIMAP := outlook("jean.dupont@live.fr")
	rsSMTP, rsIMAP := outlook("marko.markovic@hotmail.rs")
	cases := map[string]want{
		"jean.dupont@gmail.com": {srvWant{"smtp.gmail.com", 465, mail.TLS, "jean.dupont@gmail.com"},
			srvWant{"imap.gmail.com", 993, mail.TLS, "jean.dupont@gmail.com"}, google, "google", "https://myaccount.google.com/apppasswords"},
		"jean.dupont@googlemail.com": {srvWant{"smtp.gmail.com", 465, mail.TLS, "jean.dupont@googlemail.com"},
			srvWant{"imap.gmail.com", 993, mail.TLS, "jean.dupont@googlemail.com"}, google, "google", "https://myaccount.google.com/apppasswords"},
		"jean.dupont@outlook.com": {olSMTP, olIMAP, ms, "microsoft", ""},
		"jean.dupont@hotmail.fr":  {hfSMTP, hfIMAP, ms, "microsoft", ""},
		"jean.dupont@live.fr":     {lfSMTP, lfIMAP, ms, "microsoft", ""},
		// The ISPDB's only .rs domain: Outlook.com's Serbian one.
		"marko.markovic@hotmail.rs": {rsSMTP, rsIMAP, ms, "microsoft", ""},
		"jean.dupont@orange.fr": {srvWant{"smtp.orange.fr", 465, mail.TLS, "jean.dupont@orange.fr"},
			srvWant{"imap.orange.fr", 993, mail.TLS, "jean.dupont@orange.fr"}, pw, "", ""},
		"jean.dupont@free.fr": {srvWant{"smtp.free.fr", 465, mail.TLS, "jean.dupont"},
			srvWant{"imap.free.fr", 993, mail.TLS, "jean.dupont"}, pw, "", ""},
		"jean.dupont@laposte.net": {srvWant{"smtp.laposte.net", 465, mail.TLS, "jean.dupont"},
			srvWant{"imap.laposte.net", 993, mail.TLS, "jean.dupont"}, pw, "", ""},
		"jean.dupont@sfr.fr": {srvWant{"smtp.sfr.fr", 465, mail.TLS, "jean.dupont@sfr.fr"},
			srvWant{"imap.sfr.fr", 993, mail.TLS, "jean.dupont@sfr.fr"}, pw, "", ""},
		"hans.muster@gmx.de": {srvWant{"mail.gmx.net", 465, mail.TLS, "hans.muster@gmx.de"},
			srvWant{"imap.gmx.net", 993, mail.TLS, "hans.muster@gmx.de"}, pw, "", ""},
		"hans.muster@web.de": {srvWant{"smtp.web.de", 465, mail.TLS, "hans.muster"},
			srvWant{"imap.web.de", 993, mail.TLS, "hans.muster"}, pw, "", ""},
		"hans.muster@t-online.de": {srvWant{"securesmtp.t-online.de", 465, mail.TLS, "hans.muster@t-online.de"},
			srvWant{"secureimap.t-online.de", 993, mail.TLS, "hans.muster@t-online.de"}, pw, "", ""},
		"jane.doe@yahoo.com": {srvWant{"smtp.mail.yahoo.com", 465, mail.TLS, "jane.doe@yahoo.com"},
			srvWant{"imap.mail.yahoo.com", 993, mail.TLS, "jane.doe@yahoo.com"}, app, "", "https://login.yahoo.com/account/security"},
		"jane.doe@icloud.com": {srvWant{"smtp.mail.me.com", 587, mail.StartTLS, "jane.doe@icloud.com"},
			srvWant{"imap.mail.me.com", 993, mail.TLS, "jane.doe"}, app, "", "https://account.apple.com/account/manage"},
		"marko.markovic@teol.net": {srvWant{"smtp.teol.net", 465, mail.TLS, "marko.markovic@teol.net"},
			srvWant{"imap.teol.net", 993, mail.TLS, "marko.markovic@teol.net"}, pw, "", ""},
	}
	for addr, w := range cases {
		t.Run(addr, func(t *testing.T) {
			// Offline, and a resolver and a dialler that fail the test if
			// asked: step 1 never touches the network.
			r, err := Detect(context.Background(), addr, Options{Resolver: noDNS{t}, Dial: failDial(t)})
			if err != nil {
				t.Fatal(err)
			}
			if r.Step != StepISPDB {
				t.Errorf("step %s, want ispdb", r.Step)
			}
			check := func(kind string, got Server, w srvWant) {
				if got.Host != w.host || got.Port != w.port || got.Security != w.sec || got.Username != w.user {
					t.Errorf("%s: %s:%d %s user %q; want %s:%d %s user %q", kind, got.Host, got.Port, got.Security, got.Username,
						w.host, w.port, w.sec, w.user)
				}
			}
			check("SMTP", r.SMTP, w.smtp)
			check("IMAP", r.IMAP, w.imap)
			if !slices.Equal(r.Methods, w.methods) || r.OAuth2Provider != w.oauth || r.AppPasswordURL != w.appURL {
				t.Errorf("sign-in %v %q %q; want %v %q %q", r.Methods, r.OAuth2Provider, r.AppPasswordURL, w.methods, w.oauth, w.appURL)
			}
			if !strings.HasPrefix(r.Source, "ISPDB ") || r.Provider == "" {
				t.Errorf("source %q, provider %q", r.Source, r.Provider)
			}
		})
	}
}

// failDial is a dialler that fails the test when used.
func failDial(t *testing.T) func(context.Context, string, string) (net.Conn, error) {
	return func(_ context.Context, _, addr string) (net.Conn, error) {
		t.Errorf("dialled %s", addr)
		return nil, errNoNetwork
	}
}

// TestSnapshotIsWhole: every file of the snapshot parses, the index knows
// their domains, and SOURCE.txt names the commit (scripts/refresh-ispdb).
func TestSnapshotIsWhole(t *testing.T) {
	idx, err := loadISPDB()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("ispdb", "*.xml"))
	if len(files) < 150 || idx.count != len(files) {
		t.Errorf("%d providers parsed from %d files", idx.count, len(files))
	}
	if len(idx.byDomain) < 900 {
		t.Errorf("only %d domains indexed", len(idx.byDomain))
	}
	if len(idx.source) != 40 || SnapshotCommit() != idx.source {
		t.Errorf("SOURCE.txt commit %q", idx.source)
	}
	for _, f := range []string{"LICENSE", "NOTICE.md"} {
		data, err := os.ReadFile(filepath.Join("ispdb", f))
		if err != nil || len(data) == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	lic, _ := os.ReadFile(filepath.Join("ispdb", "LICENSE"))
	if !strings.HasPrefix(string(lic), "Mozilla Public License Version 2.0") {
		t.Error("the snapshot's LICENSE is not MPL 2.0: NOTICE.md says it is")
	}
}

// TestOfflineStopsAfterTheSnapshot: an address the snapshot does not know
// is not found offline, with the step said, and nothing asked of the
// network.
func TestOfflineStopsAfterTheSnapshot(t *testing.T) {
	r, err := Detect(context.Background(), "owner@garage-dupont.test", Options{Offline: true, Resolver: noDNS{t}})
	if err == nil || !strings.Contains(err.Error(), "no mail settings found") {
		t.Fatalf("err %v, result %+v", err, r)
	}
	if len(r.Tried) != 1 || r.Tried[0].Step != StepISPDB || !strings.Contains(r.Tried[0].Reason.String(), "garage-dupont.test") {
		t.Errorf("tried %+v", r.Tried)
	}
	js, _ := json.Marshal(r)
	if !strings.Contains(string(js), `"reason":"garage-dupont.test is not in the provider database"`) {
		t.Errorf("JSON %s", js)
	}
}

func TestBadAddress(t *testing.T) {
	for _, a := range []string{"", "owner", "owner@", "@gmail.com", "Owner <owner@gmail.com>", "a@b@c"} {
		if _, err := Detect(context.Background(), a, Options{Offline: true}); err == nil || !strings.Contains(err.Error(), "not an email address") {
			t.Errorf("%q: %v", a, err)
		}
	}
	// A domain is looked up in lower case; the user name keeps the
	// address as written.
	r, err := Detect(context.Background(), "Jean@GMAIL.com", Options{Offline: true})
	if err != nil || r.Domain != "gmail.com" || r.SMTP.Username != "Jean@GMAIL.com" {
		t.Errorf("%+v %v", r, err)
	}
	// A domain in Unicode is looked up, and asked of the network, in its
	// IDNA form (exämple → xn--exmple-cua, checked with Python's idna
	// codec).
	r, err = Detect(context.Background(), "jean@exämple.test", Options{Offline: true})
	if !errors.Is(err, ErrNotFound) || r.Domain != "xn--exmple-cua.test" {
		t.Errorf("%+v %v", r, err)
	}
}

func BenchmarkParseSnapshot(b *testing.B) {
	for b.Loop() {
		if _, err := parseISPDB(ispdbFiles); err != nil {
			b.Fatal(err)
		}
	}
}
