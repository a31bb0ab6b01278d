package inbound

import (
	"encoding/base64"
	"io"
	"mime"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
)

// decodeCharset converts b from the named charset to valid UTF-8. Real
// mail names charsets loosely ("uft-8", "unicode-1-1-utf-7", none at all),
// so unknown names fall back to UTF-8 when b is valid UTF-8 and to
// Windows-1252 otherwise: the text stays readable and never breaks the
// string functions downstream.
func decodeCharset(b []byte, name string) string {
	name = strings.ToLower(strings.Trim(strings.TrimSpace(name), `"'`))
	switch name {
	case "", "us-ascii", "ascii", "ansi_x3.4-1968", "utf-8", "utf8", "uft-8", "unicode-1-1-utf-8", "x-unknown", "unknown-8bit":
		return fallbackText(b)
	case "utf-7", "unicode-1-1-utf-7", "x-utf-7", "csunicode11utf7":
		return decodeUTF7(b)
	}
	enc := lookupCharset(name)
	if enc == nil {
		return fallbackText(b)
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return fallbackText(b)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

func lookupCharset(name string) encoding.Encoding {
	if enc, err := htmlindex.Get(name); err == nil && enc != nil {
		return enc
	}
	if enc, err := ianaindex.MIME.Encoding(name); err == nil && enc != nil {
		return enc
	}
	if enc, err := ianaindex.IANA.Encoding(name); err == nil && enc != nil {
		return enc
	}
	return nil
}

// fallbackText keeps valid UTF-8 as is and reads anything else as
// Windows-1252, the most common unlabelled 8-bit charset in European mail.
func fallbackText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(out)
}

// decodeUTF7 decodes RFC 2152 UTF-7, which golang.org/x/text does not
// offer and some old bounces still use.
func decodeUTF7(b []byte) string {
	var sb strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '+' {
			sb.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(b) && isBase64Char(b[j]) {
			j++
		}
		if j == i+1 {
			// "+-" is a literal plus; a lone "+" is kept.
			sb.WriteByte('+')
			if j < len(b) && b[j] == '-' {
				i = j
			}
			continue
		}
		raw, _ := base64.RawStdEncoding.DecodeString(trimBase64Tail(string(b[i+1 : j])))
		units := make([]uint16, 0, len(raw)/2)
		for k := 0; k+1 < len(raw); k += 2 {
			units = append(units, uint16(raw[k])<<8|uint16(raw[k+1]))
		}
		sb.WriteString(string(utf16.Decode(units)))
		i = j - 1
		if j < len(b) && b[j] == '-' {
			i = j
		}
	}
	return strings.ToValidUTF8(sb.String(), "\uFFFD")
}

func isBase64Char(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}

// trimBase64Tail drops a dangling sixth of a byte that no decoder accepts.
func trimBase64Tail(s string) string {
	if len(s)%4 == 1 {
		return s[:len(s)-1]
	}
	return s
}

// wordDecoder decodes RFC 2047 encoded words with every charset the body
// decoder knows.
var wordDecoder = &mime.WordDecoder{
	CharsetReader: func(charset string, r io.Reader) (io.Reader, error) {
		b, err := io.ReadAll(io.LimitReader(r, maxHeaderBytes))
		if err != nil {
			return nil, err
		}
		return strings.NewReader(decodeCharset(b, charset)), nil
	},
}

// decodeHeaderValue turns a raw header value into readable UTF-8: encoded
// words decoded, raw 8-bit bytes read as UTF-8 or Windows-1252.
func decodeHeaderValue(v string) string {
	v = fallbackText([]byte(v))
	if !strings.Contains(v, "=?") {
		return v
	}
	d, err := wordDecoder.DecodeHeader(v)
	if err != nil {
		return v
	}
	return strings.ToValidUTF8(d, "\uFFFD")
}
