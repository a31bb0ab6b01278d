package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
)

func (c *cli) cmdLetter(args []string) (step, error) {
	if len(args) > 0 && args[0] == "tracking" {
		return c.cmdLetterTracking(args[1:])
	}
	fs := c.newFlags("letter")
	kind := fs.String("kind", "", c.t("cli.flag_kind"))
	invoice := fs.String("invoice", "", c.t("cli.flag_invoice"))
	customer := fs.String("customer", "", c.t("cli.flag_customer"))
	langFlag := fs.String("lang", "", c.t("cli.flag_letter_lang"))
	asOf := fs.String("as-of", "", c.t("cli.flag_as_of"))
	envelope := fs.String("envelope", "", c.t("cli.flag_envelope"))
	out := fs.String("o", "", c.t("cli.flag_output"))
	pngOut := fs.String("png", "", c.t("cli.flag_png"))
	folds := fs.Bool("fold-marks", false, c.t("cli.flag_fold_marks"))
	copies := fs.Bool("copies", false, c.t("cli.flag_copies"))
	icsOut := fs.String("ics", "", c.t("cli.flag_ics"))
	registered := fs.Bool("registered", false, c.t("cli.flag_registered"))
	variant := fs.String("variant", "", c.t("cli.flag_letter_variant"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 || *kind == "" || *out == "" || (*invoice == "") == (*customer == "") {
		return nil, c.usage("cli.letter_usage")
	}
	o := app.LetterOptions{Kind: ledger.LetterKind(*kind), InvoiceNo: *invoice, CustomerCode: *customer, FoldMarks: *folds, WithCopies: *copies,
		Registered: *registered, Variant: strings.ToUpper(*variant)}
	if *langFlag != "" {
		l, err := ledger.ParseLanguage(*langFlag)
		if err != nil {
			return nil, c.usage("cli.bad_lang", *langFlag)
		}
		o.Language = l
	}
	if *envelope != "" {
		// The company profile's names (envelope=dl-right), and the old
		// fr-dl, din-a, din-b as aliases: one parser for both.
		e, err := ledger.ParseEnvelope(*envelope)
		if err != nil {
			return nil, c.usage("cli.bad_envelope", *envelope)
		}
		o.Envelope = e
	}
	if o.AsOf, err = c.asOfFlag(*asOf); err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		doc, err := svc.Letter(c.ctx, o)
		if err != nil {
			return c.appErr(err)
		}
		pdf, err := doc.PDF() // may replace an original that cannot be joined: warnings after
		if err != nil {
			return err
		}
		for _, w := range doc.Warnings {
			fmt.Fprintln(c.env.Stderr, c.t("cli.warning", w.In(c.lang)))
		}
		for _, n := range doc.Request.Notes {
			fmt.Fprintln(c.env.Stderr, c.t("cli.warning", n.In(c.lang)))
		}
		if err := os.WriteFile(*out, pdf, 0o644); err != nil {
			return c.fail("cli.write_failed", *out, err.Error())
		}
		if *pngOut != "" {
			img, err := doc.PNG(0, 100)
			if err != nil {
				return err
			}
			if err := os.WriteFile(*pngOut, img, 0o644); err != nil {
				return c.fail("cli.write_failed", *pngOut, err.Error())
			}
		}
		if *icsOut != "" {
			ics, ok, err := svc.PayByICS(c.ctx, o)
			if err != nil {
				return c.appErr(err)
			}
			if !ok || !o.Kind.FormalNotice() {
				return c.fail("cli.ics_no_date", o.Kind)
			}
			if err := os.WriteFile(*icsOut, ics, 0o644); err != nil {
				return c.fail("cli.write_failed", *icsOut, err.Error())
			}
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.letter_written", *out, doc.Pages(), strings.Join(doc.Composed.Letter.Recipient, ", ")))
		return nil
	}, nil
}

func (c *cli) cmdSMS(args []string) (step, error) {
	fs := c.newFlags("sms")
	kind := fs.String("kind", "", c.t("cli.flag_kind"))
	invoice := fs.String("invoice", "", c.t("cli.flag_invoice"))
	langFlag := fs.String("lang", "", c.t("cli.flag_letter_lang"))
	asOf := fs.String("as-of", "", c.t("cli.flag_as_of"))
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 || *kind == "" || *invoice == "" {
		return nil, c.usage("cli.sms_usage")
	}
	o := app.LetterOptions{Kind: ledger.LetterKind(*kind), InvoiceNo: *invoice}
	if *langFlag != "" {
		l, err := ledger.ParseLanguage(*langFlag)
		if err != nil {
			return nil, c.usage("cli.bad_lang", *langFlag)
		}
		o.Language = l
	}
	if o.AsOf, err = c.asOfFlag(*asOf); err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		sms, err := svc.SMS(c.ctx, o)
		if errors.Is(err, app.ErrNoSMSText) {
			return c.fail("cli.sms_no_text", *kind)
		}
		if err != nil {
			return c.appErr(err)
		}
		text, info := sms.Text, sms.Info
		if *asJSON {
			return writeJSON(c.env.Stdout, struct {
				To         string `json:"to"`
				Text       string `json:"text"`
				Encoding   string `json:"encoding"`
				Length     int    `json:"length"`
				Segments   int    `json:"segments"`
				PerSegment int    `json:"per_segment"`
			}{sms.To, text, info.Encoding, info.Units, info.Segments, info.PerSegment})
		}
		fmt.Fprintln(c.env.Stdout, text)
		fmt.Fprintln(c.env.Stdout, c.t("cli.sms_info", info.Encoding, info.Units, info.Segments))
		return nil
	}, nil
}

func (c *cli) cmdPrint(args []string) (step, error) {
	fs := c.newFlags("print")
	asOf := fs.String("as-of", "", c.t("cli.flag_as_of"))
	out := fs.String("o", "", c.t("cli.flag_output"))
	folds := fs.Bool("fold-marks", false, c.t("cli.flag_fold_marks"))
	record := fs.Bool("record", false, c.t("cli.flag_print_record"))
	registeredFlag := fs.String("registered", "", c.t("cli.flag_print_registered"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 || *out == "" {
		return nil, c.usage("cli.print_usage")
	}
	date, err := c.asOfFlag(*asOf)
	if err != nil {
		return nil, err
	}
	registered, err := c.registeredKinds(*registeredFlag)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		// The file is written inside the recording transaction (--record): a
		// batch that could not be written is not recorded either.
		var pdfPages int
		batch, err := svc.PrintBatch(c.ctx, app.PrintOptions{AsOf: date, FoldMarks: *folds, Record: *record, Registered: registered}, func(b *app.Batch) error {
			if len(b.Letters) == 0 {
				return nil
			}
			pdf, err := svc.BatchPDF(c.ctx, b, c.t("cli.print_title", date.String()))
			if err != nil {
				return err
			}
			pdfPages = b.Pages()
			return writeFileAtomic(*out, pdf)
		})
		if err != nil {
			if errors.Is(err, errWrite) {
				return c.fail("cli.write_failed", *out, err.Error())
			}
			return c.appErr(err)
		}
		for _, w := range batch.Warnings {
			fmt.Fprintln(c.env.Stderr, c.t("cli.warning", w.In(c.lang)))
		}
		for _, n := range batch.Notes {
			fmt.Fprintln(c.env.Stderr, c.t("cli.warning", n.In(c.lang)))
		}
		for _, p := range batch.Problems {
			fmt.Fprintln(c.env.Stderr, c.t("cli.print_left_out", c.appErr(p.Reason).Error()))
		}
		for _, p := range batch.PaidMeanwhile {
			fmt.Fprintln(c.env.Stderr, c.t("cli.print_paid_meanwhile", p.Invoice))
		}
		if len(batch.Letters) == 0 {
			fmt.Fprintln(c.env.Stdout, c.t("cli.print_nothing", date.String()))
		} else {
			fmt.Fprintln(c.env.Stdout, c.t("cli.print_done", *out, len(batch.Letters), pdfPages))
			if batch.Recorded {
				fmt.Fprintln(c.env.Stdout, c.t("cli.print_recorded", len(batch.Letters), date.String()))
				// The IDs the owner enters the post's tracking numbers against.
				for _, l := range batch.Letters {
					if l.LetterID == 0 {
						continue // an emailed letter printed instead: recorded before
					}
					key := "cli.recorded_letter"
					if l.Registered {
						key = "cli.recorded_letter_registered"
					}
					fmt.Fprintln(c.env.Stdout, c.t(key, l.LetterID, l.CustomerCode, l.Kind))
				}
			}
		}
		if len(batch.Problems) > 0 {
			// The file holds the others; the exit code says not everything is in it.
			return c.fail("cli.print_problems", len(batch.Problems))
		}
		return nil
	}, nil
}

// errWrite marks a failure to write the output file.
var errWrite = errors.New("write failed")

// writeFileAtomic writes data to path through a temporary file in the same
// folder, renamed into place: a reader never sees half a file, and a
// failure leaves what was there.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("%w: %v", errWrite, err)
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("%w: %v", errWrite, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("%w: %v", errWrite, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%w: %v", errWrite, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%w: %v", errWrite, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%w: %v", errWrite, err)
	}
	return nil
}
