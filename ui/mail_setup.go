package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
)

// MailSetup is the mail account's setup: Settings → Mail account, and
// the dialog that Send reminder, Check the inbox and a campaign send open
// when there is no account. The owner gives an address and a name, Find
// settings proposes the servers (discovery, off the UI goroutine), the
// owner signs in with the provider or types a password, Test sends a
// message to the owner's own address and looks for it in the inbox (what
// the form holds, not what was saved), Save keeps it. The servers and the
// rest are folded away under Advanced settings, each with the widget its
// kind takes. Exposed for tests.
type MailSetup struct {
	Address, Name *widget.Entry
	Find          *widget.Button
	// Found says what Find found (the provider, how, the servers) or why
	// it found nothing.
	Found *widget.Label
	// SignIn is "Sign in with Microsoft / Google": shown when the
	// provider takes OAuth2 and a client ID is configured.
	SignIn *widget.Button
	// Hint says which password the provider takes (an app password: where
	// it is made, through AppPassword).
	Hint        *widget.Label
	AppPassword *widget.Hyperlink
	Password    *widget.Entry
	// IMAPPassword is under Advanced: only for an IMAP server whose
	// password differs from the SMTP one.
	IMAPPassword *widget.Entry
	Advanced     *widget.Accordion
	Entries      map[string]*widget.Entry  // text and number settings
	Checks       map[string]*widget.Check  // yes/no settings
	Security     map[string]*widget.Select // smtp_security, imap_security
	Choices      map[string]*widget.Select // one of a few values (auth, oauth_provider)
	Secrets      map[string]*widget.Entry  // typed anew or left as saved
	Test, Save   *widget.Button
	Result       *widget.Label

	detect   latest
	detected *app.DetectResult
	values   map[string]string // as read, for the settings the form does not show
	saved    func()            // after Save (the inline dialog goes on)
	address  *ShortcutEntry    // the widget shown for Address (what takes focus)
}

// securityChoice is one security setting and its label's key.
type securityChoice struct {
	value app.Security
	label string
}

// securityChoices are the security settings in the order a Select offers
// them, with their labels' keys.
var securityChoices = []securityChoice{{app.SecurityTLS, "ui.security_tls"}, {app.SecurityStartTLS, "ui.security_starttls"}, {app.SecurityNone, "ui.security_none"}}

// topKeys are the settings above the fold.
var topKeys = map[string]bool{"from_address": true, "from_name": true}

