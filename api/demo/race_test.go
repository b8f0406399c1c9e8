//go:build race

package demo

// raceEnabled skips the largest inventories under the race detector, which
// slows pattern matching tenfold and adds nothing to single-goroutine
// generation. .ci/run runs them in a step without -race.
const raceEnabled = true
