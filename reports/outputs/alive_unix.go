//go:build unix

package outputs

import "syscall"

// alive reports whether a process with this PID is running (or exists
// under another user).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
