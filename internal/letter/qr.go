package letter

import (
	"errors"
	"math/bits"

	"github.com/relance-app/relance/internal/render"
)

// A QR code encoder (ISO/IEC 18004) for the payment codes: byte mode,
// error correction level M, versions 1 to 13. That is all the two schemes
// need: EPC069-12 caps its text at 331 bytes, which is version 13 at
// level M in byte mode, and asks for level M; an NBS IPS text stays under
// it. The modules go straight to the layout as a bitmap.
//
// Why not a library from the module proxy (the issue named two): for the
// code of a two-invoice letter (128 bytes, version 8) skip2/go-qrcode
// takes 650 µs of CPU and yeqown/go-qrcode/v2 1.1–1.4 ms, where the whole
// letter is given 2 ms (1,000 letters a second on two cores,
// docs/BENCHMARKS.md): both build and score every candidate mask module by
// module in boxed structures, allocating thousands of times. This one
// follows the standard's steps as Project Nayuki's reference encoder
// writes them, and scores the masks by ZXing's penalty rules a row or a
// column at a time in machine words (qrWordPenalty; qrPenalty, module by
// module, is its reference in the tests and serves symbols too wide for
// a word): 29 µs. Its codes are read back by zbarimg in the tests, at
// every version.

// qrBlocks is level M's error correction per version (ISO/IEC 18004,
// table 9): codewords of error correction per block, then the blocks
// (count, data codewords) of the one or two groups.
var qrBlocks = [14]struct{ ec, n1, d1, n2, d2 int }{
	{}, // no version 0
	{10, 1, 16, 0, 0}, {16, 1, 28, 0, 0}, {26, 1, 44, 0, 0}, {18, 2, 32, 0, 0}, {24, 2, 43, 0, 0},
	{16, 4, 27, 0, 0}, {18, 4, 31, 0, 0}, {22, 2, 38, 2, 39}, {22, 3, 36, 2, 37}, {26, 4, 43, 1, 44},
	{30, 1, 50, 4, 51}, {22, 6, 36, 2, 37}, {22, 8, 37, 1, 38},
}

const qrMaxVersion = 13

var errQRTooLong = errors.New("too long for a QR code of version 13 at level M")

// qrDataCodewords is how many data codewords version v holds at level M.
func qrDataCodewords(v int) int { b := qrBlocks[v]; return b.n1*b.d1 + b.n2*b.d2 }

// EncodeQR makes the QR code of a text at error-correction level M: its
// modules, the quiet zone left to the layout.
func EncodeQR(text string) (*render.Bitmap, error) {
	data := []byte(text)
	ver := 0
	for v := 1; v <= qrMaxVersion; v++ {
		countBits := 8
		if v >= 10 {
			countBits = 16
		}
		if 4+countBits+8*len(data) <= 8*qrDataCodewords(v) {
			ver = v
			break
		}
	}
	if ver == 0 {
		return nil, errQRTooLong
	}
	q := newQRSymbol(ver)
	q.drawFunctionPatterns()
	q.drawCodewords(qrCodewords(ver, data))
	q.applyMask(q.bestMask())
	return &render.Bitmap{W: q.size, H: q.size, Bits: q.dark}, nil
}

