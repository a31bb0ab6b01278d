package app

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
)

// mxOnly is a resolver that knows one domain's MX hosts and nothing else.
type mxOnly map[string][]string

func (m mxOnly) LookupSRV(_ context.Context, service, _, name string) (string, []*net.SRV, error) {
	return "", nil, &net.DNSError{Err: "no such host", Name: "_" + service + "._tcp." + name, IsNotFound: true}
}

func (m mxOnly) LookupMX(_ context.Context, name string) ([]*net.MX, error) {
	hosts, ok := m[name]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
	}
	var out []*net.MX
	for i, h := range hosts {
		out = append(out, &net.MX{Host: h, Pref: uint16(10 * (i + 1))})
	}
	return out, nil
}

func noDial(context.Context, string, string) (net.Conn, error) {
	return nil, errors.New("test: no network")
}

// TestDetectAccountThroughTheService: the GUI's call. A custom domain at
// Microsoft 365 (its MX at mail.protection.outlook.com) is found through
// the service's discovery options, and applied: Microsoft's published
// servers for Microsoft 365 (smtp.office365.com 587 STARTTLS,
// outlook.office365.com 993 SSL), the full address as user name.
func TestDetectAccountThroughTheService(t *testing.T) {
	ctx := context.Background()
	svc, _, err := Create(ctx, filepath.Join(t.TempDir(), "d.db"), Options{Discover: DiscoverOptions{
		Resolver: mxOnly{"garage-dupont.test": {"garage-dupont-test.mail.protection.outlook.com."}}, Dial: noDial,
		Probe: func(context.Context, string, DetectServer) error { return errors.New("test: no network") }}})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	r, err := svc.DetectAccount(ctx, "jean@garage-dupont.test")
	if err != nil {
		t.Fatal(err)
	}
	if r.Step != StepMX || r.SMTP.Host != "smtp.office365.com" || r.OAuth2Provider != "microsoft" || !r.Has(SignInOAuth2) || r.Has(SignInPassword) {
		t.Fatalf("%+v", r)
	}
	a, err := svc.ApplyDetected(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if a.SMTPHost != "smtp.office365.com" || a.SMTPPort != 587 || a.SMTPSecurity != "starttls" || a.SMTPLogin() != "jean@garage-dupont.test" ||
		a.IMAPHost != "outlook.office365.com" || a.IMAPPort != 993 || a.IMAPSecurity != "tls" || a.IMAPLogin() != "jean@garage-dupont.test" ||
		a.FromAddress != "jean@garage-dupont.test" {
		t.Errorf("saved %+v", a)
	}
	if saved, _ := svc.MailAccount(ctx); saved != a {
		t.Errorf("read back %+v", saved)
	}

	// An unknown domain: a UserError in the owner's language, the steps
	// tried in the result, the account untouched.
	r, err = svc.DetectAccount(ctx, "jean@nowhere.test")
	var ue *core.UserError
	if !errors.As(err, &ue) || !strings.Contains(ue.Msg.In(i18n.FR), "aucun réglage de messagerie trouvé pour nowhere.test") || len(r.Tried) != 5 {
		t.Errorf("%v %+v", err, r.Tried)
	}
	if _, err := svc.ApplyDetected(ctx, r); !errors.As(err, &ue) {
		t.Errorf("applying nothing: %v", err)
	}
	if saved, _ := svc.MailAccount(ctx); saved != a {
		t.Errorf("changed to %+v", saved)
	}
	if _, err := svc.DetectAccount(ctx, "jean"); !errors.As(err, &ue) || !strings.Contains(err.Error(), "not one email address") {
		t.Errorf("bad address: %v", err)
	}
}
