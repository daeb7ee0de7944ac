package multilevel

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// Data is a random-intercept model's input: the outcome, the fixed-effects
// design matrix X (one column per coefficient, the intercept included by
// the caller) and each pupil's cluster.
type Data struct {
	// Y is the outcome, one value per pupil; its length is the number of
	// pupils N.
	Y []float64
	// Names label the columns of X, one per coefficient (for example
	// "(intercept)", "treatment", "pretest", "treatment:fsm").
	Names []string
	// Fill writes the rows [start, end) of X into dst, row-major,
	// len(Names) values per row. It may be called concurrently for
	// disjoint ranges; each row is asked for once.
	Fill func(start, end int, dst []float64)
	// Cluster is each pupil's cluster code, in [0, NClusters). Codes with
	// no pupil are allowed and ignored.
	Cluster   []int32
	NClusters int
}

// DenseFill returns a Data.Fill that copies the rows of x.
func DenseFill(x *mat.Dense) func(start, end int, dst []float64) {
	raw := x.RawMatrix()
	return func(start, end int, dst []float64) {
		for i := start; i < end; i++ {
			copy(dst[(i-start)*raw.Cols:(i-start+1)*raw.Cols], raw.Data[i*raw.Stride:i*raw.Stride+raw.Cols])
		}
	}
}

// Stats are the sufficient statistics of a random-intercept model, built
// in one pass over the pupils; every evaluation of the REML criterion
// afterwards costs O(S·p²) for S distinct cluster sizes (S ≤ J clusters)
// and p coefficients, whatever the number of pupils (docs/methods.md §9). Write z = (x', y)' for a pupil's row of [X y]:
//
//	n_j          pupils in cluster j
//	z̄_j          the cluster's mean of z
//	W = Σ_j Σ_{i∈j} (z_i − z̄_j)(z_i − z̄_j)'   pooled within-cluster
//	                                          cross-products, (p+1)×(p+1)
//
// Clusters without pupils are dropped. The null model y ~ 1 + (1 | cluster)
// needs only n_j, ȳ_j and W_yy, so one Stats serves both models.
type Stats struct {
	names []string
	n     int       // pupils
	p     int       // columns of X
	size  []float64 // n_j of each non-empty cluster
	mean  []float64 // J×(p+1), row j is z̄_j
	w     []float64 // (p+1)×(p+1) within cross-products, row-major
	code  []int32   // cluster code of each non-empty cluster
}

// Pupils returns the number of pupils N.
func (s *Stats) Pupils() int { return s.n }

// Clusters returns the number of clusters holding at least one pupil.
func (s *Stats) Clusters() int { return len(s.size) }

// Names returns the names of the columns of X.
func (s *Stats) Names() []string { return append([]string(nil), s.names...) }

// chunkRows is the number of pupils per unit of parallel work. Chunks are
// fixed by the number of pupils (and clusters), never by the number of
// cores, and combined in order, so the result is the same on any machine.
const chunkRows = 1 << 16

// maxChunkFloats bounds the per-chunk cluster accumulators (J×(p+2) floats
// per chunk) so that very many clusters cannot blow up memory.
const maxChunkFloats = 1 << 22

