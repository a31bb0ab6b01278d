package importer

import (
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
)

// ignoredNamed is how many unknown columns a summary names: a file with a
// million columns no one knows must not print a million lines.
const ignoredNamed = 10

// IgnoredSummary says which columns were not understood and left out, in
// one message: the first ten by name, then how many more.
func IgnoredSummary(ignored []string) i18n.Msg {
	named := ignored[:min(len(ignored), ignoredNamed)]
	quoted := make([]string, len(named))
	for i, h := range named {
		if len(h) > 60 {
			h = h[:60] + "…" // a header may be a whole cell of junk
		}
		quoted[i] = strconv.Quote(h)
	}
	list := strings.Join(quoted, ", ")
	if more := len(ignored) - len(named); more > 0 {
		return i18n.M("import.ignored_columns_more", list, more)
	}
	return i18n.M("import.ignored_columns", list)
}
