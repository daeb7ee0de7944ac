package designs

// validateMatching refuses matching settings that cannot go together, at
// the line of the setting to remove, so that check finds what analyse and
// match would fail on: a caliper is a number of standard deviations of the
// propensity score, which distance: mahalanobis does not estimate (as in
// MatchIt, whose caliper applies to the distance measure).
func (p *parser) validateMatching(d *Design) {
	m := d.Matching
	if m == nil || m.Caliper == nil || m.Distance != "mahalanobis" {
		return
	}
	p.errPos(p.pos.at("matching.caliper", "matching.caliper:key"),
		"remove the caliper, or use distance: logit to match on the propensity score with a caliper",
		"matching.caliper needs a propensity score, but distance is mahalanobis")
}
