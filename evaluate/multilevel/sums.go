package multilevel

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/whatworks/whatworks/evaluate/regress"
)

// sumsChunkRows is the number of pupils per chunk of NewSums: small enough
// for a chunk's rows of X to stay in a core's cache while they are read
// cluster by cluster.
const sumsChunkRows = 1 << 14

// sumsLanes is the most lanes NewSums splits the chunks between, and
// sumsLaneFloats the memory all lanes' accumulators may take (floats).
const (
	sumsLanes      = 4
	sumsLaneFloats = 1 << 23
)

// Sums are the per-cluster statistics of one pass over the pupils that
// serve the random-intercept model, the CR2 errors of the OLS fit of the
// same design and the layout of the arms at once (docs/methods.md §9).
// With z = (x', y)' a pupil's row of [X y], for each cluster j holding
// pupils:
//
//	n_j   pupils
//	z̄_j   the cluster's mean of z
//	M_j   = Σ_{i∈j} (z_i − z̄_j)(z_i − z̄_j)'     within-cluster cross-products
//
// Then W = Σ_j M_j (Stats), X_j'X_j = M_j,xx + n_j x̄_j x̄_j' and, for OLS
// coefficients β with cluster mean residual r̄_j = ȳ_j − x̄_j'β,
// X_j'r_j = n_j x̄_j r̄_j + M_j,xy − M_j,xx β (CR2), so no residual is
// formed pupil by pupil and nothing large cancels.
type Sums struct {
	names []string
	n, p  int
	size  []float64 // n_j of each non-empty cluster
	mean  []float64 // J×(p+1), row j is z̄_j
	cp    []float64 // J blocks of (p+1)×(p+1): M_j, symmetric
	code  []int32   // cluster code of each non-empty cluster
}

