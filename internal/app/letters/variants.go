package letters

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/letter"
)

// The owner's template variants (issue 19): KIND.LANG.B.tmpl … beside the
// template in the template folder, each checked as a template is (the
// same parser, header check and messages: letter.LoadVariant), added as a
// copy of the template in use or of a file of the owner's, removed by
// renaming (never deleted, like template reset). Which customer gets which
// is the ladder's (dunning/variants.go).

// loadVariant is the template a letter of kind in lang is written with:
// the variant v's, or the template in use for v "" (the default).
func (s *Service) loadVariant(kind, lang, v string) (*letter.Template, error) {
	if v == "" || v == letter.DefaultVariant {
		return letter.LoadTemplate(s.TemplateDir(), kind, lang)
	}
	t, err := letter.LoadVariant(s.TemplateDir(), kind, lang, v)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, core.UserErr("template.no_variant", kind, lang, v)
	}
	return t, err
}

// variantStatus is a variant's row of Templates: its file and its check.
func (s *Service) variantStatus(kind, lang, v string) TemplateStatus {
	st := TemplateStatus{Kind: kind, Language: lang, Variant: v, Override: true,
		File: filepath.Join(s.TemplateDir(), letter.VariantFile(kind, lang, v))}
	if _, err := letter.LoadVariant(s.TemplateDir(), kind, lang, v); err != nil {
		st.Problem = templateProblem(st.File, err)
	}
	return st
}

// templateProblem says a template's failed check as Templates does.
func templateProblem(file string, err error) error {
	var te *letter.TemplateError
	if errors.As(err, &te) {
		return core.UserErr("template.problem", te)
	}
	return core.UserErr("template.cannot_read", file, err.Error())
}

// TemplateVariants lists the variants of kind and lang ("" and "": of
// every kind and language), each with its check.
func (s *Service) TemplateVariants(kind, lang string) ([]TemplateStatus, error) {
	if kind != "" || lang != "" {
		if err := s.checkKindLang(kind, lang); err != nil {
			return nil, err
		}
	}
	all, err := letter.AllVariants(s.TemplateDir())
	if err != nil {
		return nil, err
	}
	var out []TemplateStatus
	for _, k := range letter.TemplateKinds() {
		for _, l := range letter.TemplateLanguages {
			if (kind != "" && k != kind) || (lang != "" && l != lang) {
				continue
			}
			for _, v := range all[k][l] {
				out = append(out, s.variantStatus(k, l, v))
			}
		}
	}
	return out, nil
}

// AddTemplateVariant writes the next free variant (B, then C…) of kind
// and lang: a copy of the template in use (the owner's, else the default)
// when from is "", else of the file from. The text is checked first, as a
// template is (same errors): a variant that would be refused is not
// written. v, when not "", asks for that letter (template export
// --variant), refused if it exists. It returns the letter and the file.
func (s *Service) AddTemplateVariant(kind, lang, from, v string) (string, string, error) {
	if err := s.checkKindLang(kind, lang); err != nil {
		return "", "", err
	}
	if v != "" && !letter.ValidVariant(v) {
		return "", "", core.UserErr("template.bad_variant", v)
	}
	var name string
	var src []byte
	var err error
	if from == "" {
		name, src, err = letter.TemplateSource(s.TemplateDir(), kind, lang)
	} else {
		name = from
		src, err = os.ReadFile(from)
	}
	if err != nil {
		return "", "", core.UserErr("template.cannot_read", name, err.Error())
	}
	// Checked under the name it was read from: a refusal names the
	// file the owner gave (or the template copied), with its line.
	if _, err := letter.CheckSource(name, src, kind, lang); err != nil {
		return "", "", templateProblem(name, err)
	}
	if err := os.MkdirAll(s.TemplateDir(), 0o755); err != nil {
		return "", "", fmt.Errorf("template folder: %w", err)
	}
	letters := []string{v}
	if v == "" {
		letters = nil
		for c := byte('B'); c <= 'Z'; c++ {
			letters = append(letters, string(c))
		}
	}
	for _, c := range letters {
		dst := filepath.Join(s.TemplateDir(), letter.VariantFile(kind, lang, c))
		// O_EXCL: an existing variant (or one that appeared meanwhile)
		// is never overwritten; the next letter is tried.
		f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			if v != "" {
				return "", dst, core.UserErr("template.exists", dst)
			}
			continue
		} else if err != nil {
			return "", "", fmt.Errorf("add a template variant: %w", err)
		}
		if _, err := f.Write(src); err != nil {
			f.Close()
			os.Remove(dst)
			return "", "", fmt.Errorf("add a template variant: %w", err)
		}
		return c, dst, f.Close()
	}
	return "", "", core.UserErr("template.no_free_variant", kind, lang)
}

// RemoveTemplateVariant takes variant v of kind and lang out of use: its
// file is renamed (KIND.LANG.B.tmpl.20261122-101500.bak), never deleted.
// It returns the backup's path.
func (s *Service) RemoveTemplateVariant(kind, lang, v string, now time.Time) (string, error) {
	if err := s.checkKindLang(kind, lang); err != nil {
		return "", err
	}
	if !letter.ValidVariant(v) {
		return "", core.UserErr("template.bad_variant", v)
	}
	p := filepath.Join(s.TemplateDir(), letter.VariantFile(kind, lang, v))
	bak := p + "." + now.Format("20060102-150405") + ".bak"
	if err := os.Rename(p, bak); errors.Is(err, fs.ErrNotExist) {
		return "", core.UserErr("template.no_variant", kind, lang, v)
	} else if err != nil {
		return "", fmt.Errorf("remove a template variant: %w", err)
	}
	return bak, nil
}
