package letter

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

// BenchmarkOnePageLetter composes, lays out and paints a one-page friendly
// reminder (letterhead, embedded font subsets, invoice table) as its own
// PDF, on every core.
// benchLogo is a 600 × 240 px PNG logo with a gradient and transparency.
func benchLogo() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 600, 240))
	for y := 0; y < 240; y++ {
		for x := 0; x < 600; x++ {
			a := uint8(255)
			if (x-120)*(x-120)+(y-120)*(y-120) > 100*100 && x < 240 {
				a = 0
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(20 + x/5), uint8(60 + y/3), 140, a})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

// The letter carries the payment paragraph and the EPC QR code to pay
// (EUR, a French IBAN: 1,500 € for two invoices' references); "no-qr" is
// the same letter with its paragraph but without the code, for the
// benchmark's figure against the letter without it.
func BenchmarkOnePageLetter(b *testing.B) {
	for _, v := range []struct {
		name string
		noQR bool
	}{{"qr", false}, {"no-qr", true}} {
		b.Run(v.name, func(b *testing.B) {
			req := testRequest("reminder-1", ledger.French, ledger.EnvelopeDLRight)
			req.Company.Logo, req.Company.LogoType = benchLogo(), "image/png"
			req.NoQR = v.noQR
			tp, err := LoadTemplate("", "reminder-1", "fr")
			if err != nil {
				b.Fatal(err)
			}
			req.Template = tp
			var size int
			cpu0 := cpuTime()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					c, err := Compose(req)
					if err != nil {
						b.Fatal(err)
					}
					if (c.Letter.PayQR == nil) != v.noQR {
						b.Fatalf("QR code %v, want %v", c.Letter.PayQR != nil, !v.noQR)
					}
					lay, err := render.LayOut(c.Letter)
					if err != nil {
						b.Fatal(err)
					}
					if len(lay.Pages) != 1 {
						b.Fatalf("%d pages", len(lay.Pages))
					}
					pdf, err := render.PDF(lay, c.Subject)
					if err != nil {
						b.Fatal(err)
					}
					size = len(pdf)
				}
			})
			cpu := cpuTime() - cpu0
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "letters/s")
			b.ReportMetric(float64(size)/1024, "KB/letter")
			if cpu > 0 {
				// What two cores of our own would make: 2 s of CPU a second.
				b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/letter")
				b.ReportMetric(2*float64(b.N)/cpu.Seconds(), "letters/s-on-2-cores")
			}
		})
	}
}

// odt writes a letter's text as a minimal OpenDocument text file: what
// LibreOffice converts in the comparison below (the same words, a plain
// layout: LibreOffice is given the easy part).
func odt(c *Composed) []byte {
	var content strings.Builder
	content.WriteString(`<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text>`)
	p := func(s string) {
		content.WriteString("<text:p>")
		xml.EscapeText(&content, []byte(s))
		content.WriteString("</text:p>")
	}
	p(c.Letter.CompanyName)
	for _, l := range c.Letter.CompanyLines {
		p(l)
	}
	for _, l := range c.Letter.Recipient {
		p(l)
	}
	p(c.Letter.PlaceDate)
	p(c.Subject)
	for _, b := range c.Letter.Body {
		switch b.Kind {
		case render.Para, render.Bullet:
			p(b.Text)
		case render.Table:
			for _, r := range c.Letter.Table.Rows {
				p(strings.Join(r, "  "))
			}
		}
	}
	for _, l := range c.Letter.Signature {
		p(l)
	}
	for _, l := range c.Letter.Footer {
		p(l)
	}
	content.WriteString(`</office:text></office:body></office:document-content>`)
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, _ := z.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.text"))
	w, _ = z.Create("META-INF/manifest.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`))
	w, _ = z.Create("content.xml")
	w.Write([]byte(content.String()))
	z.Close()
	return buf.Bytes()
}

// BenchmarkVsLibreOffice makes the same 100 letters twice in one run: with
// Relance (compose, lay out, write each PDF, on both cores), and with
// LibreOffice converting them from ODT in one call
// (soffice --headless --convert-to pdf), and reports letters per second
// for both and their ratio.
func BenchmarkVsLibreOffice(b *testing.B) {
	if _, err := exec.LookPath("soffice"); err != nil {
		b.Skip("soffice not installed (Debian package libreoffice-writer-nogui)")
	}
	const n = 100
	req := testRequest("reminder-1", ledger.French, ledger.EnvelopeDLRight)
	req.Company.Logo, req.Company.LogoType = benchLogo(), "image/png"
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		// Relance.
		start := time.Now()
		var wg sync.WaitGroup
		jobs := make(chan int)
		for w := 0; w < runtime.GOMAXPROCS(0); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					r := req
					r.Invoices = append([]InvoiceLine(nil), req.Invoices...)
					r.Invoices[0].Invoice.Number = fmt.Sprintf("F2026-%04d", j)
					c, err := Compose(r)
					if err != nil {
						b.Error(err)
						return
					}
					lay, _ := render.LayOut(c.Letter)
					pdf, _ := render.PDF(lay, c.Subject)
					os.WriteFile(filepath.Join(dir, fmt.Sprintf("relance-%03d.pdf", j)), pdf, 0o644)
				}
			}()
		}
		for j := 0; j < n; j++ {
			jobs <- j
		}
		close(jobs)
		wg.Wait()
		ours := time.Since(start)
		// LibreOffice, from ODT files of the same letters.
		odtDir := filepath.Join(dir, "odt")
		os.MkdirAll(odtDir, 0o755)
		var files []string
		for j := 0; j < n; j++ {
			r := req
			r.Invoices = append([]InvoiceLine(nil), req.Invoices...)
			r.Invoices[0].Invoice.Number = fmt.Sprintf("F2026-%04d", j)
			c, _ := Compose(r)
			f := filepath.Join(odtDir, fmt.Sprintf("lo-%03d.odt", j))
			os.WriteFile(f, odt(c), 0o644)
			files = append(files, f)
		}
		start = time.Now()
		cmd := exec.Command("soffice", append([]string{"--headless", "--norestore", "-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
			"--convert-to", "pdf", "--outdir", filepath.Join(dir, "lo")}, files...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("soffice: %v\n%s", err, out)
		}
		lo := time.Since(start)
		b.ReportMetric(n/ours.Seconds(), "relance-letters/s")
		b.ReportMetric(n/lo.Seconds(), "libreoffice-letters/s")
		b.ReportMetric(lo.Seconds()/ours.Seconds(), "speedup")
	}
}
