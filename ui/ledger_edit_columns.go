package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// columnsLayout lays objects out in rows of n, each column as wide as its
// widest cell (a grid's equal columns made a customer's invoices wider
// than the pane: six times the invoice number's width), the width left
// over given to the last column; rows are as tall as their tallest cell.
type columnsLayout struct{ n int }

func (c columnsLayout) widths(objs []fyne.CanvasObject) ([]float32, []float32) {
	w := make([]float32, c.n)
	var h []float32
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		col, row := i%c.n, i/c.n
		w[col] = max(w[col], m.Width)
		for len(h) <= row {
			h = append(h, 0)
		}
		h[row] = max(h[row], m.Height)
	}
	return w, h
}

func (c columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w, h := c.widths(objs)
	pad := theme.Padding()
	var s fyne.Size
	for _, x := range w {
		s.Width += x
	}
	for _, y := range h {
		s.Height += y
	}
	if c.n > 1 {
		s.Width += pad * float32(c.n-1)
	}
	if len(h) > 1 {
		s.Height += pad * float32(len(h)-1)
	}
	return s
}

func (c columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w, h := c.widths(objs)
	if extra := size.Width - c.MinSize(objs).Width; extra > 0 {
		w[c.n-1] += extra
	}
	pad := theme.Padding()
	var y float32
	for row := 0; row*c.n < len(objs); row++ {
		var x float32
		for col := 0; col < c.n && row*c.n+col < len(objs); col++ {
			o := objs[row*c.n+col]
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(w[col], h[row]))
			x += w[col] + pad
		}
		y += h[row] + pad
	}
}

// newColumns is a container laid out by columnsLayout.
func newColumns(n int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(columnsLayout{n}, objs...)
}
