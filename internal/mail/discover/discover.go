// Package discover finds a mail account's servers from its address, the
// way Thunderbird does, offline first:
//
//  1. the snapshot of Thunderbird's provider database (ISPDB) embedded here
//     (never touches the network);
//  2. the domain's own autoconfig file over HTTPS (autoconfig.<domain>,
//     then <domain>/.well-known/autoconfig), certificates verified;
//  3. DNS SRV records (RFC 6186, with RFC 8314's implicit-TLS services);
//  4. the MX record's provider, looked up in the ISPDB (a custom domain at
//     Google, Microsoft, OVH, Gandi…);
//  5. guesses (smtp., mail., imap. with the usual ports), each probed with
//     a short timeout.
//
// The first step that gives an SMTP server wins. What a network step found
// is a proposal for the owner to read before it is saved (a spoofed DNS
// answer could point elsewhere): the front ends show it, and the TLS
// certificate of whatever host is saved is checked on every connection.
package discover

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/mail"
)

// Step names the way a result was found.
type Step string

// The steps, in the order they are tried.
const (
	StepISPDB      Step = "ispdb"      // the embedded provider database
	StepAutoconfig Step = "autoconfig" // the domain's autoconfig file (HTTPS)
	StepSRV        Step = "srv"        // DNS SRV records (RFC 6186)
	StepMX         Step = "mx"         // the MX host's provider in the ISPDB
	StepGuess      Step = "guess"      // smtp./mail./imap. probed
)

// Method is a way to sign in that Relance can use with a provider.
type Method string

// Sign-in methods.
const (
	OAuth2      Method = "oauth2"       // sign in with the provider (Microsoft, Google)
	AppPassword Method = "app-password" // a password made for this app in the provider's account page
	Password    Method = "password"     // the mailbox's password
)

// Username forms, as the autoconfig format writes them.
const (
	FormAddress   = "%EMAILADDRESS%"
	FormLocalPart = "%EMAILLOCALPART%"
)

// Server is one server found for the account.
type Server struct {
	Host     string        `json:"host"`
	Port     int           `json:"port"`
	Security mail.Security `json:"security"` // tls or starttls: never none
	// UsernameForm is the user name as the source writes it
	// (%EMAILADDRESS%, %EMAILLOCALPART%, or a fixed name).
	UsernameForm string `json:"username_form"`
	// Username is that form for this address.
	Username string `json:"username"`
}

// Found reports whether a server was found.
func (s Server) Found() bool { return s.Host != "" }

// Result is what discovery found for one address.
type Result struct {
	Address string `json:"address"`
	Domain  string `json:"domain"` // ASCII (IDNA) form
	Step    Step   `json:"step"`
	// Source is what the step read: the ISPDB file, the autoconfig URL, the
	// SRV names, the MX host, or the probed hosts.
	Source string `json:"source"`
	// ProviderID and Provider name the provider when a configuration file
	// did (ISPDB id and display name).
	ProviderID string `json:"provider_id,omitempty"`
	Provider   string `json:"provider,omitempty"`
	SMTP       Server `json:"smtp"`
	IMAP       Server `json:"imap"` // Host "" when none was found
	// Methods are the ways to sign in, the preferred first.
	Methods []Method `json:"methods"`
	// OAuth2Provider is "google" or "microsoft" when OAuth2 is in Methods.
	OAuth2Provider string `json:"oauth2_provider,omitempty"`
	// AppPasswordURL is where the provider's app passwords are made, when
	// AppPassword is in Methods.
	AppPasswordURL string `json:"app_password_url,omitempty"`
	// Tried are the steps that were tried before, and why they found
	// nothing.
	Tried []Attempt `json:"tried,omitempty"`

	auth []string // the servers' <authentication> values, for signIn
}

// Has reports whether m is one of the result's sign-in methods.
func (r Result) Has(m Method) bool {
	for _, x := range r.Methods {
		if x == m {
			return true
		}
	}
	return false
}

// Attempt is a step that found nothing, and why.
type Attempt struct {
	Step   Step     `json:"step"`
	Source string   `json:"source"`
	Reason i18n.Msg `json:"-"`
}

// MarshalJSON writes the reason in English, for programs.
func (a Attempt) MarshalJSON() ([]byte, error) {
	type plain Attempt
	return json.Marshal(struct {
		plain
		Reason string `json:"reason"`
	}{plain(a), a.Reason.In(i18n.EN)})
}

// ErrNotFound means no step found an SMTP server for the address.
var ErrNotFound = errors.New("no mail settings found")

// ErrBadAddress means the address is not one email address.
var ErrBadAddress = errors.New("not an email address")

