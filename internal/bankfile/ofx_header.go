package bankfile

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/relance-app/relance/internal/i18n"
)

// ofxHeader is what an OFX file says of itself before its body: the
// OFX 1.x "KEY:VALUE" lines, or OFX 2.x's <?xml?> and <?OFX?> declarations.
type ofxHeader struct {
	format  Format
	version string
	// charset decodes text values: nil for UTF-8.
	charset *charmap.Charmap
	body    int // offset of the body (the first '<' after the header)
	line    int // its line
}

// readOFXHeader reads the header. An OFX 1.x header's ENCODING and CHARSET
// say how text is written: USASCII with CHARSET 1252 (most banks, French
// ones included, whose names carry accents), UTF-8, or ISO-8859-1; a
// charset Relance has no table for is refused rather than guessed.
func readOFXHeader(data []byte) (ofxHeader, error) {
	h := ofxHeader{format: FormatOFX1, line: 1}
	bom := 0
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		bom = 3 // offsets below are into the data after it
	}
	data = data[bom:]
	p := 0
	xmlDecl, ofxTag := bytes.Index(data, []byte("<?OFX")), bytes.Index(data, []byte("<OFX>"))
	if xmlDecl >= 0 && (ofxTag < 0 || xmlDecl < ofxTag) {
		h.format = FormatOFX2
		end := bytes.Index(data[xmlDecl:], []byte("?>"))
		if end < 0 {
			return h, lexErr(lineAt(data, int64(xmlDecl)), i18n.M("bank.ofx_unterminated", "<?OFX"))
		}
		h.version = xmlAttr(data[xmlDecl:xmlDecl+end], "VERSION")
		if x := bytes.Index(data[:xmlDecl], []byte("<?xml")); x >= 0 {
			if e := bytes.Index(data[x:xmlDecl], []byte("?>")); e >= 0 {
				enc := xmlAttr(data[x:x+e], "encoding")
				cm, ok := charsetOf(enc)
				if !ok {
					return h, lexErr(lineAt(data, int64(x)), i18n.M("bank.ofx_charset", enc))
				}
				h.charset = cm
			}
		}
		p = xmlDecl + end + 2
	} else {
		encoding, charset := "", ""
		for p < len(data) {
			// Blank lines before and after the header lines are common.
			for p < len(data) && isSpace(data[p]) {
				p++
			}
			if p >= len(data) || data[p] == '<' {
				break
			}
			end := bytes.IndexByte(data[p:], '\n')
			if end < 0 {
				end = len(data) - p
			}
			line := strings.TrimSpace(string(data[p : p+end]))
			if i := strings.IndexByte(line, '<'); i >= 0 {
				// The body starts on the header's last line.
				line, end = line[:i], bytes.IndexByte(data[p:], '<')
			}
			key, value, _ := strings.Cut(line, ":")
			switch strings.ToUpper(strings.TrimSpace(key)) {
			case "VERSION":
				h.version = strings.TrimSpace(value)
			case "ENCODING":
				encoding = strings.ToUpper(strings.TrimSpace(value))
			case "CHARSET":
				charset = strings.ToUpper(strings.TrimSpace(value))
			}
			p += end
		}
		switch {
		case encoding == "UTF-8" || encoding == "UTF8":
		case charset == "" || charset == "NONE":
			// USASCII without a charset: a bank that writes accents anyway
			// writes them in its Windows code page.
			h.charset = charmap.Windows1252
		default:
			cm, ok := charsetOf(charset)
			if !ok {
				return h, lexErr(0, i18n.M("bank.ofx_charset", charset))
			}
			h.charset = cm
		}
	}
	h.body = p + bom
	h.line = lineAt(data, int64(p))
	return h, nil
}

// charsetOf names the decoder of an OFX 1.x CHARSET or an XML encoding;
// nil for UTF-8 and ASCII.
func charsetOf(s string) (*charmap.Charmap, bool) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", "UTF-8", "UTF8", "US-ASCII", "USASCII", "ASCII":
		return nil, true
	case "1252", "WINDOWS-1252", "CP1252":
		return charmap.Windows1252, true
	case "ISO-8859-1", "8859-1", "ISO8859-1", "LATIN1", "LATIN-1":
		return charmap.ISO8859_1, true
	case "ISO-8859-15", "8859-15", "LATIN9":
		return charmap.ISO8859_15, true
	case "1250", "WINDOWS-1250":
		return charmap.Windows1250, true
	case "1251", "WINDOWS-1251":
		return charmap.Windows1251, true
	}
	return nil, false
}

// xmlAttr is the value of attribute name in a declaration (<?OFX
// VERSION="211" ...?>), "" when absent.
func xmlAttr(decl []byte, name string) string {
	s := string(decl)
	i := strings.Index(s, name+"=")
	if i < 0 {
		return ""
	}
	s = s[i+len(name)+1:]
	if s == "" || (s[0] != '"' && s[0] != '\'') {
		return ""
	}
	q := s[0]
	end := strings.IndexByte(s[1:], q)
	if end < 0 {
		return ""
	}
	return s[1 : 1+end]
}

// ofxText decodes a leaf's value: a value that is valid UTF-8 is read as
// UTF-8 whatever the header says (Chase's QFX says CHARSET:1252 and writes
// UTF-8; a real Windows-1252 accent is never valid UTF-8, so nothing right
// is misread), any other in the header's code page (Windows-1252 when it
// names none); then the XML entities and character references. Unknown
// entities stay as written: SGML OFX files carry raw '&' ("AT&T") that no
// entity was meant by.
func ofxText(t token, cm *charmap.Charmap) string {
	b := t.text
	var s string
	switch {
	case utf8.Valid(b):
		s = string(b)
	case cm == nil:
		s = decodeWith(charmap.Windows1252, b)
	default:
		s = decodeWith(cm, b)
	}
	if t.name == "CDATA" || !strings.Contains(s, "&") {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(unescapeEntities(s))
}

func decodeWith(cm *charmap.Charmap, b []byte) string {
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for _, c := range b {
		sb.WriteRune(cm.DecodeByte(c))
	}
	return sb.String()
}

var namedEntities = map[string]string{"amp": "&", "lt": "<", "gt": ">", "quot": `"`, "apos": "'", "nbsp": "\u00a0"}

func unescapeEntities(s string) string {
	var sb strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			sb.WriteString(s)
			return sb.String()
		}
		sb.WriteString(s[:i])
		s = s[i:]
		end := strings.IndexByte(s, ';')
		if end < 2 || end > 10 {
			sb.WriteByte('&')
			s = s[1:]
			continue
		}
		name := s[1:end]
		if r, ok := charRef(name); ok {
			sb.WriteRune(r)
		} else if v, ok := namedEntities[name]; ok {
			sb.WriteString(v)
		} else {
			sb.WriteString(s[:end+1])
		}
		s = s[end+1:]
	}
}

// charRef reads "#233" or "#xE9".
func charRef(name string) (rune, bool) {
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	base, digits := 10, name[1:]
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	if digits == "" {
		return 0, false
	}
	var r rune
	for _, c := range digits {
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case base == 16 && c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*rune(base) + d
		if r > utf8.MaxRune {
			return 0, false
		}
	}
	if !utf8.ValidRune(r) || r == 0 {
		return utf8.RuneError, true
	}
	return r, true
}
