package reports

import (
	"io"
	"math/rand/v2"
	"path/filepath"
	"testing"
)

// Benchmarks at the 1M-pupil scale of issue 3. Run once each:
//
//	go test ./reports -run X -bench . -benchtime=1x -benchmem

const benchPupils = 1_000_000

// BenchmarkWorkbook_dataSheet1M writes a workbook whose Data sheet holds a
// million pupils (6 columns).
func BenchmarkWorkbook_dataSheet1M(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	d := &DataSheet{Header: []string{"upn", "arm", "fsm", "ks1_read", "ks2_read", "analysed"}}
	d.Rows = make([][]any, benchPupils)
	for i := range d.Rows {
		d.Rows[i] = []any{i, []string{"control", "buddies"}[i%2], []string{"N", "Y"}[rng.IntN(2)],
			15 + 4*rng.NormFloat64(), 104 + 6*rng.NormFloat64(), true}
	}
	r := sampleRCT()
	o := WorkbookOptions{Date: "2026-01-01", IncludeData: true, Data: d}
	path := filepath.Join(b.TempDir(), "big.xlsx")
	b.ResetTimer()
	for range b.N {
		if err := WriteWorkbook(path, r, o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDistributionPlot1M draws the box plots of a million pupils.
func BenchmarkDistributionPlot1M(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	d := Distribution{Outcome: "ks2_read", Treated: make([]float64, benchPupils/2), Comparison: make([]float64, benchPupils/2)}
	for i := range d.Treated {
		d.Treated[i] = 104 + 6*rng.NormFloat64()
		d.Comparison[i] = 103 + 6*rng.NormFloat64()
	}
	b.ResetTimer()
	for range b.N {
		f, _, err := DistributionPlot(d)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteJSON writes the sample report's JSON.
func BenchmarkWriteJSON(b *testing.B) {
	r := sampleRCT()
	for range b.N {
		if err := WriteJSON(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
