package meta

import (
	"math"
	"strings"
	"testing"
)

func TestSMD(t *testing.T) {
	tests := []struct {
		name    string
		a       Arms
		c       Correction
		yi, vi  float64
		tol     float64
		nanNote string
	}{
		{
			// R 4.2.2: metafor::escalc("SMD", m1i = 104.2, sd1i = 14.1,
			// n1i = 120, m2i = 101.5, sd2i = 14.8, n2i = 118), digits = 15.
			name: "escalc, exact J", a: Arms{NT: 120, MeanT: 104.2, SDT: 14.1, NC: 118, MeanC: 101.5, SDC: 14.8},
			c: JExact, yi: 0.186240267400429, vi: 0.0168807781700689, tol: 1e-12,
		},
		{
			// The same study as `whatworks effect` reports it (J = 1 −
			// 3/(4N − 9)): g = J d with d = 2.7/s_p, SE² = N/(n_t n_c) + g²/(2N).
			name: "EEF J", a: Arms{NT: 120, MeanT: 104.2, SDT: 14.1, NC: 118, MeanC: 101.5, SDC: 14.8},
			c:   JApprox,
			yi:  (1 - 3/(4*238.0-9)) * 2.7 / math.Sqrt((119*14.1*14.1+117*14.8*14.8)/236),
			vi:  238.0/(120*118) + math.Pow((1-3/(4*238.0-9))*2.7/math.Sqrt((119*14.1*14.1+117*14.8*14.8)/236), 2)/476,
			tol: 1e-15,
		},
		{name: "N = 3, exact J undefined", a: Arms{NT: 2, MeanT: 1, SDT: 1, NC: 1, MeanC: 0, SDC: 0}, c: JExact,
			yi: math.NaN(), vi: math.NaN(), nanNote: "too few"},
		{name: "N = 2, EEF J undefined", a: Arms{NT: 1, MeanT: 1, SDT: 0, NC: 1, MeanC: 0, SDC: 0}, c: JApprox,
			yi: math.NaN(), vi: math.NaN(), nanNote: "too few"},
		{name: "zero SDs", a: Arms{NT: 10, MeanT: 1, SDT: 0, NC: 10, MeanC: 0, SDC: 0}, c: JApprox,
			yi: math.NaN(), vi: math.NaN(), nanNote: "pooled standard deviation is 0"},
	}
	for _, tc := range tests {
		e, err := SMD(tc.a, tc.c)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !close(e.Yi, tc.yi, tc.tol) || !close(e.Vi, tc.vi, tc.tol) {
			t.Errorf("%s: (%.15g, %.15g), want (%.15g, %.15g)", tc.name, e.Yi, e.Vi, tc.yi, tc.vi)
		}
		if tc.nanNote != "" && !strings.Contains(e.Note, tc.nanNote) {
			t.Errorf("%s: note %q, want %q", tc.name, e.Note, tc.nanNote)
		}
		// Swapping the arms negates g and keeps its variance.
		s := Arms{NT: tc.a.NC, MeanT: tc.a.MeanC, SDT: tc.a.SDC, NC: tc.a.NT, MeanC: tc.a.MeanT, SDC: tc.a.SDT}
		if f, _ := SMD(s, tc.c); !close(f.Yi, -e.Yi, 1e-15) || !close(f.Vi, e.Vi, 1e-15) {
			t.Errorf("%s swapped: (%v, %v), want (%v, %v)", tc.name, f.Yi, f.Vi, -e.Yi, e.Vi)
		}
	}
	bad := []struct {
		a    Arms
		want string
	}{
		{Arms{NT: 0, NC: 5, SDT: 1, SDC: 1}, "group sizes 0 and 5"},
		{Arms{NT: 5, NC: 5, SDT: -1, SDC: 1}, "intervention SD -1"},
		{Arms{NT: 5, NC: 5, SDT: 1, SDC: math.NaN()}, "comparison SD NaN"},
		{Arms{NT: 5, NC: 5, SDT: 1, SDC: 1, MeanT: math.Inf(1)}, "intervention mean +Inf"},
	}
	for _, tc := range bad {
		if _, err := SMD(tc.a, JApprox); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.a, err, tc.want)
		}
	}
}

