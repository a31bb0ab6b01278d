package discover

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
)

// autoconfigURLs are where a domain publishes its own configuration file,
// in the order Thunderbird asks. The address itself is not sent (no
// ?emailaddress=): the file's placeholders say the user name.
func autoconfigURLs(domain string) []string {
	return []string{
		"https://autoconfig." + domain + "/mail/config-v1.1.xml",
		"https://" + domain + "/.well-known/autoconfig/mail/config-v1.1.xml",
	}
}

// fromAutoconfig is step 2: the domain's autoconfig file over HTTPS, the
// certificate verified (never plain HTTP: anyone on the way could rewrite
// the servers).
func fromAutoconfig(ctx context.Context, r *Result, o Options) (bool, i18n.Msg) {
	client, done := o.httpClient()
	defer done()
	urls := autoconfigURLs(r.Domain)
	// Both asked at once; the first URL's answer is preferred.
	type answer struct {
		p   provider
		err error
	}
	answers := make([]chan answer, len(urls))
	for i, u := range urls {
		answers[i] = make(chan answer, 1)
		go func() {
			p, err := fetchConfig(ctx, client, u, r.Domain, o)
			if err == nil && !p.smtp.Found() {
				err = errors.New("no encrypted SMTP server")
			}
			answers[i] <- answer{p, err}
		}()
	}
	var why []string
	for i, u := range urls {
		a := <-answers[i]
		if a.err != nil {
			why = append(why, u+": "+a.err.Error())
			continue
		}
		a.p.apply(r)
		r.Source = u
		return true, i18n.Msg{}
	}
	r.Source = strings.Join(urls, " ")
	return false, i18n.M("discover.autoconfig_none", strings.Join(why, "; "))
}

// httpClient is the autoconfig client: a timeout on each request, HTTPS
// redirects only (at most 3), the certificates checked against RootCAs or
// the system's roots.
func (o Options) httpClient() (*http.Client, func()) {
	tr := &http.Transport{
		DialContext:           o.dial,
		TLSClientConfig:       &tls.Config{RootCAs: o.RootCAs, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   o.timeout(),
		ResponseHeaderTimeout: o.timeout(),
		ForceAttemptHTTP2:     true,
	}
	if o.Dial == nil {
		tr.Proxy = http.ProxyFromEnvironment
	}
	c := &http.Client{Transport: tr, Timeout: o.timeout(), CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme != "https" {
			return fmt.Errorf("redirected to %s, which is not HTTPS", req.URL.Redacted())
		}
		if len(via) >= 3 {
			return errors.New("more than 3 redirects")
		}
		return nil
	}}
	return c, tr.CloseIdleConnections
}

// fetchConfig gets and parses one autoconfig file, and picks the provider
// that names domain (a file may describe several).
func fetchConfig(ctx context.Context, c *http.Client, url, domain string, o Options) (provider, error) {
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return provider{}, err
	}
	req.Header.Set("Accept", "application/xml, text/xml")
	resp, err := c.Do(req)
	if err != nil {
		var ue *neturl.Error
		if errors.As(err, &ue) { // the URL is said once, by the caller
			err = ue.Err
		}
		return provider{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return provider{}, fmt.Errorf("HTTP %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxConfig+1))
	if err != nil {
		return provider{}, err
	}
	if len(data) > maxConfig {
		return provider{}, fmt.Errorf("larger than %d KB: not an autoconfig file", maxConfig>>10)
	}
	ps, err := parseConfig(data)
	if err != nil {
		return provider{}, err
	}
	for _, p := range ps {
		for _, d := range p.domains {
			if d == domain {
				return p, nil
			}
		}
	}
	return ps[0], nil
}
