package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"
)

// Attachment is a file sent with a letter.
type Attachment struct {
	Name        string // shown to the customer: "Relance F2026-0107.pdf"
	ContentType string // "application/pdf", "text/calendar; method=PUBLISH"
	Data        []byte
}

// Message is an emailed letter before it is rendered.
type Message struct {
	FromName, From string
	ToName         string   // the customer, as the mail client shows them
	To             []string // bare addresses
	ReplyTo        string
	Bcc            []string // never in the headers
	Subject        string
	Text, HTML     string
	Attachments    []Attachment
	MessageID      string // without angle brackets: NewMessageID
	Date           time.Time
	InReplyTo      string   // a customer's Message-ID this letter answers
	References     []string // that message's thread
}

// Rendered is a message ready to store and send.
type Rendered struct {
	Raw        []byte   // the whole message, CRLF line ends
	Sender     string   // envelope sender
	Recipients []string // envelope recipients: To, then Bcc
	MessageID  string
}

// NewMessageID makes a Message-ID under the sender's domain: random, so
// it says nothing about the customer, and unique across ledgers.
func NewMessageID(domain string) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // the system's randomness failing is not recoverable
	}
	if domain == "" {
		domain = "relance.invalid"
	}
	return "relance." + hex.EncodeToString(b[:]) + "@" + domain
}

// oneLine strips what could end a header: any control character becomes a
// space, runs of spaces collapse. Names and subjects come from customer
// records and templates; none of them may add a header.
func oneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			r = ' '
		}
		if r == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// A name or subject from a customer record or a template that holds "=?"
// could be, or contain, a literal RFC 2047 encoded word: go-mail leaves
// ASCII text as it is (a name in a quoted string), and many readers
// decode encoded words even there (as mime.WordDecoder.DecodeHeader
// does), so a customer named "=?UTF-8?B?QWRtaW4=?=" would be shown as
// "Admin". Such text is
// therefore always sent encoded, whole, so that the reader shows the
// literal characters.
func looksEncoded(s string) bool { return strings.Contains(s, "=?") }

// encodedWords encodes s as UTF-8 "B" encoded words of at most 75
// characters (RFC 2047 section 2), never splitting a character, folded one
// word a line.
func encodedWords(s string) string {
	const maxChunk = 45 // 60 base64 characters + 12 of "=?UTF-8?B?" and "?="
	var words []string
	for len(s) > 0 {
		n := 0
		for n < len(s) {
			_, size := utf8.DecodeRuneInString(s[n:])
			if n+size > maxChunk {
				break
			}
			n += size
		}
		words = append(words, "=?UTF-8?B?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, "\r\n ")
}

// ErrBadAddress is an address that cannot be used in a message.
var ErrBadAddress = errors.New("not a usable email address")

// Render builds the message: text and HTML alternatives, attachments,
// our own Message-ID and date. Every address is checked; every name and
// the subject are made single-line before they reach a header.
func Render(m Message) (Rendered, error) {
	var out Rendered
	// Domains go out in their IDNA ASCII form, in the headers and the
	// envelope alike (idna.go).
	ascii := func(addrs []string) ([]string, error) {
		out := make([]string, len(addrs))
		for i, a := range addrs {
			var err error
			if out[i], err = ASCIIDomain(a); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	var err error
	if m.To, err = ascii(m.To); err != nil {
		return out, err
	}
	if m.Bcc, err = ascii(m.Bcc); err != nil {
		return out, err
	}
	if m.From, err = ASCIIDomain(m.From); err != nil {
		return out, err
	}
	if m.ReplyTo, err = ASCIIDomain(m.ReplyTo); err != nil {
		return out, err
	}
	check := func(addrs ...string) error {
		for _, a := range addrs {
			if !ValidAddress(a) {
				return fmt.Errorf("%w: %q", ErrBadAddress, a)
			}
		}
		return nil
	}
	if err := check(m.From); err != nil {
		return out, err
	}
	if len(m.To) == 0 {
		return out, fmt.Errorf("%w: no recipient", ErrBadAddress)
	}
	if err := check(m.To...); err != nil {
		return out, err
	}
	if err := check(m.Bcc...); err != nil {
		return out, err
	}
	if m.ReplyTo != "" {
		if err := check(m.ReplyTo); err != nil {
			return out, err
		}
	}
	if m.MessageID == "" || strings.ContainsAny(m.MessageID, "<> \r\n") || !strings.Contains(m.MessageID, "@") {
		return out, fmt.Errorf("bad Message-ID %q", m.MessageID)
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if name := oneLine(m.FromName); looksEncoded(name) {
		msg.SetGenHeaderPreformatted(gomail.Header(gomail.HeaderFrom), encodedWords(name)+" <"+m.From+">")
	} else if err := msg.FromFormat(name, m.From); err != nil {
		return out, fmt.Errorf("sender: %w", err)
	}
	if name := oneLine(m.ToName); looksEncoded(name) {
		// The addresses were checked above: bare addr-specs, nothing to
		// quote.
		msg.SetGenHeaderPreformatted(gomail.Header(gomail.HeaderTo), encodedWords(name)+" <"+strings.Join(m.To, ">, <")+">")
	} else {
		for i, to := range m.To {
			if i > 0 {
				name = ""
			}
			if err := msg.AddToFormat(name, to); err != nil {
				return out, fmt.Errorf("recipient: %w", err)
			}
		}
	}
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return out, fmt.Errorf("reply-to: %w", err)
		}
	}
	for _, b := range m.Bcc {
		if err := msg.AddBcc(b); err != nil {
			return out, fmt.Errorf("bcc: %w", err)
		}
	}
	if subj := oneLine(m.Subject); looksEncoded(subj) {
		msg.SetGenHeaderPreformatted(gomail.HeaderSubject, encodedWords(subj))
	} else {
		msg.Subject(subj)
	}
	msg.SetMessageIDWithValue(m.MessageID)
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	msg.SetDateWithValue(date)
	if m.InReplyTo != "" {
		msg.SetGenHeader(gomail.HeaderInReplyTo, "<"+oneLine(strings.Trim(m.InReplyTo, "<>"))+">")
		refs := []string{}
		for _, r := range append(m.References, m.InReplyTo) {
			refs = append(refs, "<"+oneLine(strings.Trim(r, "<>"))+">")
		}
		msg.SetGenHeader(gomail.HeaderReferences, strings.Join(refs, " "))
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		ct := a.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		msg.AttachReadSeeker(oneLine(a.Name), bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(ct)))
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return out, fmt.Errorf("render message: %w", err)
	}
	raw := buf.Bytes()
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		raw = append(raw, '\r', '\n')
	}
	out.Raw = raw
	out.Sender = m.From
	out.Recipients = append(append([]string{}, m.To...), m.Bcc...)
	out.MessageID = m.MessageID
	return out, nil
}
