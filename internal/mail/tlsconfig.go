package mail

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
)

// TLSConfig is the TLS configuration for host: certificates verified
// against the system's roots, plus the account's private CA when one is
// named; verification off only when the account says so (and the caller
// warns each time).
func (a Account) TLSConfig(host string) (*tls.Config, error) {
	cfg := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	if a.TLSCA != "" {
		pem, err := os.ReadFile(a.TLSCA)
		if err != nil {
			return nil, fmt.Errorf("read the CA file %s: %w", a.TLSCA, err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("the CA file %s holds no PEM certificate", a.TLSCA)
		}
		cfg.RootCAs = pool
	}
	if a.TLSInsecure {
		cfg.InsecureSkipVerify = true
	}
	return cfg, nil
}
