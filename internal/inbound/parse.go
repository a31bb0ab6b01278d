package inbound

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"strings"
)

// Message is what classification needs of an email: its header, its text,
// and for bounces the delivery report and the returned message's header.
// It can be filled from a whole message (Parse) or from the few parts an
// IMAP sync fetched (the caller fills the fields itself).
type Message struct {
	Header      mail.Header // net/mail: keys canonical
	ContentType string      // top-level media type, lower case, e.g. "multipart/report"
	ReportType  string      // its report-type parameter, lower case ("delivery-status")
	Text        string      // the first text/plain part, decoded to UTF-8 (charset and transfer encoding)
	HTML        string      // the first text/html part, decoded to UTF-8
	Report      []byte      // a message/delivery-status (or message/global-delivery-status) part, as is
	Returned    []byte      // the returned message's header: a message/rfc822 (header part only) or text/rfc822-headers part
}

// Limits on hostile input. A bounce or a reply is classified from its
// header and first text part, so nothing useful lies beyond these.
const (
	maxInputBytes   = 32 << 20  // raw bytes read; the rest is ignored
	maxHeaderBytes  = 512 << 10 // one header block
	maxHeaderFields = 2000      // fields in one header block
	maxDepth        = 12        // nested multiparts
	maxParts        = 1000      // body parts visited in all
	maxTextBytes    = 4 << 20   // decoded Text or HTML kept
	maxAuxBytes     = 256 << 10 // Report or Returned kept
)

// Errors of Parse.
var (
	ErrEmpty    = errors.New("inbound: empty message")
	ErrNoHeader = errors.New("inbound: no header fields")
)

// Parse reads a whole RFC 5322 message (CRLF, LF or CR line ends). It never
// panics and bounds its work (size caps, depth caps) on hostile input.
func Parse(raw []byte) (*Message, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fmt.Errorf("parse: %w", ErrEmpty)
	}
	if len(raw) > maxInputBytes {
		raw = raw[:maxInputBytes]
	}
	data := normalizeNewlines(raw)
	h, body := readHeader(data)
	if len(h) == 0 {
		return nil, fmt.Errorf("parse: %w", ErrNoHeader)
	}
	ct := parseContentType(h.Get("Content-Type"))
	m := &Message{Header: h, ContentType: ct.media}
	if m.ContentType == "" {
		m.ContentType = "text/plain"
	}
	m.ReportType = strings.ToLower(strings.TrimSpace(ct.params["report-type"]))
	w := walker{m: m}
	w.entity(h, body, 0, "text/plain")
	if m.Text == "" && w.attachedText != "" {
		m.Text = w.attachedText
	}
	return m, nil
}

// walker visits the MIME tree once, keeping the first part of each kind.
type walker struct {
	m            *Message
	parts        int
	attachedText string // first text/plain attachment, used when no inline text exists
}

func (w *walker) entity(h mail.Header, body []byte, depth int, defMedia string) {
	ct := parseContentType(h.Get("Content-Type"))
	media := ct.media
	if media == "" {
		media = defMedia
	}
	cte := h.Get("Content-Transfer-Encoding")
	switch {
	case strings.HasPrefix(media, "multipart/"):
		parts := splitMultipart(body, ct.params["boundary"])
		if parts == nil {
			// A multipart without its boundary is read as text, which is
			// what it shows a person.
			w.text(h, body, "text/plain", ct, cte)
			return
		}
		if depth >= maxDepth {
			return
		}
		def := "text/plain"
		if media == "multipart/digest" {
			def = "message/rfc822"
		}
		for _, p := range parts {
			if w.parts >= maxParts {
				return
			}
			w.parts++
			ph, pb := readPartHeader(p)
			if w.m.Returned == nil && (ph.Get("Message-Id") != "" || ph.Get("Received") != "") {
				// Some servers paste the returned message as a part without
				// a MIME header of its own: its fields are a message's,
				// never a body part's.
				w.m.Returned = capBytes(headerBlock(p), maxAuxBytes)
				continue
			}
			w.entity(ph, pb, depth+1, def)
		}
	case media == "message/delivery-status" || media == "message/global-delivery-status":
		if w.m.Report == nil {
			w.m.Report = capBytes(normalizeNewlines(decodeTransfer(body, cte)), maxAuxBytes)
		}
	case media == "message/rfc822" || media == "message/global" || media == "message/partial":
		inner := normalizeNewlines(decodeTransfer(body, cte))
		if w.m.Report == nil && depth < maxDepth {
			// A bounce forwarded inside another bounce: its report and
			// its returned message are the ones that matter.
			ih, ib := readHeader(headerStart(inner))
			if ict := parseContentType(ih.Get("Content-Type")); ict.media == "multipart/report" {
				w.entity(ih, ib, depth+1, "text/plain")
			}
		}
		if w.m.Returned == nil {
			w.m.Returned = capBytes(headerBlock(inner), maxAuxBytes)
		}
	case strings.HasSuffix(media, "/rfc822-headers") || media == "text/rfc822-header" || media == "message/global-headers":
		if w.m.Returned == nil {
			w.m.Returned = capBytes(normalizeNewlines(decodeTransfer(body, cte)), maxAuxBytes)
		}
	case media == "text/plain" || media == "text/html":
		w.text(h, body, media, ct, cte)
	}
}

