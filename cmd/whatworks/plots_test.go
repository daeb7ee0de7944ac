package main

import "github.com/whatworks/whatworks/reports/plot"

// The commands' tests draw the plots of many runs and look only at their
// files, not their pixels: at 50 dpi they draw in a fraction of the time
// of the files' 300. reports/plot checks the plots themselves, one of them
// at 300 dpi.
func init() { plot.SetTestResolution(50) }
