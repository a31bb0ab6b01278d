package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// This file joins our own pages with PDFs made elsewhere (the original
// invoices on file). Reading someone else's PDF is a job for a full parser:
// pdfcpu handles object streams, cross-reference streams, incremental
// updates and the small breakages real invoicing software produces, which
// a hand-written reader would not.

func init() {
	// pdfcpu otherwise writes a config.yml into the user's config folder
	// on first use.
	model.ConfigPath = "disable"
}

// Part is a run of a document: either pages we lay out, or a PDF from
// elsewhere, copied page for page.
type Part struct {
	Pages   []Page
	Foreign *Foreign
}

// Foreign is a PDF read from a file, checked and counted by ReadForeign.
type Foreign struct {
	Name  string // for messages: the file's path
	Data  []byte
	Pages int
}

// ErrForeignPDF wraps every reason a foreign PDF cannot be used.
var ErrForeignPDF = errors.New("unusable PDF")

func conf() *model.Configuration { return limitedConf() }

// ReadForeign checks that data is a PDF pdfcpu can copy pages from (not
// encrypted with a password, not truncated), within the limits of
// foreign_limits.go, and counts its pages. Every page's content is
// inflated once here, so that what passes can be joined.
func ReadForeign(name string, data []byte) (f *Foreign, err error) {
	defer func() {
		// A broken file must never take the batch down with it.
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("%w: %s: %v", ErrForeignPDF, name, r)
		}
	}()
	if err := checkCheaply(name, data); err != nil {
		return nil, err
	}
	ctx, err := api.ReadContext(bytes.NewReader(data), conf())
	if err != nil {
		return nil, foreignErr(name, err)
	}
	// The page tree's own count first: a file that says 50,000 pages is
	// refused before its pages are walked.
	if err := ctx.EnsurePageCount(); err == nil && ctx.PageCount > MaxForeignPages {
		return nil, &LimitError{Name: name, Limit: "pages", Got: int64(ctx.PageCount), Max: MaxForeignPages}
	}
	if ctx.Encrypt != nil {
		// Permissions only (no password to open it), as some invoicing
		// programs write: the copy to append is decrypted; a file that
		// needs a password to open fails here.
		var plain bytes.Buffer
		if err := api.Decrypt(bytes.NewReader(data), &plain, conf()); err != nil {
			return nil, foreignErr(name, err)
		}
		data = plain.Bytes()
	}
	// Validation walks the page tree and counts the pages for real.
	ctx, err = api.ReadAndValidate(bytes.NewReader(data), conf())
	if err != nil {
		return nil, foreignErr(name, err)
	}
	if ctx.PageCount == 0 {
		return nil, fmt.Errorf("%w: %s: no pages", ErrForeignPDF, name)
	}
	if err := checkPages(name, ctx); err != nil {
		return nil, err
	}
	return &Foreign{Name: name, Data: data, Pages: ctx.PageCount}, nil
}

// foreignErr wraps a pdfcpu error; one that hit a decoding limit says so.
func foreignErr(name string, err error) error {
	if errors.Is(err, filter.ErrDecodeLimitExceeded) {
		return &LimitError{Name: name, Limit: "decoded", Max: maxStreamDecoded}
	}
	return fmt.Errorf("%w: %s: %v", ErrForeignPDF, name, err)
}

// PageCount is the number of pages the parts make.
func PageCount(parts []Part) int {
	n := 0
	for _, p := range parts {
		if p.Foreign != nil {
			n += p.Foreign.Pages
		} else {
			n += len(p.Pages)
		}
	}
	return n
}

// JoinPDF writes the parts as one PDF. Our pages are painted together (one
// font subset for all of them); when there are foreign PDFs, pdfcpu appends
// them after ours and then puts every page in its place.
func JoinPDF(parts []Part, title string) (out []byte, err error) {
	own := &Layout{}
	var foreign []io.ReadSeeker
	for _, p := range parts {
		if p.Foreign != nil {
			foreign = append(foreign, bytes.NewReader(p.Foreign.Data))
		} else {
			own.Pages = append(own.Pages, p.Pages...)
		}
	}
	if len(foreign) == 0 {
		return PDF(own, title)
	}
	if len(own.Pages) == 0 {
		// pdfcpu needs a first document to append to; a document of
		// foreign pages only still gets our title this way.
		return nil, errors.New("join: no pages of our own")
	}
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("join PDF: %v", r)
		}
	}()
	ours, err := PDF(own, title)
	if err != nil {
		return nil, err
	}
	var merged bytes.Buffer
	if err := api.MergeRaw(append([]io.ReadSeeker{bytes.NewReader(ours)}, foreign...), &merged, false, conf()); err != nil {
		return nil, fmt.Errorf("join PDF: merge: %w", err)
	}
	// In the merged file our pages come first, then each foreign PDF in
	// turn; the selection walks the parts and names each page's place.
	var sel []string
	nextOwn, nextForeign := 1, len(own.Pages)+1
	add := func(from, n int) {
		if n == 1 {
			sel = append(sel, strconv.Itoa(from))
		} else if n > 1 {
			sel = append(sel, strconv.Itoa(from)+"-"+strconv.Itoa(from+n-1))
		}
	}
	for _, p := range parts {
		if p.Foreign != nil {
			add(nextForeign, p.Foreign.Pages)
			nextForeign += p.Foreign.Pages
		} else {
			add(nextOwn, len(p.Pages))
			nextOwn += len(p.Pages)
		}
	}
	var final bytes.Buffer
	if err := api.Collect(bytes.NewReader(merged.Bytes()), &final, sel, conf()); err != nil {
		return nil, fmt.Errorf("join PDF: order pages: %w", err)
	}
	return final.Bytes(), nil
}
