package render

// Bitmap is a 1-bit picture, Bits[y*W+x] true where it is dark: a QR
// code's modules. The PDF draws it as an image mask (a few hundred bytes,
// sharp at any scale), the PNG painter as squares.
type Bitmap struct {
	W, H int
	Bits []bool
}

// The QR code to pay goes in the letterhead's free corner beside the
// address window: on the left when the window is on the right (French
// DL), on the right otherwise (DIN 5008's information block, US #10),
// its foot level with the window's. The body is left to the letter: its
// payment paragraph (IBAN, reference, amount) says what the code holds,
// and a block beside it would push the closing of a full one-page letter
// onto a second sheet.
const (
	payQRSide = 24 * mm // with the quiet zone
	payQuiet  = 4       // modules of quiet zone each side (ISO/IEC 18004)
)

// payQR places the QR code and its caption (above it, small).
func (lo *layouter) payQR(l *Letter, reg *Face, left, right float64) {
	bm := l.PayQR
	if bm == nil || bm.W == 0 {
		return
	}
	win := l.Window
	x := left
	if (win.X+win.W/2)*mm < lo.w/2 {
		x = lo.w - right - payQRSide
	}
	y := (win.Y+win.H)*mm - payQRSide
	module := payQRSide / float64(bm.W+2*payQuiet)
	lo.page.Items = append(lo.page.Items, Item{Kind: BitmapItem, X: x + module*payQuiet, Y: y + module*payQuiet,
		W: module * float64(bm.W), H: module * float64(bm.H), Bitmap: bm})
	if l.PayQRCaption != "" {
		lines := wrap(reg, l.PayQRCaption, 6.5, payQRSide+10*mm)
		cy := y + module*payQuiet/2 - float64(len(lines)-1)*8
		for _, ln := range lines {
			s := ""
			for i, w := range ln.words {
				if i > 0 {
					s += " "
				}
				s += w
			}
			cx := x + (payQRSide-reg.Width(s, 6.5))/2
			lo.text(cx, cy, s, Regular, 6.5, 0.3)
			cy += 8
		}
	}
}
