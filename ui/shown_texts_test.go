package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// shownTexts is every text drawn under o, one a line: what the renderers
// of its widgets paint (labels, buttons, a select's choice and its
// placeholder, an entry's text and placeholder, rich text), hidden ones
// left out.
func shownTexts(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, x := range test.LaidOutObjects(o) {
		if t, ok := x.(*canvas.Text); ok && t.Visible() && strings.TrimSpace(t.Text) != "" {
			b.WriteString(t.Text + "\n")
		}
	}
	return b.String()
}
