package render

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/adler32"
	"io"
	"sort"
	"sync"
)

// ttfTables is a parsed TrueType table directory: tag → the table's bytes.
type ttfTables map[string][]byte

func parseTables(data []byte) (ttfTables, error) {
	if len(data) < 12 {
		return nil, errors.New("font file too short")
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	t := ttfTables{}
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			return nil, errors.New("font table directory cut short")
		}
		tag := string(data[rec : rec+4])
		off := int(binary.BigEndian.Uint32(data[rec+8:]))
		length := int(binary.BigEndian.Uint32(data[rec+12:]))
		if off < 0 || length < 0 || off+length > len(data) {
			return nil, fmt.Errorf("font table %s out of bounds", tag)
		}
		t[tag] = data[off : off+length]
	}
	for _, need := range []string{"head", "hhea", "maxp", "loca", "glyf", "hmtx"} {
		if _, ok := t[need]; !ok {
			return nil, fmt.Errorf("font has no %s table (not a TrueType-outline font)", need)
		}
	}
	return t, nil
}

// fontSubsetter cuts subsets out of one font. It keeps glyph ids (the PDF
// maps character codes to glyph ids one to one, CIDToGIDMap /Identity), so
// a subset is the font with the glyph outlines it does not use emptied:
// the tables that index glyphs stay as they are and compress to little.
type fontSubsetter struct {
	tables    ttfTables
	numGlyphs int
	longLoca  bool
	offsets   []uint32 // loca, as byte offsets into glyf
	constOnce sync.Once
	konst     *fontConst
}

func newFontSubsetter(data []byte) (*fontSubsetter, error) {
	t, err := parseTables(data)
	if err != nil {
		return nil, err
	}
	s := &fontSubsetter{tables: t}
	s.numGlyphs = int(binary.BigEndian.Uint16(t["maxp"][4:]))
	s.longLoca = binary.BigEndian.Uint16(t["head"][50:]) == 1
	loca := t["loca"]
	s.offsets = make([]uint32, s.numGlyphs+1)
	for i := 0; i <= s.numGlyphs; i++ {
		if s.longLoca {
			if 4*i+4 > len(loca) {
				return nil, errors.New("loca table cut short")
			}
			s.offsets[i] = binary.BigEndian.Uint32(loca[4*i:])
		} else {
			if 2*i+2 > len(loca) {
				return nil, errors.New("loca table cut short")
			}
			s.offsets[i] = uint32(binary.BigEndian.Uint16(loca[2*i:])) * 2
		}
	}
	return s, nil
}

// glyph returns a glyph's outline bytes.
func (s *fontSubsetter) glyph(g uint16) []byte {
	if int(g) >= s.numGlyphs {
		return nil
	}
	a, b := s.offsets[g], s.offsets[g+1]
	glyf := s.tables["glyf"]
	if a >= b || int(b) > len(glyf) {
		return nil
	}
	return glyf[a:b]
}

// closure adds the components of composite glyphs (an accented letter may
// be built from its base and its accent).
func (s *fontSubsetter) closure(used map[uint16]bool) {
	stack := make([]uint16, 0, len(used))
	for g := range used {
		stack = append(stack, g)
	}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		data := s.glyph(g)
		if len(data) < 10 || int16(binary.BigEndian.Uint16(data)) >= 0 {
			continue // empty or simple glyph
		}
		p := 10
		for p+4 <= len(data) {
			flags := binary.BigEndian.Uint16(data[p:])
			comp := binary.BigEndian.Uint16(data[p+2:])
			if !used[comp] {
				used[comp] = true
				stack = append(stack, comp)
			}
			p += 4
			if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
				p += 4
			} else {
				p += 2
			}
			switch {
			case flags&0x0008 != 0: // WE_HAVE_A_SCALE
				p += 2
			case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
				p += 4
			case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
				p += 8
			}
			if flags&0x0020 == 0 { // MORE_COMPONENTS
				break
			}
		}
	}
}

