package inbound

import (
	"net/mail"
	"strings"
)

// Header fields as the rest of Relance reads them: the IMAP sync matches
// replies with these, so that a field is read one way everywhere.

// MessageIDs reads the identifiers of a Message-ID, In-Reply-To or
// References value, in order, without their angle brackets.
func MessageIDs(v string) []string { return msgIDs(v) }

// DecodeHeader turns a raw field value into readable UTF-8 (encoded words
// in any charset, raw 8-bit bytes as UTF-8 or Windows-1252).
func DecodeHeader(v string) string { return decodeHeaderValue(v) }

// Addresses reads an address list field into lower-case addresses; a
// field that does not parse gives none.
func Addresses(v string) []string {
	l, err := mail.ParseAddressList(v)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(l))
	for _, a := range l {
		out = append(out, strings.ToLower(a.Address))
	}
	return out
}

// FromAddress is the first address of the From field, lower-cased.
func FromAddress(h mail.Header) string {
	if l, err := h.AddressList("From"); err == nil && len(l) > 0 {
		return strings.ToLower(l[0].Address)
	}
	return ""
}
