// Package testreport is test support for the packages under reports: the
// hand-built sample reports (RCT, PrePost, QED, Matched), plans (Plans),
// poolings (Pool, Funnel), a real match of MatchIt's lalonde data
// (LalondeMatch), seeded pupil scores (Scores) and the golden-file check
// (Golden, with the -update flag). Only _test.go files import it
// (reports/layers_test.go); unlike the rest of reports it may use
// evaluate's families to build its data.
package testreport