// Subset writes a TrueType font holding only the outlines of used (and of
// their components), glyph ids unchanged.
func (s *fontSubsetter) Subset(used map[uint16]bool) []byte {
	used[0] = true // .notdef
	s.closure(used)
	// New glyf and a long-format loca.
	var glyf []byte
	loca := make([]byte, 4*(s.numGlyphs+1))
	for g := 0; g < s.numGlyphs; g++ {
		binary.BigEndian.PutUint32(loca[4*g:], uint32(len(glyf)))
		if used[uint16(g)] {
			glyf = append(glyf, s.glyph(uint16(g))...)
			for len(glyf)%4 != 0 {
				glyf = append(glyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint32(loca[4*s.numGlyphs:], uint32(len(glyf)))
	head := append([]byte(nil), s.tables["head"]...)
	binary.BigEndian.PutUint16(head[50:], 1) // long loca
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment: recomputed below
	out := map[string][]byte{"head": head, "hhea": s.tables["hhea"], "maxp": s.tables["maxp"], "hmtx": s.tables["hmtx"],
		"loca": loca, "glyf": glyf}
	for _, opt := range []string{"cvt ", "fpgm", "prep"} {
		if t, ok := s.tables[opt]; ok {
			out[opt] = t
		}
	}
	return writeFont(out)
}

// writeFont assembles tables into a font file with a valid directory.
func writeFont(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	entry, search := 0, 1
	for search*2 <= n {
		search *= 2
		entry++
	}
	size := 12 + 16*n
	for _, t := range tags {
		size += (len(tables[t]) + 3) &^ 3
	}
	buf := make([]byte, 12+16*n, size)
	binary.BigEndian.PutUint32(buf[0:], 0x00010000)
	binary.BigEndian.PutUint16(buf[4:], uint16(n))
	binary.BigEndian.PutUint16(buf[6:], uint16(search*16))
	binary.BigEndian.PutUint16(buf[8:], uint16(entry))
	binary.BigEndian.PutUint16(buf[10:], uint16(n*16-search*16))
	headOff := 0
	for i, t := range tags {
		data := tables[t]
		off := len(buf)
		if t == "head" {
			headOff = off
		}
		buf = append(buf, data...)
		for len(buf)%4 != 0 {
			buf = append(buf, 0)
		}
		rec := 12 + 16*i
		copy(buf[rec:], t)
		binary.BigEndian.PutUint32(buf[rec+4:], checksum(buf[off:off+((len(data)+3)&^3)]))
		binary.BigEndian.PutUint32(buf[rec+8:], uint32(off))
		binary.BigEndian.PutUint32(buf[rec+12:], uint32(len(data)))
	}
	if headOff > 0 {
		binary.BigEndian.PutUint32(buf[headOff+8:], 0xB1B0AFBA-checksum(buf))
	}
	return buf
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i+4 <= len(b); i += 4 {
		sum += binary.BigEndian.Uint32(b[i:])
	}
	if r := len(b) % 4; r != 0 {
		var last [4]byte
		copy(last[:], b[len(b)-r:])
		sum += binary.BigEndian.Uint32(last[:])
	}
	return sum
}

// constTables are copied unchanged into every subset: compressed once per
// process (see compressedSubset).
var constTables = []string{"cmap", "cvt ", "fpgm", "hhea", "hmtx", "maxp", "post", "prep"}

// emptyCmap maps no character (format 4, the one required 0xFFFF segment).
// The PDF reaches glyphs by id (CIDToGIDMap /Identity) and needs no cmap,
// but strict font parsers refuse a font without one.
var emptyCmap = []byte{
	0, 0, 0, 1, // version 0, one encoding record
	0, 3, 0, 1, 0, 0, 0, 12, // Windows, Unicode BMP, at offset 12
	0, 4, 0, 24, 0, 0, // format 4, length 24, language 0
	0, 2, 0, 2, 0, 0, 0, 0, // segCountX2 2, searchRange 2, entrySelector 0, rangeShift 0
	0xFF, 0xFF, 0, 0, // endCode 0xFFFF, reservedPad
	0xFF, 0xFF, // startCode 0xFFFF
	0, 1, // idDelta 1
	0, 0, // idRangeOffset 0
}

// fontConst is a face's unchanging part of every subset: its tables,
// their checksums, and their deflated form as one independent segment.
type fontConst struct {
	raw       []byte            // the tables, each 4-aligned, in constTables order
	offsets   map[string]int    // table → offset within raw
	lengths   map[string]int    // table → unpadded length
	sums      map[string]uint32 // table → checksum
	deflated  []byte            // raw deflate of raw, sync-flushed, not final
	numTables int               // tables in a subset: these + head, loca, glyf
}

func (s *fontSubsetter) constPart() *fontConst {
	s.constOnce.Do(func() {
		c := &fontConst{offsets: map[string]int{}, lengths: map[string]int{}, sums: map[string]uint32{}}
		for _, t := range constTables {
			data, ok := s.tables[t]
			switch t {
			case "cmap":
				data, ok = emptyCmap, true
			case "post":
				// Version 3: the metrics without the glyph names.
				if ok && len(data) >= 32 {
					data = append([]byte{0, 3, 0, 0}, data[4:32]...)
				}
			}
			if !ok {
				continue
			}
			c.offsets[t] = len(c.raw)
			c.lengths[t] = len(data)
			c.raw = append(c.raw, data...)
			for len(c.raw)%4 != 0 {
				c.raw = append(c.raw, 0)
			}
			c.sums[t] = checksum(c.raw[c.offsets[t]:])
			c.numTables++
		}
		c.numTables += 3
		var b bytes.Buffer
		w, _ := flate.NewWriter(&b, flate.BestSpeed)
		w.Write(c.raw)
		w.Flush()
		c.deflated = b.Bytes()
		s.konst = c
	})
	return s.konst
}

// compressedSubset returns a subset font (glyph ids kept, outlines of the
// unused glyphs emptied, hinting kept) already as a zlib stream, and its
// uncompressed length. The tables every subset shares are deflated once
// per process; only the directory, head, loca and glyf are compressed for
// each document, and the segments are joined into one valid stream.
func (s *fontSubsetter) compressedSubset(used map[uint16]bool) ([]byte, int) {
	used[0] = true
	s.closure(used)
	k := s.constPart()
	// Variable tables: glyf with the used outlines, a short loca.
	var glyf []byte
	loca := make([]byte, 2*(s.numGlyphs+1))
	for g := 0; g < s.numGlyphs; g++ {
		binary.BigEndian.PutUint16(loca[2*g:], uint16(len(glyf)/2))
		if used[uint16(g)] {
			glyf = append(glyf, s.glyph(uint16(g))...)
			for len(glyf)%4 != 0 {
				glyf = append(glyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint16(loca[2*s.numGlyphs:], uint16(len(glyf)/2))
	if len(glyf) >= 1<<17 { // short loca addresses 128 KB of outlines
		return nil, 0
	}
	tail := append(loca, make([]byte, (4-len(loca)%4)%4)...)
	locaLen := len(loca)
	glyfOff := len(tail)
	tail = append(tail, glyf...)
	head := append([]byte(nil), s.tables["head"]...)
	binary.BigEndian.PutUint16(head[50:], 0) // short loca
	binary.BigEndian.PutUint32(head[8:], 0)
	headPad := append(head, make([]byte, (4-len(head)%4)%4)...)
	n := k.numTables
	dirLen := 12 + 16*n
	headOff := dirLen
	constOff := headOff + len(headPad)
	tailOff := constOff + len(k.raw)
	type entry struct {
		tag       string
		sum       uint32
		off, size int
	}
	entries := []entry{
		{"head", checksum(headPad), headOff, len(head)},
		{"loca", checksum(tail[:glyfOff]), tailOff, locaLen},
		{"glyf", checksum(tail[glyfOff:]), tailOff + glyfOff, len(glyf)},
	}
	for _, t := range constTables {
		if off, ok := k.offsets[t]; ok {
			entries = append(entries, entry{t, k.sums[t], constOff + off, k.lengths[t]})
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].tag < entries[j].tag })
	dir := make([]byte, dirLen)
	entrySel, search := 0, 1
	for search*2 <= n {
		search *= 2
		entrySel++
	}
	binary.BigEndian.PutUint32(dir[0:], 0x00010000)
	binary.BigEndian.PutUint16(dir[4:], uint16(n))
	binary.BigEndian.PutUint16(dir[6:], uint16(search*16))
	binary.BigEndian.PutUint16(dir[8:], uint16(entrySel))
	binary.BigEndian.PutUint16(dir[10:], uint16(n*16-search*16))
	total := uint32(0)
	for i, e := range entries {
		rec := 12 + 16*i
		copy(dir[rec:], e.tag)
		binary.BigEndian.PutUint32(dir[rec+4:], e.sum)
		binary.BigEndian.PutUint32(dir[rec+8:], uint32(e.off))
		binary.BigEndian.PutUint32(dir[rec+12:], uint32(e.size))
		total += e.sum
	}
	total += checksum(dir)
	binary.BigEndian.PutUint32(headPad[8:], 0xB1B0AFBA-total)
	// The zlib stream: header, three deflate segments, Adler-32 of it all.
	var out bytes.Buffer
	out.Write([]byte{0x78, 0x01})
	w := flateWriter(&out)
	w.Write(dir)
	w.Write(headPad)
	w.Flush()
	out.Write(k.deflated)
	w.Reset(&out)
	w.Write(tail)
	w.Close()
	flatePool.Put(w)
	a := adler32.New()
	a.Write(dir)
	a.Write(headPad)
	a.Write(k.raw)
	a.Write(tail)
	out.Write(a.Sum(nil))
	return out.Bytes(), dirLen + len(headPad) + len(k.raw) + len(tail)
}

var flatePool = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

func flateWriter(dst io.Writer) *flate.Writer {
	w := flatePool.Get().(*flate.Writer)
	w.Reset(dst)
	return w
}
