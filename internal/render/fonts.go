// Package render lays a document out once, as positioned text, lines,
// boxes and images, and paints that layout twice: into a PDF (for print and
// email) and into a PNG (the GUI's preview), so the preview is exactly what
// prints.
package render

import (
	"fmt"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/relance-app/relance/assets"
)

// Style selects a face of the letter font.
type Style int

// Faces.
const (
	Regular Style = iota
	Bold
	Italic
	numStyles
)

var faceFiles = [numStyles]string{"fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf", "fonts/NotoSans-Italic.ttf"}

// Face is a parsed font with its advance widths. Widths of the Latin and
// Cyrillic blocks are read once, at load; layout then measures text with
// array lookups, never re-parsing the font.
type Face struct {
	Name    string
	Data    []byte // the TTF file, for the PDF painter
	font    *sfnt.Font
	upem    float64
	ascent  float64 // in em
	descent float64 // in em, positive
	fast    [0x0530]float32
	fastGID [0x0530]uint16
	mu      sync.Mutex
	slow    map[rune]float32
	slowGID map[rune]uint16
	missing map[rune]bool
	notdefW float32
	// subsetter cuts the subsets the PDF embeds.
	subsetter *fontSubsetter
	// Font descriptor metrics, in 1/1000 em.
	bbox                    [4]int
	italicAngle             float64
	capHeight, stemV, flags int
}

var (
	facesOnce sync.Once
	faces     [numStyles]*Face
	facesErr  error
)

// Faces returns the three faces, parsed once per process.
func Faces() ([numStyles]*Face, error) {
	facesOnce.Do(func() {
		for i, name := range faceFiles {
			data, err := assets.Fonts.ReadFile(name)
			if err != nil {
				facesErr = err
				return
			}
			f, err := newFace(name, data)
			if err != nil {
				facesErr = fmt.Errorf("font %s: %w", name, err)
				return
			}
			faces[i] = f
		}
	})
	return faces, facesErr
}

func newFace(name string, data []byte) (*Face, error) {
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, err
	}
	upem := float64(f.UnitsPerEm())
	face := &Face{Name: name, Data: data, font: f, upem: upem, slow: map[rune]float32{}, slowGID: map[rune]uint16{}, missing: map[rune]bool{}}
	if face.subsetter, err = newFontSubsetter(data); err != nil {
		return nil, err
	}
	if head := face.subsetter.tables["head"]; len(head) >= 44 {
		for i := 0; i < 4; i++ {
			v := int16(uint16(head[36+2*i])<<8 | uint16(head[37+2*i]))
			face.bbox[i] = int(float64(v) * 1000 / upem)
		}
	}
	if post, ok := face.subsetter.tables["post"]; ok && len(post) >= 8 {
		face.italicAngle = float64(int16(uint16(post[4])<<8|uint16(post[5]))) + float64(uint16(post[6])<<8|uint16(post[7]))/65536
	}
	face.capHeight, face.stemV, face.flags = 714, 80, 32 // non-symbolic
	if face.italicAngle != 0 {
		face.flags |= 64
	}
	var buf sfnt.Buffer
	m, err := f.Metrics(&buf, fixed.I(int(upem)), font.HintingNone)
	if err != nil {
		return nil, err
	}
	face.ascent = float64(m.Ascent) / 64 / upem
	face.descent = float64(m.Descent) / 64 / upem
	face.notdefW = face.advance(&buf, 0)
	for r := rune(0); r < rune(len(face.fast)); r++ {
		face.fast[r] = face.runeAdvance(&buf, r)
		if g, err := f.GlyphIndex(&buf, r); err == nil {
			face.fastGID[r] = uint16(g)
		}
	}
	return face, nil
}

// advance is a glyph's advance in em.
func (f *Face) advance(buf *sfnt.Buffer, g sfnt.GlyphIndex) float32 {
	a, err := f.font.GlyphAdvance(buf, g, fixed.I(int(f.upem)), font.HintingNone)
	if err != nil {
		return 0
	}
	return float32(float64(a) / 64 / f.upem)
}

func (f *Face) runeAdvance(buf *sfnt.Buffer, r rune) float32 {
	g, err := f.font.GlyphIndex(buf, r)
	if err != nil || g == 0 {
		return -1 // not in the font
	}
	return f.advance(buf, g)
}

// Has reports whether the font draws r.
func (f *Face) Has(r rune) bool {
	if r >= 0 && r < rune(len(f.fast)) {
		return f.fast[r] >= 0
	}
	return f.slowAdvance(r) >= 0
}

func (f *Face) slowAdvance(r rune) float32 {
	f.mu.Lock()
	defer f.mu.Unlock()
	if w, ok := f.slow[r]; ok {
		return w
	}
	var buf sfnt.Buffer
	w := f.runeAdvance(&buf, r)
	f.slow[r] = w
	return w
}

// Width is the width of s in points at size.
func (f *Face) Width(s string, size float64) float64 {
	var em float64
	for _, r := range s {
		var w float32
		if r >= 0 && r < rune(len(f.fast)) {
			w = f.fast[r]
		} else {
			w = f.slowAdvance(r)
		}
		if w < 0 {
			w = f.notdefW
		}
		em += float64(w)
	}
	return em * size
}

// Ascent and Descent are in points at size.
func (f *Face) Ascent(size float64) float64  { return f.ascent * size }
func (f *Face) Descent(size float64) float64 { return f.descent * size }

// GlyphID is the glyph drawing r (0, .notdef, when the font has none).
func (f *Face) GlyphID(r rune) uint16 {
	if r >= 0 && r < rune(len(f.fastGID)) {
		return f.fastGID[r]
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if g, ok := f.slowGID[r]; ok {
		return g
	}
	var buf sfnt.Buffer
	g, _ := f.font.GlyphIndex(&buf, r)
	f.slowGID[r] = uint16(g)
	return uint16(g)
}

// RuneWidth is r's advance in em (the .notdef width when missing).
func (f *Face) RuneWidth(r rune) float64 {
	var w float32
	if r >= 0 && r < rune(len(f.fast)) {
		w = f.fast[r]
	} else {
		w = f.slowAdvance(r)
	}
	if w < 0 {
		w = f.notdefW
	}
	return float64(w)
}
