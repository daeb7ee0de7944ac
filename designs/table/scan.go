package table

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// csvScanner splits delimited text into records of fields, as RFC 4180
// with the leniency of spreadsheets: a field is quoted only if it starts
// with a double quote; inside it "" is a quote and delimiters and line
// breaks are text; text after the closing quote is kept; lines end in LF,
// CRLF or CR. It reads its text in pieces from src, so a file is never
// held in memory whole, and fields are slices of its buffer where
// possible, so scanning allocates little.
type csvScanner struct {
	src   io.Reader
	buf   []byte // buf[:end] is text read; buf[pos:end] not yet scanned
	pos   int
	end   int
	eof   bool
	err   error // a read error other than io.EOF
	base  int64 // offset in the text of buf[0]
	delim byte
	rec   int // records read, i.e. the row number of the last one

	fields  [][]byte
	scratch []byte
}

// Buffer sizes: scanning starts with csvBuffer bytes (less for a small
// file) and grows the buffer only for a record longer than it, up to
// csvMaxRecord, beyond which a quoted field is taken never to end.
const (
	csvBuffer    = 4 << 20
	csvMaxRecord = 64 << 20
)

func newCSVScanner(src io.Reader, size int64) *csvScanner {
	n := csvBuffer
	if size >= 0 && size+16 < int64(n) {
		n = int(size) + 16
	}
	s := &csvScanner{src: src, buf: make([]byte, n)}
	// Start with a full buffer (or the whole text), so that the delimiter
	// is detected on whole lines.
	for !s.eof && s.end < len(s.buf) {
		s.fill()
	}
	return s
}

// window is the text read and not yet scanned.
func (s *csvScanner) window() []byte { return s.buf[s.pos:s.end] }

// skip drops n bytes of the window.
func (s *csvScanner) skip(n int) { s.pos += n }

// offset is the position in the text of the next byte to scan.
func (s *csvScanner) offset() int64 { return s.base + int64(s.pos) }

// fill moves the unscanned bytes to the front of the buffer and reads more
// after them, growing the buffer when it is full.
func (s *csvScanner) fill() {
	if s.eof {
		return
	}
	if s.pos > 0 {
		copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.end -= s.pos
		s.pos = 0
	}
	if s.end == len(s.buf) {
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	for {
		n, err := s.src.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
			return
		}
		if err != nil {
			s.err, s.eof = err, true
			return
		}
		if n > 0 {
			return
		}
	}
}

// csvQuoteError is a quoted field that never ends, or (long) a row with
// no quotes longer than csvMaxRecord.
type csvQuoteError struct {
	row  int
	long bool
}

func (e *csvQuoteError) withFile(path string) *DataError {
	if e.long {
		return &DataError{File: path, Row: e.row,
			Err:  fmt.Errorf("this row is longer than %d MB", csvMaxRecord>>20),
			Hint: "line breaks may be missing, or this may not be a CSV file"}
	}
	return &DataError{File: path, Row: e.row,
		Err:  errors.New("a quoted field starts in this row but never ends"),
		Hint: `a double quote (") is missing or stray; a quote inside a quoted value is written twice ("")`}
}

// next returns the next record's fields, valid until the following call.
// ok is false at the end of the text (or at a read error: see s.err).
func (s *csvScanner) next() (fields [][]byte, ok bool, qerr *csvQuoteError) {
	for {
		if s.pos >= s.end {
			if s.eof {
				return nil, false, nil
			}
			s.fill()
			continue
		}
		end, status := s.record()
		switch status {
		case recordDone:
			s.rec++
			s.pos = end
			return s.fields, true, nil
		case recordUnterminated:
			s.rec++
			s.pos, s.eof = s.end, true
			return nil, true, &csvQuoteError{row: s.rec}
		}
		// recordShort: the record runs past the text read so far.
		if s.end-s.pos >= csvMaxRecord {
			s.rec++
			long := bytes.IndexByte(s.window(), '"') < 0
			s.pos, s.eof = s.end, true
			return nil, true, &csvQuoteError{row: s.rec, long: long}
		}
		s.fill()
	}
}

const (
	recordDone = iota
	recordShort
	recordUnterminated
)

// record scans the record starting at s.pos into s.fields and returns the
// position after it. It returns recordShort when the record may go on
// past the text read so far.
func (s *csvScanner) record() (int, int) {
	data, n, delim := s.buf[:s.end], s.end, s.delim
	s.fields = s.fields[:0]
	s.scratch = s.scratch[:0]
	pos := s.pos
	for {
		if pos < n && data[pos] == '"' {
			f, end, status := s.quoted(pos)
			if status != recordDone {
				return 0, status
			}
			s.fields = append(s.fields, f)
			pos = end
		} else {
			start := pos
			for pos < n {
				c := data[pos]
				if c == delim || c == '\n' || c == '\r' {
					break
				}
				pos++
			}
			s.fields = append(s.fields, data[start:pos])
		}
		if pos >= n {
			if !s.eof {
				return 0, recordShort
			}
			break
		}
		c := data[pos]
		pos++
		if c == delim {
			if pos >= n {
				if !s.eof {
					return 0, recordShort
				}
				s.fields = append(s.fields, data[n:])
				break
			}
			continue
		}
		if c == '\r' {
			if pos >= n && !s.eof {
				return 0, recordShort
			}
			if pos < n && data[pos] == '\n' {
				pos++
			}
		}
		break
	}
	return pos, recordDone
}

// quoted reads the quoted field starting at data[pos] == '"'. It returns
// the field's text and the position of the delimiter or line end after it.
func (s *csvScanner) quoted(pos int) (field []byte, end int, status int) {
	data, n := s.buf[:s.end], s.end
	start := pos + 1
	copyNeeded := false
	i := start
	for {
		j := bytes.IndexByte(data[i:], '"')
		if j < 0 {
			if !s.eof {
				return nil, 0, recordShort
			}
			return nil, 0, recordUnterminated
		}
		if cr := bytes.IndexByte(data[i:i+j], '\r'); cr >= 0 {
			copyNeeded = true
		}
		i += j
		if i+1 >= n && !s.eof {
			return nil, 0, recordShort // "" or the end of the field?
		}
		if i+1 < n && data[i+1] == '"' {
			copyNeeded = true
			i += 2
			continue
		}
		break
	}
	// data[i] is the closing quote.
	closing := i
	end = i + 1
	for end < n && data[end] != s.delim && data[end] != '\n' && data[end] != '\r' {
		end++
	}
	if end >= n && !s.eof {
		return nil, 0, recordShort
	}
	if !copyNeeded && end == closing+1 {
		return data[start:closing], end, recordDone
	}
	from := len(s.scratch)
	for k := start; k < closing; k++ {
		c := data[k]
		switch {
		case c == '"' && data[k+1] == '"':
			k++
		case c == '\r' && k+1 < closing && data[k+1] == '\n':
			continue
		case c == '\r':
			c = '\n'
		}
		s.scratch = append(s.scratch, c)
	}
	s.scratch = append(s.scratch, data[closing+1:end]...)
	return s.scratch[from:len(s.scratch):len(s.scratch)], end, recordDone
}