// NewSums makes one pass over the pupils of d and returns the per-cluster
// sums. The pupils are taken in fixed chunks of sumsChunkRows, dealt in
// turn to a fixed number of lanes (up to sumsLanes, fewer when there are
// very many clusters), which run in parallel. Within a chunk the pupils are
// grouped by cluster (a counting sort), so each cluster's sums stay in
// cache while its pupils are added. A lane accumulates, for each cluster,
// sums about the first pupil of the cluster it met (the shifted-data
// algorithm: with d = z − z_0, S = Σ d and C = Σ dd', z̄ = z_0 + S/n and
// M = C − SS'/n keep their precision), and the lanes are merged in order
// with the pairwise update of Chan, Golub & LeVeque (1983). Chunks and
// lanes depend only on the data, so the result does not depend on the
// number of cores. Errors as NewStats.
func NewSums(d Data) (*Sums, error) {
	n, p := len(d.Y), len(d.Names)
	if err := d.check(); err != nil {
		return nil, err
	}
	q := p + 1
	qq := q * q
	J := d.NClusters
	nChunks := (n + sumsChunkRows - 1) / sumsChunkRows
	per := 1 + 2*q + qq // a cluster's count, z_0, S and C in one lane
	L := max(1, min(sumsLanes, nChunks, sumsLaneFloats/(J*per)))

	// lane is one lane's accumulators, cluster by cluster.
	type lane struct {
		acc []float64 // J blocks of per floats: n, z_0, S, C (lower triangle)
		err error
	}
	lanes := make([]lane, L)
	run := func(k int) {
		ln := &lanes[k]
		ln.acc = make([]float64, J*per)
		x := make([]float64, sumsChunkRows*p)
		dev := make([]float64, q)
		cnt := make([]int32, J) // pupils of each cluster in the chunk
		var used []int32
		off := make([]int32, J+1)
		perm := make([]int32, sumsChunkRows)
		for c := k; c < nChunks; c += L {
			start, end := c*sumsChunkRows, min((c+1)*sumsChunkRows, n)
			m := end - start
			xc := x[:m*p]
			if p > 0 {
				d.Fill(start, end, xc)
			}
			y := d.Y[start:end]
			used = used[:0]
			for i := 0; i < m; i++ {
				g := d.Cluster[start+i]
				if g < 0 || int(g) >= J {
					ln.err = fmt.Errorf("multilevel model: pupil %d has cluster code %d, outside [0, %d)", start+i+1, g, J)
					return
				}
				if math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
					ln.err = fmt.Errorf("multilevel model: pupil %d has a missing or infinite outcome", start+i+1)
					return
				}
				for k, v := range xc[i*p : (i+1)*p] {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						ln.err = fmt.Errorf("multilevel model: pupil %d has a missing or infinite value of %q", start+i+1, d.Names[k])
						return
					}
				}
				if cnt[g] == 0 {
					used = append(used, g)
				}
				cnt[g]++
			}
			// Counting sort of the chunk's pupils by cluster.
			pos := int32(0)
			for _, g := range used {
				off[g] = pos
				pos += cnt[g]
			}
			for i := 0; i < m; i++ {
				g := d.Cluster[start+i]
				perm[off[g]] = int32(i)
				off[g]++
			}
			pos = 0
			for _, g := range used {
				rows := perm[pos : pos+cnt[g]]
				pos += cnt[g]
				cnt[g] = 0
				a := ln.acc[int(g)*per : (int(g)+1)*per]
				z0, sum, cp := a[1:1+q], a[1+q:1+2*q], a[1+2*q:]
				if a[0] == 0 {
					i0 := rows[0]
					copy(z0, xc[int(i0)*p:int(i0+1)*p])
					z0[p] = y[i0]
				}
				a[0] += float64(len(rows))
				for _, i := range rows {
					for k, v := range xc[int(i)*p : int(i+1)*p] {
						dev[k] = v - z0[k]
					}
					dev[p] = y[i] - z0[p]
					for a := 0; a < q; a++ {
						da := dev[a]
						sum[a] += da
						ca := cp[a*q : a*q+a+1]
						for b := range ca {
							ca[b] += da * dev[b]
						}
					}
				}
			}
		}
	}
	var wg sync.WaitGroup
	next := make(chan int, L)
	for k := 0; k < L; k++ {
		next <- k
	}
	close(next)
	for w := 0; w < min(runtime.GOMAXPROCS(0), L); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				run(k)
			}
		}()
	}
	wg.Wait()
	for k := range lanes {
		if lanes[k].err != nil {
			return nil, lanes[k].err
		}
	}

	// Each lane's (n, z̄, M), merged in lane order: (n_a, z̄_a, M_a) and
	// (n_b, z̄_b, M_b) give n_a + n_b, z̄_a + δ n_b/(n_a + n_b) and
	// M_a + M_b + δδ' n_a n_b/(n_a + n_b), δ = z̄_b − z̄_a.
	s := &Sums{names: append([]string(nil), d.Names...), n: n, p: p}
	mu, mb, delta := make([]float64, q), make([]float64, q), make([]float64, q)
	mm := make([]float64, qq)
	for g := 0; g < J; g++ {
		na := 0.0
		clear(mm)
		for k := range lanes {
			a := lanes[k].acc[g*per : (g+1)*per]
			nb := a[0]
			if nb == 0 {
				continue
			}
			z0, sum, cp := a[1:1+q], a[1+q:1+2*q], a[1+2*q:]
			for i := range mb {
				mb[i] = z0[i] + sum[i]/nb
			}
			for i := 0; i < q; i++ {
				for j := 0; j <= i; j++ {
					mm[i*q+j] += cp[i*q+j] - sum[i]*sum[j]/nb
				}
			}
			if na == 0 {
				copy(mu, mb)
				na = nb
				continue
			}
			f := na * nb / (na + nb)
			for i := range delta {
				delta[i] = mb[i] - mu[i]
			}
			for i := 0; i < q; i++ {
				for j := 0; j <= i; j++ {
					mm[i*q+j] += f * delta[i] * delta[j]
				}
			}
			w := nb / (na + nb)
			for i := range mu {
				mu[i] += w * delta[i]
			}
			na += nb
		}
		if na == 0 {
			continue
		}
		for i := 0; i < q; i++ {
			for j := 0; j < i; j++ {
				mm[j*q+i] = mm[i*q+j]
			}
		}
		s.size = append(s.size, na)
		s.mean = append(s.mean, mu...)
		s.cp = append(s.cp, mm...)
		s.code = append(s.code, int32(g))
	}
	return s, nil
}