// NewStats makes one pass over the pupils of d and returns the sufficient
// statistics of the model. Sums are accumulated per fixed chunk of pupils
// about the chunk's own cluster means and merged with the pairwise update
// of Chan, Golub & LeVeque (1983), so W keeps its precision when cluster
// means are large compared with the spread within clusters.
//
// It returns an error when the inputs disagree in length, a cluster code is
// out of range, a value is missing or infinite, or there are no pupils.
func NewStats(d Data) (*Stats, error) {
	n, p := len(d.Y), len(d.Names)
	if err := d.check(); err != nil {
		return nil, err
	}
	q := p + 1
	J := d.NClusters
	nChunks := (n + chunkRows - 1) / chunkRows
	if maxC := maxChunkFloats / (J * (q + 1)); nChunks > maxC {
		nChunks = max(maxC, 1)
	}
	rows := (n + nChunks - 1) / nChunks

	type chunk struct {
		cnt  []int32   // pupils per cluster
		sum  []float64 // J×q sums, turned into chunk means
		w    []float64 // q×q within cross-products about chunk means
		err  error
		used []int32 // clusters met, in order of first meeting
	}
	chunks := make([]chunk, nChunks)
	work := func(c int, x []float64) {
		start, end := c*rows, min((c+1)*rows, n)
		ch := &chunks[c]
		ch.cnt = make([]int32, J)
		ch.sum = make([]float64, J*q)
		ch.w = make([]float64, q*q)
		m := end - start
		x = x[:m*p]
		if p > 0 {
			d.Fill(start, end, x)
		}
		y := d.Y[start:end]
		for i := 0; i < m; i++ {
			g := d.Cluster[start+i]
			if g < 0 || int(g) >= J {
				ch.err = fmt.Errorf("multilevel model: pupil %d has cluster code %d, outside [0, %d)", start+i+1, g, J)
				return
			}
			if math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
				ch.err = fmt.Errorf("multilevel model: pupil %d has a missing or infinite outcome", start+i+1)
				return
			}
			row := x[i*p : (i+1)*p]
			for k, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					ch.err = fmt.Errorf("multilevel model: pupil %d has a missing or infinite value of %q", start+i+1, d.Names[k])
					return
				}
			}
			if ch.cnt[g] == 0 {
				ch.used = append(ch.used, g)
			}
			ch.cnt[g]++
			s := ch.sum[int(g)*q : (int(g)+1)*q]
			for k, v := range row {
				s[k] += v
			}
			s[p] += y[i]
		}
		for _, g := range ch.used {
			s := ch.sum[int(g)*q : (int(g)+1)*q]
			inv := 1 / float64(ch.cnt[g])
			for k := range s {
				s[k] *= inv
			}
		}
		dev := make([]float64, q)
		for i := 0; i < m; i++ {
			g := int(d.Cluster[start+i])
			mu := ch.sum[g*q : (g+1)*q]
			row := x[i*p : (i+1)*p]
			for k, v := range row {
				dev[k] = v - mu[k]
			}
			dev[p] = y[i] - mu[p]
			for a := 0; a < q; a++ {
				da := dev[a]
				wa := ch.w[a*q : a*q+a+1]
				for b := range wa {
					wa[b] += da * dev[b]
				}
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), nChunks)
	var wg sync.WaitGroup
	next := make(chan int, nChunks)
	for c := 0; c < nChunks; c++ {
		next <- c
	}
	close(next)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := make([]float64, rows*p)
			for c := range next {
				work(c, x)
			}
		}()
	}
	wg.Wait()
	for c := range chunks {
		if chunks[c].err != nil {
			return nil, chunks[c].err
		}
	}

	// Merge, in chunk order: cluster sizes and means, then W.
	total := make([]float64, J)
	mean := make([]float64, J*q)
	for c := range chunks {
		ch := &chunks[c]
		for _, g := range ch.used {
			nc := float64(ch.cnt[g])
			total[g] += nc
			mu := mean[int(g)*q : (int(g)+1)*q]
			s := ch.sum[int(g)*q : (int(g)+1)*q]
			for k := range mu {
				mu[k] += nc * s[k]
			}
		}
	}
	for g := 0; g < J; g++ {
		if total[g] > 0 {
			mu := mean[g*q : (g+1)*q]
			for k := range mu {
				mu[k] /= total[g]
			}
		}
	}
	w := make([]float64, q*q)
	dev := make([]float64, q)
	for c := range chunks {
		ch := &chunks[c]
		for k, v := range ch.w {
			w[k] += v
		}
		for _, g := range ch.used {
			nc := float64(ch.cnt[g])
			if nc == total[g] {
				continue // the whole cluster is in this chunk
			}
			mu := mean[int(g)*q : (int(g)+1)*q]
			s := ch.sum[int(g)*q : (int(g)+1)*q]
			for k := range dev {
				dev[k] = s[k] - mu[k]
			}
			for a := 0; a < q; a++ {
				for b := 0; b <= a; b++ {
					w[a*q+b] += nc * dev[a] * dev[b]
				}
			}
		}
	}
	for a := 0; a < q; a++ {
		for b := 0; b < a; b++ {
			w[b*q+a] = w[a*q+b]
		}
	}

	s := &Stats{names: append([]string(nil), d.Names...), n: n, p: p, w: w}
	for g := 0; g < J; g++ {
		if total[g] == 0 {
			continue
		}
		s.size = append(s.size, total[g])
		s.mean = append(s.mean, mean[g*q:(g+1)*q]...)
		s.code = append(s.code, int32(g))
	}
	return s, nil
}

// check says what is wrong with d's shape for NewStats and NewSums.
func (d Data) check() error {
	n := len(d.Y)
	switch {
	case n == 0:
		return errors.New("multilevel model: no pupils")
	case len(d.Cluster) != n:
		return fmt.Errorf("multilevel model: %d cluster codes for %d pupils", len(d.Cluster), n)
	case len(d.Names) > 0 && d.Fill == nil:
		return errors.New("multilevel model: no design matrix (Fill is nil)")
	case d.NClusters <= 0:
		return errors.New("multilevel model: no clusters")
	}
	return nil
}