func TestBinary(t *testing.T) {
	// Zero cells and swapped arms; the golden values (fixtures/meta
	// zerocells_*, bornmann2007_*) are in TestGolden.
	for _, c := range []Counts{{0, 15, 2, 14}, {3, 20, 0, 22}, {0, 18, 0, 17}, {20, 20, 14, 20}, {12, 40, 9, 41}} {
		or, err := LogOddsRatio(c)
		if err != nil {
			t.Fatal(err)
		}
		rd, _ := RiskDifference(c)
		zero := c.EventsT == 0 || c.EventsC == 0 || c.EventsT == c.NT || c.EventsC == c.NC
		if or.Adjusted != zero || rd.Adjusted != zero || (zero && !strings.Contains(or.Note, "1/2")) {
			t.Errorf("%+v: adjusted %v/%v, note %q", c, or.Adjusted, rd.Adjusted, or.Note)
		}
		s := Counts{EventsT: c.EventsC, NT: c.NC, EventsC: c.EventsT, NC: c.NT}
		or2, _ := LogOddsRatio(s)
		rd2, _ := RiskDifference(s)
		if !close(or2.Yi, -or.Yi, 1e-15) || !close(or2.Vi, or.Vi, 1e-15) || !close(rd2.Yi, -rd.Yi, 1e-15) || !close(rd2.Vi, rd.Vi, 1e-15) {
			t.Errorf("%+v swapped: OR %v/%v RD %v/%v", c, or2.Yi, or.Yi, rd2.Yi, rd.Yi)
		}
	}
	bad := []struct {
		c    Counts
		want string
	}{
		{Counts{1, 0, 1, 5}, "group sizes 0 and 5"},
		{Counts{-1, 5, 1, 5}, "intervention events -1"},
		{Counts{6, 5, 1, 5}, "intervention events 6"},
		{Counts{1, 5, 7, 5}, "comparison events 7"},
	}
	for _, tc := range bad {
		if _, err := LogOddsRatio(tc.c); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.c, err, tc.want)
		}
		if _, err := RiskDifference(tc.c); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.c, err, tc.want)
		}
	}
}

func TestFromCIAndSE(t *testing.T) {
	// R 4.2.2: ((0.45 - 0.05) / (2 * qnorm(0.975)))^2, digits = 15.
	e, err := FromCI(0.25, 0.05, 0.45, 0)
	if err != nil || !close(e.Vi, 0.0104127108650802, 1e-12) || e.Yi != 0.25 || e.Note != "" {
		t.Errorf("FromCI 95%%: %+v, %v", e, err)
	}
	// R: ((0.45 - 0.05) / (2 * qnorm(0.95)))^2 for a 90% interval.
	if e, _ := FromCI(0.25, 0.05, 0.45, 0.90); !close(e.Vi, 0.0147844603787278, 1e-12) {
		t.Errorf("FromCI 90%%: %v", e.Vi)
	}
	// An interval printed from an SE gives that SE back.
	if e, _ := FromCI(0.3, 0.3-1.959963984540054*0.12, 0.3+1.959963984540054*0.12, 0.95); !close(math.Sqrt(e.Vi), 0.12, 1e-15) {
		t.Errorf("round trip: se %v", math.Sqrt(e.Vi))
	}
	// An odds ratio's interval, not its log: asymmetric, flagged.
	if e, _ := FromCI(1.5, 1.1, 2.6, 0); !strings.Contains(e.Note, "not symmetric") {
		t.Errorf("asymmetric: note %q", e.Note)
	}
	if e, err := FromSE(0.2, 0.1); err != nil || !close(e.Vi, 0.01, 1e-16) {
		t.Errorf("FromSE: %+v, %v", e, err)
	}
	for _, tc := range []struct {
		run  func() error
		want string
	}{
		{func() error { _, err := FromCI(0.2, 0.3, 0.1, 0); return err }, "upper end is not above"},
		{func() error { _, err := FromCI(0.5, 0.1, 0.3, 0); return err }, "lies outside"},
		{func() error { _, err := FromCI(0.2, math.NaN(), 0.3, 0); return err }, "not all finite"},
		{func() error { _, err := FromCI(0.2, 0.1, 0.3, 1.5); return err }, "confidence level 1.5"},
		{func() error { _, err := FromSE(0.2, 0); return err }, "standard error 0"},
		{func() error { _, err := FromSE(math.NaN(), 1); return err }, "effect size NaN"},
	} {
		if err := tc.run(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}