// mailSetup builds the setup over the account's values as read (off the
// UI goroutine, by the caller). saved runs after a successful Save.
func (u *UI) mailSetup(values map[string]string, saved func()) (*MailSetup, fyne.CanvasObject) {
	s := &MailSetup{Entries: map[string]*widget.Entry{}, Checks: map[string]*widget.Check{}, Security: map[string]*widget.Select{},
		Choices: map[string]*widget.Select{}, Secrets: map[string]*widget.Entry{}, values: values, saved: saved}
	// The fields hand the window's shortcuts on (ShortcutEntry): the
	// struct keeps their Entry, the form shows them.
	address, name := u.newEntry(), u.newEntry()
	s.Address, s.address = &address.Entry, address
	s.Address.SetPlaceHolder(u.t("ui.setup_address_placeholder"))
	s.Address.SetText(values["from_address"])
	s.Name = &name.Entry
	s.Name.SetPlaceHolder(u.t("ui.setup_name_placeholder"))
	s.Name.SetText(values["from_name"])
	s.Find = widget.NewButton(u.t("ui.setup_find"), func() { u.findSettings(s) })
	s.Find.Importance = widget.HighImportance
	s.Address.OnSubmitted = func(string) { u.findSettings(s) }
	s.Found = widget.NewLabel("")
	s.Found.Wrapping = fyne.TextWrapWord
	s.Hint = widget.NewLabel(u.t("ui.setup_hint_password"))
	s.Hint.Wrapping = fyne.TextWrapWord
	s.AppPassword = widget.NewHyperlink(u.t("ui.setup_app_password_link"), nil)
	s.AppPassword.Hide()
	s.SignIn = widget.NewButton("", func() { u.signInFromSetup(s) })
	s.SignIn.Importance = widget.HighImportance
	s.SignIn.Hide()
	if values["auth"] == "oauth2" && u.canSignIn(s) {
		// Signed in with the provider: signing in again is the way back
		// from a grant that is gone.
		s.SignIn.SetText(u.t("ui.setup_sign_in_with", providerName(values["oauth_provider"])))
		s.SignIn.Show()
		s.Hint.SetText(u.t("ui.setup_hint_or_password"))
	}
	password, imapPassword := u.newEntry(), u.newEntry()
	password.Password, imapPassword.Password = true, true
	s.Password, s.IMAPPassword = &password.Entry, &imapPassword.Entry
	s.IMAPPassword.SetPlaceHolder(u.t("ui.setup_imap_password_same"))
	s.Result = widget.NewLabel("")
	s.Result.Wrapping = fyne.TextWrapWord
	if values["tls_insecure"] == "true" {
		s.Result.SetText(u.t("ui.setup_tls_insecure_warning"))
	}

	// Advanced: every other setting, with the widget its kind takes. The
	// items first, the form once (Form.Append lays it out each time).
	var items []*widget.FormItem
	for _, k := range app.AccountKeys() {
		if topKeys[k] {
			continue
		}
		switch app.AccountFieldKind(k) {
		case app.FieldYesNo:
			c := widget.NewCheck(u.fieldLabel(k), nil)
			c.SetChecked(values[k] == "true")
			s.Checks[k] = c
			items = append(items, widget.NewFormItem("", c))
		case app.FieldSecurity:
			var labels []string
			for _, c := range securityChoices {
				labels = append(labels, u.t(c.label))
			}
			sel := u.newSelect(labels, nil)
			for _, c := range securityChoices {
				if string(c.value) == values[k] {
					sel.Selected = u.t(c.label)
				}
			}
			s.Security[k] = sel
			items = append(items, widget.NewFormItem(u.fieldLabel(k), sel))
		case app.FieldChoice:
			var labels []string
			for _, c := range app.AccountFieldChoices(k) {
				labels = append(labels, u.choiceLabel(k, c))
			}
			sel := u.newSelect(labels, nil)
			if values[k] != "" || len(labels) > 0 && app.AccountFieldChoices(k)[0] == "" {
				sel.Selected = u.choiceLabel(k, values[k])
			}
			s.Choices[k] = sel
			items = append(items, widget.NewFormItem(u.fieldLabel(k), sel))
		case app.FieldSecret:
			// Never shown again: left empty, it keeps what was saved.
			e := u.newEntry()
			e.Password = true
			if values[k] != "" {
				e.SetPlaceHolder(u.t("ui.setup_secret_kept"))
			}
			s.Secrets[k] = &e.Entry
			items = append(items, widget.NewFormItem(u.fieldLabel(k), e))
		default:
			e := u.newEntry()
			e.SetText(values[k])
			s.Entries[k] = &e.Entry
			items = append(items, widget.NewFormItem(u.fieldLabel(k), e))
		}
		if k == "imap_user" {
			items = append(items, widget.NewFormItem(u.t("ui.password_for", "IMAP"), imapPassword))
		}
	}
	if e := s.Entries["tls_ca"]; e != nil {
		e.SetPlaceHolder(u.t("ui.setup_ca_placeholder"))
	}
	s.Advanced = widget.NewAccordion(widget.NewAccordionItem(u.t("ui.setup_advanced"), widget.NewForm(items...)))

	s.Test = widget.NewButton(u.t("ui.setup_test"), func() { u.trySetup(s) })
	s.Save = widget.NewButton(u.t("ui.save"), func() { u.saveSetup(s) })
	s.Save.Importance = widget.HighImportance
	top := widget.NewForm(
		widget.NewFormItem(u.t("ui.setup_address"), container.NewBorder(nil, nil, nil, s.Find, address)),
		widget.NewFormItem(u.t("ui.setup_name"), name),
	)
	signIn := widget.NewForm(widget.NewFormItem(u.t("ui.setup_password"), password))
	body := container.NewVBox(top, s.Found, s.SignIn, s.Hint, s.AppPassword, signIn, s.Advanced,
		container.NewHBox(s.Test, s.Save), s.Result)
	return s, body
}

