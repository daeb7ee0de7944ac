package reports

import (
	"io"
	"testing"

	"github.com/whatworks/whatworks/reports/internal/testreport"
)

// Benchmarks; the 1M-pupil ones of issue 3 are in reports/workbook and
// reports/plot. Run once each:
//
//	go test ./reports/... -run X -bench . -benchtime=1x -benchmem

// BenchmarkWriteJSON writes the sample report's JSON.
func BenchmarkWriteJSON(b *testing.B) {
	r := testreport.RCT()
	for range b.N {
		if err := WriteJSON(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
