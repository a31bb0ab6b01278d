package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/assets"
	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// systemLang is the system's language among those Relance speaks (Fyne
// reads the locale; English when it is none of ours).
func systemLang(fyne.App) i18n.Lang {
	if l, ok := i18n.Parse(string(lang.SystemLocale())); ok {
		return l
	}
	return i18n.EN
}

// money and date say an amount and a date in the UI's language.
func (u *UI) money(minor int64, cur ledger.Currency) string {
	return app.FormatMoney(ledger.Language(u.lang), ledger.Money{Minor: minor, Currency: cur})
}

func (u *UI) date(d ledger.Date) string {
	if d.IsZero() {
		return ""
	}
	return app.FormatDate(ledger.Language(u.lang), d)
}

// shortDate is a date where a table has little room: numeric in French
// (28/09/2026), German (28.09.2026) and Serbian (28.09.2026.), the month abbreviated in English
// (28 Sep 2026), where a numeric date reads differently each side of the
// Atlantic.
func (u *UI) shortDate(d ledger.Date) string { return shortDateIn(u.lang, d) }

// shortDateIn is shortDate in language l (for work off the UI goroutine,
// which must not read u.lang).
func shortDateIn(l i18n.Lang, d ledger.Date) string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.Civil()
	switch l {
	case i18n.FR:
		return fmt.Sprintf("%02d/%02d/%d", day, m, y)
	case i18n.SRCyrl, i18n.SRLatn:
		return fmt.Sprintf("%02d.%02d.%d.", day, m, y)
	case i18n.DE:
		return fmt.Sprintf("%02d.%02d.%d", day, m, y)
	}
	return fmt.Sprintf("%d %s %d", day, time.Month(m).String()[:3], y)
}

// load runs work (a read or a write of the ledger) off the UI goroutine,
// then done on it with the result (no dialog: for work that is usually
// quick but may not be: a ledger on a slow disk, a million invoices, the
// write lock held by an import in relancectl).
func (u *UI) load(work func(ctx context.Context) error, done func(error)) {
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		err := work(context.Background())
		u.do(func() { done(err) })
	}()
}

// latest keeps only the answer to the newest of a series of requests (a
// preview recomposed on each change, a search on each key): an older one
// still running is cancelled, and its answer dropped if it comes anyway.
// Used on the UI goroutine only.
type latest struct {
	n      int
	cancel context.CancelFunc
}

// loadLatest is load for one request of the series l.
func (u *UI) loadLatest(l *latest, work func(ctx context.Context) error, done func(error)) {
	if l.cancel != nil {
		l.cancel()
	}
	l.n++
	n := l.n
	ctx, cancel := context.WithCancel(context.Background())
	l.cancel = cancel
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		err := work(ctx)
		cancel()
		u.do(func() {
			if n == l.n {
				done(err)
			}
		})
	}()
}

// later is a place on a screen that says "Loading…" until work, off the
// UI goroutine, has read what it needs; what it returns then builds the
// widgets in that place, on the UI goroutine. An error takes the place,
// in words.
func (u *UI) later(work func(ctx context.Context) (build func() fyne.CanvasObject, err error)) *fyne.Container {
	box := container.NewStack(widget.NewLabel(u.t("ui.loading")))
	var build func() fyne.CanvasObject
	u.load(func(ctx context.Context) error {
		var err error
		build, err = work(ctx)
		return err
	}, func(err error) {
		if err != nil {
			box.Objects = []fyne.CanvasObject{u.errLabel(err)}
		} else {
			box.Objects = []fyne.CanvasObject{build()}
		}
		box.Refresh()
	})
	return box
}

// errLabel shows an error in place of what could not be read.
func (u *UI) errLabel(err error) *widget.Label {
	l := widget.NewLabel(u.errText(err))
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	return l
}

// errText says an error in the UI's language when it carries a message: a
// refusal of the core (app.UserError), or any error that can say itself
// in a language (a connection's diagnosis, a file the import cannot read,
// a field refused, a template's line).
func (u *UI) errText(err error) string {
	var ue *app.UserError
	if errors.As(err, &ue) {
		return u.msgText(ue.Msg)
	}
	// A file's error names its reason: said in the GUI's wording too.
	var said interface {
		Say(i18n.Lang, func(i18n.Msg) string) string
	}
	if errors.As(err, &said) {
		return said.Say(u.lang, u.msgText)
	}
	var tr interface{ In(i18n.Lang) string }
	if errors.As(err, &tr) {
		return tr.In(u.lang)
	}
	// Go's own words ("no such file or directory", "exec: …") say what
	// happened to a programmer: said instead as what to do.
	if s, ok := u.osErrText(err); ok {
		return s
	}
	return u.t("oserr.other", err.Error())
}

