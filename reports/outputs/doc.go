// Package outputs writes the files of one run all or nothing, and never
// over the run's inputs.
//
// A Set is planned before the work starts and committed after it:
//
//	var s outputs.Set
//	s.Input("design.yaml", "the design file")
//	s.Input("pupils.csv", "the data file")
//	err := s.Add("report.xlsx", "-o", writeWorkbook) // refused now, or reserved
//	...                                              // the analysis
//	written, err := s.Commit(ctx)                    // every file, or none
//
// Add and AddDir refuse, before anything is written, an output that
// resolves (after symbolic links; for a file that does not exist yet, after
// its folder's links) to an input or to another output of the set, that is
// a folder or a special file, or whose folder does not exist or cannot be
// written. The refusal is a *UsageError.
//
// Commit writes each file to a temporary file beside it, named
// .NAME.whatworks-tmp-PID-RANDOM, flushes and syncs it, and only when every
// file was written renames them over their targets (a file that existed
// keeps its permission bits; a new one gets 0644) and syncs the folders. On
// an error, or when ctx is cancelled (the writer handed to each WriteFunc
// then fails), it removes its temporary files and the folders it made, and
// every target is left as it was. The renames themselves are the one step
// that is not all or nothing: they only fail when the file system does
// (the temporary files are already complete, beside their targets), and a
// rename that fails then leaves the outputs renamed before it in place.
//
// A temporary file left by a run that was killed (SIGKILL, a power cut) is
// removed by the next Set that adds an output in the same folder, once no
// running process has the PID in its name; Notice reports each removal.
package outputs
