package evaluate

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/whatworks/whatworks/evaluate/internal/golden"
)

// ancFixture reads a data set of fixtures/ancova as columns of text.
func ancFixture(t testing.TB, name string) golden.Columns {
	t.Helper()
	return golden.ReadColumns(t, filepath.Join(golden.Fixtures, "ancova", name))
}

// ancNear reports |a − b| <= tol, relative for |b| > 1.
func ancNear(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}
