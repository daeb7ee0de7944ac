package plot

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
	"github.com/whatworks/whatworks/reports/outputs"
)

// TestPowerCurvePlot_golden compares the power curves with
// testdata/plots/plan-*.svg and 50dpi/plan-*.png (look at both, then
// -update).
func TestPowerCurvePlot_golden(t *testing.T) {
	plans := testreport.Plans(t)
	for _, name := range []string{"cluster", "rct-n", "pre-post", "matched"} {
		f, err := PowerCurvePlot(plans[name])
		if err != nil {
			t.Fatal(err)
		}
		checkFigure(t, "plan-"+name, f)
	}
	if _, err := PowerCurvePlot(&evaluate.PlanReport{}); err == nil {
		t.Error("a plan without a curve: no error")
	}
}

func TestAddPlanPlots(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plots")
	var s outputs.Set
	if err := s.AddDir(dir, "--plots"); err != nil {
		t.Fatal(err)
	}
	files, err := AddPlan(&s, dir, "--plots", testreport.Plans(t)["rct-60"])
	if err != nil || len(files) != 2 {
		t.Fatalf("%v, %v", files, err)
	}
	if _, err := s.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}