// pairs are the settings as the form holds them (SetAccount's keys).
func (s *MailSetup) pairs() map[string]string {
	out := map[string]string{"from_address": strings.TrimSpace(s.Address.Text), "from_name": s.Name.Text}
	for k, e := range s.Entries {
		out[k] = e.Text
	}
	for k, c := range s.Checks {
		out[k] = strconv.FormatBool(c.Checked)
	}
	for k, sel := range s.Security {
		out[k] = s.values[k]
		if i := sel.SelectedIndex(); i >= 0 {
			out[k] = string(securityChoices[i].value)
		}
	}
	for k, sel := range s.Choices {
		out[k] = s.values[k]
		if i := sel.SelectedIndex(); i >= 0 {
			out[k] = app.AccountFieldChoices(k)[i]
		}
	}
	for k, e := range s.Secrets {
		if e.Text != "" {
			out[k] = e.Text
		}
	}
	return out
}

// setChoice shows v in a choice Select.
func (s *MailSetup) setChoice(key, v string) {
	if sel := s.Choices[key]; sel != nil {
		for i, c := range app.AccountFieldChoices(key) {
			if c == v {
				sel.SetSelectedIndex(i)
			}
		}
	}
}

// choiceLabel names one value of a choice setting.
func (u *UI) choiceLabel(key, v string) string {
	if l := u.t("ui.choice." + key + "." + v); l != "ui.choice."+key+"."+v {
		return l
	}
	return v
}

func indexOf(cs []securityChoice, v app.Security) int {
	for i, c := range cs {
		if c.value == v {
			return i
		}
	}
	return -1
}

// setSecurity shows v in a security Select.
func (s *MailSetup) setSecurity(key string, v string) {
	sel := s.Security[key]
	if sel == nil {
		return
	}
	if i := indexOf(securityChoices, app.Security(v)); i >= 0 {
		sel.SetSelected(sel.Options[i])
	}
}

// typedPasswords are the passwords typed in the form: one for both
// servers, unless the IMAP one is given apart.
func (s *MailSetup) typedPasswords() map[string]string {
	typed := map[string]string{}
	if s.Password.Text != "" {
		typed["smtp"], typed["imap"] = s.Password.Text, s.Password.Text
	}
	if s.IMAPPassword.Text != "" {
		typed["imap"] = s.IMAPPassword.Text
	}
	return typed
}

// findSettings runs discovery for the address typed, off the UI
// goroutine (the network steps can take seconds; a new Find cancels the
// one still running), and fills the form with what it found, saving
// nothing.
func (u *UI) findSettings(s *MailSetup) {
	address := strings.TrimSpace(s.Address.Text)
	s.Found.SetText(u.t("ui.setup_finding", address))
	s.Found.Importance = widget.MediumImportance
	var r app.DetectResult
	u.loadLatest(&s.detect, func(ctx context.Context) error {
		var err error
		r, err = u.svc.DetectAccount(ctx, address)
		return err
	}, func(err error) {
		if err != nil {
			s.Found.Importance = widget.DangerImportance
			s.Found.SetText(u.errText(err) + "\n" + u.t("ui.setup_enter_servers"))
			s.Advanced.Open(0)
			return
		}
		s.detected = &r
		u.showFound(s, r)
	})
}

