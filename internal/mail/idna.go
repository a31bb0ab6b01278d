package mail

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Addresses with non-ASCII characters (issue 12, finding 8). A domain in
// Unicode (exämple.fr) has an ASCII form every server understands, its
// IDNA "xn--" form: that is what we store and send. A local part in
// Unicode (jöe@) has none: it may only go to a server that offers SMTPUTF8
// (RFC 6531), and otherwise fails for good for that recipient
// (ErrNoSMTPUTF8), which sends the letter by post.

// ErrNoSMTPUTF8 is a recipient with a non-ASCII local part on a server
// that does not offer SMTPUTF8.
var ErrNoSMTPUTF8 = errors.New("the server does not offer SMTPUTF8, which this address needs")

// ASCIIDomain returns addr with its domain in IDNA ASCII form
// (jöe@exämple.fr → jöe@xn--exmple-cua.fr); the local part is kept as it
// is. An address already in ASCII comes back unchanged.
func ASCIIDomain(addr string) (string, error) {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 || isASCII(addr[at+1:]) {
		return addr, nil
	}
	d, err := idna.Lookup.ToASCII(addr[at+1:])
	if err != nil {
		return addr, fmt.Errorf("%w: %q: domain: %v", ErrBadAddress, addr, err)
	}
	return addr[:at+1] + d, nil
}

// NeedsSMTPUTF8 reports whether addr can only be sent with SMTPUTF8: a
// non-ASCII local part (the domain is sent in its ASCII form).
func NeedsSMTPUTF8(addr string) bool {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return !isASCII(addr)
	}
	return !isASCII(addr[:at])
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
