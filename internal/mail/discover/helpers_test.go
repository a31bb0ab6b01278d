package discover

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// Nothing in these tests reaches the internet: every host name is under
// .test (RFC 2606), every connection goes through a Dial that maps names
// to listeners on 127.0.0.1, and every DNS query to the test's own server.

// testCA is a certificate authority the tests' clients trust.
type testCA struct {
	pool *x509.CertPool
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newCA(t *testing.T) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "discover test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{pool: pool, cert: cert, key: key}
}

// issue makes a server certificate for names.
func (ca *testCA) issue(t *testing.T, names ...string) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: names[0]},
		DNSNames: names, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// errNoNetwork is what the tests' Dial says of an address it does not map.
var errNoNetwork = errors.New("test: no such host here")

// network maps "host:port" to listeners on 127.0.0.1 and records what
// was dialled.
type network struct {
	mu     sync.Mutex
	routes map[string]string
	dialed []string
}

func newNetwork() *network { return &network{routes: map[string]string{}} }

func (n *network) route(hostport string, l net.Listener) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.routes[hostport] = l.Addr().String()
}

func (n *network) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	n.mu.Lock()
	n.dialed = append(n.dialed, addr)
	to, ok := n.routes[addr]
	n.mu.Unlock()
	if !ok {
		return nil, &net.OpError{Op: "dial", Net: network, Err: errNoNetwork}
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", to)
}

func (n *network) dials() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.dialed...)
}

// zone is what the test DNS server answers; names end with a dot.
type zone struct {
	srv map[string][]dnsmessage.SRVResource
	mx  map[string][]dnsmessage.MXResource
}

// startDNS serves z over UDP on 127.0.0.1 and returns a resolver that asks
// only it, with the queries it received.
func startDNS(t *testing.T, z zone) (*net.Resolver, func() []string) {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	var mu sync.Mutex
	var asked []string
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			var p dnsmessage.Parser
			h, err := p.Start(buf[:n])
			if err != nil {
				continue
			}
			q, err := p.Question()
			if err != nil {
				continue
			}
			name := strings.ToLower(q.Name.String())
			mu.Lock()
			asked = append(asked, strings.TrimPrefix(q.Type.String(), "Type")+" "+name)
			mu.Unlock()
			srvs, mxs := z.srv[name], z.mx[name]
			rcode := dnsmessage.RCodeSuccess
			if _, ok := z.srv[name]; !ok {
				if _, ok := z.mx[name]; !ok {
					rcode = dnsmessage.RCodeNameError
				}
			}
			b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true,
				RecursionDesired: h.RecursionDesired, RecursionAvailable: true, RCode: rcode})
			_ = b.StartQuestions()
			_ = b.Question(q)
			_ = b.StartAnswers()
			rh := dnsmessage.ResourceHeader{Name: q.Name, Type: q.Type, Class: dnsmessage.ClassINET, TTL: 60}
			switch q.Type {
			case dnsmessage.TypeSRV:
				for _, r := range srvs {
					_ = b.SRVResource(rh, r)
				}
			case dnsmessage.TypeMX:
				for _, r := range mxs {
					_ = b.MXResource(rh, r)
				}
			}
			msg, err := b.Finish()
			if err != nil {
				continue
			}
			_, _ = pc.WriteTo(msg, from)
		}
	}()
	addr := pc.LocalAddr().String()
	res := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", addr)
	}}
	return res, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), asked...)
	}
}

func dnsName(t *testing.T, s string) dnsmessage.Name {
	t.Helper()
	n, err := dnsmessage.NewName(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// noDNS is a resolver that fails the test when asked (only where Detect
// must return before any network step starts).
type noDNS struct{ t *testing.T }

func (r noDNS) LookupSRV(_ context.Context, service, _, name string) (string, []*net.SRV, error) {
	r.t.Errorf("DNS asked for SRV %s %s", service, name)
	return "", nil, errNoNetwork
}

func (r noDNS) LookupMX(_ context.Context, name string) ([]*net.MX, error) {
	r.t.Errorf("DNS asked for MX %s", name)
	return nil, errNoNetwork
}

// emptyDNS answers every question with "no such name".
type emptyDNS struct{}

func (emptyDNS) LookupSRV(_ context.Context, service, _, name string) (string, []*net.SRV, error) {
	return "", nil, &net.DNSError{Err: "no such host", Name: "_" + service + "._tcp." + name, IsNotFound: true}
}

func (emptyDNS) LookupMX(_ context.Context, name string) ([]*net.MX, error) {
	return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

// hangingDNS never answers: each look-up waits for its context.
type hangingDNS struct{}

func (hangingDNS) LookupSRV(ctx context.Context, _, _, _ string) (string, []*net.SRV, error) {
	<-ctx.Done()
	return "", nil, ctx.Err()
}

func (hangingDNS) LookupMX(ctx context.Context, _ string) ([]*net.MX, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}
