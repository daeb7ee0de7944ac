package workbook

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
	"github.com/whatworks/whatworks/reports/plot"
)

func TestWritePoolWorkbook_golden(t *testing.T) {
	for _, c := range []struct {
		name string
		r    *evaluate.PoolReport
	}{{"pool-schools.xlsx.golden", testreport.Pool(t)}, {"pool-funnel.xlsx.golden", testreport.Funnel(t)}} {
		pngs, err := plot.PoolEmbedded(c.r)
		if err != nil {
			t.Fatal(err)
		}
		o := Options{Version: "0.1.0-test", Date: "2026-07-20", PlotPNGs: pngs,
			Inputs: []InputFile{{Name: "schools.csv", SHA256: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"}}}
		var a, b bytes.Buffer
		if err := WritePoolTo(context.Background(), &a, c.r, o); err != nil {
			t.Fatal(err)
		}
		if err := WritePoolTo(context.Background(), &b, c.r, o); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two runs give different bytes", c.name)
		}
		path := filepath.Join(t.TempDir(), "pooled.xlsx")
		if err := os.WriteFile(path, a.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		testreport.Golden(t, c.name, []byte(dumpWorkbook(t, path)))
		if dir := os.Getenv("WHATWORKS_SAMPLE_DIR"); dir != "" {
			if err := os.WriteFile(filepath.Join(dir, strings.TrimSuffix(c.name, ".golden")), a.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
