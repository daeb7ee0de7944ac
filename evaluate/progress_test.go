package evaluate

import (
	"context"
	"encoding/json"
	"testing"
)

// TestRun_progress: the progress hook counts every analysis up to the
// total, one call at a time, and does not change the report.
func TestRun_progress(t *testing.T) {
	in := progressInput()
	want, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	var calls []int
	total := -1
	in.Progress = func(done, n int) {
		calls = append(calls, done) // no lock: Run calls one at a time (go test -race checks)
		if total != -1 && n != total {
			t.Errorf("total changed from %d to %d", total, n)
		}
		total = n
	}
	got, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != total || total < 3 {
		t.Fatalf("%d calls for a total of %d", len(calls), total)
	}
	for i, c := range calls {
		if c != i+1 {
			t.Fatalf("calls %v: not counting up", calls)
		}
	}
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(want)
	if string(a) != string(b) {
		t.Error("the report differs with a progress hook")
	}
}

// progressInput is smallInput with a second outcome: five analyses.
func progressInput() Input {
	in := smallInput()
	oc := in.Outcomes[0]
	oc.Column = "read2"
	in.Outcomes = append(in.Outcomes, oc)
	return in
}
