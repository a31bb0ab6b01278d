package ui

import (
	"fmt"
	"reflect"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/i18n"
)

// The layout checks walk what the window shows, as Fyne's test driver has
// laid it out (every object's position and size), and say what the owner
// would see go wrong on a laptop screen: the window growing past the
// screen, a widget outside it, a text cut, a catalog key or English on a
// screen in another language.

// laptopSizes are the screens the app must fit, whole (issue 17).
var laptopSizes = []fyne.Size{{Width: 1280, Height: 720}, {Width: 1366, Height: 768}}

// slack absorbs float rounding in Fyne's layouts (a half pixel here and
// there); anything beyond it is a real overflow.
const slack = 1

// layoutChecker gathers the problems of one language's screens.
type layoutChecker struct {
	lang   i18n.Lang
	words  *wordCheck
	win    fyne.Size
	where  string                     // "fr 1280x720 invoices": the problem's place
	seen   map[string]bool            // a problem said once per place and text
	data   map[fyne.CanvasObject]bool // widgets whose words are a file's
	issues []string
}

func (c *layoutChecker) fail(format string, args ...any) {
	msg := c.where + ": " + fmt.Sprintf(format, args...)
	if c.seen[msg] {
		return
	}
	c.seen[msg] = true
	c.issues = append(c.issues, msg)
}

// span is the part of the window an object may use on one axis: the
// window, or nothing (unbounded) inside a scroll along its direction.
type span struct {
	lo, hi  float32
	bounded bool
}

// clip is where an object is: the room it may use, and whether it is a
// table's cell.
type clip struct {
	x, y  span
	table bool
}

// checkCanvas checks what the canvas shows: its content and the dialogs
// over it. The content's minimum size is the window's: the desktop driver
// grows the window to it, past the screen when it is larger.
func (c *layoutChecker) checkCanvas(cv fyne.Canvas) {
	c.win = cv.Size()
	content := cv.Content()
	min := content.MinSize().Add(fyne.NewSquareSize(2 * theme.Padding()))
	if min.Width > c.win.Width+slack || min.Height > c.win.Height+slack {
		c.fail("the window would grow to %.0f×%.0f: %s", min.Width, min.Height, widest(content, c.win))
	}
	whole := clip{x: span{0, c.win.Width, true}, y: span{0, c.win.Height, true}}
	c.walk(content, content.Position(), whole, "")
	for _, o := range cv.Overlays().List() {
		c.walk(o, o.Position(), whole, "dialog ")
	}
}

// checkScreen: the screen fits its place beside the navigation. Each
// screen scrolls in a place of its own (fitScreen), so a screen too large
// no longer grows the window: it would scroll sideways or down, its
// buttons out of sight until then.
func (c *layoutChecker) checkScreen(screen fyne.CanvasObject, place fyne.Size) {
	min := screen.MinSize()
	if min.Width > place.Width+slack || min.Height > place.Height+slack {
		c.fail("the screen needs %.0f×%.0f, it has %.0f×%.0f: %s", min.Width, min.Height, place.Width, place.Height, widest(screen, place))
	}
}

// widest names the chain of objects from o down to a leaf, each time the
// child that needs the most room: the cause to fix is along it (four
// columns as wide as their widest header, a label that does not wrap).
func widest(o fyne.CanvasObject, win fyne.Size) string {
	var path []string
	for depth := 0; o != nil && depth < 40; depth++ {
		path = append(path, describe(o))
		var next fyne.CanvasObject
		var best float32
		for _, ch := range children(o) {
			if !ch.Visible() {
				continue
			}
			m := ch.MinSize()
			over := max(m.Width-win.Width, m.Height-win.Height)
			if next == nil || over > best {
				next, best = ch, over
			}
		}
		if next == nil {
			break
		}
		o = next
	}
	return strings.Join(path, " > ")
}

