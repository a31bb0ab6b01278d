package render

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// An original invoice on file is someone else's PDF, and a PDF can be made
// to cost anything to read: a 4 MB file whose one stream inflates to 2 GiB,
// an 8 MB file of 50,000 pages that pdfcpu would take minutes and gigabytes
// to merge. These limits bound what reading and joining one may cost; an
// original beyond them is refused (the letter gets a generated copy), and
// they are checked in order of cost, the cheapest first.
const (
	// MaxForeignBytes: an invoice is a few hundred kilobytes; a 20 MB file
	// is a full-resolution scan or the wrong file.
	MaxForeignBytes = 20 << 20
	// MaxForeignPages: an invoice with its terms and annexes; a longer
	// document is not an invoice to send with a reminder.
	MaxForeignPages = 50
	// maxForeignObjects bounds the objects pdfcpu parses, counted in the
	// raw bytes before it parses anything (numbered objects, and the /N of
	// object streams, whose objects are compressed). A 50-page invoice
	// with fonts and images has a few hundred to a few thousand.
	maxForeignObjects = 10_000
	// maxStreamDecoded bounds what one stream may inflate to (pdfcpu's
	// default is 512 MiB, held in memory while it grows): a page's
	// content is kilobytes, a large uncompressed image a few megabytes.
	maxStreamDecoded = 16 << 20
	// maxContentDecoded bounds the page contents inflated to check an
	// original, all pages together.
	maxContentDecoded = 64 << 20
)

// LimitError is an original refused for what reading it would cost:
// Limit is "size" (bytes), "objects", "pages" or "decoded" (bytes a
// stream or the pages' contents inflate to); Max is the limit.
type LimitError struct {
	Name  string
	Limit string
	Got   int64 // 0 when reading stopped at the limit
	Max   int64
}

func (e *LimitError) Error() string {
	if e.Got == 0 {
		return fmt.Sprintf("%s: %s: more %s than the limit of %d", ErrForeignPDF, e.Name, e.Limit, e.Max)
	}
	return fmt.Sprintf("%s: %s: %d %s, more than the limit of %d", ErrForeignPDF, e.Name, e.Got, e.Limit, e.Max)
}

func (e *LimitError) Unwrap() error { return ErrForeignPDF }

// limitedConf is pdfcpu's configuration for foreign files, with its
// resource limits tightened to ours.
func limitedConf() *model.Configuration {
	c := model.NewDefaultConfiguration()
	c.ValidationMode = model.ValidationRelaxed
	c.Limits.MaxStreamBytes = MaxForeignBytes
	c.Limits.MaxDecodeBytes = maxStreamDecoded
	c.Limits.MaxObjectCount = maxForeignObjects
	c.Limits.MaxObjectStreamCount = maxForeignObjects
	c.Limits.MaxXRefEntries = maxForeignObjects
	return c
}

var (
	objHeader = regexp.MustCompile(`\d+[ \t\r\n\f\x00]+\d+[ \t\r\n\f\x00]+obj\b`)
	objStmN   = regexp.MustCompile(`/N[ \t\r\n\f\x00]*(\d{1,12})`)
)

// countObjects estimates, without parsing, how many objects data holds:
// "N G obj" headers, plus each /N (the object count of an object stream;
// /N also appears elsewhere, as an ICC profile's 3 components, which only
// overcounts a little).
func countObjects(data []byte) int64 {
	n := int64(len(objHeader.FindAllIndex(data, maxForeignObjects+1)))
	if n > maxForeignObjects {
		return n
	}
	for _, m := range objStmN.FindAllSubmatch(data, -1) {
		v, _ := strconv.ParseInt(string(m[1]), 10, 64)
		n += v
		if n > maxForeignObjects {
			break
		}
	}
	return n
}

// checkCheaply refuses, before pdfcpu parses anything, a file that is too
// big or holds too many objects.
func checkCheaply(name string, data []byte) error {
	if len(data) > MaxForeignBytes {
		return &LimitError{Name: name, Limit: "size", Got: int64(len(data)), Max: MaxForeignBytes}
	}
	if !bytes.HasPrefix(bytes.TrimLeft(data[:min(len(data), 1024)], "\x00\t\r\n "), []byte("%PDF-")) {
		return fmt.Errorf("%w: %s: not a PDF file", ErrForeignPDF, name)
	}
	if n := countObjects(data); n > maxForeignObjects {
		return &LimitError{Name: name, Limit: "objects", Got: n, Max: maxForeignObjects}
	}
	return nil
}

// checkPages inflates every page's content, as joining will, within the
// decoding limits: a bomb fails here, at 16 MiB, and not in the middle of
// a print batch.
func checkPages(name string, ctx *model.Context) error {
	if ctx.PageCount > MaxForeignPages {
		return &LimitError{Name: name, Limit: "pages", Got: int64(ctx.PageCount), Max: MaxForeignPages}
	}
	var total int64
	for i := 1; i <= ctx.PageCount; i++ {
		d, _, _, err := ctx.PageDict(i, false)
		if err != nil {
			return fmt.Errorf("%w: %s: page %d: %v", ErrForeignPDF, name, i, err)
		}
		n, err := decodeContents(ctx, d)
		if errors.Is(err, filter.ErrDecodeLimitExceeded) {
			return &LimitError{Name: name, Limit: "decoded", Max: maxStreamDecoded}
		}
		if err != nil {
			return fmt.Errorf("%w: %s: page %d: %v", ErrForeignPDF, name, i, err)
		}
		if total += n; total > maxContentDecoded {
			return &LimitError{Name: name, Limit: "decoded", Max: maxContentDecoded}
		}
	}
	return nil
}

// decodeContents inflates a page's content streams within our limit and
// returns their length. pdfcpu's own PageContent decodes with its fixed
// 512 MiB limit, whatever the configuration says.
func decodeContents(ctx *model.Context, d types.Dict) (int64, error) {
	o, _ := d.Find("Contents")
	if o == nil {
		return 0, nil // an empty page
	}
	o, err := ctx.Dereference(o)
	if err != nil || o == nil {
		return 0, err
	}
	var streams []types.Object
	switch o := o.(type) {
	case types.StreamDict:
		streams = []types.Object{o}
	case types.Array:
		streams = o
	default:
		return 0, fmt.Errorf("contents are a %T", o)
	}
	var n int64
	for _, s := range streams {
		if s == nil {
			continue
		}
		sd, _, err := ctx.DereferenceStreamDict(s)
		if err != nil {
			return n, err
		}
		if sd == nil {
			continue
		}
		if err := sd.DecodeWithLimit(maxStreamDecoded); err != nil {
			return n, err
		}
		n += int64(len(sd.Content))
	}
	return n, nil
}