// qrCodewords are the data codewords (mode, count, bytes, terminator,
// padding) with their error correction, interleaved block by block.
func qrCodewords(ver int, data []byte) []byte {
	capacity := qrDataCodewords(ver)
	var bits qrBits
	bits.put(0b0100, 4) // byte mode
	if ver >= 10 {
		bits.put(uint32(len(data)), 16)
	} else {
		bits.put(uint32(len(data)), 8)
	}
	for _, b := range data {
		bits.put(uint32(b), 8)
	}
	bits.put(0, min(4, 8*capacity-bits.n)) // terminator
	bits.put(0, (8-bits.n%8)%8)
	for pad := byte(0xEC); len(bits.b) < capacity; pad ^= 0xEC ^ 0x11 {
		bits.b = append(bits.b, pad)
	}
	blk := qrBlocks[ver]
	div := rsDivisor(blk.ec)
	var dataBlocks, ecBlocks [][]byte
	off := 0
	for i := 0; i < blk.n1+blk.n2; i++ {
		n := blk.d1
		if i >= blk.n1 {
			n = blk.d2
		}
		d := bits.b[off : off+n]
		off += n
		dataBlocks = append(dataBlocks, d)
		ecBlocks = append(ecBlocks, rsRemainder(d, div))
	}
	out := make([]byte, 0, capacity+blk.ec*(blk.n1+blk.n2))
	for i := 0; i < max(blk.d1, blk.d2); i++ {
		for _, d := range dataBlocks {
			if i < len(d) {
				out = append(out, d[i])
			}
		}
	}
	for i := 0; i < blk.ec; i++ {
		for _, e := range ecBlocks {
			out = append(out, e[i])
		}
	}
	return out
}

// qrBits appends bits, most significant first.
type qrBits struct {
	b []byte
	n int // bits written
}

func (q *qrBits) put(v uint32, n int) {
	for i := n - 1; i >= 0; i-- {
		if q.n%8 == 0 {
			q.b = append(q.b, 0)
		}
		if v>>uint(i)&1 != 0 {
			q.b[len(q.b)-1] |= 0x80 >> uint(q.n%8)
		}
		q.n++
	}
}

// GF(256) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D), by logs.
var gfExp, gfLog = func() (exp [512]byte, log [256]byte) {
	x := 1
	for i := 0; i < 255; i++ {
		exp[i] = byte(x)
		log[x] = byte(i)
		x <<= 1
		if x&0x100 != 0 {
			x ^= 0x11D
		}
	}
	for i := 255; i < 512; i++ {
		exp[i] = exp[i-255]
	}
	return
}()

func gfMul(a, b byte) byte {
	if a == 0 || b == 0 {
		return 0
	}
	return gfExp[int(gfLog[a])+int(gfLog[b])]
}

// rsDivisor is the Reed–Solomon generator polynomial of a degree, its
// leading 1 left out, highest power first.
func rsDivisor(degree int) []byte {
	out := make([]byte, degree)
	out[degree-1] = 1
	root := byte(1)
	for i := 0; i < degree; i++ {
		for j := range out {
			out[j] = gfMul(out[j], root)
			if j+1 < len(out) {
				out[j] ^= out[j+1]
			}
		}
		root = gfMul(root, 2)
	}
	return out
}

// rsRemainder is the error correction of a block: data·x^degree modulo
// the generator.
func rsRemainder(data, div []byte) []byte {
	out := make([]byte, len(div))
	for _, b := range data {
		f := b ^ out[0]
		copy(out, out[1:])
		out[len(out)-1] = 0
		for i, d := range div {
			out[i] ^= gfMul(d, f)
		}
	}
	return out
}

// qrSymbol is a symbol being drawn: dark modules, and which modules are
// function patterns (never masked, never data).
type qrSymbol struct {
	ver, size int
	dark, fn  []bool
}

func newQRSymbol(ver int) *qrSymbol {
	size := 17 + 4*ver
	return &qrSymbol{ver: ver, size: size, dark: make([]bool, size*size), fn: make([]bool, size*size)}
}

func (q *qrSymbol) setFn(x, y int, dark bool) {
	q.dark[y*q.size+x] = dark
	q.fn[y*q.size+x] = true
}

