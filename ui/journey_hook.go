package ui

import (
	"encoding/json"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// The journey test (scripts/journey-gui.sh) drives the real app under Xvfb
// with xdotool. It needs to know what the window shows, and where, to
// click and to notice an error dialog: JourneyLog writes that to a file.
// Test only: cmd/relance calls it when RELANCE_JOURNEY_LOG is set, never
// otherwise.

// JourneyState is what the journey log holds (JSON), rewritten whole.
type JourneyState struct {
	Seq     int             `json:"seq"`
	Screen  string          `json:"screen"`
	Scale   float32         `json:"scale"`
	Width   float32         `json:"width"`
	Height  float32         `json:"height"`
	Focused string          `json:"focused"`
	Texts   []string        `json:"texts"` // the screen's labels
	Dialogs []JourneyDialog `json:"dialogs"`
	Errors  []string        `json:"errors"` // every error dialog shown so far
	Objects []JourneyObject `json:"objects"`
	// The Dunning run's and Replies' lists (a list's rows are not
	// walked): Loaded once the screen's read is in, Rows what it lists.
	Loaded bool     `json:"loaded"`
	Rows   []string `json:"rows"`
}

// JourneyDialog is an overlay (dialog, pop-up menu) and the texts it shows.
type JourneyDialog struct {
	Texts []string `json:"texts"`
}

// JourneyObject is a button, entry, select or check on screen, with its
// centre in pixels (the canvas's scale applied), in the window.
type JourneyObject struct {
	Kind    string `json:"kind"`
	Text    string `json:"text"`
	X       int    `json:"x"`
	Y       int    `json:"y"`
	Overlay int    `json:"overlay"` // 0: the window; n: the n-th overlay
	Enabled bool   `json:"enabled"`
}

// JourneyLog writes the state to path every interval until the app quits.
// The save dialog stays Fyne's own: the journey types the file's name in
// it.
func (u *UI) JourneyLog(path string, interval time.Duration) {
	u.journeyCells = map[*widget.Button]string{}
	go func() {
		seq := 0
		last := ""
		for {
			time.Sleep(interval)
			var st JourneyState
			fyne.DoAndWait(func() { st = u.journeyState() })
			b, err := json.MarshalIndent(st, "", " ")
			if err != nil {
				continue
			}
			if string(b) == last {
				continue
			}
			last = string(b)
			seq++
			st.Seq = seq
			b, _ = json.MarshalIndent(st, "", " ")
			// Written aside then renamed: the test never reads half a file.
			if os.WriteFile(path+".tmp", b, 0o644) == nil {
				os.Rename(path+".tmp", path)
			}
		}
	}()
}

// journeyLabels are the form labels of the fields met in a walk (UI goroutine only).
var journeyLabels = map[fyne.CanvasObject]string{}

func (u *UI) journeyState() JourneyState {
	clear(journeyLabels)
	c := u.Win.Canvas()
	st := JourneyState{Screen: u.current, Scale: c.Scale(), Width: c.Size().Width, Height: c.Size().Height,
		Errors: append([]string(nil), u.journeyErrs...)}
	d := fyne.CurrentApp().Driver()
	add := func(o fyne.CanvasObject, overlay int) {
		kind, text, enabled := journeyKind(o)
		if kind == "" || !o.Visible() {
			return
		}
		p := d.AbsolutePositionForObject(o)
		s := o.Size()
		if kind == "accordion" {
			s.Height = 36 // its first item's header, not the whole
		}
		st.Objects = append(st.Objects, JourneyObject{Kind: kind, Text: text, Overlay: overlay, Enabled: enabled,
			X: int((p.X + s.Width/2) * c.Scale()), Y: int((p.Y + s.Height/2) * c.Scale())})
	}
	journeyWalk(c.Content(), func(o fyne.CanvasObject) {
		if t := journeyText(o); t != "" && len(st.Texts) < 400 {
			st.Texts = append(st.Texts, t)
		}
		add(o, 0)
	})
	for i, o := range c.Overlays().List() {
		var texts []string
		journeyWalk(o, func(o fyne.CanvasObject) {
			if t := journeyText(o); t != "" {
				texts = append(texts, t)
			}
			add(o, i+1)
		})
		st.Dialogs = append(st.Dialogs, JourneyDialog{Texts: texts})
	}
	// The invoice table's buttons (a table's cells are not walked).
	if u.current == ScreenInvoices {
		for b, number := range u.journeyCells {
			if b.Visible() && b.Text != "" {
				kind, text, enabled := journeyKind(b)
				p := d.AbsolutePositionForObject(b)
				if p.X <= 0 && p.Y <= 0 {
					continue
				}
				s := b.Size()
				st.Objects = append(st.Objects, JourneyObject{Kind: kind, Text: text + "@" + number, Enabled: enabled,
					X: int((p.X + s.Width/2) * c.Scale()), Y: int((p.Y + s.Height/2) * c.Scale())})
			}
		}
	}
	st.Loaded, st.Rows = u.journeyRows()
	// After the walks: a form field's label is known by then.
	if f := c.Focused(); f != nil {
		if o, ok := f.(fyne.CanvasObject); ok {
			_, st.Focused, _ = journeyKind(o)
			if st.Focused == "" {
				st.Focused = journeyText(o)
			}
		}
	}
	return st
}

func journeyKind(o fyne.CanvasObject) (kind, text string, enabled bool) {
	switch w := o.(type) {
	case *widget.Button:
		return "button", w.Text, !w.Disabled()
	case *ShortcutEntry:
		return "entry", journeyLabels[o] + "|" + w.PlaceHolder + "|" + w.Text, !w.Disabled()
	case *widget.Entry:
		return "entry", journeyLabels[o] + "|" + w.PlaceHolder + "|" + w.Text, !w.Disabled()
	case *widget.Select:
		return "select", journeyLabels[o] + "|" + w.Selected, !w.Disabled()
	case *widget.Check:
		return "check", w.Text, !w.Disabled()
	case *widget.Hyperlink:
		return "link", w.Text, true
	case *widget.Accordion:
		if len(w.Items) > 0 {
			return "accordion", w.Items[0].Title, true
		}
	}
	return "", "", false
}

func journeyText(o fyne.CanvasObject) string {
	switch w := o.(type) {
	case *widget.Label:
		return w.Text
	case *widget.RichText:
		return w.String()
	case *widget.Button:
		return "[" + w.Text + "]"
	case *widget.Entry:
		return "entry:" + w.PlaceHolder
	case *ShortcutEntry:
		return "entry:" + w.PlaceHolder
	case *widget.Select:
		return "select:" + w.Selected
	case *widget.Check:
		return "check:" + w.Text
	}
	return ""
}

// journeyWalk visits o and what it holds, through the containers and
// widgets whose children are public (a widget's renderer is not).
func journeyWalk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	journeyWalkLabel(o, "", fn)
}

