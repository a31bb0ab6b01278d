package render

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // logos
	_ "image/png"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"unicode/utf16"
)

// This file writes PDF directly: fonts are parsed once per process and each
// letter embeds a subset cut from them (outlines of the glyphs it uses, ids
// unchanged), compressed at deflate's fastest level. It makes a one-page
// letter in well under a millisecond, where going through gopdf (which
// re-parses every font and compresses at the default level for every
// document) takes several.

// pdfDoc accumulates numbered objects.
type pdfDoc struct {
	buf     bytes.Buffer
	offsets []int // object n at offsets[n-1]
}

func (d *pdfDoc) reserve() int {
	d.offsets = append(d.offsets, 0)
	return len(d.offsets)
}

func (d *pdfDoc) begin(n int) {
	d.offsets[n-1] = d.buf.Len()
	fmt.Fprintf(&d.buf, "%d 0 obj\n", n)
}

func (d *pdfDoc) obj(n int, body string) {
	d.begin(n)
	d.buf.WriteString(body)
	d.buf.WriteString("\nendobj\n")
}

// stream writes a stream object, deflated unless raw is set (already
// encoded: a JPEG).
func (d *pdfDoc) stream(n int, dict string, data []byte, raw bool) {
	d.begin(n)
	body := data
	if !raw {
		body = deflate(data)
		dict += " /Filter /FlateDecode"
	}
	fmt.Fprintf(&d.buf, "<< %s /Length %d >>\nstream\n", dict, len(body))
	d.buf.Write(body)
	d.buf.WriteString("\nendstream\nendobj\n")
}

var zpool = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return w
}}

func deflate(b []byte) []byte {
	var out bytes.Buffer
	w := zpool.Get().(*zlib.Writer)
	w.Reset(&out)
	w.Write(b)
	w.Close()
	zpool.Put(w)
	return out.Bytes()
}

// usedFont gathers what one face draws in a document.
type usedFont struct {
	face  *Face
	res   string          // resource name, /F0…
	glyph map[uint16]rune // glyph id → the character it draws (ToUnicode)
}

