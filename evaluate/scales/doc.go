// Package scales scores questionnaire scales (Likert items) and measures
// their reliability: a pupil's scale score is the mean of the items they
// answered, reverse-worded items flipped, given only when enough items are
// answered; Cronbach's alpha on the pupils who answered every item, with
// the alpha if each item were dropped and the item-total correlations.
// docs/methods.md §12 gives every formula.
//
// Items are given one slice per item (a column of the data), each with one
// answer per pupil, NaN for no answer. Mapping text answers ("Strongly
// agree") to numbers is the caller's; these functions take the numbers.
//
// Alpha agrees with psych::alpha (version 2.2.9) in R 4.2.2: see
// fixtures/scales.
//
// References:
//   - Cronbach LJ (1951). Coefficient alpha and the internal structure of
//     tests. Psychometrika 16:297–334. doi:10.1007/BF02310555
//   - Revelle W (2022). psych: Procedures for Psychological, Psychometric,
//     and Personality Research, version 2.2.9. Northwestern University.
//     (alpha: raw and standardised alpha, alpha if an item is dropped,
//     item-total correlations.)
//   - Likert R (1932). A technique for the measurement of attitudes.
//     Archives of Psychology 140:1–55.
package scales
