//go:build race

package ui

// raceEnabled shortens the slowest tests under the race detector, which
// makes them about ten times slower.
const raceEnabled = true
