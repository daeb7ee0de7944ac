package designs

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadDesign feeds arbitrary bytes to ParseBytes: it must never panic,
// and every error must be Problems of *DesignError with a message.
func FuzzLoadDesign(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "fixtures", "designs", "*.yaml"))
	bad, _ := filepath.Glob(filepath.Join("..", "fixtures", "designs", "bad", "*.yaml"))
	seeds = append(seeds, bad...)
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		goodTwoGroup,
		"",
		"- a\n- b\n",
		"title: [a\n",
		"a: &x [*x]\noutcomes: *x\n",
		"group: {treated: [[1]], comparison: {a: b}}\n",
		"analysis: {confidence: .inf, seed: 18446744073709551616}\nmatching: {ratio: 1e400, caliper: .nan}\n",
		"outcomes:\n  - ~\n  - [a]\n  - {column: a, column: b}\n",
		"title: x\n---\n--- \n...\n",
		"\xff\xfet\x00i\x00t\x00l\x00e\x00:\x00 \x00x\x00",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pupils.csv"), []byte("a\n1\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	path := filepath.Join(dir, "design.yaml")
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := ParseBytes(path, src)
		if err == nil {
			if d == nil {
				t.Fatal("no design and no error")
			}
			return
		}
		if d != nil {
			t.Fatal("a design and an error")
		}
		var ps Problems
		if !errors.As(err, &ps) || len(ps) == 0 {
			t.Fatalf("error %T is not a non-empty Problems: %v", err, err)
		}
		for _, p := range ps {
			de, ok := p.(*DesignError)
			if !ok || de.Msg == "" || de.File != path {
				t.Fatalf("problem %T %v is not a *DesignError naming the file", p, p)
			}
		}
	})
}
