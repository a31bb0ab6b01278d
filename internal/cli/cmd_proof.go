package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// template proof KIND LANG --to ADDRESS… and campaign proof NAME --to
// ADDRESS…: a letter as it will go out, marked PROOF, to the owner or
// colleagues (issue 19); template proofs and campaign proofs NAME list
// them with their replies.

// addresses is a repeatable flag of addresses, each value possibly a
// comma-separated list.
type addresses []string

func (a *addresses) String() string { return strings.Join(*a, ",") }

func (a *addresses) Set(s string) error {
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			*a = append(*a, x)
		}
	}
	return nil
}

// proofFlags are the flags both proof commands take.
type proofFlags struct {
	to        addresses
	customer  *string
	asOf      *string
	fromStdin *bool
}

func (c *cli) proofFlags(fs *flag.FlagSet) *proofFlags {
	p := &proofFlags{}
	fs.Var(&p.to, "to", c.t("cli.flag_proof_to"))
	p.customer = fs.String("customer", "", c.t("cli.flag_proof_customer"))
	p.asOf = fs.String("as-of", "", c.t("cli.flag_as_of"))
	p.fromStdin = fs.Bool("password-stdin", false, c.t("cli.flag_password_stdin"))
	return p
}

// proofPasswords asks for the SMTP password as a send does.
func (c *cli) proofPasswords(svc *app.Service, fromStdin bool) (app.Passwords, error) {
	a, err := svc.MailAccount(c.ctx)
	if err != nil {
		return nil, err
	}
	if !a.Configured() {
		return nil, c.appErr(app.ErrNoAccount)
	}
	c.warnInsecure(a)
	return c.passwords(svc, a, fromStdin)
}

func (c *cli) cmdTemplateProof(args []string) (step, error) {
	fs := c.newFlags("template proof")
	pf := c.proofFlags(fs)
	variant := fs.String("variant", "", c.t("cli.flag_proof_variant"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 2 || len(pf.to) == 0 {
		return nil, c.usage("cli.template_proof_usage")
	}
	kind := ledger.LetterKind(pos[0]) // checked by the service: a reminder, demand or statement
	lang, err := ledger.ParseLanguage(pos[1])
	if err != nil {
		return nil, c.fail("cli.bad_lang", pos[1])
	}
	date, err := c.asOfFlag(*pf.asOf)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		pw, err := c.proofPasswords(svc, *pf.fromStdin)
		if err != nil {
			return err
		}
		c.warnCustomerData(*pf.customer, pf.to)
		rep, err := svc.SendTemplateProof(c.ctx, app.ProofOptions{Kind: kind, Language: lang, Variant: *variant, CustomerCode: *pf.customer,
			To: pf.to, AsOf: date, Passwords: pw})
		return c.proofSent(rep, err)
	}, nil
}

func (c *cli) cmdCampaignProof(args []string) (step, error) {
	fs := c.newFlags("campaign proof")
	pf := c.proofFlags(fs)
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 || len(pf.to) == 0 {
		return nil, c.usage("cli.campaign_proof_usage")
	}
	date, err := c.asOfFlag(*pf.asOf)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		pw, err := c.proofPasswords(svc, *pf.fromStdin)
		if err != nil {
			return err
		}
		c.warnCustomerData(*pf.customer, pf.to)
		rep, err := svc.SendCampaignProof(c.ctx, pos[0], app.CampaignProofOptions{CustomerCode: *pf.customer, To: pf.to, AsOf: date, Passwords: pw})
		return c.proofSent(rep, err)
	}, nil
}

// warnCustomerData says, before a proof on a real customer's data goes,
// that it goes to other people than the customer.
func (c *cli) warnCustomerData(code string, to []string) {
	if code != "" {
		fmt.Fprintln(c.env.Stderr, c.t("cli.proof_customer_warning", code, strings.Join(to, ", ")))
	}
}

