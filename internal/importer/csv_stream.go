package importer

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"

	"github.com/relance-app/relance/internal/i18n"
)

// A CSV file is read twice, as a stream both times, so that memory stays a
// few rows whatever the file's size (before, a 200 MB file was read whole,
// then decoded whole: several times its size). Pass 1 learns what needs the
// whole file: the encoding (a code page is guessed from all its high
// bytes, and a file is "mixed" only if a UTF-8 sequence and a non-UTF-8
// byte appear anywhere), NUL bytes and the delimiter. Pass 2 rewinds and
// parses through a decoder. The errors are the ones the whole-file reader
// gave, with the same lines.

const csvChunk = 64 << 10

// openCSV streams the CSV file at path.
func openCSV(path string) (Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileErr(0, unreadable(err))
	}
	src, err := newCSVStream(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	src.closer = f
	return src, nil
}

// csvScan is what pass 1 learns.
type csvScan struct {
	bom   string // "", "utf8", "utf16le", "utf16be"
	size  int64  // bytes after the BOM
	lines int    // '\n' bytes seen so far

	// UTF-8 (firstInvalidLine, hasUTF8Sequence).
	invalidLine int  // line of the first byte that is not UTF-8; 0: none
	utf8Seq     bool // a valid multi-byte sequence was seen

	// Code pages (guessCodePage), counted until a UTF-8 sequence makes them moot.
	high, paired int
	prev         byte
	havePrev     bool
	pendingHigh  bool // prev is a high byte not yet counted as paired
	latin2       bool // a byte that Windows-1252 would make š, ž, ð, æ…
	undefLine    [3]int

	nul   bool
	delim sniffer
	cut   int // where scanBytes stopped in its chunk
}

// codePages are the guesses of guessCodePage, in the order of undefLine.
var codePages = [3]struct {
	name string
	cm   *charmap.Charmap
}{{"Windows-1251", charmap.Windows1251}, {"Windows-1250", charmap.Windows1250}, {"Windows-1252", charmap.Windows1252}}

// undefinedByte[i][b]: byte b has no character in codePages[i].
var undefinedByte = func() (t [3][256]bool) {
	for i, cp := range codePages {
		for b := 0x80; b < 0x100; b++ {
			t[i][b] = cp.cm.DecodeByte(byte(b)) == utf8.RuneError
		}
	}
	return t
}()

// newCSVStream reads f twice: pass 1 to its end, then from its start.
func newCSVStream(f io.ReadSeeker) (*csvSource, error) {
	sc, err := scanCSV(f)
	if err != nil {
		return nil, err
	}
	enc, dec, fe := sc.decoding()
	if fe != nil {
		return nil, fe
	}

	// Pass 2.
	src := &csvSource{f: f, bom: sc.bom, size: sc.size, dec: dec, comma: sc.delim.best()}
	header, err := src.start()
	if err != nil {
		return nil, err
	}
	name := map[rune]string{',': "','", ';': "';'", '\t': "tab", '|': "'|'"}[src.comma]
	src.header, src.format = header, "CSV, "+enc+", "+name
	return src, nil
}

// decoding is what pass 1 decided of the encoding: its name and the
// decoder to read it through (nil: UTF-8 as it is), or why the file cannot
// be read as text. The FEC reader (fec_read.go) decides the same way.
func (sc *csvScan) decoding() (string, transform.Transformer, *FileError) {
	var enc string
	var dec transform.Transformer // nil: UTF-8 as it is
	switch sc.bom {
	case "utf8":
		enc = "UTF-8 with BOM"
		if sc.invalidLine > 0 {
			// The file says UTF-8 but is not: guessing would corrupt names.
			return "", nil, fileErr(sc.invalidLine, i18n.M("import.file_bad_utf8_bom"))
		}
	case "utf16le", "utf16be":
		if sc.size%2 != 0 {
			return "", nil, fileErr(0, i18n.M("import.file_bad_utf16"))
		}
		enc, dec = "UTF-16", utf16Decoder{be: sc.bom == "utf16be"}
	default:
		enc = "UTF-8"
		if sc.invalidLine == 0 {
			break
		}
		if sc.utf8Seq {
			// Some lines are UTF-8 and some are not: decoding the whole file
			// as a Windows code page would garble the UTF-8 names.
			return "", nil, fileErr(sc.invalidLine, i18n.M("import.file_mixed_encoding"))
		}
		i := sc.codePage()
		if sc.undefLine[i] > 0 {
			return "", nil, fileErr(sc.undefLine[i], i18n.M("import.file_undefined_byte", codePages[i].name))
		}
		enc, dec = codePages[i].name, codePages[i].cm.NewDecoder()
	}
	if sc.nul {
		return "", nil, fileErr(0, i18n.M("import.file_binary"))
	}
	return enc, dec, nil
}

