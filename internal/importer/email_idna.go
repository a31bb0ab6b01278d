package importer

import (
	"fmt"
	"strings"

	"golang.org/x/net/idna"
)

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// asciiDomains stores each address's domain in its IDNA ASCII form
// (jöe@exämple.fr → jöe@xn--exmple-cua.fr), the form servers understand
// and the sender puts in the envelope (issue 12). The local part is kept:
// whether it can be sent depends on the server (SMTPUTF8), which only the
// send can tell.
func asciiDomains(addrs []string) ([]string, error) {
	out := make([]string, len(addrs))
	for i, a := range addrs {
		at := strings.LastIndexByte(a, '@')
		d, err := idna.Lookup.ToASCII(a[at+1:])
		if err != nil {
			return nil, fmt.Errorf("email %q: %w", a, err)
		}
		out[i] = a[:at+1] + d
	}
	return out, nil
}
