package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
)

// The letters for the post, made (nothing recorded yet), and what to do
// with them: Save as PDF… always (where the owner chooses, and said);
// Print on the printer chosen when CUPS's lp is there; else Open to print
// in the system's viewer when there is one; else a sentence saying there
// is neither. After saving or printing, Mark as posted records the letters
// (only then, through the service's recheck): one not marked stays
// proposed.

// printerPref is the app preference holding the printer last chosen: a
// printer belongs to the machine, not to the ledger.
const printerPref = "printer"

// PrintDialog is the dialog of letters made for the post (exposed for
// tests).
type PrintDialog struct {
	What       *widget.Label
	Notes      *widget.Label
	How        *widget.Label // the way this machine prints, or that it has none
	Printer    *widget.Select
	SavePDF    *widget.Button
	Print      *widget.Button // lp, or Open to print (the viewer)
	Result     *widget.Label  // where the letters went
	MarkPosted *widget.Button
	Close      *widget.Button
	Posted     *app.Posted // what Mark as posted recorded
	ways       app.PrintWays
	d          *dialog.CustomDialog
}

// printDialogWidth: the Serbian hint and a path of the data folder wrap
// in it on a 1280-pixel screen.
const printDialogWidth = 640

// fit sizes the dialog to what it now says: a dialog is laid out when
// shown and does not grow by itself.
func (p *PrintDialog) fit() { p.d.Resize(fyne.NewSize(printDialogWidth, 0)) }

// printJob is what the dialog prints and how it records it.
type printJob struct {
	name    string // the file's name, without ".pdf"
	pdf     []byte
	letters int
	pages   int
	notes   []string                                       // what the owner must know (left out, copies, no interest)
	mark    func(ctx context.Context) (*app.Posted, error) // Mark as posted
	after   func()                                         // once marked (the screen shows the plan again)
}

// printDialog opens the dialog for a job, with the ways this machine
// prints (found off the UI goroutine, with the letters: lpstat runs a
// process).
func (u *UI) printDialog(job printJob, ways app.PrintWays) *PrintDialog {
	p := &PrintDialog{ways: ways}
	p.What = widget.NewLabel(u.t("ui.print_what", job.letters, job.pages))
	p.Notes = widget.NewLabel(strings.Join(job.notes, "\n"))
	p.Notes.Wrapping = fyne.TextWrapWord
	p.Notes.Importance = widget.WarningImportance
	if len(job.notes) == 0 {
		p.Notes.Hide()
	}
	p.How = widget.NewLabel("")
	p.How.Wrapping = fyne.TextWrapWord
	p.Result = widget.NewLabel("")
	p.Result.Wrapping = fyne.TextWrapWord
	p.Printer = widget.NewSelect(nil, func(string) {})
	delivered := func(text string) {
		p.Result.Importance = widget.SuccessImportance
		p.Result.SetText(text)
		p.MarkPosted.Enable()
		p.fit()
	}
	failed := func(err error) {
		p.Result.Importance = widget.DangerImportance
		p.Result.SetText(u.errText(err))
		p.fit()
	}
	p.SavePDF = widget.NewButton(u.t("ui.save_pdf"), func() {
		u.chooseSavePath(app.SafeFileName(job.name)+".pdf", func(path string) {
			u.task(u.t("ui.save_pdf"), func(ctx context.Context, _ func(int, int)) error {
				return u.svc.SavePDFAs(path, job.pdf)
			}, func(err error) {
				if err != nil {
					failed(err)
					return
				}
				delivered(u.t("ui.saved_to", path))
			})
		})
	})
	p.Print = widget.NewButton(u.t("ui.print"), func() {
		printer := p.Printer.Selected
		var path string
		var how app.PrintHow
		u.task(u.t("ui.print"), func(ctx context.Context, _ func(int, int)) error {
			var err error
			if path, err = u.svc.KeepPrinted(job.name, job.pdf); err != nil {
				return err
			}
			how, err = u.svc.PrintOrOpen(ctx, path, printer)
			return err
		}, func(err error) {
			if err != nil {
				failed(err)
				return
			}
			if how == app.PrintedByPrinter {
				if printer != "" {
					u.App.Preferences().SetString(printerPref, printer)
				}
				delivered(u.t("ui.sent_to_printer", printerOrDefault(printer, p.ways), path))
				return
			}
			delivered(u.t("ui.opened_viewer", path))
		})
	})
	p.Print.Disable()
	p.MarkPosted = widget.NewButtonWithIcon(u.t("ui.mark_posted"), nil, func() {
		var posted *app.Posted
		u.task(u.t("ui.mark_posted"), func(ctx context.Context, _ func(int, int)) error {
			var err error
			posted, err = job.mark(ctx)
			return err
		}, func(err error) {
			if err != nil {
				failed(err)
				return
			}
			p.Posted = posted
			p.d.Hide()
			if job.after != nil {
				job.after()
			}
			u.postedDialog(posted) // with the letters' tracking numbers
		})
	})
	p.MarkPosted.Importance = widget.HighImportance
	p.MarkPosted.Disable()
	p.Close = widget.NewButton(u.t("ui.print_done_close"), func() { p.d.Hide() })
	hint := widget.NewLabel(u.t("ui.mark_posted_hint"))
	hint.Wrapping = fyne.TextWrapWord
	printerRow := widget.NewForm(widget.NewFormItem(u.t("ui.printer"), p.Printer))
	body := container.NewVBox(p.What, p.Notes, p.How, printerRow, container.NewHBox(p.SavePDF, p.Print), p.Result,
		widget.NewSeparator(), hint, container.NewHBox(p.MarkPosted, p.Close))
	u.showWays(p, printerRow)
	p.d = dialog.NewCustomWithoutButtons(u.t("ui.print_title"), body, u.Win)
	p.d.Show()
	p.fit()
	u.lastPrintDialog = p
	return p
}