// WritePDF paints a layout into a PDF: the same items the gopdf painter
// and the PNG painter draw, written directly (see the note at the top).
func WritePDF(l *Layout, title string) ([]byte, error) {
	fs, err := Faces()
	if err != nil {
		return nil, err
	}
	if len(l.Pages) == 0 {
		return nil, fmt.Errorf("nothing to print")
	}
	d := &pdfDoc{}
	d.buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	catalog, pages, info := d.reserve(), d.reserve(), d.reserve()
	fonts := map[Style]*usedFont{}
	fontFor := func(st Style) *usedFont {
		if f, ok := fonts[st]; ok {
			return f
		}
		f := &usedFont{face: fs[st], res: "F" + strconv.Itoa(int(st)), glyph: map[uint16]rune{}}
		fonts[st] = f
		return f
	}
	type imageRef struct {
		n   int
		res string
	}
	images := map[*byte]imageRef{}
	masks := 0 // bitmaps written, for their resource names
	var pageObjs []int
	var pageInfo []pageRec
	var content bytes.Buffer
	for _, p := range l.Pages {
		content.Reset()
		var imgUse []imageRef
		for _, it := range p.Items {
			switch it.Kind {
			case TextItem:
				f := fontFor(it.Style)
				// One text object; a raised ordinal's letters are a run of
				// their own, smaller and higher (superscript.go).
				fmt.Fprintf(&content, "BT %s g", num(it.Gray))
				for _, run := range it.runs(f.face) {
					fmt.Fprintf(&content, " /%s %s Tf 1 0 0 1 %s %s Tm <", f.res, num(run.size), num(run.x), num(p.H-run.y))
					for _, r := range run.text {
						g := f.face.GlyphID(r)
						if _, seen := f.glyph[g]; !seen {
							f.glyph[g] = r
						}
						content.WriteString(hex4(g))
					}
					content.WriteString("> Tj")
				}
				content.WriteString(" ET\n")
			case RectItem:
				op := "f"
				col := " g "
				if it.Stroke {
					op, col = "S", " G "
				}
				fmt.Fprintf(&content, "%s%s%s %s %s %s re %s 0 g\n", num(it.Gray), col, num(it.X), num(p.H-it.Y-it.H), num(it.W), num(it.H), op)
			case LineItem:
				fmt.Fprintf(&content, "0.4 w 0.4 G %s %s m %s %s l S\n", num(it.X), num(p.H-it.Y), num(it.X+it.W), num(p.H-it.Y-it.H))
			case ImageItem:
				if len(it.Image) == 0 {
					continue
				}
				key := &it.Image[0]
				ref, ok := images[key]
				if !ok {
					n, err := d.image(it.Image)
					if err != nil {
						return nil, fmt.Errorf("logo: %w", err)
					}
					ref = imageRef{n, "Im" + strconv.Itoa(len(images))}
					images[key] = ref
				}
				imgUse = append(imgUse, ref)
				fmt.Fprintf(&content, "q %s 0 0 %s %s %s cm /%s Do Q\n", num(it.W), num(it.H), num(it.X), num(p.H-it.Y-it.H), ref.res)
			case BitmapItem:
				if it.Bitmap == nil || it.Bitmap.W == 0 {
					continue
				}
				ref := imageRef{d.mask(it.Bitmap), "Im" + strconv.Itoa(len(images)+masks)}
				masks++
				imgUse = append(imgUse, ref)
				fmt.Fprintf(&content, "q 0 g %s 0 0 %s %s %s cm /%s Do Q\n", num(it.W), num(it.H), num(it.X), num(p.H-it.Y-it.H), ref.res)
			}
		}
		if content.Len() == 0 {
			content.WriteString("% blank\n")
		}
		cn := d.reserve()
		d.stream(cn, "", content.Bytes(), false)
		pn := d.reserve()
		pageObjs = append(pageObjs, pn)
		var xobj bytes.Buffer
		for _, r := range imgUse {
			fmt.Fprintf(&xobj, "/%s %d 0 R ", r.res, r.n)
		}
		// The page object is written once the fonts are known: every page
		// names the document's fonts (a few bytes).
		pageInfo = append(pageInfo, pageRec{pn: pn, cn: cn, w: p.W, h: p.H, xobj: xobj.String()})
	}
	// Fonts.
	var fontRes bytes.Buffer
	styles := make([]int, 0, len(fonts))
	for st := range fonts {
		styles = append(styles, int(st))
	}
	sort.Ints(styles)
	for _, st := range styles {
		f := fonts[Style(st)]
		n := d.font(f)
		fmt.Fprintf(&fontRes, "/%s %d 0 R ", f.res, n)
	}
	for _, pr := range pageInfo {
		res := "<< /Font << " + fontRes.String() + ">>"
		if pr.xobj != "" {
			res += " /XObject << " + pr.xobj + ">>"
		}
		res += " >>"
		d.obj(pr.pn, fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Contents %d 0 R /Resources %s >>",
			pages, num(pr.w), num(pr.h), pr.cn, res))
	}
	var kids bytes.Buffer
	for _, n := range pageObjs {
		fmt.Fprintf(&kids, "%d 0 R ", n)
	}
	d.obj(pages, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids.String(), len(pageObjs)))
	d.obj(catalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pages))
	d.obj(info, fmt.Sprintf("<< /Title %s /Producer (Relance) /Creator (Relance) >>", pdfText(title)))
	// Cross-reference table and trailer.
	xref := d.buf.Len()
	fmt.Fprintf(&d.buf, "xref\n0 %d\n0000000000 65535 f \n", len(d.offsets)+1)
	for _, off := range d.offsets {
		fmt.Fprintf(&d.buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&d.buf, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(d.offsets)+1, catalog, info, xref)
	return d.buf.Bytes(), nil
}

type pageRec struct {
	pn, cn int
	w, h   float64
	xobj   string
}

// num writes a coordinate compactly: at most 2 decimals.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	for len(s) > 1 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	if s == "-0" {
		return "0"
	}
	return s
}

const hexDigits = "0123456789ABCDEF"

func hex4(g uint16) string {
	return string([]byte{hexDigits[g>>12], hexDigits[g>>8&15], hexDigits[g>>4&15], hexDigits[g&15]})
}

