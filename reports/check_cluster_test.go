package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
)

// TestWriteCheck_clusters: check prints the clusters, the pupils of each
// (when there are few) and the ICC of the outcome and pretest.
func TestWriteCheck_clusters(t *testing.T) {
	in := runInput("cluster-rct")
	var b bytes.Buffer
	if err := WriteCheck(&b, CheckInfo{DesignPath: "d.yaml", Title: "T", DataFile: "p.csv"}, evaluate.Check(in)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"Clusters (class)", "20 classes, 20.0 pupils per class on average: 10 with intervention pupils, 10 with comparison pupils, none with both",
		"ICC of read (outcome)", "ICC of pre (pretest)"} {
		if !strings.Contains(out, want) {
			t.Errorf("check text lacks %q:\n%s", want, out)
		}
	}
}