// showWays sets the dialog for what the machine has.
func (u *UI) showWays(p *PrintDialog, printerRow fyne.CanvasObject) {
	w := p.ways
	switch {
	case w.CanPrint():
		p.How.Hide()
		printerRow.Hide()
		if len(w.Printers) > 0 {
			p.Printer.Options = w.Printers
			// The printer chosen last on this machine, else the system's
			// default, else the first.
			choice := u.App.Preferences().String(printerPref)
			if !contains(w.Printers, choice) {
				choice = w.Default
			}
			if !contains(w.Printers, choice) {
				choice = w.Printers[0]
			}
			p.Printer.SetSelected(choice)
			printerRow.Show()
		}
		p.Print.SetText(u.t("ui.print"))
		p.Print.Enable()
	case w.Viewer != "":
		printerRow.Hide()
		p.Printer.Hide()
		p.How.SetText(u.t("ui.print_via_viewer"))
		p.Print.SetText(u.t("ui.open_viewer"))
		p.Print.Enable()
	default:
		printerRow.Hide()
		p.Printer.Hide()
		p.How.SetText(u.t("ui.print_nothing_here"))
		p.Print.Hide()
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// printerOrDefault names the printer a job went to.
func printerOrDefault(chosen string, w app.PrintWays) string {
	if chosen != "" {
		return chosen
	}
	return w.Default
}

// postedText says what Mark as posted recorded and what it left out.
func (u *UI) postedText(p *app.Posted) string {
	lines := []string{u.t("ui.posted", len(p.Recorded), u.date(p.AsOf))}
	for _, d := range p.Dropped {
		lines = append(lines, u.msgText(d.Reason))
	}
	return strings.Join(lines, "\n")
}

// chooseSavePath asks where to save a file (Fyne's save dialog), then
// gives its path. Tests replace it (UI.savePath).
func (u *UI) chooseSavePath(name string, then func(path string)) {
	if u.savePath != nil {
		u.savePath(name, then)
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showErr(err)
			return
		}
		if w == nil {
			return // cancelled
		}
		// Fyne made the file, empty: SavePDFAs replaces it whole.
		w.Close()
		path := w.URI().Path()
		if !strings.EqualFold(filepath.Ext(path), ".pdf") {
			// A name typed without ".pdf": the file gets it (viewers and
			// mail programs go by it), and the empty one Fyne made goes.
			if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
				os.Remove(path)
			}
			path += ".pdf"
		}
		then(path)
	}, u.Win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	// In the owner's documents rather than wherever the app was started.
	if home, err := os.UserHomeDir(); err == nil {
		for _, dir := range []string{filepath.Join(home, "Documents"), home} {
			if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
				d.SetLocation(l)
				break
			}
		}
	}
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// printPDF prints a PDF the service has written (a campaign's notices),
// kept by name beside the ledger: on the printer chosen last, else the
// default; else in the system's viewer. Called off the UI goroutine.
func (u *UI) printPDF(pdf []byte, name string) error {
	path, err := u.svc.KeepPrinted(name, pdf)
	if err != nil {
		return err
	}
	u.lastPrint = path
	if u.opt.NoWatch { // tests: the file is the print
		return nil
	}
	_, err = u.svc.PrintOrOpen(context.Background(), path, u.App.Preferences().String(printerPref))
	return err
}
