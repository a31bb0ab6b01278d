package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// The window's shortcuts work whatever has focus. Fyne gives a key with
// Ctrl to the focused widget when it takes shortcuts (an Entry does) and
// to the canvas only otherwise, so an Entry would swallow Ctrl+1 or
// Ctrl+F. ShortcutEntry is the Entry the screens use: it hands the
// window's own shortcuts on and keeps every other one (copy, paste,
// select all, undo, word moves: the keys a text field needs).

// addShortcut registers fn for Ctrl (Cmd on macOS) and key, on the canvas
// and for the entries that hand it on.
func (u *UI) addShortcut(key fyne.KeyName, fn func()) {
	s := &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
	if u.keys == nil {
		u.keys = map[string]func(){}
	}
	u.keys[s.ShortcutName()] = fn
	u.Win.Canvas().AddShortcut(s, func(fyne.Shortcut) { fn() })
}

// runShortcut runs the window's shortcut s, if it is one.
func (u *UI) runShortcut(s fyne.Shortcut) bool {
	if s == nil || u.keys == nil {
		return false
	}
	fn, ok := u.keys[s.ShortcutName()]
	if ok {
		fn()
	}
	return ok
}

// ShortcutEntry is a widget.Entry that lets the window's shortcuts
// through (exposed for tests).
type ShortcutEntry struct {
	widget.Entry
	u *UI
}

// TypedShortcut runs the window's shortcut, else the Entry's own.
func (e *ShortcutEntry) TypedShortcut(s fyne.Shortcut) {
	if e.u != nil && e.u.runShortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// newEntry and newMultiLineEntry are the entries of the screens.
func (u *UI) newEntry() *ShortcutEntry {
	e := &ShortcutEntry{u: u}
	e.ExtendBaseWidget(e)
	return e
}

func (u *UI) newMultiLineEntry() *ShortcutEntry {
	e := u.newEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}