// describe names an object for a problem: its type, minimum size and text.
func describe(o fyne.CanvasObject) string {
	name := reflect.TypeOf(o).String()
	m := o.MinSize()
	if s := shownText(o); s != "" {
		return fmt.Sprintf("%s(min %.0f×%.0f %q)", name, m.Width, m.Height, cut(s, 40))
	}
	return fmt.Sprintf("%s(min %.0f×%.0f)", name, m.Width, m.Height)
}

// children are the objects an object draws: a container's, or a widget's
// renderer's. Widgets whose insides are theirs alone (a label, a button,
// an entry) are leaves: they are checked as a whole.
func children(o fyne.CanvasObject) []fyne.CanvasObject {
	if asEntry(o) != nil {
		return nil // an entry of ours (ShortcutEntry, DateEntry) is an entry
	}
	switch w := o.(type) {
	case *fyne.Container:
		return w.Objects
	case *widget.Label, *widget.Button, *widget.Check, *widget.Entry, *widget.Select, *widget.SelectEntry,
		*widget.Hyperlink, *widget.RichText, *widget.Icon, *widget.ProgressBar, *widget.ProgressBarInfinite,
		*widget.Separator, *widget.Slider, *widget.FileIcon, *widget.Activity:
		return nil
	case fyne.Widget:
		return test.WidgetRenderer(w).Objects()
	}
	return nil
}

// asEntry is the entry o is, or embeds (the app's entries that hand
// shortcuts on, its date entry); nil for any other object.
func asEntry(o fyne.CanvasObject) *widget.Entry {
	if e, ok := o.(*widget.Entry); ok {
		return e
	}
	v := reflect.ValueOf(o)
	for v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().Kind() == reflect.Struct {
		f := v.Elem().FieldByName("Entry")
		if !f.IsValid() || !f.CanAddr() {
			return nil
		}
		if e, ok := f.Addr().Interface().(*widget.Entry); ok {
			return e
		}
		v = f.Addr()
	}
	return nil
}

// shownText is the text a leaf shows.
func shownText(o fyne.CanvasObject) string {
	if e := asEntry(o); e != nil {
		if e.Text != "" {
			return e.Text
		}
		return e.PlaceHolder
	}
	switch w := o.(type) {
	case *widget.Label:
		return w.Text
	case *widget.Button:
		return w.Text
	case *widget.Check:
		return w.Text
	case *widget.Hyperlink:
		return w.Text
	case *widget.Select:
		if w.Selected != "" {
			return w.Selected
		}
		return w.PlaceHolder
	case *widget.RichText:
		return w.String()
	case *canvas.Text:
		return w.Text
	}
	return ""
}

func (c *layoutChecker) walk(o fyne.CanvasObject, pos fyne.Position, in clip, path string) {
	if o == nil || !o.Visible() {
		return
	}
	size := o.Size()
	if size.Width <= 0 && size.Height <= 0 {
		return // not laid out: a list's spare row, a popup's empty slot
	}
	kind := reflect.TypeOf(o).String()
	if strings.Contains(kind, "Shadow") {
		return // shadows fall outside their widget by design
	}
	_, isWidget := o.(fyne.Widget)
	_, isText := o.(*canvas.Text)
	label := shownText(o)
	if isWidget || isText {
		c.checkInside(o, pos, size, in, path+kind, label)
	}
	if isWidget {
		c.checkFits(o, size, in, path+kind, label)
	}
	c.checkWords(o)

	if _, ok := o.(*widget.Table); ok {
		in.table = true
	}
	if s, ok := o.(*container.Scroll); ok {
		// Inside a scroll the content may be larger than the window: it
		// scrolls. What must fit is the scroll itself (checked above).
		inner := in
		if s.Direction == container.ScrollBoth || s.Direction == container.ScrollHorizontalOnly {
			inner.x = span{}
		}
		if s.Direction == container.ScrollBoth || s.Direction == container.ScrollVerticalOnly {
			inner.y = span{}
		}
		in = inner
	}
	for _, ch := range children(o) {
		c.walk(ch, pos.Add(ch.Position()), in, path)
	}
}