// start reads the file from its first byte after the BOM through the
// decoder, up to the end of its first row, which it returns.
func (s *csvSource) start() ([]string, error) {
	if _, err := s.f.Seek(int64(bomLen(s.bom)), io.SeekStart); err != nil {
		return nil, fileErr(0, unreadable(err))
	}
	var in io.Reader = &sizedReader{r: s.f, left: s.size}
	if s.dec != nil {
		s.dec.Reset()
		in = transform.NewReader(in, s.dec)
	}
	r := csv.NewReader(bufio.NewReaderSize(in, csvChunk))
	r.Comma = s.comma
	r.FieldsPerRecord = -1 // we report ragged rows ourselves, with their line
	r.ReuseRecord = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, fileErr(0, i18n.M("import.file_empty"))
	}
	if err != nil {
		le := csvError(err)
		return nil, fileErr(le.Line, le.Reason)
	}
	s.r = r
	s.headerLine, _ = r.FieldPos(0) // below blank lines, which the reader skips
	return append([]string(nil), header...), nil
}

// Rewind starts reading the rows again after the first row.
func (s *csvSource) Rewind() error {
	_, err := s.start()
	return err
}

func bomLen(bom string) int {
	switch bom {
	case "utf8":
		return 3
	case "utf16le", "utf16be":
		return 2
	}
	return 0
}

// errCSVChanged: the file is not the one pass 1 checked.
var errCSVChanged = errors.New("the file changed while it was being read")

// sizedReader gives pass 2 exactly the bytes pass 1 checked: a file that
// grows or shrinks in between is refused rather than read unchecked.
type sizedReader struct {
	r    io.Reader
	left int64
}

func (s *sizedReader) Read(p []byte) (int, error) {
	if s.left <= 0 {
		var one [1]byte
		if n, _ := s.r.Read(one[:]); n > 0 {
			return 0, errCSVChanged
		}
		return 0, io.EOF
	}
	if int64(len(p)) > s.left {
		p = p[:s.left]
	}
	n, err := s.r.Read(p)
	s.left -= int64(n)
	if err == io.EOF && s.left > 0 {
		err = errCSVChanged
	}
	return n, err
}

// scanCSV is pass 1.
func scanCSV(f io.Reader) (*csvScan, error) {
	sc := &csvScan{}
	br := bufio.NewReaderSize(f, csvChunk)
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		sc.bom = "utf8"
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		sc.bom = "utf16le"
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		sc.bom = "utf16be"
	}
	br.Discard(bomLen(sc.bom))
	if sc.bom == "utf16le" || sc.bom == "utf16be" {
		return sc, sc.scanUTF16(br)
	}
	buf := make([]byte, csvChunk+utf8.UTFMax)
	carry := 0 // bytes of a sequence cut by the chunk's end, kept at buf's start
	for {
		k, err := io.ReadFull(br, buf[carry:carry+csvChunk])
		sc.size += int64(k)
		atEOF := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !atEOF {
			return nil, fileErr(0, unreadable(err))
		}
		chunk := buf[:carry+k]
		done := sc.scanBytes(chunk, atEOF)
		if done || atEOF {
			return sc, nil
		}
		carry = copy(buf, chunk[sc.cut:])
	}
}

