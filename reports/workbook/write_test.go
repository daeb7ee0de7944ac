package workbook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/reports/internal/testreport"
)

// TestWriteWorkbookTo_cancelled: a cancelled context stops the workbook
// between sheets and inside the Data sheet's rows.
func TestWriteWorkbookTo_cancelled(t *testing.T) {
	r := testreport.RCT()
	o := sampleOptions(t, r, nil, true)
	o.IncludeData = true
	o.Data = &DataSheet{Header: []string{"upn", "score"}}
	for i := 0; i < 3*dataChunk; i++ {
		o.Data.Rows = append(o.Data.Rows, []any{fmt.Sprint(i), float64(i)})
	}
	ctx, cancel := context.WithCancel(context.Background())
	var calls []string
	o.Progress = func(done, total int) {
		calls = append(calls, fmt.Sprintf("%d/%d", done, total))
		cancel() // as SIGINT does, part way through the Data sheet
	}
	var b bytes.Buffer
	err := WriteTo(ctx, &b, r, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if got := strings.Join(calls, " "); got != fmt.Sprintf("%d/%d", dataChunk, 3*dataChunk) {
		t.Errorf("progress calls %s", got)
	}
	if b.Len() != 0 {
		t.Errorf("wrote %d bytes after the cancel", b.Len())
	}

	// Cancelled before it starts: nothing is built.
	if err := WriteTo(ctx, &b, r, o); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}

	// Not cancelled: progress reaches the total.
	calls = nil
	o.Progress = func(done, total int) { calls = append(calls, fmt.Sprintf("%d/%d", done, total)) }
	if err := WriteTo(context.Background(), &b, r, o); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(calls, " "), fmt.Sprintf("%d/%d %d/%d %d/%d", dataChunk, 3*dataChunk, 2*dataChunk, 3*dataChunk, 3*dataChunk, 3*dataChunk); got != want {
		t.Errorf("progress calls %s, want %s", got, want)
	}
}

// TestWriteWorkbookTo_longText: text longer than a row, a footer or a
// cell can show is cut short, never an error (the design check keeps
// titles and labels short; this is the safety net).
func TestWriteWorkbookTo_longText(t *testing.T) {
	r := testreport.RCT()
	r.Title = strings.Repeat("Tŵr & 😀 ", 5000)
	for i := range r.Results {
		r.Results[i].Label = strings.Repeat("Reading age & more ", 2000)
	}
	o := sampleOptions(t, r, nil, true)
	var b bytes.Buffer
	if err := WriteTo(context.Background(), &b, r, o); err != nil {
		t.Fatal(err)
	}
}
