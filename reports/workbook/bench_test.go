package workbook

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/whatworks/whatworks/reports/internal/testreport"
)

// BenchmarkWorkbook_dataSheet1M writes a workbook whose Data sheet holds a
// million pupils (6 columns).
// benchPupils is the 1M-pupil scale of issue 3.
const benchPupils = 1_000_000

func BenchmarkWorkbook_dataSheet1M(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	d := &DataSheet{Header: []string{"upn", "arm", "fsm", "ks1_read", "ks2_read", "analysed"}}
	d.Rows = make([][]any, benchPupils)
	for i := range d.Rows {
		d.Rows[i] = []any{i, []string{"control", "buddies"}[i%2], []string{"N", "Y"}[rng.IntN(2)],
			15 + 4*rng.NormFloat64(), 104 + 6*rng.NormFloat64(), true}
	}
	r := testreport.RCT()
	o := Options{Date: "2026-01-01", IncludeData: true, Data: d}
	path := filepath.Join(b.TempDir(), "big.xlsx")
	b.ResetTimer()
	for range b.N {
		if err := Write(path, r, o); err != nil {
			b.Fatal(err)
		}
	}
}
