package hostile

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"hash/crc32"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

// XLSXBomb writes to path a real workbook (made by excelize, opens in any
// spreadsheet program's reader up to its sheet) whose first sheet's XML
// inflates to about sheetBytes of empty rows. With lie set, the archive's
// directory claims the sheet unpacks to 1 MiB: a reader that trusts the
// directory must still stop when the bytes keep coming.
func XLSXBomb(path string, sheetBytes int64, lie bool) error {
	base := excelize.NewFile()
	base.SetCellValue("Sheet1", "A1", "code")
	var wb bytes.Buffer
	if err := base.Write(&wb); err != nil {
		return err
	}
	base.Close()
	zr, err := zip.NewReader(bytes.NewReader(wb.Bytes()), int64(wb.Len()))
	if err != nil {
		return err
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(out)
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			if err := zw.Copy(f); err != nil {
				out.Close()
				return err
			}
			continue
		}
		head := []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			`<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c></row>`)
		unit := []byte(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`)
		tail := []byte(`</sheetData></worksheet>`)
		n := (sheetBytes - int64(len(head)+len(tail))) / int64(len(unit))
		var comp bytes.Buffer
		sum := crc32.NewIEEE()
		if _, err := deflateRepeat(&comp, head, unit, n, tail, sum); err != nil {
			out.Close()
			return err
		}
		size := uint64(len(head)+len(tail)) + uint64(n)*uint64(len(unit))
		if lie {
			size = 1 << 20
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: sum.Sum32(),
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: size})
		if err != nil {
			out.Close()
			return err
		}
		if _, err := w.Write(comp.Bytes()); err != nil {
			out.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// PDFBomb is a one-page PDF whose page content is one FlateDecode stream
// that inflates to decoded bytes (white space: a valid, empty page), a
// file of about decoded/1000 bytes.
func PDFBomb(decoded int64) ([]byte, error) {
	var z bytes.Buffer
	z.Write([]byte{0x78, 0xDA}) // zlib header, best compression
	sum := adler32.New()
	if _, err := deflateRepeat(&z, nil, []byte("          \n"), decoded/11, nil, sum); err != nil {
		return nil, err
	}
	z.Write(binary.BigEndian.AppendUint32(nil, sum.Sum32()))
	return pdfFile([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
		fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.Bytes()),
	}), nil
}

// ManyPagesPDF is a valid PDF of n pages that all show the same short
// content stream; 50,000 pages make about 5 MB.
func ManyPagesPDF(n int) []byte {
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	content := "BT /F1 12 Tf 72 760 Td (Page) Tj ET"
	objs = append(objs, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	var kids strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&kids, "%d 0 R ", len(objs)+1)
		objs = append(objs, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>")
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids.String(), n)
	return pdfFile(objs)
}

// pdfFile numbers the objects from 1 and writes them with their
// cross-reference table.
func pdfFile(objs []string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