// checkInside: the object lies within the window (or its scroll).
func (c *layoutChecker) checkInside(o fyne.CanvasObject, pos fyne.Position, size fyne.Size, in clip, kind, label string) {
	out := func(s span, lo, hi float32) bool { return s.bounded && (lo < s.lo-slack || hi > s.hi+slack) }
	if out(in.x, pos.X, pos.X+size.Width) || out(in.y, pos.Y, pos.Y+size.Height) {
		if label == "" {
			label = describe(o)
		}
		c.fail("%s %q is outside the window (at %.0f,%.0f size %.0f×%.0f)", kind, cut(label, 60), pos.X, pos.Y, size.Width, size.Height)
	}
}

// checkFits: a widget has the room it needs; a text widget shows its
// whole text (a text truncated with an ellipsis is cut too).
func (c *layoutChecker) checkFits(o fyne.CanvasObject, size fyne.Size, in clip, kind, label string) {
	th := theme.Current()
	inner := th.Size(theme.SizeNameInnerPadding)
	need := func(text string, style fyne.TextStyle, sizeName fyne.ThemeSizeName) float32 {
		if sizeName == "" {
			sizeName = theme.SizeNameText
		}
		var w float32
		for _, line := range strings.Split(text, "\n") {
			w = max(w, fyne.MeasureText(line, th.Size(sizeName), style).Width)
		}
		return w
	}
	cutText := func(needed float32) {
		c.fail("%s %q is cut: %.0f px of text in %.0f", kind, cut(label, 60), needed, size.Width)
	}
	if e := asEntry(o); e != nil {
		o = e
	}
	switch w := o.(type) {
	case *widget.Label:
		if w.Wrapping != fyne.TextWrapOff || w.Text == "" {
			return // wrapped text takes the lines it needs
		}
		n := need(w.Text, w.TextStyle, w.SizeName) + 2*inner
		if n <= size.Width+slack {
			return
		}
		// A table's cell may end in "…" on data longer than its column (a
		// customer's name; the whole name is on the customer's page),
		// never on the app's own words, nor clipped without the sign.
		if in.table && w.Truncation == fyne.TextTruncateEllipsis && !c.words.ownWords(w.Text) {
			return
		}
		cutText(n)
		return
	case *widget.Hyperlink:
		if w.Wrapping != fyne.TextWrapOff || w.Text == "" {
			return
		}
		if n := need(w.Text, w.TextStyle, w.SizeName) + 2*inner; n > size.Width+slack {
			cutText(n)
		}
		return
	case *widget.Entry:
		if w.MultiLine {
			return // it scrolls
		}
		// A box too narrow for its hint or value ("YYYY" of a date).
		for _, s := range []string{w.PlaceHolder, w.Text} {
			if s == "" {
				continue
			}
			if n := need(s, w.TextStyle, "") + 2*inner + 2*th.Size(theme.SizeNameInputBorder); n > size.Width+slack {
				label = s
				cutText(n)
			}
		}
		return
	case *widget.Select:
		for _, s := range []string{w.Selected, w.PlaceHolder} {
			if s == "" {
				continue
			}
			// The text, its padding and the drop-down arrow, as Fyne's
			// select lays them out (it ends a longer text in "…").
			if n := need(s, fyne.TextStyle{}, "") + 4*inner + th.Size(theme.SizeNameInlineIcon); n > size.Width+slack {
				label = s
				cutText(n)
			}
		}
		return
	}
	if b, ok := o.(*widget.Button); ok && b.Text == "" && b.Icon != nil {
		// An icon's button (an entry's calendar) may be a few pixels
		// short of its padding: what matters is that the icon shows.
		if icon := th.Size(theme.SizeNameInlineIcon); size.Width+slack < icon || size.Height+slack < icon {
			c.fail("%s (an icon) is squeezed: %.0f×%.0f", kind, size.Width, size.Height)
		}
		return
	}
	m := o.MinSize()
	if m.Width > size.Width+slack || m.Height > size.Height+slack {
		if label == "" {
			label = describe(o)
		}
		c.fail("%s %q is squeezed: needs %.0f×%.0f, has %.0f×%.0f", kind, cut(label, 60), m.Width, m.Height, size.Width, size.Height)
	}
}
