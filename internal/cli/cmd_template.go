package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/app"
)

// template list|check|export|reset|show: the owner's letter templates.

func (c *cli) cmdTemplateList(args []string) (step, error) {
	fs := c.newFlags("template list")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	if pos, err := c.parse(fs, args); err != nil {
		return nil, err
	} else if len(pos) > 0 {
		return nil, c.usage("cli.template_usage")
	}
	return func(svc *app.Service) error {
		list := svc.Templates()
		if *asJSON {
			type row struct {
				Kind     string `json:"kind"`
				Language string `json:"language"`
				Variant  string `json:"variant,omitempty"` // B…Z on a variant's row
				File     string `json:"file"`
				Override bool   `json:"override"`
				Problem  string `json:"problem,omitempty"`
			}
			out := []row{}
			for _, t := range list {
				r := row{Kind: t.Kind, Language: t.Language, Variant: t.Variant, File: t.File, Override: t.Override}
				if t.Problem != nil {
					r.Problem = c.appErr(t.Problem).Error()
				}
				out = append(out, r)
			}
			return writeJSON(c.env.Stdout, out)
		}
		broken := 0
		for _, t := range list {
			state := c.t("cli.template_default")
			switch {
			case t.Variant != "":
				state = c.t("cli.template_variant", t.Variant, t.File)
			case t.Override:
				state = c.t("cli.template_override", t.File)
			}
			if t.Problem != nil {
				broken++
				state = c.t("cli.template_broken", c.appErr(t.Problem).Error())
			}
			fmt.Fprintf(c.env.Stdout, "%-22s %-8s %s\n", t.Kind, t.Language, state)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.template_folder", svc.TemplateDir()))
		if broken > 0 {
			return c.fail("cli.template_broken_count", broken)
		}
		return nil
	}, nil
}

func (c *cli) cmdTemplateCheck(args []string) error {
	fs := c.newFlags("template check")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return c.usage("cli.template_usage")
	}
	bad := 0
	for _, p := range pos {
		if err := app.CheckTemplateFile(p); err != nil {
			bad++
			fmt.Fprintln(c.env.Stderr, c.appErr(err).Error())
			continue
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.template_ok", p))
	}
	if bad > 0 {
		return c.fail("cli.template_broken_count", bad)
	}
	return nil
}

func (c *cli) cmdTemplateExport(args []string) (step, error) {
	fs := c.newFlags("template export")
	variant := fs.String("variant", "", c.t("cli.flag_variant"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 2 {
		return nil, c.usage("cli.template_usage")
	}
	return func(svc *app.Service) error {
		if *variant != "" {
			// The variant B, C… as a copy of the template in use.
			v, p, err := svc.AddTemplateVariant(pos[0], pos[1], "", strings.ToUpper(*variant))
			if err != nil {
				return c.appErr(err)
			}
			fmt.Fprintln(c.env.Stdout, c.t("cli.template_variant_added", v, pos[0], pos[1], p))
			return nil
		}
		p, err := svc.ExportTemplate(pos[0], pos[1])
		if err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.template_exported", p))
		return nil
	}, nil
}

func (c *cli) cmdTemplateReset(args []string) (step, error) {
	fs := c.newFlags("template reset")
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 2 {
		return nil, c.usage("cli.template_usage")
	}
	return func(svc *app.Service) error {
		bak, err := svc.ResetTemplate(pos[0], pos[1], time.Now())
		if err != nil {
			return c.appErr(err)
		}
		if bak == "" {
			fmt.Fprintln(c.env.Stdout, c.t("cli.template_was_default", pos[0], pos[1]))
			return nil
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.template_reset", pos[0], pos[1], bak))
		return nil
	}, nil
}

func (c *cli) cmdTemplateShow(args []string) (step, error) {
	fs := c.newFlags("template show")
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 2 {
		return nil, c.usage("cli.template_usage")
	}
	return func(svc *app.Service) error {
		name, src, err := svc.TemplateSource(pos[0], pos[1])
		if err != nil {
			return c.fail("cli.template_none", pos[0], pos[1])
		}
		fmt.Fprintln(c.env.Stderr, c.t("cli.template_file", name))
		_, err = c.env.Stdout.Write(src) // byte for byte: stdout can be redirected to a file
		return err
	}, nil
}

// template variant add|list|remove: the owner's variants B, C… of a
// template, which the ladder gives to some customers (issue 19). One
// entry of the table, its action the first argument (as bank account's):
// the table holds one level of sub-commands.

func (c *cli) cmdTemplateVariant(args []string) (step, error) {
	if len(args) == 0 {
		return nil, c.usage("cli.template_usage")
	}
	switch args[0] {
	case "add":
		return c.cmdTemplateVariantAdd(args[1:])
	case "list":
		return c.cmdTemplateVariantList(args[1:])
	case "remove":
		return c.cmdTemplateVariantRemove(args[1:])
	}
	return nil, c.usage("cli.template_usage")
}

func (c *cli) cmdTemplateVariantAdd(args []string) (step, error) {
	fs := c.newFlags("template variant add")
	from := fs.String("from", "", c.t("cli.flag_variant_from"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 2 {
		return nil, c.usage("cli.template_usage")
	}
	return func(svc *app.Service) error {
		v, p, err := svc.AddTemplateVariant(pos[0], pos[1], *from, "")
		if err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.template_variant_added", v, pos[0], pos[1], p))
		return nil
	}, nil
}

func (c *cli) cmdTemplateVariantList(args []string) (step, error) {
	fs := c.newFlags("template variant list")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 0 && len(pos) != 2 {
		return nil, c.usage("cli.template_usage")
	}
	kind, lang := "", ""
	if len(pos) == 2 {
		kind, lang = pos[0], pos[1]
	}
	return func(svc *app.Service) error {
		list, err := svc.TemplateVariants(kind, lang)
		if err != nil {
			return c.appErr(err)
		}
		if *asJSON {
			type row struct {
				Kind     string `json:"kind"`
				Language string `json:"language"`
				Variant  string `json:"variant"`
				File     string `json:"file"`
				Problem  string `json:"problem,omitempty"`
			}
			out := []row{}
			for _, t := range list {
				r := row{Kind: t.Kind, Language: t.Language, Variant: t.Variant, File: t.File}
				if t.Problem != nil {
					r.Problem = c.appErr(t.Problem).Error()
				}
				out = append(out, r)
			}
			return writeJSON(c.env.Stdout, out)
		}
		if len(list) == 0 {
			fmt.Fprintln(c.env.Stdout, c.t("cli.template_variants_none"))
			return nil
		}
		broken := 0
		for _, t := range list {
			state := t.File
			if t.Problem != nil {
				broken++
				state = c.t("cli.template_broken", c.appErr(t.Problem).Error())
			}
			fmt.Fprintf(c.env.Stdout, "%-22s %-8s %s  %s\n", t.Kind, t.Language, t.Variant, state)
		}
		if broken > 0 {
			return c.fail("cli.template_broken_count", broken)
		}
		return nil
	}, nil
}

func (c *cli) cmdTemplateVariantRemove(args []string) (step, error) {
	fs := c.newFlags("template variant remove")
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 3 {
		return nil, c.usage("cli.template_usage")
	}
	return func(svc *app.Service) error {
		bak, err := svc.RemoveTemplateVariant(pos[0], pos[1], strings.ToUpper(pos[2]), time.Now())
		if err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.template_variant_removed", strings.ToUpper(pos[2]), pos[0], pos[1], bak))
		return nil
	}, nil
}
