package workbook

import (
	"fmt"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// poolFormulas are the Method sheet's formulas (docs/methods.md §17).
var poolFormulas = [][2]string{
	{"Effect size from summaries", "g = J (mean_t − mean_c)/s_p, J = 1 − 3/(4N − 9), s_p the pooled SD; vᵢ = 1/n_t + 1/n_c + g²/(2N) (Hedges 1981; Hedges & Olkin 1985), as whatworks effect"},
	{"… with a pretest", "g = g_post − g_pre (WWC difference in differences), vᵢ = v_post + v_pre − 2 cov, cov = r (1/n_t + 1/n_c) + r² g_post g_pre /(2N); r = 0 when not given (WWC Procedures Handbook v4.1)"},
	{"Effect size from counts", "log odds ratio log(a d/(b c)), vᵢ = 1/a + 1/b + 1/c + 1/d (Woolf 1955); risk difference p_t − p_c, vᵢ = p_t(1 − p_t)/n_t + p_c(1 − p_c)/n_c; 1/2 added to every cell of a table with a 0 (metafor's escalc)"},
	{"From an SE or a CI", "vᵢ = se²; from a CI [lo, hi]: se = (hi − lo)/(2 z₁₋α/₂)"},
	{"Pooled effect", "μ̂ = Σ wᵢ yᵢ / Σ wᵢ, wᵢ = 1/(vᵢ + τ̂²), SE = √(1/Σ wᵢ); CI μ̂ ± z SE"},
	{"Between-study variance τ²", "meta_fe: 0; meta_dl: max(0, (Q − (k − 1))/(Σw − Σw²/Σw)) (DerSimonian & Laird 1986); meta_reml: restricted maximum likelihood by Fisher scoring (Viechtbauer 2005); meta_pm: Q(τ²) = k − 1 (Paule & Mandel 1982)"},
	{"Knapp–Hartung", "SE² = s²/Σ wᵢ, s² = Σ wᵢ (yᵢ − μ̂)²/(k − 1); t on k − 1 df (Knapp & Hartung 2003)"},
	{"Heterogeneity", "Q = Σ (yᵢ − μ̂_FE)²/vᵢ on k − 1 df (Cochran); I² = 100 τ̂²/(ṽ + τ̂²), H² = τ̂²/ṽ + 1, ṽ = (k − 1)/(Σw − Σw²/Σw), w = 1/vᵢ (Higgins & Thompson 2002)"},
	{"Interval for τ²", "Q-profile: the τ² at which Σ (yᵢ − μ̂(τ²))²/(vᵢ + τ²) equals χ²'s quantiles on k − 1 df (Viechtbauer 2007)"},
	{"Prediction interval", "μ̂ ± c √(SE² + τ̂²), c = z or t(k − 1) (Higgins, Thompson & Spiegelhalter 2009; metafor's predict)"},
	{"Headline model", "meta_reml_knha when k < 10 or τ̂² > 0, else meta_reml (IntHout, Ioannidis & Borm 2014)"},
	{"Moderators", "subgroups: each level pooled alone; q_between: QM = b′ Var(b)⁻¹ b of a REML meta-regression on the levels, χ² on L − 1 df; slope: meta-regression on a number (Raudenbush 2009)"},
	{"Small-study effects", "Egger's test: yᵢ = β₀ + β₁ √vᵢ + uᵢ + eᵢ, test of β₁ = 0, with the headline model, only when k ≥ 10 (Egger et al. 1997)"},
}

var poolReferences = []string{
	"DerSimonian, R. & Laird, N. (1986). Meta-analysis in clinical trials. Controlled Clinical Trials 7(3), 177–188. doi:10.1016/0197-2456(86)90046-2",
	"Egger, M., Davey Smith, G., Schneider, M. & Minder, C. (1997). Bias in meta-analysis detected by a simple, graphical test. BMJ 315(7109), 629–634. doi:10.1136/bmj.315.7109.629",
	"Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect size and related estimators. Journal of Educational Statistics 6(2), 107–128. doi:10.3102/10769986006002107",
	"Hedges, L. V. & Olkin, I. (1985). Statistical Methods for Meta-Analysis. Orlando: Academic Press.",
	"Higgins, J. P. T. & Thompson, S. G. (2002). Quantifying heterogeneity in a meta-analysis. Statistics in Medicine 21(11), 1539–1558. doi:10.1002/sim.1186",
	"Higgins, J. P. T., Thompson, S. G. & Spiegelhalter, D. J. (2009). A re-evaluation of random-effects meta-analysis. Journal of the Royal Statistical Society A 172(1), 137–159. doi:10.1111/j.1467-985X.2008.00552.x",
	"IntHout, J., Ioannidis, J. P. A. & Borm, G. F. (2014). The Hartung-Knapp-Sidik-Jonkman method for random effects meta-analysis is straightforward and considerably outperforms the standard DerSimonian-Laird method. BMC Medical Research Methodology 14, 25. doi:10.1186/1471-2288-14-25",
	"Knapp, G. & Hartung, J. (2003). Improved tests for a random effects meta-regression with a single covariate. Statistics in Medicine 22(17), 2693–2710. doi:10.1002/sim.1482",
	"Paule, R. C. & Mandel, J. (1982). Consensus values and weighting factors. Journal of Research of the National Bureau of Standards 87(5), 377–385. doi:10.6028/jres.087.022",
	"Raudenbush, S. W. (2009). Analyzing effect sizes: random-effects models. In H. Cooper, L. V. Hedges & J. C. Valentine (eds), The Handbook of Research Synthesis and Meta-Analysis, 2nd ed., 295–315. New York: Russell Sage Foundation.",
	"Viechtbauer, W. (2005). Bias and efficiency of meta-analytic variance estimators in the random-effects model. Journal of Educational and Behavioral Statistics 30(3), 261–293. doi:10.3102/10769986030003261",
	"Viechtbauer, W. (2007). Confidence intervals for the amount of heterogeneity in meta-analysis. Statistics in Medicine 26(1), 37–52. doi:10.1002/sim.2514",
	"Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor package. Journal of Statistical Software 36(3), 1–48. doi:10.18637/jss.v036.i03",
	"What Works Clearinghouse (2020). Procedures Handbook, Version 4.1. U.S. Department of Education, Institute of Education Sciences.",
	"Woolf, B. (1955). On estimating the relation between blood group and disease. Annals of Human Genetics 19(4), 251–253. doi:10.1111/j.1469-1809.1955.tb01348.x",
}

// method writes the pooling's choices and caveats, the formulas and
// their references, the software and the inputs.
func (b *poolBook) method() error {
	w := b.sheet(sheetMethod)
	w.widths(30, 16, 16, 90)
	w.put(1, 1, "How these results were produced", b.st.title)
	f := &flow{sheet: w, row: 1, width: 122}
	b.methodChoices(f)
	f.section("Caveats")
	for _, c := range b.p.Caveats {
		f.paragraph(4, "• "+c, b.st.wrap)
	}
	f.section("Formulas")
	for _, fm := range poolFormulas {
		f.keyValue(fm[0], fm[1])
	}
	f.paragraph(4, "Every number agrees with R's metafor package (rma, confint, predict, leave1out, regtest, escalc); fixtures/meta and docs/methods.md §17 in the whatworks sources give the checks and every formula.", b.st.note)
	f.section("References")
	for _, ref := range poolReferences {
		f.paragraph(4, ref, b.st.wrap)
	}
	f.section("Software and inputs")
	f.keyValue("whatworks version", b.o.Version)
	f.keyValue("Date", b.o.Date)
	f.header("Input file", "SHA-256", "", "")
	for _, in := range b.o.Inputs {
		f.row++
		f.put(1, f.row, in.Name, b.st.text)
		f.put(2, f.row, in.SHA256, b.st.mono)
		f.merge(2, f.row, 4, f.row)
	}
	return w.Err()
}

// methodChoices writes what was pooled and how.
func (b *poolBook) methodChoices(f *flow) {
	r, h := b.p, b.p.Headline
	f.section("The pooling")
	f.keyValue("Title", r.Title)
	f.keyValue("Studies", fmt.Sprint(r.K))
	f.keyValue("Effect sizes", words.Capitalise(words.PoolMeasureWords(r.Measure)))
	f.keyValue("Headline model", modelWords(h.Analysis)+" ("+h.Analysis+"): "+h.Reason)
	f.keyValue("Confidence level", words.TrimFloat(r.Confidence*100)+"%")
	if r.Measure != evaluate.PoolHedgesG {
		f.keyValue("Months' progress", "Not given: months' progress converts Hedges' g only.")
	} else {
		f.keyValue("Months' progress", "EEF "+monthsTableName(r.MonthsTable))
	}
	f.keyValue("Models", "Every model is reported (Models sheet): the common-effect model (meta_fe) assumes one true effect everywhere; the random-effects models (meta_dl, meta_reml, meta_pm, meta_reml_knha) let the true effect vary between places and differ in how they estimate that variation.")
}
