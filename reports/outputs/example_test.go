package outputs_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/whatworks/whatworks/reports/outputs"
)

func Example() {
	dir, _ := os.MkdirTemp("", "outputs-example")
	defer os.RemoveAll(dir)
	data := filepath.Join(dir, "pupils.csv")
	os.WriteFile(data, []byte("upn,score\n1,104\n"), 0o644)
	show := func(err error) { fmt.Println(strings.ReplaceAll(fmt.Sprint(err), dir, "DIR")) }
	json := func(_ context.Context, w io.Writer) error { _, err := io.WriteString(w, "{}\n"); return err }

	var s outputs.Set
	s.Input(data, "the data file")
	show(s.Add(data, "--json", json)) // refused: nothing is reserved
	show(s.Add(filepath.Join(dir, "results.json"), "--json", json))
	show(s.AddDir(filepath.Join(dir, "plots"), "--plots")) // made by Commit
	written, err := s.Commit(context.Background())
	show(err)
	for _, p := range written {
		fmt.Println(strings.ReplaceAll(p, dir, "DIR"))
	}
	// Output:
	// --json DIR/pupils.csv: that is the data file this run reads (DIR/pupils.csv); whatworks never writes over its inputs: choose another name
	// <nil>
	// <nil>
	// <nil>
	// DIR/plots
	// DIR/results.json
}