func (w *walker) text(h mail.Header, body []byte, media string, ct contentType, cte string) {
	attachment := strings.HasPrefix(strings.ToLower(strings.TrimSpace(h.Get("Content-Disposition"))), "attachment")
	switch {
	case media == "text/html" && w.m.HTML == "":
		w.m.HTML = decodeText(body, ct, cte)
	case media == "text/plain" && w.m.Text == "" && !attachment:
		w.m.Text = decodeText(body, ct, cte)
	case media == "text/plain" && attachment && w.attachedText == "":
		w.attachedText = decodeText(body, ct, cte)
	}
}

func decodeText(body []byte, ct contentType, cte string) string {
	b := normalizeNewlines(decodeTransfer(body, cte))
	s := decodeCharset(capBytes(b, maxTextBytes), ct.params["charset"])
	if len(s) > maxTextBytes {
		s = strings.ToValidUTF8(s[:maxTextBytes], "")
	}
	return s
}

// readPartHeader reads a body part's header. A part whose first line is
// neither blank nor a field has no header at all (RFC 2046 allows it).
func readPartHeader(p []byte) (mail.Header, []byte) {
	line, _ := cutLine(p)
	if len(line) > 0 && line[0] != ' ' && line[0] != '\t' {
		if _, _, ok := splitField(line); !ok {
			return mail.Header{}, p
		}
	}
	return readHeader(p)
}

// headerStart skips the blank lines some servers put before an embedded
// message.
func headerStart(b []byte) []byte {
	for len(b) > 0 && b[0] == '\n' {
		b = b[1:]
	}
	return b
}

// headerBlock returns the header of an embedded message, up to the blank
// line that ends it.
func headerBlock(b []byte) []byte {
	b = headerStart(b)
	if i := bytes.Index(b, []byte("\n\n")); i >= 0 {
		return b[:i+1]
	}
	return b
}

func capBytes(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// splitMultipart cuts an LF-only multipart body at its boundary lines and
// returns the parts without the line ends that belong to the delimiters.
// It is lenient where mime/multipart is strict: a missing final delimiter
// ends the last part at the end of the body, a missing boundary parameter
// is guessed from the first "--" line. It returns nil when no delimiter
// is found.
func splitMultipart(body []byte, boundary string) [][]byte {
	if boundary == "" {
		boundary = guessBoundary(body)
		if boundary == "" {
			return nil
		}
	}
	delim := []byte("--" + boundary)
	var parts [][]byte
	start := -1 // start of the current part, -1 in the preamble
	pos := 0
	for pos <= len(body) {
		line, rest := cutLine(body[pos:])
		lineEnd := pos + len(line)
		if bytes.HasPrefix(line, delim) {
			tail := bytes.TrimRight(line[len(delim):], " \t")
			closing := bytes.HasPrefix(tail, []byte("--"))
			if closing || len(tail) == 0 {
				if start >= 0 {
					end := pos - 1 // the LF before the delimiter belongs to it
					if end < start {
						end = start
					}
					parts = append(parts, body[start:end])
				}
				if closing {
					return parts
				}
				start = lineEnd + 1
				if start > len(body) {
					start = len(body)
				}
			}
		}
		if rest == nil {
			break
		}
		pos = lineEnd + 1
	}
	if start >= 0 && start < len(body) {
		parts = append(parts, body[start:])
	}
	if start < 0 {
		return nil
	}
	return parts
}

// guessBoundary returns the boundary of the first line that looks like a
// delimiter: "--" followed by at least a few non-blank characters.
func guessBoundary(body []byte) string {
	rest := body
	for n := 0; len(rest) > 0 && n < 200; n++ {
		var line []byte
		line, rest = cutLine(rest)
		if bytes.HasPrefix(line, []byte("--")) {
			b := strings.TrimSpace(string(line[2:]))
			if len(b) >= 8 && !strings.ContainsAny(b, " \t") {
				return strings.TrimSuffix(b, "--")
			}
		}
	}
	return ""
}

// DecodePart decodes a body part fetched on its own (the IMAP sync reads
// only the parts it needs): its transfer encoding, then its charset, with
// the same lenient decoders Parse uses, so a part reads the same whether
// it came whole or by itself (base64 sent as several padded blocks, soft
// line breaks, charsets named loosely).
func DecodePart(body []byte, transferEncoding, charset string) string {
	// Parse reads a message's line ends as LF before decoding (servers
	// send CRLF, files may have either): the same here.
	return decodeText(normalizeNewlines(body), contentType{params: map[string]string{"charset": charset}}, transferEncoding)
}
