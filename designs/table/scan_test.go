package table

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// scanAll returns every record of text (fields joined by "|") and the
// quote error's row, if any.
func scanAll(s *csvScanner) (recs []string, rows []int, qrow int) {
	for {
		f, ok, qerr := s.next()
		if qerr != nil {
			return recs, rows, qerr.row
		}
		if !ok {
			return recs, rows, 0
		}
		parts := make([]string, len(f))
		for i, b := range f {
			parts[i] = fmt.Sprintf("%q", b)
		}
		recs = append(recs, strings.Join(parts, "|"))
		rows = append(rows, s.rec)
	}
}

// TestCSVScanner_pieces: a text read in pieces of any size, one byte at a
// time, gives the same records as read whole (records, fields, quotes and
// line ends split across the pieces).
func TestCSVScanner_pieces(t *testing.T) {
	texts := []string{
		"a,b\n1,2\n",
		"a,b\r\n1,2\r\n",
		"a,b\r1,2\r",
		"a,\"x,\"\"y\"\"\"\n\"two\r\nlines\",3\n",
		"\"\"\"\",\"\"\n\"a\"b,c\n",
		"a,b,\n,,\n",
		"x\n\"never ends,1\n2\n",
		"only\"quote\n",
		"a;b\n1;2",
		"\n\n\r\n",
		"\"ab\"\"",
		strings.Repeat("abc,\"d\"\"e\",f\r\n", 50),
	}
	for _, text := range texts {
		whole := newCSVScanner(strings.NewReader(text), int64(len(text)))
		whole.delim = ','
		if strings.Contains(text, ";") {
			whole.delim = ';'
		}
		want, wantRows, wantQ := scanAll(whole)
		for size := 1; size <= 9; size++ {
			s := &csvScanner{src: iotest.OneByteReader(strings.NewReader(text)), buf: make([]byte, size), delim: whole.delim}
			got, rows, q := scanAll(s)
			if !slices.Equal(got, want) || !slices.Equal(rows, wantRows) || q != wantQ {
				t.Errorf("%q in pieces of %d:\n got %q %v %d\nwant %q %v %d", text, size, got, rows, q, want, wantRows, wantQ)
			}
		}
	}
}
