package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/assets"
	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/mail"
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
	return letter.FormatMoney(ledger.Language(u.lang), ledger.Money{Minor: minor, Currency: cur})
}

func (u *UI) date(d ledger.Date) string {
	if d.IsZero() {
		return ""
	}
	return letter.FormatDate(ledger.Language(u.lang), d)
}

// shortDate is a date where a table has little room: numeric in French
// (28/09/2026) and Serbian (28.09.2026.), the month abbreviated in English
// (28 Sep 2026), where a numeric date reads differently each side of the
// Atlantic.
func (u *UI) shortDate(d ledger.Date) string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.Civil()
	switch u.lang {
	case i18n.FR:
		return fmt.Sprintf("%02d/%02d/%d", day, m, y)
	case i18n.SRCyrl, i18n.SRLatn:
		return fmt.Sprintf("%02d.%02d.%d.", day, m, y)
	}
	return fmt.Sprintf("%d %s %d", day, time.Month(m).String()[:3], y)
}

// load runs a read off the UI goroutine, then done on it with the result
// (no dialog: for reads that are usually quick but may not be).
func (u *UI) load(work func(ctx context.Context) error, done func(error)) {
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		err := work(context.Background())
		u.do(func() { done(err) })
	}()
}

// errText says an error in the UI's language when it carries a message.
func (u *UI) errText(err error) string {
	var ue *app.UserError
	if errors.As(err, &ue) {
		return ue.Msg.In(u.lang)
	}
	var ce *mail.ConnError
	if errors.As(err, &ce) {
		return ce.In(u.lang)
	}
	return err.Error()
}

// showErr shows an error in a dialog.
func (u *UI) showErr(err error) {
	if err == nil {
		return
	}
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

// passwords gives the account's passwords: from the test options, the
// session, or the keyring; without any, nil (the caller asks).
func (u *UI) passwordFor(acct mail.Account, server string) (string, bool) {
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
	p, err := app.KeyringPasswords(acct)(server)
	return p, err == nil
}

// withPasswords makes sure both passwords are known (asking for a missing
// one, kept for the session only when the keyring is unavailable or holds
// none), then calls fn with them.
func (u *UI) withPasswords(servers []string, fn func(app.Passwords)) {
	acct, err := u.svc.MailAccount(context.Background())
	if err != nil {
		u.showErr(err)
		return
	}
	var missing []string
	for _, s := range servers {
		if _, ok := u.passwordFor(acct, s); !ok {
			missing = append(missing, s)
		}
	}
	pw := func(server string) (string, error) {
		if p, ok := u.passwordFor(acct, server); ok {
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
		for s, e := range entries {
			u.mu.Lock()
			u.passwords[s] = e.Text
			u.mu.Unlock()
			if remember.Checked {
				if err := u.svc.StorePassword(context.Background(), s, e.Text); err != nil {
					u.info(u.t("ui.password_title"), u.t("ui.password_not_stored"))
				}
			}
		}
		fn(pw)
	}, u.Win)
}

// syncInbox reads the inbox now (Ctrl+R, the Replies screen's button).
func (u *UI) syncInbox(after func()) {
	acct, err := u.svc.MailAccount(context.Background())
	if err != nil || !acct.IMAPConfigured() {
		u.info(u.t("ui.nav_replies"), u.t("inbox.no_imap"))
		return
	}
	u.withPasswords([]string{"imap"}, func(pw app.Passwords) {
		var rep *app.SyncReport
		u.task(u.t("ui.sync_title"), func(ctx context.Context, progress func(int, int)) error {
			var err error
			rep, err = u.svc.SyncInbox(ctx, pw, progress)
			return err
		}, func(err error) {
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
// nothing: the owner syncs by hand.
func (u *UI) startWatch() {
	acct, err := u.svc.MailAccount(context.Background())
	if err != nil || !acct.IMAPConfigured() {
		return
	}
	if _, ok := u.passwordFor(acct, "imap"); !ok {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	u.stopWatch = cancel
	go u.svc.WatchInbox(ctx, func(server string) (string, error) {
		if p, ok := u.passwordFor(acct, server); ok {
			return p, nil
		}
		return "", app.ErrNoPassword
	}, 5*time.Minute, func(rep *app.SyncReport, err error) {
		if err == nil {
			u.do(func() { u.notifyReplies(rep) })
		}
	})
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