// journeyWalkLabel walks o, a form's field named label ("" otherwise).
func journeyWalkLabel(o fyne.CanvasObject, label string, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	journeyLabels[o] = label
	fn(o)
	switch w := o.(type) {
	case *fyne.Container:
		// A form field made of several objects: its label is theirs.
		for _, c := range w.Objects {
			journeyWalkLabel(c, label, fn)
		}
	case *container.Scroll:
		journeyWalk(w.Content, fn)
	case *container.Split:
		journeyWalk(w.Leading, fn)
		journeyWalk(w.Trailing, fn)
	case *widget.PopUp:
		journeyWalk(w.Content, fn)
	case *widget.Card:
		journeyWalk(w.Content, fn)
	case *widget.Form:
		for _, it := range w.Items {
			journeyWalkLabel(it.Widget, it.Text, fn)
		}
	case *container.AppTabs:
		if s := w.Selected(); s != nil {
			journeyWalk(s.Content, fn)
		}
	case *widget.Accordion:
		for _, it := range w.Items {
			if it.Open {
				journeyWalk(it.Detail, fn)
			}
		}
	}
}

// journeyRows is what the shown screen's list holds: the run's proposed
// letters (customer, kind, channel), the replies (class, customer, the
// letter answered, subject).
func (u *UI) journeyRows() (loaded bool, rows []string) {
	switch {
	case u.current == ScreenRun && u.run != nil:
		for _, a := range u.run.Actions {
			rows = append(rows, a.CustomerCode+"|"+string(a.Kind)+"|"+string(a.Channel))
		}
		return u.run.loaded, rows
	case u.current == ScreenReplies && u.replies != nil:
		for _, m := range u.replies.Items {
			rows = append(rows, m.Class+"|"+m.CustomerCode+"|"+m.LetterMsgID+"|"+m.Subject)
		}
		return u.replies.loaded, rows
	}
	return false, nil
}

// journeyCell notes a table button showing invoice number's row.
func (u *UI) journeyCell(b *widget.Button, number string) {
	if u.journeyCells != nil {
		u.journeyCells[b] = number
	}
}

// journeyError notes an error dialog for the journey log.
func (u *UI) journeyError(text string) {
	if len(u.journeyErrs) < 50 {
		u.journeyErrs = append(u.journeyErrs, strings.TrimSpace(text))
	}
}