// Options are discovery's seams; the zero value is the real network.
type Options struct {
	// Offline stops after the ISPDB snapshot: nothing leaves the machine.
	Offline bool
	// Timeout bounds each network step (each autoconfig request, the DNS
	// look-ups, the probes together); 0: DefaultTimeout.
	Timeout time.Duration
	// Resolver looks up SRV and MX records; nil: net.DefaultResolver
	// (tests: a net.Resolver whose Dial reaches their DNS server).
	Resolver Resolver
	// Dial opens the TCP connections of the autoconfig requests and the
	// probes; nil: a net.Dialer (tests: their own listeners for any host).
	// With a Dial set, no proxy from the environment is used.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// RootCAs verify the servers' certificates (autoconfig, probes); nil:
	// the system's roots. Verification is never off.
	RootCAs *x509.CertPool
	// Probe says whether a guessed server answers; nil: the real probe
	// (probe.go).
	Probe func(ctx context.Context, kind string, s Server) error
}

// Resolver is what discovery asks of DNS; *net.Resolver is one.
type Resolver interface {
	LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error)
	LookupMX(ctx context.Context, name string) ([]*net.MX, error)
}

func (o Options) resolver() Resolver {
	if o.Resolver != nil {
		return o.Resolver
	}
	return net.DefaultResolver
}

func (o Options) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if o.Dial != nil {
		return o.Dial(ctx, network, addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

// DefaultTimeout bounds each network step.
const DefaultTimeout = 5 * time.Second

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}

// Detect finds the servers and sign-in methods for address: the first step
// that gives an SMTP server wins. It returns ErrNotFound (with the steps
// tried in the Result) when none does.
//
// The network steps that only ask (the two autoconfig URLs, SRV, MX) run
// at once, so a domain that answers none costs one timeout rather than
// four; their
// answers are still taken in the order above. The guesses, which connect
// to servers that may not be the owner's, run only when those found
// nothing.
func Detect(ctx context.Context, address string, o Options) (Result, error) {
	r, err := start(address)
	if err != nil {
		return r, err
	}
	found, why := fromISPDB(ctx, &r, o)
	if found {
		return done(r, StepISPDB), nil
	}
	r.tried(StepISPDB, why)
	if o.Offline {
		return r, fmt.Errorf("%s: %w", r.Address, ErrNotFound)
	}
	asking := []struct {
		step Step
		run  func(ctx context.Context, r *Result, o Options) (bool, i18n.Msg)
	}{
		{StepAutoconfig, fromAutoconfig},
		{StepSRV, fromSRV},
		{StepMX, fromMX},
	}
	type outcome struct {
		r     Result
		found bool
		why   i18n.Msg
	}
	actx, cancel := context.WithCancel(ctx)
	defer cancel() // a step still running when an earlier one has answered
	outcomes := make([]chan outcome, len(asking))
	base := r // each step works on its own copy; r is this goroutine's
	base.Tried = nil
	for i, s := range asking {
		outcomes[i] = make(chan outcome, 1)
		go func() {
			rc := base
			found, why := s.run(actx, &rc, o)
			outcomes[i] <- outcome{rc, found, why}
		}()
	}
	for i, s := range asking {
		out := <-outcomes[i]
		if out.found {
			out.r.Tried = r.Tried
			return done(out.r, s.step), nil
		}
		r.Source = out.r.Source
		r.tried(s.step, out.why)
	}
	if err := ctx.Err(); err != nil {
		return r, err
	}
	found, why = fromGuess(ctx, &r, o)
	if found {
		return done(r, StepGuess), nil
	}
	r.tried(StepGuess, why)
	if err := ctx.Err(); err != nil {
		return r, err
	}
	return r, fmt.Errorf("%s: %w", r.Address, ErrNotFound)
}

// tried records a step that found nothing, with what it read.
func (r *Result) tried(s Step, why i18n.Msg) {
	r.Tried = append(r.Tried, Attempt{Step: s, Source: r.Source, Reason: why})
	r.Source = ""
}

// done is a found result, its user names and sign-in methods filled in.
func done(r Result, s Step) Result {
	r.Step = s
	finish(&r)
	return r
}

// start checks the address and puts its domain in ASCII form.
func start(address string) (Result, error) {
	address = strings.TrimSpace(address)
	r := Result{Address: address}
	if !mail.ValidAddress(address) {
		return r, fmt.Errorf("%q: %w", address, ErrBadAddress)
	}
	ascii, err := mail.ASCIIDomain(address)
	if err != nil {
		return r, fmt.Errorf("%q: %w: %v", address, ErrBadAddress, err)
	}
	at := strings.LastIndexByte(ascii, '@')
	r.Domain = strings.ToLower(strings.TrimSuffix(ascii[at+1:], "."))
	return r, nil
}

// finish fills in the user names and the sign-in methods.
func finish(r *Result) {
	for _, s := range []*Server{&r.SMTP, &r.IMAP} {
		if s.Found() {
			if s.UsernameForm == "" {
				s.UsernameForm = FormAddress
			}
			s.Username = expand(s.UsernameForm, r.Address)
		}
	}
	signIn(r)
}

// expand replaces the autoconfig placeholders with the address's parts.
func expand(form, address string) string {
	at := strings.LastIndexByte(address, '@')
	local, domain := address[:at], address[at+1:]
	return strings.NewReplacer(FormAddress, address, FormLocalPart, local, "%EMAILDOMAIN%", domain).Replace(form)
}
