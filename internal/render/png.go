package render

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/jpeg" // logos
	"image/png"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// PNG paints one page of a layout at dpi dots per inch: the preview the
// GUI shows, drawn from the very items the PDF is drawn from.
func PNG(l *Layout, page int, dpi float64) ([]byte, error) {
	if page < 0 || page >= len(l.Pages) {
		return nil, fmt.Errorf("no page %d", page+1)
	}
	fs, err := Faces()
	if err != nil {
		return nil, err
	}
	p := l.Pages[page]
	scale := dpi / 72
	img := image.NewRGBA(image.Rect(0, 0, int(p.W*scale+0.5), int(p.H*scale+0.5)))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	type key struct {
		style Style
		size  float64
	}
	faces := map[key]font.Face{}
	faceFor := func(st Style, size float64) (font.Face, error) {
		k := key{st, size}
		if f, ok := faces[k]; ok {
			return f, nil
		}
		f, err := opentype.NewFace(fs[st].font, &opentype.FaceOptions{Size: size, DPI: dpi, Hinting: font.HintingNone})
		if err != nil {
			return nil, err
		}
		faces[k] = f
		return f, nil
	}
	gray := func(g float64) *image.Uniform {
		v := uint8(g*255 + 0.5)
		return image.NewUniform(color.RGBA{v, v, v, 255})
	}
	r := func(v float64) int { return int(v*scale + 0.5) }
	for _, it := range p.Items {
		switch it.Kind {
		case TextItem:
			for _, run := range it.runs(fs[it.Style]) {
				f, err := faceFor(it.Style, run.size)
				if err != nil {
					return nil, err
				}
				d := font.Drawer{Dst: img, Src: gray(it.Gray), Face: f,
					Dot: fixed.Point26_6{X: fixed.Int26_6(run.x * scale * 64), Y: fixed.Int26_6(run.y * scale * 64)}}
				d.DrawString(run.text)
			}
		case RectItem:
			rect := image.Rect(r(it.X), r(it.Y), r(it.X+it.W), r(it.Y+it.H))
			if it.Stroke {
				for _, e := range []image.Rectangle{
					{rect.Min, image.Pt(rect.Max.X, rect.Min.Y+1)}, {image.Pt(rect.Min.X, rect.Max.Y-1), rect.Max},
					{rect.Min, image.Pt(rect.Min.X+1, rect.Max.Y)}, {image.Pt(rect.Max.X-1, rect.Min.Y), rect.Max},
				} {
					draw.Draw(img, e, gray(it.Gray), image.Point{}, draw.Src)
				}
			} else {
				draw.Draw(img, rect, gray(it.Gray), image.Point{}, draw.Src)
			}
		case LineItem:
			// Horizontal or vertical rules only, as the layout draws them.
			x0, y0, x1, y1 := r(it.X), r(it.Y), r(it.X+it.W), r(it.Y+it.H)
			if x1 < x0 {
				x0, x1 = x1, x0
			}
			if y1 < y0 {
				y0, y1 = y1, y0
			}
			draw.Draw(img, image.Rect(x0, y0, max(x1, x0+1), max(y1, y0+1)), gray(0.4), image.Point{}, draw.Src)
		case ImageItem:
			src, _, err := image.Decode(bytes.NewReader(it.Image))
			if err != nil {
				return nil, fmt.Errorf("logo: %w", err)
			}
			xdraw.CatmullRom.Scale(img, image.Rect(r(it.X), r(it.Y), r(it.X+it.W), r(it.Y+it.H)), src, src.Bounds(), xdraw.Over, nil)
		case BitmapItem:
			bm := it.Bitmap
			if bm == nil || bm.W == 0 || bm.H == 0 {
				continue
			}
			mw, mh := it.W/float64(bm.W), it.H/float64(bm.H)
			for y := 0; y < bm.H; y++ {
				for x := 0; x < bm.W; x++ {
					if bm.Bits[y*bm.W+x] {
						x0, y0 := it.X+float64(x)*mw, it.Y+float64(y)*mh
						draw.Draw(img, image.Rect(r(x0), r(y0), r(x0+mw), r(y0+mh)), image.Black, image.Point{}, draw.Src)
					}
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
