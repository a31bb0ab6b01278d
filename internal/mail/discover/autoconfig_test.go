package discover

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"

	"github.com/relance-app/relance/internal/mail"
)

// garageConfig is an autoconfig file as a hosting provider publishes it for
// its customers' domains (the format of the ISPDB files, with the
// %EMAILDOMAIN% placeholder in host names).
const garageConfig = `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="garage-dupont.test">
    <domain>garage-dupont.test</domain>
    <displayName>Garage Dupont mail</displayName>
    <incomingServer type="pop3">
      <hostname>pop.%EMAILDOMAIN%</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.example.test</hostname>
      <port>143</port>
      <socketType>plain</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.%EMAILDOMAIN%</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.%EMAILDOMAIN%</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
`

// autoconfigServer is an HTTPS server, its certificate issued by ca for
// names, reachable under those names through the returned network.
func autoconfigServer(t *testing.T, ca *testCA, h http.Handler, names ...string) *network {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{ca.issue(t, names...)}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are the point
	srv.StartTLS()
	t.Cleanup(srv.Close)
	n := newNetwork()
	for _, name := range names {
		n.route(name+":443", srv.Listener)
	}
	return n
}

func TestAutoconfigFromTheDomainsServer(t *testing.T) {
	ca := newCA(t)
	var mu sync.Mutex
	var asked []string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.Host+r.URL.String())
		mu.Unlock()
		if r.Host == "autoconfig.garage-dupont.test" && r.URL.Path == "/mail/config-v1.1.xml" {
			w.Header().Set("Content-Type", "application/xml")
			w.Write([]byte(garageConfig))
			return
		}
		http.NotFound(w, r)
	})
	n := autoconfigServer(t, ca, h, "autoconfig.garage-dupont.test", "garage-dupont.test")
	// The DNS never answers: the autoconfig file, asked at the same time
	// and preferred, does not wait for it.
	start := time.Now()
	r, err := Detect(context.Background(), "jean@garage-dupont.test", Options{RootCAs: ca.pool, Dial: n.dial, Resolver: hangingDNS{}, Timeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("took %v: the autoconfig answer waited for the DNS", el)
	}
	// The first encrypted IMAP server (the plain one is skipped, POP3 is
	// not read), the placeholders filled in.
	want := Result{Step: StepAutoconfig, Source: "https://autoconfig.garage-dupont.test/mail/config-v1.1.xml",
		SMTP: Server{Host: "smtp.garage-dupont.test", Port: 587, Security: mail.StartTLS, UsernameForm: FormLocalPart, Username: "jean"},
		IMAP: Server{Host: "imap.garage-dupont.test", Port: 993, Security: mail.TLS, UsernameForm: FormLocalPart, Username: "jean"}}
	if r.Step != want.Step || r.Source != want.Source || r.SMTP != want.SMTP || r.IMAP != want.IMAP {
		t.Errorf("got %+v\nwant %+v", r, want)
	}
	if !slices.Equal(r.Methods, []Method{Password}) || r.Provider != "Garage Dupont mail" {
		t.Errorf("methods %v provider %q", r.Methods, r.Provider)
	}
	// Both URLs are asked at once (the well-known one may not have been
	// by the time the first answered); the address is not sent: no query.
	mu.Lock()
	slices.Sort(asked)
	if len(asked) == 0 || asked[0] != "autoconfig.garage-dupont.test/mail/config-v1.1.xml" ||
		(len(asked) == 2 && asked[1] != "garage-dupont.test/.well-known/autoconfig/mail/config-v1.1.xml") {
		t.Errorf("asked %q", asked)
	}
	mu.Unlock()
	if len(r.Tried) != 1 || r.Tried[0].Step != StepISPDB {
		t.Errorf("tried %+v", r.Tried)
	}
}

