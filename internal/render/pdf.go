package render

import (
	"fmt"

	"github.com/signintech/gopdf"
)

var familyOf = [numStyles]string{"sans", "sans-bold", "sans-italic"}

// PDF paints a layout into a PDF document, fonts embedded as subsets of
// the glyphs used. It is the direct writer (WritePDF): a letter takes a
// fraction of a millisecond.
func PDF(l *Layout, title string) ([]byte, error) { return WritePDF(l, title) }

// GopdfPDF paints the same layout through gopdf. It is kept as a reference:
// tests check that both painters give the same text back. It re-parses the
// fonts and compresses at the default level for every document, several
// times slower than WritePDF.
func GopdfPDF(l *Layout, title string) ([]byte, error) {
	fs, err := Faces()
	if err != nil {
		return nil, err
	}
	if len(l.Pages) == 0 {
		return nil, fmt.Errorf("nothing to print")
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: gopdf.Rect{W: l.Pages[0].W, H: l.Pages[0].H}, Unit: gopdf.UnitPT})
	pdf.SetInfo(gopdf.PdfInfo{Title: title, Producer: "Relance", Creator: "Relance"})
	for i, f := range fs {
		if err := pdf.AddTTFFontData(familyOf[i], f.Data); err != nil {
			return nil, fmt.Errorf("embed font %s: %w", f.Name, err)
		}
	}
	for _, p := range l.Pages {
		pdf.AddPageWithOption(gopdf.PageOption{PageSize: &gopdf.Rect{W: p.W, H: p.H}})
		if len(p.Items) == 0 {
			// gopdf writes a page without content as a broken object: a
			// blank page (the back of a one-page letter) gets an invisible mark.
			pdf.SetGrayFill(1)
			pdf.RectFromUpperLeftWithStyle(0, 0, 1, 1, "F")
			pdf.SetGrayFill(0)
		}
		for _, it := range p.Items {
			switch it.Kind {
			case TextItem:
				g := uint8(it.Gray * 255)
				pdf.SetTextColor(g, g, g)
				for _, run := range it.runs(fs[it.Style]) {
					if err := pdf.SetFont(familyOf[it.Style], "", run.size); err != nil {
						return nil, err
					}
					pdf.SetXY(run.x, run.y)
					if err := pdf.Text(run.text); err != nil {
						return nil, fmt.Errorf("write %q: %w", it.Text, err)
					}
				}
			case RectItem:
				if it.Stroke {
					pdf.SetGrayStroke(it.Gray)
					pdf.RectFromUpperLeftWithStyle(it.X, it.Y, it.W, it.H, "D")
				} else {
					pdf.SetGrayFill(it.Gray)
					pdf.RectFromUpperLeftWithStyle(it.X, it.Y, it.W, it.H, "F")
					pdf.SetGrayFill(0)
				}
			case LineItem:
				pdf.SetLineWidth(0.4)
				pdf.SetGrayStroke(0.4)
				pdf.Line(it.X, it.Y, it.X+it.W, it.Y+it.H)
			case ImageItem:
				h, err := gopdf.ImageHolderByBytes(it.Image)
				if err != nil {
					return nil, fmt.Errorf("logo: %w", err)
				}
				if err := pdf.ImageByHolder(h, it.X, it.Y, &gopdf.Rect{W: it.W, H: it.H}); err != nil {
					return nil, fmt.Errorf("logo: %w", err)
				}
			case BitmapItem:
				// The reference painter draws each dark module as a square.
				bm := it.Bitmap
				if bm == nil || bm.W == 0 || bm.H == 0 {
					continue
				}
				mw, mh := it.W/float64(bm.W), it.H/float64(bm.H)
				pdf.SetGrayFill(0)
				for y := 0; y < bm.H; y++ {
					for x := 0; x < bm.W; x++ {
						if bm.Bits[y*bm.W+x] {
							pdf.RectFromUpperLeftWithStyle(it.X+float64(x)*mw, it.Y+float64(y)*mh, mw, mh, "F")
						}
					}
				}
			}
		}
	}
	return pdf.GetBytesPdf(), nil
}
