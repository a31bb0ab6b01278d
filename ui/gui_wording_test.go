package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
)

// TestImportErrorsNameNoCommand: a file the import cannot read, and a
// problem on one of its lines, are said on the screen in the GUI's
// wording (what to choose on the import screen), never as a relancectl
// command, in every language, the file and line still named.
func TestImportErrorsNameNoCommand(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.EN, i18n.FR, i18n.DE, i18n.SRCyrl, i18n.SRLatn} {
		u := &UI{lang: l}
		fe := &app.ImportFileError{File: "export.csv", Reason: i18n.M("import.kind_unknown")}
		got := u.errText(fmt.Errorf("import: %w", fe))
		if strings.Contains(got, "relancectl") || !strings.Contains(got, "export.csv") || got == fe.In(l) {
			t.Errorf("%s: file error said %q", l, got)
		}
		p := app.ImportProblem{File: "export.csv", Line: 12, Reason: i18n.M("import.date_order_contradiction", 3, "25/01/2026", 12, "01/25/2026")}
		got = p.Say(l, u.msgText)
		if strings.Contains(got, "relancectl") || !strings.Contains(got, "12") || !strings.Contains(got, "01/25/2026") {
			t.Errorf("%s: problem said %q", l, got)
		}
	}
}