func (c *cli) proofSent(rep *app.ProofReport, err error) error {
	if rep != nil {
		for _, w := range rep.Warnings {
			fmt.Fprintln(c.env.Stderr, w.In(c.lang))
		}
		for _, a := range rep.Refused {
			fmt.Fprintln(c.env.Stderr, c.t("cli.proof_refused", a))
		}
	}
	if err != nil {
		return c.appErr(err)
	}
	fmt.Fprintln(c.env.Stdout, c.t("cli.proof_sent", strings.Join(rep.Proof.Recipients, ", "), rep.Subject, rep.Proof.MessageID))
	return nil
}

func (c *cli) cmdTemplateProofs(args []string) (step, error) {
	fs := c.newFlags("template proofs")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 0 && len(pos) != 2 {
		return nil, c.usage("cli.template_proof_usage")
	}
	var kind ledger.LetterKind
	var lang ledger.Language
	if len(pos) == 2 {
		kind, lang = ledger.LetterKind(pos[0]), ledger.Language(pos[1])
	}
	return func(svc *app.Service) error {
		list, err := svc.TemplateProofs(c.ctx, kind, lang)
		if err != nil {
			return c.appErr(err)
		}
		var out []store.Proof
		for _, p := range list {
			if p.CampaignID == 0 {
				out = append(out, p)
			}
		}
		return c.listProofs(svc, out, *asJSON)
	}, nil
}

func (c *cli) cmdCampaignProofs(args []string) (step, error) {
	fs := c.newFlags("campaign proofs")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 {
		return nil, c.usage("cli.campaign_proof_usage")
	}
	return func(svc *app.Service) error {
		list, err := svc.CampaignProofs(c.ctx, pos[0])
		if err != nil {
			return c.appErr(err)
		}
		return c.listProofs(svc, list, *asJSON)
	}, nil
}

// listProofs prints proofs, each followed by the messages answering it.
func (c *cli) listProofs(svc *app.Service, list []store.Proof, asJSON bool) error {
	type reply struct {
		From     string `json:"from"`
		Subject  string `json:"subject"`
		Class    string `json:"class"`
		Received string `json:"received"`
		Text     string `json:"text"`
	}
	type row struct {
		ID         int64    `json:"id"`
		Kind       string   `json:"kind"`
		Language   string   `json:"language"`
		Variant    string   `json:"variant,omitempty"`
		Campaign   string   `json:"campaign,omitempty"`
		Customer   string   `json:"customer,omitempty"`
		SentAt     string   `json:"sent_at"`
		Recipients []string `json:"recipients"`
		MessageID  string   `json:"message_id"`
		Replies    []reply  `json:"replies"`
	}
	out := []row{}
	for _, p := range list {
		r := row{ID: p.ID, Kind: p.Kind, Language: p.Language, Variant: p.Variant, Campaign: p.CampaignName, Customer: p.CustomerCode,
			SentAt: p.SentAt.UTC().Format("2006-01-02 15:04"), Recipients: p.Recipients, MessageID: p.MessageID, Replies: []reply{}}
		if p.Replies > 0 {
			rs, err := svc.ProofReplies(c.ctx, p.ID)
			if err != nil {
				return c.appErr(err)
			}
			for _, m := range rs {
				r.Replies = append(r.Replies, reply{From: m.From, Subject: m.Subject, Class: m.Class, Received: m.ReceivedAt.UTC().Format("2006-01-02 15:04"),
					Text: m.Summary})
			}
		}
		out = append(out, r)
	}
	if asJSON {
		return writeJSON(c.env.Stdout, out)
	}
	if len(out) == 0 {
		fmt.Fprintln(c.env.Stdout, c.t("cli.proofs_none"))
		return nil
	}
	for _, r := range out {
		variant := r.Variant
		if variant == "" {
			variant = "A"
		}
		whose := r.Customer
		if whose == "" {
			whose = c.t("cli.proof_sample")
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.proof_line", r.ID, r.SentAt, r.Kind, r.Language, variant, whose, strings.Join(r.Recipients, ", "), len(r.Replies)))
		for _, m := range r.Replies {
			fmt.Fprintln(c.env.Stdout, c.t("cli.proof_reply_line", m.Received, m.From, m.Text))
		}
	}
	return nil
}
