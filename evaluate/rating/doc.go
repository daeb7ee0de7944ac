// Package rating turns results into the ratings and conversions the sector
// reads, and is the single home of their tables:
//
//   - months.go: the EEF months' progress tables (Toolkit and evaluation
//     report variant) and the conversion of an effect size;
//   - improvement.go: the WWC improvement index 100·Φ(g) − 50;
//   - baseline.go: the WWC baseline-equivalence classes of a baseline
//     difference;
//   - cost.go: the EEF Toolkit cost bands;
//   - attrition.go: overall and differential attrition with the WWC's
//     cautious and optimistic boundaries;
//   - security.go: the EEF security rating (padlocks), as whatworks reads
//     the EEF's 2019 criteria, each step kept as a reason;
//   - wwc.go: the WWC rating of a group design;
//   - ofs.go: the OfS standard of evidence (Type 1, 2 or 3);
//   - plan.go: the padlock criteria used when planning.
//
// reports imports this package for wording and tables but never re-decides
// a rating. Methods: docs/methods.md §10, §13 and §16.
//
// References: EEF (2018), Teaching and Learning Toolkit technical
// appendix; EEF (2019), "Classifying the security of EEF findings"; WWC
// Procedures Handbook v4.1 and Standards Handbook v4.1; OfS (2019),
// "Standards of evidence and evaluating impact of outreach".
package rating
