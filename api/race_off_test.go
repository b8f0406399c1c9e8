//go:build !race

package api

// raceEnabled skips the slowest tests under the race detector, which
// makes them about ten times slower. .ci/run runs them whole in a step
// without -race.
const raceEnabled = false