// showFound fills the form with a discovery's result and says it.
func (u *UI) showFound(s *MailSetup, r app.DetectResult) {
	for k, v := range app.DetectedSettings(r) {
		switch app.AccountFieldKind(k) {
		case app.FieldSecurity:
			s.setSecurity(k, v)
		case app.FieldChoice:
			s.setChoice(k, v)
		default:
			if e := s.Entries[k]; e != nil {
				e.SetText(v)
			}
		}
	}
	provider := r.Provider
	if provider == "" {
		provider = r.Domain
	}
	lines := []string{u.t("ui.setup_found", provider, u.stepText(r.Step))}
	lines = append(lines, u.t("cli.account_detect_smtp", r.SMTP.Host, r.SMTP.Port, u.securityText(r.SMTP.Security), r.SMTP.Username))
	if r.IMAP.Found() {
		lines = append(lines, u.t("cli.account_detect_imap", r.IMAP.Host, r.IMAP.Port, u.securityText(r.IMAP.Security), r.IMAP.Username))
	} else {
		lines = append(lines, u.t("ui.setup_no_imap"))
	}
	s.Found.Importance = widget.MediumImportance
	s.Found.SetText(strings.Join(lines, "\n"))

	// How to sign in: with the provider when it takes OAuth2 and the
	// business has registered an application (its client ID is set);
	// else the password the provider takes.
	s.SignIn.Hide()
	s.AppPassword.Hide()
	oauth := r.Has(app.SignInOAuth2) && u.canSignIn(s)
	if oauth {
		s.SignIn.SetText(u.t("ui.setup_sign_in_with", providerName(r.OAuth2Provider)))
		s.SignIn.Show()
	}
	switch {
	case r.Has(app.SignInApp):
		if oauth {
			s.Hint.SetText(u.t("ui.setup_hint_or_app_password", providerName(r.OAuth2Provider)))
		} else {
			s.Hint.SetText(u.t("ui.setup_hint_app_password", provider))
		}
		if link, err := url.Parse(r.AppPasswordURL); err == nil && r.AppPasswordURL != "" {
			s.AppPassword.SetURL(link)
			s.AppPassword.SetText(u.t("ui.setup_app_password_link"))
			s.AppPassword.Show()
		}
	case r.Has(app.SignInOAuth2) && !r.Has(app.SignInPassword) && !oauth:
		s.Hint.SetText(u.t("ui.setup_hint_oauth_only", providerName(r.OAuth2Provider)))
	case oauth:
		s.Hint.SetText(u.t("ui.setup_hint_or_password"))
	default:
		s.Hint.SetText(u.t("ui.setup_hint_password"))
	}
}

// canSignIn: a Sign in button only where the business has registered
// an application with the provider (its client ID is set; the project
// ships none) and the app can open a browser.
func (u *UI) canSignIn(s *MailSetup) bool {
	id := s.values["oauth_client_id"]
	if e := s.Entries["oauth_client_id"]; e != nil {
		id = e.Text
	}
	return u.signIn != nil && strings.TrimSpace(id) != ""
}

// signInWithProvider is the real sign-in (UI.signIn): the saved
// account's provider in the system browser, back through a loopback
// redirect (the service's SignIn); show says the address when no
// browser opens. The owner has ten minutes, and Cancel.
func (u *UI) signInWithProvider(ctx context.Context, lang i18n.Lang, show func(url string)) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	_, err := u.svc.SignIn(ctx, app.SignInOptions{Lang: lang, Show: func(url, _ string) { show(url) },
		OpenBrowser: func(link string) error {
			uri, err := url.Parse(link)
			if err != nil {
				return err
			}
			return u.App.OpenURL(uri)
		}}, false)
	return err
}

// providerName is an OAuth2 provider's name as the owner knows it.
func providerName(p string) string {
	switch p {
	case "google":
		return "Google"
	case "microsoft":
		return "Microsoft"
	}
	return p
}

// stepText says how discovery found the servers.
func (u *UI) stepText(s app.DetectStep) string {
	if s == app.StepISPDB {
		return u.t("cli.detect_step_ispdb", app.ISPDBCommit)
	}
	return u.t("cli.detect_step_" + string(s))
}

// securityText names a found server's security (TLS or STARTTLS: a
// discovery never proposes none).
func (u *UI) securityText(v app.Security) string {
	if v == app.SecurityNone {
		return u.t("ui.security_none")
	}
	return strings.ToUpper(string(v))
}

// setupPasswords are the passwords a trial or a send uses: those typed in
// the form, else the tests' (Options.Passwords), else those asked for
// this session; the service looks in the keyring for the rest.
func (u *UI) setupPasswords(typed map[string]string) app.Passwords {
	return func(server string) (string, error) {
		if p, ok := typed[server]; ok {
			return p, nil
		}
		if u.opt.Passwords != nil {
			return u.opt.Passwords(server)
		}
		u.mu.Lock()
		p, ok := u.passwords[server]
		u.mu.Unlock()
		if ok {
			return p, nil
		}
		return "", app.ErrNoPassword
	}
}

