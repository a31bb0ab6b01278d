package ui

import (
	"image/png"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"github.com/relance-app/relance/internal/i18n"
)

func TestZZCapture(t *testing.T) {
	u, v := openTemplates(t, i18n.FR)
	u.Win.Resize(fyne.NewSize(1280, 720))
	lines := strings.Split(v.Editor.Text, "\n")
	lines[12] += " {{.Customer.Nom}}"
	v.Editor.SetText(strings.Join(lines, "\n"))
	u.Wait()
	img := u.Win.Canvas().Capture()
	f, _ := os.Create("/tmp/h4/tmpl.png")
	png.Encode(f, img)
	f.Close()
}