// pdfText is a PDF text string in UTF-16BE, any script.
func pdfText(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteString(hex4(u))
	}
	b.WriteString(">")
	return b.String()
}

// font writes a face's subset and its dictionaries; it returns the Type0
// font's object number.
func (d *pdfDoc) font(f *usedFont) int {
	used := make(map[uint16]bool, len(f.glyph)+1)
	var gids []int
	for g := range f.glyph {
		used[g] = true
		gids = append(gids, int(g))
	}
	sort.Ints(gids)
	sub, sublen := f.face.subsetter.compressedSubset(used)
	compressed := sub != nil
	if !compressed { // outlines beyond a short loca: the plain way
		sub = f.face.subsetter.Subset(used)
		sublen = len(sub)
	}
	// A subset's name starts with six capitals naming it (ISO 32000 9.6.4),
	// here derived from the glyphs it holds, so the same text gives the
	// same file.
	h := uint32(2166136261)
	for _, g := range gids {
		h = (h ^ uint32(g)) * 16777619
	}
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = byte('A' + h%26)
		h /= 26
	}
	name := string(tag) + "+" + postscriptName(f.face.Name)
	file := d.reserve()
	if compressed {
		d.stream(file, fmt.Sprintf("/Length1 %d /Filter /FlateDecode", sublen), sub, true)
	} else {
		d.stream(file, fmt.Sprintf("/Length1 %d", sublen), sub, false)
	}
	fd := f.face
	desc := d.reserve()
	d.obj(desc, fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %s /Ascent %d /Descent %d /CapHeight %d /StemV %d /FontFile2 %d 0 R >>",
		name, fd.flags, fd.bbox[0], fd.bbox[1], fd.bbox[2], fd.bbox[3], num(fd.italicAngle), int(fd.ascent*1000), -int(fd.descent*1000), fd.capHeight, fd.stemV, file))
	var w bytes.Buffer
	for _, g := range gids {
		fmt.Fprintf(&w, "%d [%d] ", g, int(fd.RuneWidth(f.glyph[uint16(g)])*1000+0.5))
	}
	cid := d.reserve()
	d.obj(cid, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 /W [%s] /CIDToGIDMap /Identity >>",
		name, desc, w.String()))
	tu := d.reserve()
	d.stream(tu, "", toUnicode(f.glyph, gids), false)
	t0 := d.reserve()
	d.obj(t0, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", name, cid, tu))
	return t0
}

func postscriptName(file string) string {
	// fonts/NotoSans-Regular.ttf → NotoSans-Regular
	if i := bytes.LastIndexByte([]byte(file), '/'); i >= 0 {
		file = file[i+1:]
	}
	if i := bytes.LastIndexByte([]byte(file), '.'); i >= 0 {
		file = file[:i]
	}
	return file
}