// trySetup tests what the form holds (nothing saved): the test message
// sent over SMTP to the owner's own address and looked for over IMAP,
// behind a progress dialog with Cancel (the look-up can take a minute).
func (u *UI) trySetup(s *MailSetup) {
	pairs, pw := s.pairs(), u.setupPasswords(s.typedPasswords())
	s.Result.Importance = widget.MediumImportance
	s.Result.SetText(u.t("ui.setup_testing", pairs["from_address"]))
	var trial *app.AccountTrial
	wait := u.trialWait
	u.task(u.t("ui.setup_test"), func(ctx context.Context, _ func(int, int)) error {
		var err error
		trial, err = u.svc.TryAccount(ctx, pairs, pw, app.TrialOptions{Lang: u.lang, Wait: wait})
		return err
	}, func(err error) {
		if err != nil {
			s.Result.Importance = widget.DangerImportance
			s.Result.SetText(u.errText(err))
			return
		}
		s.Result.Importance = widget.SuccessImportance
		if !trial.OK() {
			s.Result.Importance = widget.DangerImportance
		}
		s.Result.SetText(u.trialText(trial, pairs["from_address"]))
	})
}

// trialText says what a trial found, server by server.
func (u *UI) trialText(t *app.AccountTrial, address string) string {
	var lines []string
	for _, c := range t.Checks {
		switch {
		case !c.OK:
			// A connection's diagnosis names its server; other errors
			// (no password) are named here.
			var ce *app.ConnError
			text := u.errText(c.Err)
			if errors.Is(c.Err, app.ErrNoPassword) {
				text = u.t("ui.setup_no_password")
			}
			if !errors.As(c.Err, &ce) {
				text = strings.ToUpper(c.Server) + ": " + text
			}
			lines = append(lines, text)
		case c.Server == "smtp":
			lines = append(lines, u.t("ui.setup_test_sent", address))
		case t.Found:
			line := u.t("ui.setup_test_found", fmt.Sprintf("%.1f", t.FoundAfter.Seconds()))
			if c.SentFolder != "" {
				line += " " + u.t("cli.account_test_sent_folder", c.SentFolder)
			}
			lines = append(lines, line)
		default:
			lines = append(lines, u.t("cli.account_test_ok", "IMAP"))
		}
		if c.Insecure {
			lines = append(lines, u.t("ui.setup_tls_insecure_warning"))
		}
	}
	if len(t.Checks) == 1 {
		lines = append(lines, u.t("ui.setup_test_no_imap"))
	}
	return strings.Join(lines, "\n")
}

// saveSetup saves what the form holds (all or nothing: SetAccount's
// checks), then the passwords typed (the keyring, else this session
// only), and says so.
func (u *UI) saveSetup(s *MailSetup) {
	pairs, typed := s.pairs(), s.typedPasswords()
	if len(typed) > 0 && s.Choices["auth"] != nil {
		pairs["auth"] = "password" // a password typed is how it signs in
	}
	s.Save.Disable()
	u.load(func(ctx context.Context) error {
		_, err := u.svc.SetAccount(ctx, pairs)
		return err
	}, func(err error) {
		s.Save.Enable()
		if err != nil {
			s.Result.Importance = widget.DangerImportance
			s.Result.SetText(u.errText(err))
			return
		}
		for k, v := range pairs {
			s.values[k] = v
		}
		u.mu.Lock()
		for server, p := range typed {
			u.passwords[server] = p
		}
		u.mu.Unlock()
		s.Result.Importance = widget.SuccessImportance
		s.Result.SetText(u.t("ui.setup_saved", pairs["from_address"]))
		if len(typed) > 0 {
			u.rememberPasswords(typed, func() {
				s.Result.SetText(s.Result.Text + "\n" + u.t("ui.password_not_stored"))
			})
		}
		if s.saved != nil {
			s.saved()
		}
	})
}