// msgText says a message of the core in the UI's language, in its GUI
// wording where one is written ("gui." + its key): the core's messages
// that name a relancectl command say instead where the app does it.
func (u *UI) msgText(m i18n.Msg) string {
	args := u.argWords(m.Args)
	if cat, err := i18n.Catalog(i18n.EN); err == nil {
		if _, ok := cat["gui."+m.Key]; ok {
			return u.t("gui."+m.Key, args...)
		}
	}
	return u.t(m.Key, args...)
}

// argWords says the codes among a message's arguments in words: a letter
// kind ("reminder-1") becomes its name, an amount and a date are written
// as the owner's language writes them, a template's problem names its
// kind and language, an error of the system says what to do. The
// caller's slice is not changed.
func (u *UI) argWords(args []any) []any {
	var out []any
	for i, a := range args {
		var said any
		switch v := a.(type) {
		case ledger.LetterKind:
			said = u.kindLabel(v)
		case string:
			if k := ledger.LetterKind(v); k.Known() {
				said = u.kindLabel(k)
			}
		case ledger.Money:
			said = u.money(v.Minor, v.Currency)
		case ledger.Date:
			said = u.date(v)
		case *app.TemplateError:
			said = u.templateProblemText(v)
		case error:
			if s, ok := u.osErrText(v); ok {
				said = s
			}
		}
		if said == nil {
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = said
	}
	if out == nil {
		return args
	}
	return out
}

// showErr shows an error in a dialog.
func (u *UI) showErr(err error) {
	if err == nil {
		return
	}
	u.journeyError(u.errText(err))
	dialog.ShowError(errors.New(u.errText(err)), u.Win)
}

// info shows a short message.
func (u *UI) info(title, text string) {
	dialog.ShowInformation(title, text, u.Win)
}

// task runs slow work off the UI goroutine behind a dialog with a progress
// bar and a Cancel button; done runs on the UI goroutine afterwards.
func (u *UI) task(title string, work func(ctx context.Context, progress func(done, total int)) error, done func(error)) {
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBar()
	label := widget.NewLabel(title)
	var d *dialog.CustomDialog
	cancelBtn := widget.NewButton(u.t("ui.cancel"), func() { cancel() })
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(label, bar, cancelBtn), u.Win)
	d.Resize(fyne.NewSize(420, 160))
	d.Show()
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		err := work(ctx, func(n, total int) {
			u.do(func() {
				if total > 0 {
					bar.Max = float64(total)
					bar.SetValue(float64(n))
				}
			})
		})
		cancel()
		u.do(func() {
			d.Hide()
			if done != nil {
				done(err)
			}
		})
	}()
}

// passwordFor gives a server's password: from the test options, the
// session, or the account's keyring; without any, false (the caller
// asks). The keyring is a call to another process: off the UI goroutine.
func (u *UI) passwordFor(keyring app.Passwords, server string) (string, bool) {
	if u.opt.Passwords != nil {
		p, err := u.opt.Passwords(server)
		return p, err == nil
	}
	u.mu.Lock()
	p, ok := u.passwords[server]
	u.mu.Unlock()
	if ok {
		return p, true
	}
	p, err := keyring(server)
	return p, err == nil
}

// withPasswords makes sure both passwords are known (asking for a missing
// one, kept for the session only when the keyring is unavailable or holds
// none), then calls fn with them. The account and the keyring are read
// off the UI goroutine.
func (u *UI) withPasswords(servers []string, fn func(app.Passwords)) {
	var keyring app.Passwords
	var missing []string
	u.load(func(ctx context.Context) error {
		acct, err := u.svc.MailAccount(ctx)
		if err != nil {
			return err
		}
		keyring = app.KeyringPasswords(acct)
		if acct.Auth == app.AuthOAuth2 && u.opt.Passwords == nil {
			// Access tokens from the grant: nothing to ask; a grant that
			// is gone comes back as app.ErrSignInAgain from the action.
			return nil
		}
		for _, s := range servers {
			if _, ok := u.passwordFor(keyring, s); !ok {
				missing = append(missing, s)
			}
		}
		return nil
	}, func(err error) {
		if err != nil {
			u.showErr(err)
			return
		}
		u.askPasswords(keyring, missing, fn)
	})
}