func (q *qrSymbol) drawFunctionPatterns() {
	n := q.size
	for i := 0; i < n; i++ { // timing patterns
		q.setFn(6, i, i%2 == 0)
		q.setFn(i, 6, i%2 == 0)
	}
	for _, c := range [][2]int{{3, 3}, {n - 4, 3}, {3, n - 4}} { // finders and separators
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				x, y := c[0]+dx, c[1]+dy
				if x >= 0 && x < n && y >= 0 && y < n {
					d := max(abs(dx), abs(dy))
					q.setFn(x, y, d != 2 && d != 4)
				}
			}
		}
	}
	pos := q.alignmentPositions()
	last := len(pos) - 1
	for i := range pos {
		for j := range pos {
			if i == 0 && j == 0 || i == 0 && j == last || i == last && j == 0 {
				continue // the finders' corners
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					q.setFn(pos[i]+dx, pos[j]+dy, max(abs(dx), abs(dy)) != 1)
				}
			}
		}
	}
	q.drawFormatBits(0) // reserves the area; drawn again with the mask
	if q.ver >= 7 {
		rem := q.ver
		for i := 0; i < 12; i++ {
			rem = rem<<1 ^ (rem>>11)*0x1F25
		}
		bits := q.ver<<12 | rem
		for i := 0; i < 18; i++ {
			a, b := n-11+i%3, i/3
			dark := bits>>uint(i)&1 != 0
			q.setFn(a, b, dark)
			q.setFn(b, a, dark)
		}
	}
}

// alignmentPositions are the centres' coordinates on either axis.
func (q *qrSymbol) alignmentPositions() []int {
	if q.ver == 1 {
		return nil
	}
	num := q.ver/7 + 2
	step := (q.ver*4 + num*2 + 1) / (num*2 - 2) * 2
	out := make([]int, num)
	out[0] = 6
	for i, p := num-1, q.size-7; i >= 1; i, p = i-1, p-step {
		out[i] = p
	}
	return out
}

// qrFormat is the 15 format bits of level M with a mask, BCH-protected.
func qrFormat(mask int) int {
	data := mask // level M is 00
	rem := data
	for i := 0; i < 10; i++ {
		rem = rem<<1 ^ (rem>>9)*0x537
	}
	return (data<<10 | rem) ^ 0x5412
}

// formatPositions calls put for each module of the two copies of the
// format bits, with the bit it holds.
func (q *qrSymbol) formatPositions(put func(x, y, bit int)) {
	n := q.size
	for i := 0; i <= 5; i++ {
		put(8, i, i)
	}
	put(8, 7, 6)
	put(8, 8, 7)
	put(7, 8, 8)
	for i := 9; i < 15; i++ {
		put(14-i, 8, i)
	}
	for i := 0; i < 8; i++ {
		put(n-1-i, 8, i)
	}
	for i := 8; i < 15; i++ {
		put(8, n-15+i, i)
	}
}

// drawFormatBits writes level M and the mask, twice, and the dark module.
func (q *qrSymbol) drawFormatBits(mask int) {
	f := qrFormat(mask)
	q.formatPositions(func(x, y, bit int) { q.setFn(x, y, f>>uint(bit)&1 != 0) })
	q.setFn(8, q.size-8, true)
}

// drawCodewords lays the bits in the zigzag of two-module columns, from
// the bottom right, skipping function patterns.
func (q *qrSymbol) drawCodewords(data []byte) {
	n := q.size
	i := 0
	for right := n - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5 // the vertical timing pattern
		}
		for vert := 0; vert < n; vert++ {
			for j := 0; j < 2; j++ {
				x := right - j
				y := vert
				if (right+1)&2 == 0 {
					y = n - 1 - vert // upward
				}
				if !q.fn[y*n+x] && i < len(data)*8 {
					q.dark[y*n+x] = data[i>>3]>>(7-uint(i&7))&1 != 0
					i++
				}
			}
		}
	}
}

// qrMasks are the eight mask conditions: a data module at column x, row
// y is inverted where its mask's holds.
var qrMasks = [8]func(x, y int) bool{
	func(x, y int) bool { return (x+y)%2 == 0 },
	func(x, y int) bool { return y%2 == 0 },
	func(x, y int) bool { return x%3 == 0 },
	func(x, y int) bool { return (x+y)%3 == 0 },
	func(x, y int) bool { return (x/3+y/2)%2 == 0 },
	func(x, y int) bool { return x*y%2+x*y%3 == 0 },
	func(x, y int) bool { return (x*y%2+x*y%3)%2 == 0 },
	func(x, y int) bool { return ((x+y)%2+x*y%3)%2 == 0 },
}