// Pupils returns the number of pupils N.
func (s *Sums) Pupils() int { return s.n }

// Clusters returns the number of clusters holding at least one pupil.
func (s *Sums) Clusters() int { return len(s.size) }

// Stats returns the sufficient statistics of the random-intercept model
// (NewStats's, with W = Σ_j M_j).
func (s *Sums) Stats() *Stats {
	q := s.p + 1
	qq := q * q
	w := make([]float64, qq)
	for j := range s.size {
		for k, v := range s.cp[j*qq : (j+1)*qq] {
			w[k] += v
		}
	}
	return &Stats{names: append([]string(nil), s.names...), n: s.n, p: s.p,
		size: append([]float64(nil), s.size...), mean: append([]float64(nil), s.mean...), w: w,
		code: append([]int32(nil), s.code...)}
}

// CR2 returns the CR2 covariance (regress.CR2Clusters) of the OLS
// coefficients beta of y on X, from the sums: for each cluster
// X_j'X_j = M_j,xx + n_j x̄_j x̄_j' and X_j'r_j = n_j x̄_j r̄_j + M_j,xy −
// M_j,xx β with r̄_j = ȳ_j − x̄_j'β.
func (s *Sums) CR2(beta []float64) (*regress.CR2Vcov, error) {
	p, q := s.p, s.p+1
	if len(beta) != p {
		return nil, fmt.Errorf("CR2: %d coefficients for %d columns", len(beta), p)
	}
	J := len(s.size)
	xx := make([]float64, J*p*p)
	xr := make([]float64, J*p)
	for j, nj := range s.size {
		mu := s.mean[j*q : (j+1)*q]
		m := s.cp[j*q*q : (j+1)*q*q]
		rbar := mu[p]
		for b := 0; b < p; b++ {
			rbar -= mu[b] * beta[b]
		}
		out := xx[j*p*p : (j+1)*p*p]
		for a := 0; a < p; a++ {
			r := nj*mu[a]*rbar + m[a*q+p]
			for b := 0; b < p; b++ {
				out[a*p+b] = m[a*q+b] + nj*mu[a]*mu[b]
				r -= m[a*q+b] * beta[b]
			}
			xr[j*p+a] = r
		}
	}
	return regress.CR2Clusters(s.n, p, xx, xr)
}

// Layout returns how the arms sit in the clusters when column col of X is
// the treatment indicator (1 intervention, 0 comparison): NewLayout from
// the sums, n_tj = n_j x̄_j,col. It is an error when the column is not 0/1.
func (s *Sums) Layout(col int) (Layout, error) {
	q := s.p + 1
	if col < 0 || col >= s.p {
		return Layout{}, fmt.Errorf("cluster layout: no column %d", col)
	}
	nt := make([]int, len(s.size))
	nc := make([]int, len(s.size))
	for j, nj := range s.size {
		sum := nj * s.mean[j*q+col]
		sq := s.cp[j*q*q+col*q+col] + sum*s.mean[j*q+col] // Σ x²
		t := math.Round(sum)
		if math.Abs(sum-t) > 1e-6*nj || math.Abs(sq-sum) > 1e-6*nj {
			return Layout{}, fmt.Errorf("cluster layout: column %q is not a 0/1 indicator", s.names[col])
		}
		nt[j], nc[j] = int(t), int(nj)-int(t)
	}
	return NewLayoutCounts(nt, nc)
}
