package discover

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/mail"
)

// The autoconfig format (clientConfig 1.1), as the ISPDB's files and the
// domains' own autoconfig files write it:
// https://github.com/thunderbird/autoconfig/wiki. Only what Relance uses is
// read: the domains, the names, the IMAP and SMTP servers.

type clientConfig struct {
	XMLName   xml.Name      `xml:"clientConfig"`
	Providers []xmlProvider `xml:"emailProvider"`
}

type xmlProvider struct {
	ID          string      `xml:"id,attr"`
	Domains     []string    `xml:"domain"`
	DisplayName string      `xml:"displayName"`
	Incoming    []xmlServer `xml:"incomingServer"`
	Outgoing    []xmlServer `xml:"outgoingServer"`
}

type xmlServer struct {
	Type           string   `xml:"type,attr"`
	Hostname       string   `xml:"hostname"`
	Port           string   `xml:"port"`
	SocketType     string   `xml:"socketType"`
	Username       string   `xml:"username"`
	Authentication []string `xml:"authentication"`
}

// provider is one emailProvider of a configuration file, as Relance uses
// it.
type provider struct {
	id, name string
	file     string   // the ISPDB file, "" for an autoconfig file
	domains  []string // lower case
	smtp     Server   // the first usable SMTP server, Host "" when none
	imap     Server   // the first usable IMAP server, Host "" when none
	smtpAuth []string // the servers' <authentication> values
	imapAuth []string
}

// maxConfig bounds a configuration file: the largest of the ISPDB is 12
// KB; an autoconfig answer bigger than this is not one.
const maxConfig = 256 << 10

// parseConfig reads a clientConfig document. The decoder expands no
// external entity (encoding/xml knows none but the five predefined ones),
// and the size is bounded by the caller.
func parseConfig(data []byte) ([]provider, error) {
	var cc clientConfig
	d := xml.NewDecoder(bytes.NewReader(data))
	// Files declare UTF-8; a server's answer in another charset is read as
	// bytes (host names and ports are ASCII).
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	if err := d.Decode(&cc); err != nil {
		return nil, fmt.Errorf("not an autoconfig file: %w", err)
	}
	var out []provider
	for _, p := range cc.Providers {
		pr := provider{id: strings.TrimSpace(p.ID), name: strings.TrimSpace(p.DisplayName)}
		for _, d := range p.Domains {
			if d = strings.ToLower(strings.TrimSpace(d)); d != "" {
				pr.domains = append(pr.domains, d)
			}
		}
		pr.imap, pr.imapAuth = firstUsable(p.Incoming, "imap")
		pr.smtp, pr.smtpAuth = firstUsable(p.Outgoing, "smtp")
		out = append(out, pr)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("not an autoconfig file: no emailProvider")
	}
	return out, nil
}

// firstUsable is the first server of kind (the files list them by
// preference) that Relance can use: encrypted (TLS or STARTTLS: a server
// without encryption is refused for a remote host), with a host and a
// port.
func firstUsable(list []xmlServer, kind string) (Server, []string) {
	for _, x := range list {
		if !strings.EqualFold(x.Type, kind) {
			continue
		}
		host := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(x.Hostname), "."))
		port, err := strconv.Atoi(strings.TrimSpace(x.Port))
		if host == "" || err != nil || port < 1 || port > 65535 || strings.ContainsAny(host, " /:@") {
			continue
		}
		var sec mail.Security
		switch strings.ToUpper(strings.TrimSpace(x.SocketType)) {
		case "SSL", "TLS":
			sec = mail.TLS
		case "STARTTLS":
			sec = mail.StartTLS
		default: // plain
			continue
		}
		var auth []string
		for _, a := range x.Authentication {
			auth = append(auth, strings.TrimSpace(a))
		}
		return Server{Host: host, Port: port, Security: sec, UsernameForm: strings.TrimSpace(x.Username)}, auth
	}
	return Server{}, nil
}

// apply puts p's servers in r, with the address's domain in host names
// that name it (mail.%EMAILDOMAIN%).
func (p provider) apply(r *Result) {
	r.ProviderID, r.Provider = p.id, p.name
	r.SMTP, r.IMAP = p.smtp, p.imap
	for _, s := range []*Server{&r.SMTP, &r.IMAP} {
		s.Host = strings.ReplaceAll(s.Host, "%emaildomain%", r.Domain)
	}
	// Thunderbird's rule: an SMTP server without a user name uses the
	// incoming server's.
	if r.SMTP.UsernameForm == "" {
		r.SMTP.UsernameForm = r.IMAP.UsernameForm
	}
	r.auth = append(append([]string(nil), p.smtpAuth...), p.imapAuth...)
}
