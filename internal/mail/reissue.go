package mail

import (
	"bytes"
	"errors"
)

// Reissue gives a stored message a new Message-ID, leaving every other
// byte as it was: a retry to one address after a soft bounce is a message
// of its own (its own outbox row and exactly-once check) with the same
// letter in it. The header's Message-ID field, folded or not, is replaced;
// a message without one is refused (ours always have one).
func Reissue(raw []byte, messageID string) ([]byte, error) {
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if end < 0 {
		return nil, errors.New("reissue: no end of header")
	}
	head := raw[:end+2] // up to and including the last field's CRLF
	var out bytes.Buffer
	out.Grow(len(raw) + 8)
	found := false
	for len(head) > 0 {
		// One field: its first line and its continuation lines.
		n := bytes.Index(head, []byte("\r\n")) + 2
		for n < len(head) && (head[n] == ' ' || head[n] == '\t') {
			n += bytes.Index(head[n:], []byte("\r\n")) + 2
		}
		field := head[:n]
		head = head[n:]
		if name, _, ok := bytes.Cut(field, []byte(":")); ok && bytes.EqualFold(bytes.TrimSpace(name), []byte("Message-ID")) && !found {
			found = true
			out.WriteString("Message-ID: <" + oneLine(messageID) + ">\r\n")
			continue
		}
		out.Write(field)
	}
	if !found {
		return nil, errors.New("reissue: the message has no Message-ID")
	}
	out.Write(raw[end+2:])
	return out.Bytes(), nil
}
