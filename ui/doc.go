// Package ui will hold the Fyne screens of the desktop app (issue 7): thin
// views over internal/app, each declaring the small interface of services
// it needs. Nothing here yet: until the GUI lands, relancectl is the front
// end. It is the only tree besides cmd/relance allowed to import fyne.io.
package ui