// signInFromSetup saves the form (the provider's servers), then signs in
// with the provider through the system browser (off the UI goroutine);
// the send that opened the setup goes on after it.
func (u *UI) signInFromSetup(s *MailSetup) {
	pairs := s.pairs()
	provider := s.values["oauth_provider"]
	if s.detected != nil && s.detected.OAuth2Provider != "" {
		provider = s.detected.OAuth2Provider
	}
	pairs["auth"], pairs["oauth_provider"] = "oauth2", provider
	signIn, lang := u.signIn, u.lang
	show := func(url string) {
		u.do(func() { s.Result.SetText(u.t("ui.setup_sign_in_open", url)) })
	}
	u.task(s.SignIn.Text, func(ctx context.Context, _ func(int, int)) error {
		if _, err := u.svc.SetAccount(ctx, pairs); err != nil {
			return err
		}
		return signIn(ctx, lang, show)
	}, func(err error) {
		if err != nil {
			s.Result.Importance = widget.DangerImportance
			s.Result.SetText(u.errText(err))
			return
		}
		for k, v := range pairs {
			s.values[k] = v
		}
		s.setChoice("auth", "oauth2")
		s.setChoice("oauth_provider", provider)
		s.Result.Importance = widget.SuccessImportance
		s.Result.SetText(u.t("ui.setup_signed_in", providerName(provider)))
		if s.saved != nil {
			s.saved()
		}
	})
}

// accountValues reads the account's settings as text, off the UI
// goroutine.
func (u *UI) accountValues(ctx context.Context) (map[string]string, error) {
	a, err := u.svc.MailAccount(ctx)
	if err != nil {
		return nil, err
	}
	values := map[string]string{}
	for _, k := range app.AccountKeys() {
		values[k] = app.AccountValue(&a, k)
	}
	return values, nil
}

// withAccount runs then once the mail account can send (and read the
// inbox, with imap): at once when it can, else after the owner has set it
// up in the setup dialog, which says why it opened. The account is read
// off the UI goroutine.
func (u *UI) withAccount(imap bool, then func()) {
	var values map[string]string
	ready := false
	u.load(func(ctx context.Context) error {
		a, err := u.svc.MailAccount(ctx)
		if err != nil {
			return err
		}
		ready = a.Configured() && (!imap || a.IMAPConfigured())
		if !ready {
			values, err = u.accountValues(ctx)
		}
		return err
	}, func(err error) {
		switch {
		case err != nil:
			u.showErr(err)
		case ready:
			then()
		default:
			why := "ui.setup_why_send"
			if imap {
				why = "ui.setup_why_inbox"
			}
			u.setupDialog(values, u.t(why), then)
		}
	})
}

// SetupDialog is the setup opened inline (exposed for tests).
type SetupDialog struct {
	*MailSetup
	Close *widget.Button
	d     *dialog.CustomDialog
}

// setupDialog opens the setup in a dialog over what the owner was doing;
// after Save (or signing in) it closes and then runs.
func (u *UI) setupDialog(values map[string]string, why string, then func()) *SetupDialog {
	sd := &SetupDialog{}
	var body fyne.CanvasObject
	sd.MailSetup, body = u.mailSetup(values, func() {
		sd.d.Hide()
		if then != nil {
			then()
		}
	})
	intro := widget.NewLabel(why)
	intro.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(container.NewVBox(intro, body))
	scroll.SetMinSize(fyne.NewSize(760, 520))
	sd.Close = widget.NewButton(u.t("ui.cancel"), func() { sd.d.Hide() })
	sd.d = dialog.NewCustomWithoutButtons(u.t("ui.setup_title"), container.NewBorder(nil, container.NewHBox(sd.Close), nil, nil, scroll), u.Win)
	u.lastSetup = sd
	sd.d.Show()
	u.Win.Canvas().Focus(sd.address) // the widget on the window, not its Entry
	return sd
}

// signInAgain opens the setup over what the owner was doing when err is
// a grant that is gone (app.ErrSignInAgain: revoked, expired): it says
// so, with the Sign in button, and that the letters wait in the outbox.
// It reports whether it did.
func (u *UI) signInAgain(err error) bool {
	if !errors.Is(err, app.ErrSignInAgain) {
		return false
	}
	why := u.errText(err) + "\n" + u.t("ui.setup_letters_wait")
	var values map[string]string
	u.load(func(ctx context.Context) error {
		var err error
		values, err = u.accountValues(ctx)
		return err
	}, func(err error) {
		if err != nil {
			u.showErr(err)
			return
		}
		u.setupDialog(values, why, nil)
	})
	return true
}