func TestAutoconfigWellKnownAfterAutoconfigHost(t *testing.T) {
	ca := newCA(t)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/.well-known/autoconfig/mail/config-v1.1.xml" {
			w.Write([]byte(garageConfig))
			return
		}
		http.NotFound(w, r)
	})
	// No autoconfig. host: only the domain's own web server.
	n := autoconfigServer(t, ca, h, "garage-dupont.test")
	r, err := Detect(context.Background(), "jean@garage-dupont.test", Options{RootCAs: ca.pool, Dial: n.dial, Resolver: emptyDNS{}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != "https://garage-dupont.test/.well-known/autoconfig/mail/config-v1.1.xml" || r.SMTP.Host != "smtp.garage-dupont.test" {
		t.Errorf("%+v", r)
	}
	if d := n.dials(); !slices.Contains(d, "autoconfig.garage-dupont.test:443") || !slices.Contains(d, "garage-dupont.test:443") {
		t.Errorf("dialled %q", d)
	}
}

// TestAutoconfigRefusesWhatCannotBeTrusted: a certificate the client does
// not trust, a redirect to plain HTTP, a file too large, a page that is not
// a configuration: each is refused, said in Tried, and discovery goes on
// to the DNS (which here knows nothing).
func TestAutoconfigRefusesWhatCannotBeTrusted(t *testing.T) {
	cases := map[string]struct {
		h       http.HandlerFunc
		trusted bool
		reason  string
	}{
		"untrusted certificate": {func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(garageConfig)) }, false, "certificate signed by unknown authority"},
		"redirect to http": {func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://garage-dupont.test/config.xml", http.StatusFound)
		}, true, "not HTTPS"},
		"too large": {func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(garageConfig[:len(garageConfig)-len("</clientConfig>\n")]))
			w.Write([]byte("<!--" + strings.Repeat("x", maxConfig) + "-->\n</clientConfig>\n"))
		}, true, "larger than 256 KB"},
		"not a config": {func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html><body>Welcome</body></html>")) }, true, "not an autoconfig file"},
		"HTTP error":   {func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusForbidden) }, true, "HTTP 403"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			ca := newCA(t)
			n := autoconfigServer(t, ca, c.h, "autoconfig.garage-dupont.test", "garage-dupont.test")
			o := Options{Dial: n.dial, Resolver: emptyDNS{}, Probe: func(context.Context, string, Server) error { return errNoNetwork }}
			if c.trusted {
				o.RootCAs = ca.pool
			}
			r, err := Detect(context.Background(), "jean@garage-dupont.test", o)
			if err == nil {
				t.Fatalf("found %+v", r)
			}
			if len(r.Tried) != 5 || r.Tried[1].Step != StepAutoconfig {
				t.Fatalf("tried %+v", r.Tried)
			}
			why := r.Tried[1].Reason.String()
			if strings.Count(why, c.reason) != 2 || !strings.Contains(why, "https://autoconfig.garage-dupont.test/") {
				t.Errorf("reason %q, want %q for both URLs", why, c.reason)
			}
		})
	}
}

// TestAutoconfigBeforeSRV: a domain that publishes both an autoconfig file
// and SRV records gets the file's servers, whichever answers first.
func TestAutoconfigBeforeSRV(t *testing.T) {
	ca := newCA(t)
	n := autoconfigServer(t, ca, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(200 * time.Millisecond) // the DNS answers first
		w.Write([]byte(garageConfig))
	}), "autoconfig.garage-dupont.test")
	res, _ := startDNS(t, zone{srv: map[string][]dnsmessage.SRVResource{
		"_submissions._tcp.garage-dupont.test.": {{Priority: 0, Weight: 1, Port: 465, Target: dnsName(t, "mail.hoster.test.")}},
	}})
	r, err := Detect(context.Background(), "jean@garage-dupont.test", Options{RootCAs: ca.pool, Dial: n.dial, Resolver: res})
	if err != nil || r.Step != StepAutoconfig || r.SMTP.Host != "smtp.garage-dupont.test" {
		t.Errorf("%v %s %+v", err, r.Step, r.SMTP)
	}
}
