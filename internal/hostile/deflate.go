// Package hostile makes hostile files for tests: zip bombs dressed as
// workbooks, PDFs whose one stream inflates to gigabytes, PDFs of tens of
// thousands of pages. They are made on the fly in a few seconds, so no
// large file is committed; nothing outside tests imports this package.
package hostile

import (
	"bytes"
	"compress/flate"
	"fmt"
	"hash"
	"io"
)

// deflateRepeat writes a raw deflate stream that inflates to head, then
// unit repeated n times, then tail, and returns its compressed length. It
// compresses one chunk of units once and writes those compressed bytes
// again and again: deflate refers back to the last 32 KB of output, which
// is the same before every chunk (the data is periodic and each chunk is a
// whole number of units), so each copy inflates to the same chunk. That is
// how a bomb of gigabytes is made in a second, at deflate's full ratio of
// about 1000 to 1.
func deflateRepeat(w io.Writer, head, unit []byte, n int64, tail []byte, sum hash.Hash) (int64, error) {
	const window = 32 << 10
	perChunk := int64((1 << 20) / len(unit)) // about 1 MiB of units a chunk
	lead := int64(window/len(unit) + 1)      // units before the first chunk: a full window of them
	if n < lead+perChunk {
		return 0, fmt.Errorf("hostile: %d units are too few for a bomb", n)
	}
	cw := &countWriter{w: w}
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return 0, err
	}
	write := func(p []byte) {
		fw.Write(p) // into a bytes.Buffer: cannot fail
		sum.Write(p)
	}
	write(head)
	for i := int64(0); i < lead; i++ {
		write(unit)
	}
	fw.Flush()
	if _, err := cw.Write(buf.Bytes()); err != nil {
		return 0, err
	}
	buf.Reset()
	chunk := bytes.Repeat(unit, int(perChunk))
	fw.Write(chunk)
	fw.Flush() // sync flush: byte-aligned, so the copies can be concatenated
	comp := append([]byte(nil), buf.Bytes()...)
	left := n - lead
	for ; left >= perChunk; left -= perChunk {
		if _, err := cw.Write(comp); err != nil {
			return 0, err
		}
		sum.Write(chunk)
	}
	// The rest and the tail, compressed by the same writer: it believes
	// one chunk came before them, the reader has seen many, and the last
	// 32 KB, all the two can refer to, are the same.
	buf.Reset()
	rest := append(bytes.Repeat(unit, int(left)), tail...)
	write(rest)
	if err := fw.Close(); err != nil {
		return 0, err
	}
	if _, err := cw.Write(buf.Bytes()); err != nil {
		return 0, err
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
