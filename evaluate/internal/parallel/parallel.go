// Package parallel runs independent pieces of work on all cores in a way
// that keeps results independent of the scheduling.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(0), ..., f(n-1) on up to GOMAXPROCS goroutines,
// each taking the next index as it finishes one, and returns when all are
// done. Callers write results into slots indexed by k, so the outcome does
// not depend on the scheduling.
func For(n int, f func(k int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for k := 0; k < n; k++ {
			f(k)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= n {
					return
				}
				f(k)
			}
		}()
	}
	wg.Wait()
}
