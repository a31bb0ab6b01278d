package letter

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata/golden")

// TestGoldenPreviews paints page 1 of a friendly reminder in each language
// with the PNG painter and compares it with the committed image, which was
// looked at by eye. A few pixels may differ (anti-aliasing across library
// versions); a layout change moves thousands.
func TestGoldenPreviews(t *testing.T) {
	for _, lg := range []ledger.Language{ledger.French, ledger.English, ledger.German, ledger.SerbianCyrillic, ledger.SerbianLatin} {
		c, err := Compose(testRequest("reminder-1", lg, ledger.EnvelopeDLRight))
		if err != nil {
			t.Fatal(err)
		}
		lay, err := render.LayOut(c.Letter)
		if err != nil {
			t.Fatal(err)
		}
		got, err := render.PNG(lay, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", "golden", "reminder-1."+string(lg)+".png")
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run Golden -update, and look at the images)", err)
		}
		if d := pixelDiff(t, got, want); d > 0.002 {
			t.Errorf("%s: %.2f%% of pixels differ from %s", lg, 100*d, path)
		}
	}
}

func pixelDiff(t *testing.T, a, b []byte) float64 {
	t.Helper()
	ia, err1 := png.Decode(bytes.NewReader(a))
	ib, err2 := png.Decode(bytes.NewReader(b))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if ia.Bounds() != ib.Bounds() {
		return 1
	}
	diff := 0
	r := ia.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !near(ia, ib, x, y) {
				diff++
			}
		}
	}
	return float64(diff) / float64(r.Dx()*r.Dy())
}

func near(a, b image.Image, x, y int) bool {
	r1, g1, b1, _ := a.At(x, y).RGBA()
	r2, g2, b2, _ := b.At(x, y).RGBA()
	d := func(u, v uint32) uint32 {
		if u > v {
			return u - v
		}
		return v - u
	}
	return d(r1, r2) < 0x2000 && d(g1, g2) < 0x2000 && d(b1, b2) < 0x2000
}
