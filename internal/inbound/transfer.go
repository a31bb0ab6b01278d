package inbound

import (
	"bytes"
	"encoding/base64"
	"strings"
)

// decodeTransfer undoes a Content-Transfer-Encoding. Both decoders are
// lenient on purpose: a bounce with a broken base64 line still has to be
// read, so bad bytes are skipped rather than reported.
func decodeTransfer(body []byte, cte string) []byte {
	cte = strings.ToLower(strings.TrimSpace(cte))
	if i := strings.IndexAny(cte, "; "); i >= 0 {
		cte = cte[:i]
	}
	switch cte {
	case "base64":
		return decodeBase64(body)
	case "quoted-printable":
		return decodeQP(body)
	}
	return body
}

// decodeBase64 keeps only alphabet characters and decodes each run ended
// by padding on its own, so that concatenated base64 blocks also decode.
func decodeBase64(body []byte) []byte {
	out := make([]byte, 0, len(body)*3/4)
	chunk := make([]byte, 0, 1024)
	flush := func() {
		if len(chunk) == 0 {
			return
		}
		s := trimBase64Tail(string(chunk))
		buf := make([]byte, base64.RawStdEncoding.DecodedLen(len(s)))
		n, _ := base64.RawStdEncoding.Decode(buf, []byte(s))
		out = append(out, buf[:n]...)
		chunk = chunk[:0]
	}
	for _, c := range body {
		switch {
		case isBase64Char(c):
			chunk = append(chunk, c)
		case c == '=':
			flush()
		}
	}
	flush()
	return out
}

// decodeQP decodes quoted-printable; a stray "=" that starts no valid
// escape is kept as a literal, as mail readers do.
func decodeQP(body []byte) []byte {
	out := make([]byte, 0, len(body))
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		// Soft line break, possibly with trailing blanks before it.
		j := i + 1
		for j < len(body) && (body[j] == ' ' || body[j] == '\t') {
			j++
		}
		if j < len(body) && body[j] == '\n' {
			i = j
			continue
		}
		if j == len(body) {
			i = j
			continue
		}
		if i+2 < len(body) {
			if h, ok := unhex(body[i+1]); ok {
				if l, ok := unhex(body[i+2]); ok {
					out = append(out, h<<4|l)
					i += 2
					continue
				}
			}
		}
		out = append(out, c)
	}
	return out
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// normalizeNewlines turns CRLF and lone CR into LF, so that everything
// downstream deals with one line end (maildir/mac copies use CR only).
func normalizeNewlines(b []byte) []byte {
	if !bytes.ContainsRune(b, '\r') {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\r' {
			if i+1 < len(b) && b[i+1] == '\n' {
				continue
			}
			c = '\n'
		}
		out = append(out, c)
	}
	return out
}
