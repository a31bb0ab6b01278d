package discover

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/mail"
)

// guesses are the usual names and ports, the preferred first: implicit TLS
// before STARTTLS (RFC 8314), the protocol's own name before mail.
func guesses(domain string) (smtp, imap []Server) {
	for _, h := range []string{"smtp.", "mail."} {
		smtp = append(smtp, Server{Host: h + domain, Port: 465, Security: mail.TLS},
			Server{Host: h + domain, Port: 587, Security: mail.StartTLS})
	}
	for _, h := range []string{"imap.", "mail."} {
		imap = append(imap, Server{Host: h + domain, Port: 993, Security: mail.TLS},
			Server{Host: h + domain, Port: 143, Security: mail.StartTLS})
	}
	return smtp, imap
}

// fromGuess is step 5: every guess probed at once, within one timeout; the
// most preferred that answered wins.
func fromGuess(ctx context.Context, r *Result, o Options) (bool, i18n.Msg) {
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	smtp, imap := guesses(r.Domain)
	var names []string
	for _, s := range append(append([]Server(nil), smtp...), imap...) {
		names = append(names, s.Host+":"+strconv.Itoa(s.Port))
	}
	r.Source = strings.Join(names, " ")
	var wg sync.WaitGroup
	probeAll := func(kind string, list []Server) []bool {
		ok := make([]bool, len(list))
		for i, s := range list {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok[i] = o.probe(ctx, kind, s) == nil
			}()
		}
		return ok
	}
	okSMTP, okIMAP := probeAll("smtp", smtp), probeAll("imap", imap)
	wg.Wait()
	r.SMTP, r.IMAP, r.auth = Server{}, Server{}, nil
	for i, s := range smtp {
		if okSMTP[i] {
			r.SMTP = s
			break
		}
	}
	if !r.SMTP.Found() {
		return false, i18n.M("discover.no_guess", r.Domain)
	}
	for i, s := range imap {
		if okIMAP[i] {
			r.IMAP = s
			break
		}
	}
	r.Source = r.SMTP.Host + ":" + strconv.Itoa(r.SMTP.Port)
	if r.IMAP.Found() {
		r.Source += " " + r.IMAP.Host + ":" + strconv.Itoa(r.IMAP.Port)
	}
	return true, i18n.Msg{}
}

func (o Options) probe(ctx context.Context, kind string, s Server) error {
	if o.Probe != nil {
		return o.Probe(ctx, kind, s)
	}
	return probeServer(ctx, kind, s, o)
}
