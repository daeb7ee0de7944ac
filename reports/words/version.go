package words

// Version is the whatworks version written into every report. The command
// sets it at start-up (from the build); "dev" marks an unreleased build.
var Version = "dev"
