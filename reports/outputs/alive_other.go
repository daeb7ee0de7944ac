//go:build !unix

package outputs

import "os"

// alive reports whether a process with this PID may be running. Where
// processes cannot be probed this way it says yes, so that a temporary
// file is never taken from a running whatworks.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
