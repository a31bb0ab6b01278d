package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// The letterhead preview is a real letter's first page, made with the
// owner's template: a template that fails its check is said, not hidden
// behind the default.
func TestLetterheadPreviewUsesTheOwnersTemplate(t *testing.T) {
	ctx := context.Background()
	day := ledger.MustDate("2026-11-22")
	path := filepath.Join(t.TempDir(), "demo.db")
	opts := Options{Today: func() ledger.Date { return day }}
	if err := MakeDemo(ctx, path, opts); err != nil {
		t.Fatal(err)
	}
	svc, err := Open(ctx, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	co, err := svc.Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	png, err := svc.LetterheadPreview(ctx, "Sample Customer Ltd", 40)
	if err != nil || len(png) < 1000 || string(png[1:4]) != "PNG" {
		t.Fatalf("preview: %d bytes, %v", len(png), err)
	}
	if err := os.MkdirAll(svc.TemplateDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(svc.TemplateDir(), "reminder-1."+string(co.Language)+".tmpl")
	if err := os.WriteFile(bad, []byte("Kind: reminder-1\nLanguage: "+string(co.Language)+"\nSubject: Rappel\n\n{{.Customer.Greeting}}\n{{if}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = svc.LetterheadPreview(ctx, "Sample Customer Ltd", 40)
	if !errors.As(err, new(*UserError)) {
		t.Errorf("a broken template of the owner's: %v", err)
	}
}
