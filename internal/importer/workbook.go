package importer

import (
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"

	"github.com/relance-app/relance/internal/i18n"
)

// workbook is an open XLSX file whose sheets are read as sources of their
// own: a workbook may hold the customers on one sheet, the invoices on
// another and the payments on a third. The sheets share the file (its
// shared strings are read once) and excelize's temporary folder; the last
// one closed closes them.
type workbook struct {
	f        *excelize.File
	path     string
	tmp      string // our folder for excelize's temporary files
	sheets   []string
	date1904 bool
	refs     int // the opener's, then one per open sheet
}

func openWorkbook(path string) (wb *workbook, err error) {
	if fe := checkXLSXSizes(path); fe != nil {
		return nil, fe
	}
	tmp, err := xlsxTempDir()
	if err != nil {
		return nil, fileErr(0, unreadable(err))
	}
	wb = &workbook{path: path, tmp: tmp, refs: 1}
	defer func() {
		if err != nil {
			wb.release() // every path that fails removes excelize's temporary files
		}
	}()
	wb.f, err = excelize.OpenFile(path, xlsxOptions(tmp))
	if err != nil {
		return nil, fileErr(0, badXLSX(err))
	}
	wb.sheets = wb.f.GetSheetList()
	if len(wb.sheets) == 0 {
		return nil, fileErr(0, i18n.M("import.file_empty"))
	}
	if props, err := wb.f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		wb.date1904 = *props.Date1904
	}
	return wb, nil
}

// release drops one reference; the last closes the file and removes the
// temporary folder.
func (wb *workbook) release() error {
	wb.refs--
	if wb.refs > 0 {
		return nil
	}
	var err error
	if wb.f != nil {
		err = wb.f.Close()
	}
	if rerr := os.RemoveAll(wb.tmp); rerr != nil && err == nil {
		err = fmt.Errorf("remove the workbook's temporary files: %w", rerr)
	}
	return err
}
