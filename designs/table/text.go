package table

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// encoding is how a text file's bytes become UTF-8.
type encoding int

const (
	encUTF8   encoding = iota // valid UTF-8 (a byte-order mark is skipped)
	encUTF16                  // UTF-16 with a byte-order mark (Excel's "Unicode Text")
	encCP1252                 // Windows-1252 throughout (Excel's plain "CSV" on Windows)
	encMixed                  // UTF-8 with a few bytes that are not: those read as Windows-1252
)

// textStats is what a first pass over a text file finds.
type textStats struct {
	enc encoding
	// lines is the number of line ends ('\n', or '\r' in a file without
	// '\n'), for sizing the columns.
	lines int
}

// textChunk is the size of the pieces a text file is read in.
const textChunk = 1 << 20

// scanText reads a text file once, to choose its encoding and count its
// lines. A file that is valid UTF-8 (after an optional byte-order mark) is
// UTF-8; one in which no byte sequence is valid multi-byte UTF-8 is
// Windows-1252; one with both valid multi-byte sequences and bytes that
// are not UTF-8 is UTF-8 with stray bytes (encMixed), as when one value
// pasted from a Windows program lands in a UTF-8 file.
func scanText(r io.Reader) (textStats, error) {
	var st textStats
	buf := make([]byte, textChunk+utf8.UTFMax)
	carry := 0 // bytes of an incomplete character kept from the last chunk
	first := true
	invalid, multibyte := false, false
	nl, cr := 0, 0
	for {
		n, err := io.ReadFull(r, buf[carry:carry+textChunk])
		data := buf[:carry+n]
		if first {
			first = false
			switch {
			case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
				st.enc = encUTF16
			case bytes.HasPrefix(data, utf8BOM):
				data = data[3:]
			}
		}
		nl += bytes.Count(data[carry:], []byte{'\n'})
		cr += bytes.Count(data[carry:], []byte{'\r'})
		end := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !end {
			return st, err
		}
		if st.enc != encUTF16 && (!invalid || !multibyte) {
			keep := 0
			if !end {
				keep = incompleteTail(data)
			}
			body := data[:len(data)-keep]
			if utf8.Valid(body) {
				multibyte = multibyte || hasHighBit(body)
			} else {
				invalid = true
				multibyte = multibyte || hasValidMultibyte(body)
			}
			carry = copy(buf, data[len(data)-keep:])
		} else {
			carry = 0
		}
		if end {
			break
		}
	}
	st.lines = nl
	if nl == 0 {
		st.lines = cr
	}
	if st.enc == encUTF16 {
		return st, nil
	}
	switch {
	case !invalid:
		st.enc = encUTF8
	case multibyte:
		st.enc = encMixed
	default:
		st.enc = encCP1252
	}
	return st, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// incompleteTail is the number of bytes at the end of b that begin a
// UTF-8 character the chunk does not finish.
func incompleteTail(b []byte) int {
	for k := 1; k <= utf8.UTFMax-1 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < 0x80 {
			return 0
		}
		if c >= 0xC0 { // a lead byte
			if !utf8.FullRune(b[len(b)-k:]) {
				return k
			}
			return 0
		}
	}
	return 0
}

func hasHighBit(b []byte) bool {
	var or uint64
	for len(b) >= 8 {
		or |= binary.LittleEndian.Uint64(b)
		b = b[8:]
	}
	for _, c := range b {
		or |= uint64(c)
	}
	return or&0x8080808080808080 != 0
}

func hasValidMultibyte(b []byte) bool {
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || size > 1 {
			return true
		}
		i++
	}
	return false
}

// decodedText returns r (a text file read from its start) as UTF-8,
// without a byte-order mark. In encMixed, strays receives each byte that
// was not UTF-8, with its offset in the decoded text.
func decodedText(r io.Reader, enc encoding, strays *[]strayByte) io.Reader {
	switch enc {
	case encUTF16:
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case encCP1252:
		return transform.NewReader(r, charmap.Windows1252.NewDecoder())
	case encMixed:
		return transform.NewReader(skipBOM(r), &mixedDecoder{strays: strays})
	}
	return skipBOM(r)
}

// skipBOM drops a UTF-8 byte-order mark from the start of r.
func skipBOM(r io.Reader) io.Reader {
	return &bomSkipper{r: r}
}

type bomSkipper struct {
	r    io.Reader
	done bool
	head []byte
}

func (b *bomSkipper) Read(p []byte) (int, error) {
	if !b.done {
		b.done = true
		var h [3]byte
		n, err := io.ReadFull(b.r, h[:])
		if n == 3 && bytes.Equal(h[:], utf8BOM) {
			b.head = nil
		} else {
			b.head = append([]byte(nil), h[:n]...)
		}
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return 0, err
		}
	}
	if len(b.head) > 0 {
		n := copy(p, b.head)
		b.head = b.head[n:]
		return n, nil
	}
	return b.r.Read(p)
}

// strayByte is a byte that was not part of a UTF-8 character in a UTF-8
// file, at offset off of the decoded text.
type strayByte struct {
	off int64
	b   byte
}

// mixedDecoder passes UTF-8 through and decodes every byte that is not
// part of a valid UTF-8 character as Windows-1252, noting where.
type mixedDecoder struct {
	transform.NopResetter
	out    int64 // bytes written so far
	strays *[]strayByte
}

func (d *mixedDecoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	defer func() { d.out += int64(nDst) }()
	for nSrc < len(src) {
		c := src[nSrc]
		if c < utf8.RuneSelf {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		r, size := utf8.DecodeRune(src[nSrc:])
		if r == utf8.RuneError && size == 1 {
			if !atEOF && !utf8.FullRune(src[nSrc:]) {
				return nDst, nSrc, transform.ErrShortSrc
			}
			r = charmap.Windows1252.DecodeByte(c)
			if nDst+utf8.RuneLen(r) > len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			*d.strays = append(*d.strays, strayByte{d.out + int64(nDst), c})
			nDst += utf8.EncodeRune(dst[nDst:], r)
			nSrc++
			continue
		}
		if nDst+size > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += copy(dst[nDst:], src[nSrc:nSrc+size])
		nSrc += size
	}
	return nDst, nSrc, nil
}

// errBadUTF16 is the error the UTF-16 decoder's failures are reported as.
var errBadUTF16 = errors.New("the file is not valid UTF-16 text")