// toUnicode maps each glyph back to its character, for copy and paste and
// for text extraction (pdftotext).
func toUnicode(glyph map[uint16]rune, gids []int) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
	b.WriteString("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
	b.WriteString("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(gids); i += 100 {
		j := min(i+100, len(gids))
		fmt.Fprintf(&b, "%d beginbfchar\n", j-i)
		for _, g := range gids[i:j] {
			b.WriteString("<" + hex4(uint16(g)) + "> <")
			for _, u := range utf16.Encode([]rune{glyph[uint16(g)]}) {
				b.WriteString(hex4(u))
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// encodedImage is a logo ready to write: its XObject dictionary and stream,
// and its soft mask's. The same logo goes on every letter, so it is
// decoded and compressed once per process (imageCache).
type encodedImage struct {
	dict, maskDict string
	data, mask     []byte
	raw            bool // data is a JPEG, written as is
}

var imageCache sync.Map // sha256 of the file → *encodedImage

// image writes a logo: JPEG as is, anything else as deflated RGB with its
// transparency as a soft mask.
func (d *pdfDoc) image(data []byte) (int, error) {
	key := sha256.Sum256(data)
	var enc *encodedImage
	if v, ok := imageCache.Load(key); ok {
		enc = v.(*encodedImage)
	} else {
		var err error
		if enc, err = encodeImage(data); err != nil {
			return 0, err
		}
		imageCache.Store(key, enc)
	}
	dict := enc.dict
	if enc.mask != nil {
		m := d.reserve()
		d.stream(m, enc.maskDict+" /Filter /FlateDecode", enc.mask, true)
		dict += fmt.Sprintf(" /SMask %d 0 R", m)
	}
	n := d.reserve()
	if !enc.raw {
		dict += " /Filter /FlateDecode"
	}
	d.stream(n, dict, enc.data, true)
	return n, nil
}

// mask writes a bitmap as an image mask: one bit a pixel, rows padded
// to a byte, 1 (dark) painted in the fill colour (/Decode [1 0]), never
// smoothed (/Interpolate false), so a QR code's modules stay square. The
// stream is left uncompressed: a QR code's few hundred bytes of noise
// gain little from deflate, whose set-up costs more than the rest.
func (d *pdfDoc) mask(bm *Bitmap) int {
	stride := (bm.W + 7) / 8
	bits := make([]byte, stride*bm.H)
	for y := 0; y < bm.H; y++ {
		for x := 0; x < bm.W; x++ {
			if bm.Bits[y*bm.W+x] {
				bits[y*stride+x/8] |= 0x80 >> (x % 8)
			}
		}
	}
	n := d.reserve()
	d.stream(n, fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ImageMask true /BitsPerComponent 1 /Decode [1 0] /Interpolate false",
		bm.W, bm.H), bits, true)
	return n
}

func encodeImage(data []byte) (*encodedImage, error) {
	if http.DetectContentType(data) == "image/jpeg" {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		space := "/DeviceRGB"
		switch cfg.ColorModel {
		case color.GrayModel:
			space = "/DeviceGray"
		case color.CMYKModel:
			space = "/DeviceCMYK"
		}
		return &encodedImage{dict: fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode",
			cfg.Width, cfg.Height, space), data: data, raw: true}, nil
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	rgb := make([]byte, 0, b.Dx()*b.Dy()*3)
	alpha := make([]byte, 0, b.Dx()*b.Dy())
	opaque := true
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			rgb = append(rgb, c.R, c.G, c.B)
			alpha = append(alpha, c.A)
			if c.A != 255 {
				opaque = false
			}
		}
	}
	// PNG predictors (each row as its difference from the row above, or
	// from the pixel before) make logos with flat areas and gradients
	// compress several times better; readers undo them (/DecodeParms).
	enc := &encodedImage{dict: fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /DecodeParms << /Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns %d >>", b.Dx(), b.Dy(), b.Dx()),
		data: deflateBest(predict(rgb, b.Dx()*3, 3))}
	if !opaque {
		enc.maskDict = fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns %d >>", b.Dx(), b.Dy(), b.Dx())
		enc.mask = deflateBest(predict(alpha, b.Dx(), 1))
	}
	return enc, nil
}

// predict applies a PNG filter to each row of pixels (stride bytes, bpp
// bytes per pixel): the one among Sub and Up that leaves the smallest sum
// of differences, as PNG encoders choose.
func predict(pix []byte, stride, bpp int) []byte {
	rows := len(pix) / stride
	out := make([]byte, 0, rows*(stride+1))
	prev := make([]byte, stride)
	sub, up := make([]byte, stride), make([]byte, stride)
	for y := 0; y < rows; y++ {
		row := pix[y*stride : (y+1)*stride]
		var sSub, sUp int
		for i := range row {
			var left byte
			if i >= bpp {
				left = row[i-bpp]
			}
			sub[i] = row[i] - left
			up[i] = row[i] - prev[i]
			sSub += absDiff(sub[i])
			sUp += absDiff(up[i])
		}
		if sUp < sSub {
			out = append(out, 2)
			out = append(out, up...)
		} else {
			out = append(out, 1)
			out = append(out, sub...)
		}
		prev = row
	}
	return out
}

func absDiff(b byte) int {
	if b > 127 {
		return 256 - int(b)
	}
	return int(b)
}

// deflateBest compresses what is compressed once per process (a logo).
func deflateBest(b []byte) []byte {
	var out bytes.Buffer
	w, _ := zlib.NewWriterLevel(&out, zlib.BestCompression)
	w.Write(b)
	w.Close()
	return out.Bytes()
}