// applyMask inverts the data modules the mask selects.
func (q *qrSymbol) applyMask(mask int) {
	n := q.size
	cond := qrMasks[mask]
	for y := 0; y < n; y++ {
		row, fn := q.dark[y*n:(y+1)*n], q.fn[y*n:(y+1)*n]
		for x := range row {
			if !fn[x] && cond(x, y) {
				row[x] = !row[x]
			}
		}
	}
}

// bestMask tries the eight masks and keeps the one of lowest penalty,
// its format bits drawn. Symbols up to 56 modules (version 9: 180 bytes,
// every letter of a few invoices) are scored a row or column at a time in
// machine words (qrWordPenalty); larger ones module by module.
func (q *qrSymbol) bestMask() int {
	n := q.size
	best, bestScore := 0, -1
	if n <= qrWordMax {
		w := q.words()
		for m := 0; m < 8; m++ {
			if s := w.penalty(m); bestScore < 0 || s < bestScore {
				best, bestScore = m, s
			}
		}
	} else {
		base := q.dark
		work := make([]bool, n*n)
		for m := 0; m < 8; m++ {
			copy(work, base)
			q.dark = work
			q.applyMask(m)
			q.drawFormatBits(m)
			if s := qrPenalty(work, n); bestScore < 0 || s < bestScore {
				best, bestScore = m, s
			}
		}
		q.dark = base
	}
	q.drawFormatBits(best)
	return best
}

// The penalty rules, as ZXing's encoder applies them (MaskUtil):
//
//	N1: a run of five or more alike in a row or column: 3, and 1 for each module beyond
//	N2: each 2 × 2 block alike: 3
//	N3: each 1:1:3:1:1 pattern (dark, light, dark ×3, light, dark) in a row
//	    or column with four light modules before or after it (outside the
//	    symbol counts as light): 40
//	N4: 10 for every 5 % the dark modules are away from half
//
// qrPenalty counts them module by module: for large symbols, and in the
// tests as the reference of qrWordPenalty.
func qrPenalty(m []bool, n int) int {
	at := func(x, y int) bool { return x >= 0 && x < n && y >= 0 && y < n && m[y*n+x] }
	score, dark := 0, 0
	for pass := 0; pass < 2; pass++ {
		get := at
		if pass == 1 {
			get = func(x, y int) bool { return at(y, x) }
		}
		for y := 0; y < n; y++ {
			runLen := 0
			for x := 0; x < n; x++ {
				if x > 0 && get(x, y) == get(x-1, y) {
					runLen++
				} else {
					runLen = 1
				}
				if runLen == 5 {
					score += 3
				} else if runLen > 5 {
					score++
				}
				if x+6 < n && get(x, y) && !get(x+1, y) && get(x+2, y) && get(x+3, y) && get(x+4, y) && !get(x+5, y) && get(x+6, y) {
					before := !get(x-1, y) && !get(x-2, y) && !get(x-3, y) && !get(x-4, y)
					after := !get(x+7, y) && !get(x+8, y) && !get(x+9, y) && !get(x+10, y)
					if before || after {
						score += 40
					}
				}
			}
		}
	}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			c := m[y*n+x]
			if c {
				dark++
			}
			if x < n-1 && y < n-1 && c == m[y*n+x+1] && c == m[(y+1)*n+x] && c == m[(y+1)*n+x+1] {
				score += 3
			}
		}
	}
	return score + abs(2*dark-n*n)*10/(n*n)*10
}

// qrWordMax is the largest symbol scored in words: a row, its four light
// modules on each side, in 64 bits.
const qrWordMax = 56

