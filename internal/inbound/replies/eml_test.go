package replies

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// bodies are the text/plain and text/html parts of a message, decoded to
// UTF-8 strings.
type bodies struct {
	text, html string
}

// readEML parses a stored message the way the inbox will hand replies over:
// headers with net/mail, multipart trees with mime/multipart, base64 and
// quoted-printable transfer encodings, and any charset the WHATWG encoding
// index knows (via golang.org/x/text, already a dependency).
func readEML(path string) (bodies, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return bodies{}, fmt.Errorf("read %s: %w", path, err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return bodies{}, fmt.Errorf("parse %s: %w", path, err)
	}
	var b bodies
	if err := walkPart(textproto(msg.Header), msg.Body, &b); err != nil {
		return bodies{}, fmt.Errorf("walk %s: %w", path, err)
	}
	return b, nil
}

// header is the part of a MIME header walkPart needs.
type header interface{ Get(string) string }

func textproto(h mail.Header) header { return h }

func walkPart(h header, body io.Reader, b *bodies) error {
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii"
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("content type %q: %w", ct, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("next part: %w", err)
			}
			if err := walkPart(p.Header, p, b); err != nil {
				return err
			}
		}
	}
	if mediaType != "text/plain" && mediaType != "text/html" {
		return nil
	}
	var r io.Reader = body
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &newlineStripper{r: body})
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("decode %s: %w", mediaType, err)
	}
	text, err := decodeCharset(data, params["charset"])
	if err != nil {
		return err
	}
	if mediaType == "text/plain" && b.text == "" {
		b.text = text
	} else if mediaType == "text/html" && b.html == "" {
		b.html = text
	}
	return nil
}

func decodeCharset(data []byte, charset string) (string, error) {
	cs := strings.ToLower(strings.TrimSpace(charset))
	if cs == "" || cs == "us-ascii" || cs == "utf-8" || cs == "utf8" {
		return string(data), nil
	}
	enc, err := htmlindex.Get(cs)
	if err != nil {
		return "", fmt.Errorf("charset %q: %w", charset, err)
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("charset %q: %w", charset, err)
	}
	return string(out), nil
}

// newlineStripper drops the line breaks base64 bodies are wrapped with.
type newlineStripper struct{ r io.Reader }

func (n *newlineStripper) Read(p []byte) (int, error) {
	c, err := n.r.Read(p)
	j := 0
	for _, x := range p[:c] {
		if x != '\r' && x != '\n' && x != ' ' && x != '\t' {
			p[j] = x
			j++
		}
	}
	return j, err
}
