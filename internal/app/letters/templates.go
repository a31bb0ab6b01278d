package letters

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/letter"
)

// TemplateStatus is one kind in one language: which file is used, and
// whether it passes the check.
type TemplateStatus struct {
	Kind     string
	Language string
	File     string // the file read: the owner's, or the default
	Override bool   // the owner's file
	Problem  error  // a *core.UserError naming file, line and reason when the check fails
	// Variant is the variant's letter (B…Z) on a variant's row, "" on the
	// template's (variants.go).
	Variant string
}

// Templates lists every template kind × language, the owner's first,
// each followed by its variants.
func (s *Service) Templates() []TemplateStatus {
	var out []TemplateStatus
	all, err := letter.AllVariants(s.TemplateDir())
	if err != nil {
		out = append(out, TemplateStatus{File: s.TemplateDir(), Problem: core.UserErr("template.cannot_read", s.TemplateDir(), err.Error())})
	}
	for _, kind := range letter.TemplateKinds() {
		for _, lang := range letter.TemplateLanguages {
			st := TemplateStatus{Kind: kind, Language: lang}
			name, _, err := letter.TemplateSource(s.TemplateDir(), kind, lang)
			st.File, st.Override = name, name == filepath.Join(s.TemplateDir(), kind+"."+lang+".tmpl")
			if err != nil {
				st.Problem = core.UserErr("template.cannot_read", name, err.Error())
			} else if _, err = letter.LoadTemplate(s.TemplateDir(), kind, lang); err != nil {
				var te *letter.TemplateError
				if errors.As(err, &te) {
					st.Problem = core.UserErr("template.problem", te)
				} else {
					st.Problem = err
				}
			}
			out = append(out, st)
			for _, v := range all[kind][lang] {
				out = append(out, s.variantStatus(kind, lang, v))
			}
		}
	}
	return out
}

// CheckTemplateFile checks a template file without using it: one named
// like a default (KIND.LANG.tmpl) must also say that kind and language.
func CheckTemplateFile(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return core.UserErr("template.cannot_read", path, err.Error())
	}
	t, err := letter.ParseTemplate(path, src)
	var te *letter.TemplateError
	if errors.As(err, &te) {
		return core.UserErr("template.problem", te)
	} else if err != nil {
		return err
	}
	if kind, lang, ok := splitTemplateName(filepath.Base(path)); ok && (t.Kind != kind || t.Language != lang) {
		return core.UserErr("template.name_mismatch", path, t.Kind, t.Language, kind, lang)
	}
	return nil
}

func splitTemplateName(base string) (kind, lang string, ok bool) {
	if kind, lang, _, ok := letter.SplitVariantFile(base); ok {
		return kind, lang, true // a variant says its kind and language too
	}
	rest, found := strings.CutSuffix(base, ".tmpl")
	if !found {
		return "", "", false
	}
	for _, k := range letter.TemplateKinds() {
		if l, found := strings.CutPrefix(rest, k+"."); found {
			for _, tl := range letter.TemplateLanguages {
				if l == tl {
					return k, l, true
				}
			}
		}
	}
	return "", "", false
}

func (s *Service) checkKindLang(kind, lang string) error {
	for _, k := range letter.TemplateKinds() {
		if k == kind {
			for _, l := range letter.TemplateLanguages {
				if l == lang {
					return nil
				}
			}
			return core.UserErr("template.unknown_language", lang)
		}
	}
	return core.UserErr("letter.unknown_kind", kind)
}

// ExportTemplate copies the default template of kind and lang into the
// owner's folder, to edit; an existing file of the owner's is never
// overwritten.
func (s *Service) ExportTemplate(kind, lang string) (string, error) {
	if err := s.checkKindLang(kind, lang); err != nil {
		return "", err
	}
	dst := filepath.Join(s.TemplateDir(), kind+"."+lang+".tmpl")
	if _, err := os.Stat(dst); err == nil {
		return dst, core.UserErr("template.exists", dst)
	}
	_, src, err := letter.TemplateSource("", kind, lang)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(s.TemplateDir(), 0o755); err != nil {
		return "", fmt.Errorf("template folder: %w", err)
	}
	// O_EXCL: a file that appeared meanwhile is not overwritten either.
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", fmt.Errorf("export template: %w", err)
	}
	if _, err := f.Write(src); err != nil {
		f.Close()
		os.Remove(dst)
		return "", fmt.Errorf("export template: %w", err)
	}
	return dst, f.Close()
}

// ResetTemplate goes back to the default template: the owner's file is
// renamed, not deleted (KIND.LANG.tmpl.20261122-101500.bak), so no edit is
// ever lost. It returns the backup's path, "" when there was no file.
func (s *Service) ResetTemplate(kind, lang string, now time.Time) (string, error) {
	if err := s.checkKindLang(kind, lang); err != nil {
		return "", err
	}
	p := filepath.Join(s.TemplateDir(), kind+"."+lang+".tmpl")
	bak := p + "." + now.Format("20060102-150405") + ".bak"
	if err := os.Rename(p, bak); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("reset template: %w", err)
	}
	return bak, nil
}

// TemplateProblemOf says a template error (file, line, reason) as a user
// error, for screens that check a template being edited.
func TemplateProblemOf(err error) error { return TemplateErr(err) }
