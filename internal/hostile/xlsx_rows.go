package hostile

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"html"
	"os"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// XLSXRowsBomb writes to path a real workbook whose first sheet holds rows
// (the first is the header; a cell that parses as a number is written as a
// number cell in the General format, anything else as an inline string),
// followed by blank rows, without r attributes, until the sheet's XML
// inflates to about sheetBytes. Under the workbook limit it is a valid
// file with one data row: what it tests is that reading that row does not
// cost memory in proportion to the whole sheet.
func XLSXRowsBomb(path string, rows [][]string, sheetBytes int64) error {
	base := excelize.NewFile()
	var wb bytes.Buffer
	if err := base.Write(&wb); err != nil {
		return err
	}
	base.Close()
	zr, err := zip.NewReader(bytes.NewReader(wb.Bytes()), int64(wb.Len()))
	if err != nil {
		return err
	}
	var head bytes.Buffer
	head.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i, row := range rows {
		fmt.Fprintf(&head, `<row r="%d">`, i+1)
		for j, v := range row {
			ref, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return err
			}
			if _, err := strconv.ParseFloat(v, 64); err == nil {
				fmt.Fprintf(&head, `<c r="%s"><v>%s</v></c>`, ref, v)
			} else {
				fmt.Fprintf(&head, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, html.EscapeString(v))
			}
		}
		head.WriteString(`</row>`)
	}
	unit := []byte(`<row><c t="inlineStr"><is><t> </t></is></c></row>`)
	tail := []byte(`</sheetData></worksheet>`)
	n := (sheetBytes - int64(head.Len()+len(tail))) / int64(len(unit))

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
		var comp bytes.Buffer
		sum := crc32.NewIEEE()
		if _, err := deflateRepeat(&comp, head.Bytes(), unit, n, tail, sum); err != nil {
			out.Close()
			return err
		}
		size := uint64(head.Len()+len(tail)) + uint64(n)*uint64(len(unit))
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
