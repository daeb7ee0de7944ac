package main

import (
	"fmt"
	"io"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"
)

// devVersion is the version of a build from a checkout without -ldflags.
const devVersion = "0.1.0-dev"

// version is set at build time with -ldflags "-X main.version=..."; a build
// by go install MODULE@VERSION takes that release's version (see init).
var version = devVersion

func init() {
	if version == devVersion {
		if bi, ok := debug.ReadBuildInfo(); ok && isRelease(bi.Main.Version) {
			version = bi.Main.Version
		}
	}
	cli.VersionPrinter = func(c *cli.Context) { writeVersion(c.App.Writer) }
}

// pseudoVersion matches the commit part of a Go pseudo-version
// (v0.0.0-20260102150405-abcdef123456).
var pseudoVersion = regexp.MustCompile(`\d{14}-[0-9a-f]{12}`)

// isRelease reports whether a main module's version names a release
// (v1.2.0), not "(devel)", a pseudo-version of a commit or a build with
// uncommitted changes (+dirty): those keep devVersion, and --version
// prints the revision.
func isRelease(v string) bool {
	return strings.HasPrefix(v, "v") && !pseudoVersion.MatchString(v) && !strings.Contains(v, "+dirty")
}

// writeVersion writes what whatworks --version prints: the version, the Go
// toolchain and platform, the source revision when the build recorded it,
// and the version of every module compiled in (runtime/debug.ReadBuildInfo).
func writeVersion(w io.Writer) {
	fmt.Fprintf(w, "whatworks %s\n", version)
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintf(w, "built with %s for %s/%s (no module information in this binary)\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return
	}
	fmt.Fprintf(w, "built with %s for %s/%s\n", bi.GoVersion, runtime.GOOS, runtime.GOARCH)
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		s := "source revision " + rev
		if t := settings["vcs.time"]; t != "" {
			s += " (" + t + ")"
		}
		if settings["vcs.modified"] == "true" {
			s += ", with uncommitted changes"
		}
		fmt.Fprintln(w, s)
	}
	fmt.Fprintf(w, "module %s %s\n", bi.Main.Path, moduleVersion(bi.Main))
	if len(bi.Deps) > 0 {
		fmt.Fprintln(w, "built with the modules:")
	}
	for _, d := range bi.Deps {
		fmt.Fprintf(w, "  %s %s\n", d.Path, moduleVersion(*d))
	}
}

// moduleVersion is a module's version, with its replacement if it has one.
func moduleVersion(m debug.Module) string {
	v := m.Version
	if v == "" {
		v = "(unknown)"
	}
	if m.Replace != nil {
		v += " => " + m.Replace.Path
		if m.Replace.Version != "" {
			v += " " + m.Replace.Version
		}
	}
	return v
}
