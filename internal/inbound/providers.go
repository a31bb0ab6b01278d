package inbound

import (
	_ "embed"
	"strings"
	"sync"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// publicProvidersTxt is the list of public mail providers' domains, with
// its sources noted at its top.
//
//go:embed data/public_providers.txt
var publicProvidersTxt string

// providers is the parsed list: exact domains and "name.*" brands.
type providers struct {
	domains map[string]bool
	brands  map[string]bool // "hotmail" for "hotmail.*"
}

var publicProviders = sync.OnceValue(func() providers {
	return parseProviders(publicProvidersTxt)
})

func parseProviders(txt string) providers {
	p := providers{domains: map[string]bool{}, brands: map[string]bool{}}
	for _, line := range strings.Split(txt, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.ToLower(strings.TrimSpace(line))
		if line == "" {
			continue
		}
		if name, ok := strings.CutSuffix(line, ".*"); ok {
			p.brands[name] = true
			continue
		}
		p.domains[line] = true
	}
	return p
}

// PublicProvider reports whether domain (or an address's domain: what
// follows its last "@") belongs to a public mail provider such as
// gmail.com or orange.fr, where anyone can open a mailbox. Case and
// Unicode forms do not matter (IDNA); a subdomain of a listed domain
// counts too.
func PublicProvider(domain string) bool {
	d := normDomain(domainOf(domain))
	if d == "" {
		return false
	}
	p := publicProviders()
	for s := d; ; {
		if p.domains[s] {
			return true
		}
		i := strings.IndexByte(s, '.')
		if i < 0 {
			break
		}
		s = s[i+1:]
	}
	// "name.*": the registrable domain is name plus a public suffix.
	if reg, err := publicsuffix.EffectiveTLDPlusOne(d); err == nil {
		if suffix, _ := publicsuffix.PublicSuffix(reg); suffix != "" {
			if name := strings.TrimSuffix(reg, "."+suffix); p.brands[name] {
				return true
			}
		}
	}
	return false
}

// SameOrganisation reports whether two addresses (or domains) belong to
// the same organisation: their registrable domains (the public suffix plus
// one label, so billing.acme.fr and acme.fr are one) are equal and not a
// public provider's. Two gmail.com addresses are never the same
// organisation; neither are two addresses whose domain has no registrable
// part (localhost, an IP literal, a bare suffix such as co.uk).
func SameOrganisation(a, b string) bool {
	da, db := normDomain(domainOf(a)), normDomain(domainOf(b))
	if da == "" || db == "" || PublicProvider(da) || PublicProvider(db) {
		return false
	}
	return sameRegistrable(da, db)
}

// sameRegistrable reports whether two domains have the same registrable
// domain, whether or not it is a public provider's.
func sameRegistrable(a, b string) bool {
	ra, rb := registrable(a), registrable(b)
	return ra != "" && ra == rb
}

// registrable returns the registrable domain of d ("mx.google.com" →
// "google.com"), "" when it has none.
func registrable(d string) string {
	d = normDomain(d)
	if d == "" || strings.HasPrefix(d, "[") {
		return ""
	}
	r, err := publicsuffix.EffectiveTLDPlusOne(d)
	if err != nil {
		return ""
	}
	return r
}

// normDomain returns d in lower-case ASCII (IDNA, so "café.fr" and
// "xn--caf-dma.fr" are one), without a trailing dot; "" when it is not a
// valid domain name.
func normDomain(d string) string {
	d = strings.TrimSuffix(strings.TrimSpace(d), ".")
	if d == "" {
		return ""
	}
	a, err := idna.Lookup.ToASCII(d)
	if err != nil {
		return ""
	}
	return a
}
