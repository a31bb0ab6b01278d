package render

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// testBitmap is 21 × 21 modules, dark where x + y is even, with its top
// left module dark and its neighbour light.
func testBitmap() *Bitmap {
	bm := &Bitmap{W: 21, H: 21, Bits: make([]bool, 21*21)}
	for y := 0; y < 21; y++ {
		for x := 0; x < 21; x++ {
			bm.Bits[y*21+x] = (x+y)%2 == 0
		}
	}
	return bm
}

func qrItem(t *testing.T, lay *Layout) Item {
	t.Helper()
	for _, it := range lay.Pages[0].Items {
		if it.Kind == BitmapItem {
			return it
		}
	}
	t.Fatal("no QR code on page 1")
	return Item{}
}

// TestPayQRBesideTheWindow: the QR code to pay sits in the free corner
// beside the address window, its foot level with the window's (its
// quiet zone included): left of a window on the right, right of one on
// the left, inside the margins, above the body.
func TestPayQRBesideTheWindow(t *testing.T) {
	for _, c := range []struct {
		name   string
		window Rect
		left   bool
	}{{"fr-dl", Rect{X: 110, Y: 55, W: 85, H: 33}, true}, {"din-a", Rect{X: 20, Y: 44.7, W: 85, H: 27.3}, false}} {
		l := sampleLetter()
		l.Window = c.window
		l.PayQR, l.PayQRCaption = testBitmap(), "Scannez pour payer"
		lay, err := LayOut(l)
		if err != nil {
			t.Fatal(err)
		}
		it := qrItem(t, lay)
		module := payQRSide / float64(21+2*payQuiet)
		x0, y0 := it.X-module*payQuiet, it.Y-module*payQuiet // the quiet zone's corner
		foot := (c.window.Y + c.window.H) * mm
		if d := y0 + payQRSide - foot; d > 0.01 || d < -0.01 {
			t.Errorf("%s: the code's foot at %.2f pt, the window's at %.2f", c.name, y0+payQRSide, foot)
		}
		if c.left && (x0 < 25*mm-0.01 || x0+payQRSide > c.window.X*mm) {
			t.Errorf("%s: code from %.1f to %.1f mm, window from %.1f", c.name, x0/mm, (x0+payQRSide)/mm, c.window.X)
		}
		if !c.left && (x0 < (c.window.X+c.window.W)*mm || x0+payQRSide > (210-20)*mm+0.01) {
			t.Errorf("%s: code from %.1f to %.1f mm", c.name, x0/mm, (x0+payQRSide)/mm)
		}
	}
}

// TestBitmapPainted: the three painters draw the modules dark and the
// gaps light: PNG directly, our PDF writer (an image mask) and the gopdf
// reference painter (squares) through pdftoppm.
func TestBitmapPainted(t *testing.T) {
	l := sampleLetter()
	l.PayQR = testBitmap()
	lay, err := LayOut(l)
	if err != nil {
		t.Fatal(err)
	}
	it := qrItem(t, lay)
	module := it.W / 21
	check := func(name string, img image.Image, dpi float64) {
		t.Helper()
		px := func(pt float64) int { return int(pt * dpi / 72) }
		lum := func(mx, my int) uint32 {
			r, _, _, _ := img.At(px(it.X+(float64(mx)+0.5)*module), px(it.Y+(float64(my)+0.5)*module)).RGBA()
			return r
		}
		for _, m := range [][2]int{{0, 0}, {10, 10}, {20, 0}, {3, 5}} {
			if lum(m[0], m[1]) > 0x4000 {
				t.Errorf("%s: module %v is not dark", name, m)
			}
		}
		for _, m := range [][2]int{{1, 0}, {10, 11}, {20, 1}, {4, 5}} {
			if lum(m[0], m[1]) < 0xc000 {
				t.Errorf("%s: gap %v is not light", name, m)
			}
		}
	}
	data, err := PNG(lay, 0, 200)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	check("PNG", img, 200)
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed (Debian package poppler-utils)")
	}
	for _, p := range []struct {
		name  string
		paint func(*Layout, string) ([]byte, error)
	}{{"WritePDF", WritePDF}, {"gopdf", GopdfPDF}} {
		pdf, err := p.paint(lay, "x")
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		f := filepath.Join(dir, "l.pdf")
		os.WriteFile(f, pdf, 0o600)
		if out, err := exec.Command("pdftoppm", "-r", "200", "-png", "-singlefile", f, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
		b, err := os.ReadFile(filepath.Join(dir, "p.png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		check(p.name, img, 200)
	}
}
