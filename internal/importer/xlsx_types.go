package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Whether a cell is text or a number ("1.200" typed as text, or the number
// 1.2 in the General format) is in its t attribute, which excelize's row
// iterators do not give. excelize's GetCellType would load and unmarshal the
// whole worksheet to answer: tens of bytes of memory per byte of XML, and
// for rows without an r attribute a normalisation quadratic in the number
// of rows. cellTypes instead reads the sheet's XML part once more, as a
// stream, in step with those iterators, and keeps only the current row's
// text columns: memory in proportion to a row, not to the sheet.
type cellTypes struct {
	zr *zip.ReadCloser
	rc io.ReadCloser
	br *bufio.Reader

	// The same row bookkeeping as excelize's Rows (curRow from r
	// attributes or counted, seekRow the line asked for), so that the
	// lines agree even for rows without r or with gaps.
	curRow, seekRow int
	done            bool
	err             error // the stream could not be followed: no text cells known

	line int      // the line text describes
	text []uint64 // bit per column index (0-based): t="s" or t="inlineStr"

	buf []byte // the current tag, reused
}

// maxTag bounds one tag of the sheet. A real row or cell tag is well under
// a kilobyte; text between tags is skipped without being held.
const maxTag = 64 << 10

var errTagTooLong = errors.New("worksheet tag too long")

type tag struct {
	end, selfClose bool
	name           string // local name: "row", "c", anything else as ""
	r, t           string // the r and t attributes (row and c tags only)
}

// openCellTypes opens the XML part of the workbook's sheet (the index-th
// excelize lists), found through the workbook relationships as excelize
// finds it.
func openCellTypes(file string, f *excelize.File, index int) (*cellTypes, error) {
	part, err := sheetPart(f, index)
	if err != nil {
		return nil, err
	}
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, err
	}
	var zf *zip.File
	for _, e := range zr.File {
		if strings.ReplaceAll(e.Name, `\`, "/") == part {
			zf = e // excelize keeps the last of duplicate names
		}
	}
	if zf == nil {
		zr.Close()
		return nil, fmt.Errorf("worksheet part %q not in the archive", part)
	}
	rc, err := zf.Open()
	if err != nil {
		zr.Close()
		return nil, err
	}
	ct := &cellTypes{zr: zr, rc: rc, br: bufio.NewReaderSize(rc, 64<<10)}
	ct.charset(f)
	return ct, nil
}

// charset decodes a sheet that declares an encoding other than UTF-8 with
// excelize's own charset reader, as excelize does.
func (ct *cellTypes) charset(f *excelize.File) {
	head, _ := ct.br.Peek(256)
	if !bytes.HasPrefix(head, []byte("<?xml")) || f.CharsetReader == nil {
		return
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return
	}
	_, v := attrs(head[len("<?xml"):end])
	enc := strings.ToLower(v["encoding"])
	if enc == "" || enc == "utf-8" || enc == "utf8" {
		return
	}
	if r, err := f.CharsetReader(enc, ct.br); err == nil {
		ct.br = bufio.NewReaderSize(r, 64<<10)
	}
}

type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:"Target,attr"`
		Type   string `xml:"Type,attr"`
	} `xml:"Relationship"`
}

// sheetPart is the zip path of the index-th sheet's XML, resolved as
// excelize resolves it (getWorkbookPath, getWorkbookRelsPath,
// getWorksheetPath). The relationship parts are kilobytes, already held
// by excelize.
func sheetPart(f *excelize.File, index int) (string, error) {
	if f.WorkBook == nil || index >= len(f.WorkBook.Sheets.Sheet) {
		return "", errors.New("no sheet")
	}
	id := f.WorkBook.Sheets.Sheet[index].ID
	root, err := pkgRels(f, "_rels/.rels")
	if err != nil {
		return "", err
	}
	wb := ""
	for _, r := range root.Rels {
		if r.Type == "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" ||
			r.Type == "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" {
			wb = strings.TrimPrefix(r.Target, "/")
			break
		}
	}
	relsPath := "_rels/" + path.Base(wb) + ".rels"
	if dir := path.Dir(wb); dir != "." {
		relsPath = strings.TrimPrefix(dir+"/"+relsPath, "/")
	}
	rels, err := pkgRels(f, relsPath)
	if err != nil {
		return "", err
	}
	for _, r := range rels.Rels {
		if r.ID != id {
			continue
		}
		target := strings.ReplaceAll(r.Target, `\`, "/")
		if strings.HasPrefix(target, "/") {
			return strings.TrimPrefix(path.Clean(target), "/"), nil
		}
		return strings.TrimPrefix(path.Clean(path.Dir(wb)+"/"+target), "/"), nil
	}
	return "", fmt.Errorf("no relationship %q for sheet %d", id, index+1)
}

func pkgRels(f *excelize.File, name string) (relationships, error) {
	var rels relationships
	data, ok := f.Pkg.Load(name)
	if !ok {
		return rels, fmt.Errorf("no part %q", name)
	}
	b, _ := data.([]byte)
	if err := xml.Unmarshal(b, &rels); err != nil {
		return rels, fmt.Errorf("read %s: %w", name, err)
	}
	return rels, nil
}

// next moves to the next line, as excelize's Rows.Next then Columns do,
// and records which of its cells are text.
func (ct *cellTypes) next() {
	ct.seekRow++
	ct.line = ct.seekRow
	clear(ct.text)
	if ct.err != nil || ct.done {
		return
	}
	if ct.curRow < ct.seekRow { // Rows.Next: find the next row
		for {
			tg, ok := ct.tag()
			if !ok {
				return
			}
			if tg.end && tg.name == "sheetData" {
				ct.done = true
				return
			}
			if !tg.end && tg.name == "row" {
				ct.rowStart(tg)
				break
			}
		}
	}
	if ct.curRow > ct.seekRow {
		return // a gap: an empty line
	}
	// Rows.Columns: the cells up to the next row.
	col := 0
	for {
		tg, ok := ct.tag()
		if !ok {
			return
		}
		switch {
		case tg.end && tg.name == "sheetData":
			ct.done = true
			return
		case !tg.end && tg.name == "row":
			ct.rowStart(tg)
			if ct.curRow > ct.seekRow {
				return
			}
		case !tg.end && tg.name == "c":
			col++
			if tg.r != "" {
				c, _, err := excelize.CellNameToCoordinates(tg.r)
				if err != nil {
					return // excelize fails the line
				}
				col = c
			}
			if tg.t == "s" || tg.t == "inlineStr" {
				ct.setText(col - 1)
			}
			if !tg.selfClose && !ct.skipCell() {
				return
			}
		}
	}
}

// rowStart takes a row's number from its r attribute, or counts it.
func (ct *cellTypes) rowStart(tg tag) {
	if n, err := strconv.Atoi(tg.r); err == nil && n != 0 {
		ct.curRow = n
	} else {
		ct.curRow++
	}
}

// skipCell reads up to the cell's end tag, as excelize does.
func (ct *cellTypes) skipCell() bool {
	for {
		tg, ok := ct.tag()
		if !ok {
			return false
		}
		if tg.end && tg.name == "c" {
			return true
		}
	}
}

func (ct *cellTypes) setText(col int) {
	w := col / 64
	for len(ct.text) <= w {
		ct.text = append(ct.text, 0)
	}
	ct.text[w] |= 1 << (col % 64)
}

// isText answers for the current line only.
func (ct *cellTypes) isText(line, col int) bool {
	if line != ct.line || col < 0 || col/64 >= len(ct.text) {
		return false
	}
	return ct.text[col/64]&(1<<(col%64)) != 0
}

func (ct *cellTypes) close() {
	if ct.rc != nil {
		ct.rc.Close()
	}
	if ct.zr != nil {
		ct.zr.Close()
	}
}

// tag returns the next start or end tag, skipping text, comments, CDATA
// sections, processing instructions and declarations without holding
// them. false at the end or on an error (kept in ct.err).
func (ct *cellTypes) tag() (tag, bool) {
	for {
		if err := ct.skipTo('<'); err != nil {
			ct.fail(err)
			return tag{}, false
		}
		c, err := ct.br.ReadByte()
		if err != nil {
			ct.fail(err)
			return tag{}, false
		}
		switch c {
		case '?':
			err = ct.skipPast("?>")
		case '!':
			var p []byte
			p, _ = ct.br.Peek(7)
			switch {
			case bytes.HasPrefix(p, []byte("--")):
				err = ct.skipPast("-->")
			case bytes.HasPrefix(p, []byte("[CDATA[")):
				err = ct.skipPast("]]>")
			default:
				err = ct.skipDecl()
			}
		default:
			ct.br.UnreadByte()
			return ct.readTag()
		}
		if err != nil {
			ct.fail(err)
			return tag{}, false
		}
	}
}

func (ct *cellTypes) fail(err error) {
	if err != io.EOF {
		ct.err = err
	}
	ct.done = true
}

// skipTo discards up to and including the byte c.
func (ct *cellTypes) skipTo(c byte) error {
	for {
		_, err := ct.br.ReadSlice(c)
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}

// skipPast discards up to and including end (comments, CDATA and
// processing instructions: rare, so byte by byte).
func (ct *cellTypes) skipPast(end string) error {
	var last [3]byte
	for {
		b, err := ct.br.ReadByte()
		if err != nil {
			return err
		}
		last[0], last[1], last[2] = last[1], last[2], b
		if strings.HasSuffix(string(last[:]), end) {
			return nil
		}
	}
}

// skipDecl discards a <!DOCTYPE …> or other declaration, with its
// bracketed internal subset.
func (ct *cellTypes) skipDecl() error {
	depth := 0
	var quote byte
	for {
		b, err := ct.br.ReadByte()
		if err != nil {
			return err
		}
		switch {
		case quote != 0:
			if b == quote {
				quote = 0
			}
		case b == '"' || b == '\'':
			quote = b
		case b == '[':
			depth++
		case b == ']':
			depth--
		case b == '>' && depth <= 0:
			return nil
		}
	}
}

// readTag reads a tag after its '<', up to the '>' that is outside quotes
// (an attribute value may hold a '>'), at most maxTag bytes.
func (ct *cellTypes) readTag() (tag, bool) {
	ct.buf = ct.buf[:0]
	for {
		b, err := ct.br.ReadSlice('>')
		if len(ct.buf)+len(b) > maxTag {
			ct.fail(errTagTooLong)
			return tag{}, false
		}
		ct.buf = append(ct.buf, b...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			ct.fail(err)
			return tag{}, false
		}
		if !inQuote(ct.buf) {
			break
		}
	}
	body := ct.buf[:len(ct.buf)-1] // without '>'
	var tg tag
	if len(body) > 0 && body[0] == '/' {
		tg.end = true
		body = body[1:]
	} else if len(body) > 0 && body[len(body)-1] == '/' {
		tg.selfClose = true
		body = body[:len(body)-1]
	}
	i := bytes.IndexAny(body, " \t\r\n")
	name := body
	if i >= 0 {
		name = body[:i]
	}
	if j := bytes.LastIndexByte(name, ':'); j >= 0 {
		name = name[j+1:]
	}
	switch string(name) {
	case "row":
		tg.name = "row"
	case "c":
		tg.name = "c"
	case "sheetData":
		tg.name = "sheetData"
	}
	if tg.end || tg.name == "" || tg.name == "sheetData" || i < 0 {
		return tg, true
	}
	_, v := attrs(body[i:])
	tg.r, tg.t = v["r"], v["t"]
	return tg, true
}

// inQuote reports whether a tag read so far ends inside a quoted value.
func inQuote(b []byte) bool {
	var q byte
	for _, c := range b {
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		}
	}
	return q != 0
}

// attrs reads name="value" pairs (local names; entities decoded as XML
// does) of a tag's body. ok is false for a malformed list.
func attrs(b []byte) (ok bool, v map[string]string) {
	v = map[string]string{}
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		if len(b) == 0 {
			return true, v
		}
		eq := bytes.IndexByte(b, '=')
		if eq < 0 {
			return false, v
		}
		name := bytes.TrimSpace(b[:eq])
		if j := bytes.LastIndexByte(name, ':'); j >= 0 {
			name = name[j+1:]
		}
		b = bytes.TrimLeft(b[eq+1:], " \t\r\n")
		if len(b) == 0 || (b[0] != '"' && b[0] != '\'') {
			return false, v
		}
		end := bytes.IndexByte(b[1:], b[0])
		if end < 0 {
			return false, v
		}
		val := b[1 : 1+end]
		b = b[end+2:]
		s := string(val)
		if bytes.IndexByte(val, '&') >= 0 {
			s = unescapeAttr(s)
		}
		v[string(name)] = s
	}
}

// unescapeAttr decodes entity and character references as encoding/xml
// does (rare in a sheet: a hand-made or hostile file).
func unescapeAttr(s string) string {
	var e struct {
		V string `xml:"v,attr"`
	}
	if err := xml.Unmarshal([]byte(`<a v="`+strings.ReplaceAll(s, `"`, "&quot;")+`"/>`), &e); err != nil {
		return s
	}
	return e.V
}