// scanBytes scans one chunk; it sets sc.cut before a sequence the next
// chunk completes, and says done when the file's error is already known.
func (sc *csvScan) scanBytes(c []byte, atEOF bool) (done bool) {
	if !sc.nul && bytes.IndexByte(c, 0) >= 0 {
		sc.nul = true
	}
	if !sc.delim.done {
		sc.delim.feed(c)
	}
	i := 0
	for i < len(c) {
		if (sc.utf8Seq || sc.bom == "utf8") && sc.invalidLine == 0 {
			// UTF-8 so far, and the code page no longer matters: only the
			// first invalid byte would, which utf8.Valid finds fast.
			end := len(c)
			if !atEOF {
				end = i + completeEnd(c[i:])
			}
			if utf8.Valid(c[i:end]) {
				sc.lines += bytes.Count(c[i:end], []byte{'\n'})
				sc.cut = end
				return false
			}
			// Not valid: the loop below finds where, and stops there.
		}
		j := indexHigh(c[i:])
		if j < 0 {
			sc.ascii(c[i:])
			break
		}
		sc.ascii(c[i : i+j])
		p := i + j
		if !atEOF && !utf8.FullRune(c[p:]) {
			sc.cut = p // a sequence the next chunk completes
			return false
		}
		r, size := utf8.DecodeRune(c[p:])
		if r == utf8.RuneError && size <= 1 {
			if sc.invalidLine == 0 {
				sc.invalidLine = 1 + sc.lines
			}
			size = 1
		} else {
			sc.utf8Seq = true
		}
		if sc.bom == "utf8" && sc.invalidLine > 0 {
			return true // the error is known, with its line
		}
		if sc.utf8Seq && sc.invalidLine > 0 {
			return true // mixed: known, with its line
		}
		if !sc.utf8Seq {
			for _, b := range c[p : p+size] {
				sc.codePageByte(b)
			}
		}
		i = p + size
	}
	sc.cut = len(c)
	return false
}

// completeEnd returns the end of the last complete sequence of c: before
// a lead byte whose sequence the next chunk completes, else len(c).
func completeEnd(c []byte) int {
	for k := 1; k <= utf8.UTFMax-1 && k <= len(c); k++ {
		switch b := c[len(c)-k]; {
		case b < 0x80:
			return len(c)
		case b >= 0xC0:
			if !utf8.FullRune(c[len(c)-k:]) {
				return len(c) - k
			}
			return len(c)
		}
	}
	return len(c)
}

// ascii counts a run of bytes below 0x80.
func (sc *csvScan) ascii(c []byte) {
	if len(c) == 0 {
		return
	}
	sc.lines += bytes.Count(c, []byte{'\n'})
	sc.prev, sc.havePrev, sc.pendingHigh = c[len(c)-1], true, false
}

// codePageByte counts a high byte as guessCodePage does: paired when next
// to a byte ≥ 0xC0 (the next byte is seen on the following call).
func (sc *csvScan) codePageByte(b byte) {
	if sc.pendingHigh && b >= 0xC0 {
		sc.paired++
	}
	sc.pendingHigh = false
	sc.high++
	if sc.havePrev && sc.prev >= 0xC0 {
		sc.paired++
	} else {
		sc.pendingHigh = true
	}
	sc.prev, sc.havePrev = b, true
	switch b {
	case 0x8A, 0x9A, 0x8E, 0x9E, 0xD0, 0xF0, 0xC6, 0xE6:
		sc.latin2 = true
	}
	for i := range sc.undefLine {
		if sc.undefLine[i] == 0 && undefinedByte[i][b] {
			sc.undefLine[i] = 1 + sc.lines
		}
	}
}

// codePage is guessCodePage's answer from the counts: an index in codePages.
func (sc *csvScan) codePage() int {
	switch {
	case sc.high > 0 && sc.paired*2 > sc.high:
		return 0
	case sc.latin2:
		return 1
	}
	return 2
}

