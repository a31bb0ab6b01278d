package inbox

import (
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/inbound"
	rmail "github.com/relance-app/relance/internal/mail"
)

// partMax bounds each part fetched for classification.
const partMax = 64 << 10

// partPlan is what classification needs of a message: the first text
// part (and the HTML one), a delivery report, the returned message's
// header; each capped.
type partPlan struct {
	secs  []rmail.Section
	kinds []string
	parts []rmail.Part
}

func (pp partPlan) key() string {
	var b strings.Builder
	for i, s := range pp.secs {
		fmt.Fprintf(&b, "%v/%v/%s;", s.Path, s.HeaderOnly, pp.kinds[i])
	}
	return b.String()
}

func planParts(h rmail.Header) partPlan {
	var pp partPlan
	pick := func(kind string, p rmail.Part, headerOnly bool) {
		pp.secs = append(pp.secs, rmail.Section{Path: p.Path, HeaderOnly: headerOnly, Max: partMax})
		pp.kinds = append(pp.kinds, kind)
		pp.parts = append(pp.parts, p)
	}
	have := map[string]bool{}
	for _, p := range h.Parts {
		attached := p.Filename != ""
		switch {
		case p.Type == "text/plain" && !have["text"] && !attached:
			have["text"] = true
			pick("text", p, false)
		case p.Type == "text/html" && !have["html"] && !attached:
			have["html"] = true
			pick("html", p, false)
		case (p.Type == "message/delivery-status" || p.Type == "message/global-delivery-status") && !have["report"]:
			have["report"] = true
			pick("report", p, false)
		case (p.Type == "message/rfc822" || p.Type == "message/global") && !have["returned"]:
			have["returned"] = true
			pick("returned", p, true)
		case (p.Type == "text/rfc822-headers" || p.Type == "message/global-headers") && !have["returned"]:
			have["returned"] = true
			pick("returned", p, false)
		}
	}
	return pp
}

// fillMessage decodes the fetched parts into what the classifier reads.
func fillMessage(m *inbound.Message, pp partPlan, data [][]byte) {
	for i, d := range data {
		if i >= len(pp.kinds) {
			break
		}
		p := pp.parts[i]
		switch pp.kinds[i] {
		case "text":
			m.Text = inbound.DecodePart(d, p.Encoding, p.Params["charset"])
		case "html":
			m.HTML = inbound.DecodePart(d, p.Encoding, p.Params["charset"])
		case "report":
			m.Report = []byte(inbound.DecodePart(d, p.Encoding, ""))
		case "returned":
			if pp.secs[i].HeaderOnly {
				m.Returned = d
			} else {
				m.Returned = []byte(inbound.DecodePart(d, p.Encoding, ""))
			}
		}
	}
}
