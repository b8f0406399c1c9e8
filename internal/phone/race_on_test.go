//go:build race

package phone

// raceEnabled shortens the differential tests under the race detector,
// which makes them about ten times slower; without it they run whole.
const raceEnabled = true
