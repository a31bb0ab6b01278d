// Package ui is Relance's desktop app: thin Fyne screens over
// app.Service, the same core relancectl drives. Nothing here computes a
// figure or writes the ledger itself; screens ask the service and show
// what it says. Slow work runs off the UI goroutine, and widgets change
// only through fyne.Do.
package ui

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// Options configure the UI.
type Options struct {
	Lang i18n.Lang // "" = the system's
	// Passwords, when set, replaces the keyring (tests). Otherwise the
	// keyring is read, and a password asked for is kept for the session.
	Passwords app.Passwords
	// NoWatch keeps the UI from watching the inbox (tests).
	NoWatch bool
	// Queue holds the widget updates of background work until Wait runs
	// them on the caller's goroutine (tests: Fyne's test driver runs
	// fyne.Do at once, on whatever goroutine calls it).
	Queue bool
	// Demo: the ledger is the demo one (the title and Home say DEMO);
	// OwnLedger, on a first run, is where the owner's own would be made.
	Demo      bool
	OwnLedger string
}

// UI is the main window and its screens.
type UI struct {
	App fyne.App
	Win fyne.Window
	svc *app.Service
	opt Options

	lang    i18n.Lang
	content *fyne.Container
	nav     *widget.List
	current string
	screens []screen
	built   map[string]fyne.CanvasObject

	// The last views opened, for tests.
	invoices        *InvoicesView
	customers       *CustomersView
	run             *RunView
	replies         *RepliesView
	templates       *TemplatesView
	imports         *ImportView
	settings        *SettingsView
	announcements   *AnnouncementsView
	bank            *BankView
	lastReminder    *ReminderDialog
	lastSetup       *SetupDialog
	welcome         *WelcomeDialog
	home            *HomeView
	lastPrint       string          // the file a campaign printed
	lastPrintDialog *PrintDialog    // the letters made for the post
	lastTracking    *TrackingDialog // registered letters' tracking numbers
	// savePath, when set, replaces the file save dialog (tests).
	savePath func(name string, then func(path string))
	edit     editState // the ledger-editing dialogs (ledger_edit.go)
	// journeyErrs are the error dialogs shown (JourneyLog, test only).
	journeyErrs []string
	// journeyCells are the table's buttons and their invoice (nil: no journey log).
	journeyCells map[*widget.Button]string

	// bg counts background work (tasks, table pages): Wait waits for it,
	// so tests read widgets only once nothing else touches them.
	bg    sync.WaitGroup
	qmu   sync.Mutex
	queue []func()

	// signIn signs the saved account in with its OAuth2 provider (nil:
	// no Sign in button). trialWait bounds a setup test's look-up in the
	// inbox (0: the service's default).
	signIn    func(ctx context.Context, lang i18n.Lang, show func(url string)) error
	trialWait time.Duration

	mu        sync.Mutex
	passwords map[string]string // asked for this session, never stored
	keys      map[string]func() // the window's shortcuts by name, for the entries that hand them on
	fit       fitCache          // texts shortened to a width (the template fields' meanings), kept across screens
	stopWatch context.CancelFunc
}

// screen is one entry of the navigation.
type screen struct {
	id    string
	title string // message key
	icon  fyne.Resource
	build func() fyne.CanvasObject
}

// Screen ids, in the navigation's order.
const (
	ScreenHome          = "home"
	ScreenInvoices      = "invoices"
	ScreenCustomers     = "customers"
	ScreenRun           = "run"
	ScreenReplies       = "replies"
	ScreenAnnouncements = "announcements"
	ScreenTemplates     = "templates"
	ScreenImport        = "import"
	ScreenSettings      = "settings"
	ScreenBank          = "bank"
)

