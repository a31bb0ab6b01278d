package ui

import (
	"bytes"
	"sync"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// cellMeasurer measures a text's width as Fyne's painter does (the same
// font file, HarfBuzz shaping, script runs split by go-text's segmenter,
// 26.6 fixed point), through a face and shaper of its own, one caller at a
// time: go-text's faces cache glyph extents unguarded, so the face Fyne
// draws with must not be shaped from another goroutine.
//
// It knows only the theme's text font: a rune that font lacks is measured
// as its missing-glyph box, where Fyne would fall back to its symbol font.
// The invoice table's texts (names, numbers, amounts, dates) are in the
// text font; a fallback glyph makes the cut at worst a rune off.
type cellMeasurer struct {
	mu     sync.Mutex
	face   *font.Face // nil when the font could not be read
	shaper shaping.HarfbuzzShaper
	seg    shaping.Segmenter
}

var (
	measurersMu sync.Mutex
	measurers   = map[string]*cellMeasurer{} // by font resource name
)

// measurerFor is the measurer of res, the font read once per resource.
func measurerFor(res fyne.Resource) *cellMeasurer {
	measurersMu.Lock()
	defer measurersMu.Unlock()
	if m, ok := measurers[res.Name()]; ok {
		return m
	}
	m := &cellMeasurer{}
	if face, err := font.ParseTTF(bytes.NewReader(res.Content())); err == nil {
		m.face = face
	} else {
		fyne.LogError("cell font "+res.Name(), err)
	}
	measurers[res.Name()] = m
	return m
}

// ResolveFace makes the measurer its own one-font shaping.Fontmap.
func (m *cellMeasurer) ResolveFace(rune) *font.Face { return m.face }

// width is how wide s is drawn at size, in Fyne units.
func (m *cellMeasurer) width(s string, size float32) float32 {
	if m.face == nil || s == "" {
		// Unreadable font: a rough average advance, so cells still cut.
		return float32(len([]rune(s))) * size * 0.55
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	runes := []rune(s)
	in := shaping.Input{
		Text:      runes,
		RunStart:  0,
		RunEnd:    len(runes),
		Direction: di.DirectionLTR,
		Face:      m.face,
		Size:      fixed.Int26_6(float64(size) * (1 << 6)),
	}
	var adv fixed.Int26_6
	for _, run := range m.seg.Split(in, m) {
		adv += m.shaper.Shape(run).Advance
	}
	return float32(float64(adv) / (1 << 6))
}