// qrMaskRows[m][y] has bit x set where mask m inverts module (x, y);
// qrMaskCols[m][x] has bit y set. The masks do not depend on the symbol's
// size, so one table serves every version up to qrWordMax.
var qrMaskRows, qrMaskCols = func() (rows, cols [8][qrWordMax]uint64) {
	for m := range qrMasks {
		for y := 0; y < qrWordMax; y++ {
			for x := 0; x < qrWordMax; x++ {
				if qrMasks[m](x, y) {
					rows[m][y] |= 1 << uint(x)
					cols[m][x] |= 1 << uint(y)
				}
			}
		}
	}
	return
}()

// qrWords is an unmasked symbol as words: its rows and columns, and which
// of their modules are data (masked) rather than function patterns.
type qrWords struct {
	n                  int
	rows, cols         [qrWordMax]uint64
	dataRows, dataCols [qrWordMax]uint64
	formatX, formatY   []int // the format modules' positions
	formatBit          []int // … and which bit of the format each holds
}

func (q *qrSymbol) words() *qrWords {
	n := q.size
	w := &qrWords{n: n}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			i := y*n + x
			if q.dark[i] {
				w.rows[y] |= 1 << uint(x)
				w.cols[x] |= 1 << uint(y)
			}
			if !q.fn[i] {
				w.dataRows[y] |= 1 << uint(x)
				w.dataCols[x] |= 1 << uint(y)
			}
		}
	}
	q.formatPositions(func(x, y, bit int) {
		w.formatX, w.formatY, w.formatBit = append(w.formatX, x), append(w.formatY, y), append(w.formatBit, bit)
	})
	return w
}

// penalty scores the symbol under mask m, format bits included.
func (w *qrWords) penalty(m int) int {
	n := w.n
	var rows, cols [qrWordMax]uint64
	for i := 0; i < n; i++ {
		rows[i] = w.rows[i] ^ qrMaskRows[m][i]&w.dataRows[i]
		cols[i] = w.cols[i] ^ qrMaskCols[m][i]&w.dataCols[i]
	}
	f := qrFormat(m)
	for i, x := range w.formatX {
		y, on := w.formatY[i], f>>uint(w.formatBit[i])&1 != 0
		if on {
			rows[y] |= 1 << uint(x)
			cols[x] |= 1 << uint(y)
		} else {
			rows[y] &^= 1 << uint(x)
			cols[x] &^= 1 << uint(y)
		}
	}
	score, dark := 0, 0
	for i := 0; i < n; i++ {
		score += qrWordPenalty(rows[i], n) + qrWordPenalty(cols[i], n)
		dark += bits.OnesCount64(rows[i])
		if i < n-1 {
			same := ^(rows[i] ^ rows[i+1])  // alike vertically
			pair := ^(rows[i] ^ rows[i]>>1) // alike with the right neighbour
			blocks := same & (same >> 1) & pair & (1<<uint(n-1) - 1)
			score += 3 * bits.OnesCount64(blocks)
		}
	}
	return score + abs(2*dark-n*n)*10/(n*n)*10
}

// qrWordPenalty is N1 and N3 of one row or column, bit i its module i.
func qrWordPenalty(r uint64, n int) int {
	full := uint64(1)<<uint(n) - 1
	d, l := r, ^r&full
	// N1: a run of L ≥ 5 has L − 4 windows of five alike; it scores
	// L − 2, so each window counts 1 and each run's first window 2 more.
	win := d&(d>>1)&(d>>2)&(d>>3)&(d>>4) | l&(l>>1)&(l>>2)&(l>>3)&(l>>4)
	score := bits.OnesCount64(win) + 2*bits.OnesCount64(win&^(win<<1))
	// N3: with four light modules of margin on each side (R's bit s is
	// module s − 4), 1011101 starting at s, light at s−4…s−1 or s+7…s+10.
	R := r << 4
	match := R &^ (R >> 1) & (R >> 2) & (R >> 3) & (R >> 4) &^ (R >> 5) & (R >> 6)
	before := ^(R<<1 | R<<2 | R<<3 | R<<4)
	after := ^(R>>7 | R>>8 | R>>9 | R>>10)
	return score + 40*bits.OnesCount64(match&(before|after))
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