// New builds the main window over svc.
func New(a fyne.App, svc *app.Service, o Options) *UI {
	u := &UI{App: a, svc: svc, opt: o, built: map[string]fyne.CanvasObject{}, passwords: map[string]string{}}
	u.lang = o.Lang
	u.signIn = u.signInWithProvider
	if u.lang == "" {
		u.lang = systemLang(a)
	}
	u.Win = a.NewWindow(u.windowTitle())
	u.Win.Resize(smallestScreen)
	u.screens = []screen{
		{ScreenHome, "ui.nav_home", theme.HomeIcon(), u.homeScreen},
		{ScreenInvoices, "ui.nav_invoices", theme.DocumentIcon(), u.invoicesScreen},
		{ScreenCustomers, "ui.nav_customers", theme.AccountIcon(), u.customersScreen},
		{ScreenRun, "ui.nav_run", theme.MailSendIcon(), u.runScreen},
		{ScreenReplies, "ui.nav_replies", theme.MailReplyIcon(), u.repliesScreen},
		{ScreenAnnouncements, "ui.nav_announcements", theme.InfoIcon(), u.announcementsScreen},
		{ScreenTemplates, "ui.nav_templates", theme.DocumentCreateIcon(), u.templatesScreen},
		{ScreenImport, "ui.nav_import", theme.UploadIcon(), u.importScreen},
		{ScreenSettings, "ui.nav_settings", theme.SettingsIcon(), u.settingsScreen},
		// The tenth screen: Ctrl+0 (shortcuts).
		{ScreenBank, "ui.nav_bank", theme.StorageIcon(), u.bankScreen},
	}
	u.content = container.NewStack()
	titles := make([]string, len(u.screens))
	for i, s := range u.screens {
		titles[i] = s.title
	}
	navWidest := navTemplate(titles)
	u.nav = widget.NewList(func() int { return len(u.screens) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel(navWidest))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Icon).SetResource(u.screens[i].icon)
			box.Objects[1].(*widget.Label).SetText(u.t(u.screens[i].title))
		})
	u.nav.OnSelected = func(i widget.ListItemID) { u.show(u.screens[i].id, false) }
	split := container.NewHSplit(u.nav, u.content)
	split.Offset = 0.16
	u.Win.SetContent(split)
	u.shortcuts()
	u.Show(ScreenHome)
	if !o.NoWatch {
		u.startWatch()
	}
	u.Win.SetOnClosed(func() {
		if u.stopWatch != nil {
			u.stopWatch()
		}
	})
	return u
}

// t translates a message key into the UI's language.
func (u *UI) t(key string, args ...any) string { return i18n.T(u.lang, key, args...) }

// Lang is the UI's language.
func (u *UI) Lang() i18n.Lang { return u.lang }

// today is the ledger's "today" (the service's clock, injected in tests).
func (u *UI) today() ledger.Date { return u.svc.Today() }

// Show opens a screen, built afresh (its figures are read again).
func (u *UI) Show(id string) { u.show(id, true) }

func (u *UI) show(id string, selectNav bool) {
	for i, s := range u.screens {
		if s.id != id {
			continue
		}
		obj := s.build()
		u.built[id] = obj
		u.current = id
		u.content.Objects = []fyne.CanvasObject{fitScreen(obj)}
		u.content.Refresh()
		if selectNav {
			u.nav.OnSelected = nil
			u.nav.Select(i)
			u.nav.OnSelected = func(i widget.ListItemID) { u.show(u.screens[i].id, false) }
		}
		return
	}
}

// do changes widgets from background work: through fyne.Do, or held for
// Wait (Options.Queue).
func (u *UI) do(fn func()) {
	if !u.opt.Queue {
		fyne.Do(fn)
		return
	}
	u.qmu.Lock()
	u.queue = append(u.queue, fn)
	u.qmu.Unlock()
}

// Wait waits until no background work is running and, with
// Options.Queue, runs the widget updates it left, until none is left.
func (u *UI) Wait() {
	for {
		u.bg.Wait()
		u.qmu.Lock()
		q := u.queue
		u.queue = nil
		u.qmu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, fn := range q {
			fn()
		}
	}
}

// Current is the screen shown.
func (u *UI) Current() string { return u.current }

// Content is what a screen shows (tests).
func (u *UI) Content(id string) fyne.CanvasObject { return u.built[id] }

// SetLang switches the interface's language and rebuilds what is shown.
func (u *UI) SetLang(l i18n.Lang) {
	u.lang = l
	u.Win.SetTitle(u.windowTitle())
	u.nav.Refresh()
	u.Show(u.current)
}

// shortcuts: Ctrl+1…9 open the first nine screens and Ctrl+0 the tenth
// (Bank), as on a keyboard's number row; Ctrl+R reads the inbox; Ctrl+P
// opens the dunning run (print); Ctrl+F the invoices with the cursor in
// their search. They work whatever has focus (shortcuts.go).
func (u *UI) shortcuts() {
	keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9, fyne.Key0}
	for i, k := range keys {
		if i >= len(u.screens) {
			break
		}
		id := u.screens[i].id
		u.addShortcut(k, func() { u.Show(id) })
	}
	u.addShortcut(fyne.KeyR, func() { u.syncInbox(nil) })
	u.addShortcut(fyne.KeyP, func() { u.Show(ScreenRun) })
	u.addShortcut(fyne.KeyF, u.findInvoice)
}

// findInvoice opens the invoices and puts the cursor in their search
// (Ctrl+F), from wherever the focus was: the navigation, a field.
func (u *UI) findInvoice() {
	// Already shown: its search and table stay as they are.
	if u.current != ScreenInvoices || u.invoices == nil {
		u.Show(ScreenInvoices)
	}
	if u.invoices != nil && u.invoices.Search != nil {
		u.Win.Canvas().Focus(u.invoices.Search)
	}
}