// scanUTF16 decodes the file as pass 2 will, for NUL characters and the
// delimiter, and counts its bytes (an odd count is refused).
func (sc *csvScan) scanUTF16(br *bufio.Reader) error {
	counted := &countingReader{r: br}
	d := transform.NewReader(counted, utf16Decoder{be: sc.bom == "utf16be"})
	buf := make([]byte, csvChunk)
	for {
		k, err := d.Read(buf)
		if !sc.nul && bytes.IndexByte(buf[:k], 0) >= 0 {
			sc.nul = true
		}
		if !sc.delim.done {
			sc.delim.feed(buf[:k])
		}
		if err == io.EOF || err == errOddUTF16 {
			sc.size = counted.n
			return nil
		}
		if err != nil {
			return fileErr(0, unreadable(err))
		}
	}
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// sniffer is sniffDelimiter over a stream: it counts the candidates outside
// quotes on each of the first sniffLines lines, and the delimiter is the one
// most frequent on a single line: a title line above the header ("Invoice
// List", a company name) has none, the header and the rows many. The bytes
// it looks at are ASCII, the same in UTF-8 and in the Windows code pages.
type sniffer struct {
	line    [4]int // ';', ',', tab, '|' on the current line
	max     [4]int // the most on one line
	lines   int
	inQuote bool
	done    bool
}

const sniffLines = 10

var sniffed = [4]rune{';', ',', '\t', '|'}

func (s *sniffer) feed(c []byte) {
	for _, b := range c {
		switch {
		case b == '"':
			s.inQuote = !s.inQuote
		case s.inQuote:
		case b == '\n':
			s.endLine()
			if s.lines == sniffLines {
				s.done = true
				return
			}
		case b == ';':
			s.line[0]++
		case b == ',':
			s.line[1]++
		case b == '\t':
			s.line[2]++
		case b == '|':
			s.line[3]++
		}
	}
}

func (s *sniffer) endLine() {
	for i, n := range s.line {
		s.max[i] = max(s.max[i], n)
	}
	s.line = [4]int{}
	s.lines++
}

func (s *sniffer) best() rune {
	s.endLine() // a file without a final line break
	best, bestN := ',', 0
	for i, c := range sniffed {
		if s.max[i] > bestN {
			best, bestN = c, s.max[i]
		}
	}
	return best
}

// indexHigh returns the index of the first byte ≥ 0x80 in c, or -1; eight
// bytes at a time, since most of a file is ASCII.
func indexHigh(c []byte) int {
	i := 0
	for ; i+8 <= len(c); i += 8 {
		if binary.LittleEndian.Uint64(c[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(c); i++ {
		if c[i] >= 0x80 {
			return i
		}
	}
	return -1
}

var errOddUTF16 = errors.New("the UTF-16 file has an odd number of bytes")

// utf16Decoder decodes UTF-16 as decodeUTF16 does, as a stream: a high
// surrogate takes the unit after it whatever it is, and what is not a
// character becomes U+FFFD.
type utf16Decoder struct{ be bool }

func (utf16Decoder) Reset() {}

func (d utf16Decoder) unit(b []byte) rune {
	if d.be {
		return rune(b[0])<<8 | rune(b[1])
	}
	return rune(b[1])<<8 | rune(b[0])
}

func (d utf16Decoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc+2 <= len(src) {
		r, size := d.unit(src[nSrc:]), 2
		if r >= 0xD800 && r < 0xDC00 {
			switch {
			case nSrc+4 <= len(src):
				r = (r-0xD800)<<10 + (d.unit(src[nSrc+2:]) - 0xDC00) + 0x10000
				size = 4
			case !atEOF:
				return nDst, nSrc, transform.ErrShortSrc // the next unit is in the next call
			case nSrc+3 == len(src):
				return nDst, nSrc, errOddUTF16
			} // else the file ends on it: U+FFFD
		}
		if !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc += size
	}
	if nSrc < len(src) {
		if atEOF {
			return nDst, nSrc, errOddUTF16
		}
		return nDst, nSrc, transform.ErrShortSrc
	}
	return nDst, nSrc, nil
}

// closeFile closes the file, if the source reads one.
func (s *csvSource) closeFile() error {
	if s.closer == nil {
		return nil
	}
	err := s.closer.Close()
	s.closer = nil
	if err != nil {
		return fmt.Errorf("close the CSV file: %w", err)
	}
	return nil
}
