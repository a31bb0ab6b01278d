package inbound

import (
	"bytes"
	"mime"
	"net/mail"
	"net/textproto"
	"regexp"
	"strings"
)

// readHeader splits LF-only data into its header fields and its body.
// net/mail refuses whole messages for one bad line (an mbox "From " line,
// a field name with a space); a classifier cannot, so a line that is not
// a field is skipped when a field follows it and otherwise starts the
// body. Field values keep their raw bytes, folded lines joined by a space.
func readHeader(data []byte) (mail.Header, []byte) {
	h := mail.Header{}
	var key string
	var val []byte // the value being read; folded lines are appended to it
	commit := func() {
		if key != "" {
			h[key] = append(h[key], string(val))
		}
		key, val = "", val[:0]
	}
	fields, size := 0, 0
	rest := data
	for len(rest) > 0 {
		here := rest
		line, next := cutLine(rest)
		if len(line) == 0 {
			commit()
			return h, next
		}
		size += len(line) + 1
		if size > maxHeaderBytes || fields >= maxHeaderFields {
			// Give up on the header but do not read fields as body text.
			commit()
			return h, skipToBlank(next)
		}
		rest = next
		if line[0] == ' ' || line[0] == '\t' {
			if key != "" {
				val = append(append(val, ' '), bytes.TrimSpace(line)...)
			}
			continue
		}
		commit()
		k, v, ok := splitField(line)
		if !ok {
			nextLine, _ := cutLine(next)
			if _, _, ok := splitField(nextLine); ok || (fields == 0 && bytes.HasPrefix(line, []byte("From "))) {
				continue
			}
			return h, here
		}
		key = textproto.CanonicalMIMEHeaderKey(k)
		val = append(val, v...)
		fields++
	}
	commit()
	return h, nil
}

// cutLine returns the first line of b without its LF, and what follows.
func cutLine(b []byte) (line, rest []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:]
	}
	return b, nil
}

func skipToBlank(b []byte) []byte {
	if i := bytes.Index(b, []byte("\n\n")); i >= 0 {
		return b[i+2:]
	}
	return nil
}

// splitField reads "Name: value". The name must be printable ASCII without
// blanks; blanks before the colon ("Subject :") are tolerated.
func splitField(line []byte) (string, string, bool) {
	i := bytes.IndexByte(line, ':')
	if i <= 0 {
		return "", "", false
	}
	name := bytes.TrimRight(line[:i], " \t")
	if len(name) == 0 {
		return "", "", false
	}
	for _, c := range name {
		if c <= ' ' || c >= 0x7f {
			return "", "", false
		}
	}
	return string(name), string(bytes.TrimSpace(line[i+1:])), true
}

// contentType is a parsed Content-Type: lower-case media type and params.
type contentType struct {
	media  string
	params map[string]string
}

var paramRe = regexp.MustCompile(`(?i)\b(boundary|charset|report-type|name)\s*=\s*(?:"([^"]*)"|([^;\s]+))`)

// parseContentType reads a Content-Type value and falls back to a plain
// scan when mime.ParseMediaType rejects it (duplicate or broken params are
// common in bounces).
func parseContentType(v string) contentType {
	ct := contentType{params: map[string]string{}}
	v = strings.TrimSpace(v)
	if v == "" {
		return ct
	}
	media, params, err := mime.ParseMediaType(v)
	if err == nil {
		ct.media = media
		ct.params = params
		return ct
	}
	media = v
	if i := strings.IndexAny(media, "; \t"); i >= 0 {
		media = media[:i]
	}
	media = strings.ToLower(strings.TrimSpace(media))
	if strings.Count(media, "/") == 1 {
		ct.media = media
	}
	for _, m := range paramRe.FindAllStringSubmatch(v, 8) {
		k := strings.ToLower(m[1])
		if _, seen := ct.params[k]; seen {
			continue
		}
		ct.params[k] = m[2] + m[3]
	}
	return ct
}