// askPasswords asks for the missing passwords, if any, then calls fn.
func (u *UI) askPasswords(keyring app.Passwords, missing []string, fn func(app.Passwords)) {
	pw := func(server string) (string, error) {
		if p, ok := u.passwordFor(keyring, server); ok {
			return p, nil
		}
		return "", app.ErrNoPassword
	}
	if len(missing) == 0 {
		fn(pw)
		return
	}
	entries := map[string]*widget.Entry{}
	var items []*widget.FormItem
	for _, s := range missing {
		e := widget.NewPasswordEntry()
		entries[s] = e
		items = append(items, widget.NewFormItem(u.t("ui.password_for", strings.ToUpper(s)), e))
	}
	remember := widget.NewCheck(u.t("ui.password_remember"), nil)
	remember.SetChecked(true)
	items = append(items, widget.NewFormItem("", remember))
	dialog.ShowForm(u.t("ui.password_title"), u.t("ui.ok"), u.t("ui.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		typed := map[string]string{}
		for s, e := range entries {
			typed[s] = e.Text
			u.mu.Lock()
			u.passwords[s] = e.Text
			u.mu.Unlock()
		}
		if remember.Checked {
			u.rememberPasswords(typed, func() { u.info(u.t("ui.password_title"), u.t("ui.password_not_stored")) })
		}
		fn(pw)
	}, u.Win)
}

// rememberPasswords puts passwords in the keyring, off the UI goroutine;
// failed runs on it when the keyring refuses (they stay for the session).
func (u *UI) rememberPasswords(typed map[string]string, failed func()) {
	u.load(func(ctx context.Context) error {
		var first error
		for server, p := range typed {
			if err := u.svc.StorePassword(ctx, server, p); err != nil && first == nil {
				first = err
			}
		}
		return first
	}, func(err error) {
		if err != nil {
			failed()
		}
	})
}

// syncInbox reads the inbox now (Ctrl+R, the Replies screen's button);
// without an IMAP server the setup opens first, and the sync goes on
// after it.
func (u *UI) syncInbox(after func()) {
	u.withAccount(true, func() { u.syncInboxWith(after) })
}

func (u *UI) syncInboxWith(after func()) {
	u.withPasswords([]string{"imap"}, func(pw app.Passwords) {
		var rep *app.SyncReport
		u.task(u.t("ui.sync_title"), func(ctx context.Context, progress func(int, int)) error {
			var err error
			rep, err = u.svc.SyncInbox(ctx, pw, progress)
			return err
		}, func(err error) {
			if u.signInAgain(err) {
				return
			}
			if err != nil {
				u.showErr(err)
				return
			}
			u.notifyReplies(rep)
			if after != nil {
				after()
			}
		})
	})
}

// startWatch reads the inbox in the background while the window is open
// (IDLE where the server offers it, else every 5 minutes), with a desktop
// notification when replies arrive. Without a stored password it does
// nothing: the owner syncs by hand. The account and the keyring are read
// in the watcher's goroutine, not the UI's.
func (u *UI) startWatch() {
	ctx, cancel := context.WithCancel(context.Background())
	u.stopWatch = cancel
	svc := u.svc
	go func() {
		acct, err := svc.MailAccount(ctx)
		if err != nil || !acct.IMAPConfigured() {
			return
		}
		keyring := app.KeyringPasswords(acct)
		if _, ok := u.passwordFor(keyring, "imap"); !ok {
			return
		}
		svc.WatchInbox(ctx, func(server string) (string, error) {
			if p, ok := u.passwordFor(keyring, server); ok {
				return p, nil
			}
			return "", app.ErrNoPassword
		}, 5*time.Minute, func(rep *app.SyncReport, err error) {
			if err == nil {
				u.do(func() { u.notifyReplies(rep) })
			}
		})
	}()
}

func (u *UI) notifyReplies(rep *app.SyncReport) {
	if rep == nil || rep.Replies+rep.Bounces == 0 {
		return
	}
	u.App.SendNotification(fyne.NewNotification("Relance", u.t("ui.notify_replies", rep.Replies, rep.Bounces)))
	if u.current == ScreenReplies || u.current == ScreenHome {
		u.Show(u.current)
	}
}

// Icon is the app's icon.
func Icon() fyne.Resource { return fyne.NewStaticResource("icon.png", assets.Icon) }

// write changes the ledger off the UI goroutine (a write may wait for
// the lock an import holds); an error is shown, otherwise then runs on
// the UI goroutine.
func (u *UI) write(work func(ctx context.Context) error, then func()) {
	u.load(work, func(err error) {
		if err != nil {
			u.showErr(err)
			return
		}
		if then != nil {
			then()
		}
	})
}

// decodePreview decodes a preview's PNG, off the UI goroutine: given the
// bytes, Fyne would decode them when the image is refreshed, on the UI
// goroutine (5 to 10 ms a page).
func decodePreview(pic []byte) (image.Image, error) {
	img, err := png.Decode(bytes.NewReader(pic))
	if err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	return img, nil
}

// showPreview shows a decoded preview.
func showPreview(c *canvas.Image, img image.Image) {
	c.Resource = nil
	c.Image = img
	c.Refresh()
}
