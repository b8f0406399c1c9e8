// Package demo is numbrowse's embedded demo inventory: a deterministic,
// plausible catalogue of phone numbers in more than forty countries, served
// by an in-process HTTP server that implements the IdentityCall endpoints
// numbrowse uses (search, purchase, list owned numbers) with the same
// parameters, JSON and errors. `numbrowse --demo` points the real client at
// it, so the demo exercises the whole client code path.
//
// Every number is valid for its country and of its type by libphonenumber's
// metadata (see typeMapping for how the API's types map to libphonenumber's),
// geographic numbers carry the region their area code belongs to, and a
// share of the entries come in other providers' shapes (Telnyx, Twilio,
// Vonage) so the client's tolerant decoding shows.
//
// A purchase takes the number out of the handler's inventory and lists it
// under GET /virtual_numbers. The demo charges nothing, does not ask for the
// regulatory documents some countries list, and never rate-limits.
package demo

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"numbrowse/api"
)

// APIKey is the only key the demo server accepts; numbrowse passes it
// automatically in demo mode.
const APIKey = "idc_demo" + "N4mbr0wseD3moInventoryK3y2026xyz"

// MaxSize is the largest inventory size WithSize and SizeFromEnv accept.
const MaxSize = 200_000

// SizeEnv is the hidden environment knob that sets the demo's search size.
const SizeEnv = "NUMBROWSE_DEMO_SIZE"

// LatencyEnv is the hidden environment knob that sets the demo's latency,
// for benchmarks: "2s" (every request), "100ms-400ms" (a range), "0".
const LatencyEnv = "NUMBROWSE_DEMO_LATENCY"

// Option configures the demo handler.
type Option func(*config)

type config struct {
	size                   int
	minLatency, maxLatency time.Duration
	seed                   int64
	arrivals               time.Duration    // a new number per offer this often; 0: none
	now                    func() time.Time // the clock arrivals follow
	owned                  int              // numbers the account owns from the start
}

// The default latency range of a request.
const (
	defaultMinLatency = 100 * time.Millisecond
	defaultMaxLatency = 400 * time.Millisecond
)

func newConfig(opts []Option) config {
	c := config{minLatency: defaultMinLatency, maxLatency: defaultMaxLatency, seed: 1, now: time.Now}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithSize makes every search return exactly n numbers, fewer only once
// some are bought or where a country's ranges cannot hold n: the toll-free
// ranges of Belgium (about 90,000 numbers), Bulgaria and Peru (100,000)
// and Estonia (18,000) give all they have. n is capped at MaxSize; n ≤ 0
// keeps the natural sizes of 10 to 200 that vary by country and type.
// Each of 200,000 numbers takes about 300 bytes of JSON.
func WithSize(n int) Option {
	return func(c *config) { c.size = min(max(n, 0), MaxSize) }
}

// WithLatency delays every request by a random duration in [lo, hi],
// 100–400 ms by default; WithLatency(0, 0) answers at once. The delay ends
// early when the client goes away.
func WithLatency(lo, hi time.Duration) Option {
	return func(c *config) {
		lo, hi = max(lo, 0), max(hi, 0)
		if hi < lo {
			lo, hi = hi, lo
		}
		c.minLatency, c.maxLatency = lo, hi
	}
}

// WithSeed changes the inventory: another seed gives other numbers, prices
// and shapes. The default seed is 1.
func WithSeed(seed int64) Option {
	return func(c *config) { c.seed = seed }
}

// SizeFromEnv reads the hidden knob NUMBROWSE_DEMO_SIZE for WithSize: 0
// when it is unset or empty, else a whole number from 1 to MaxSize
// ("200_000" is fine), or an error that says what is wrong.
func SizeFromEnv() (int, error) {
	raw := os.Getenv(SizeEnv)
	s := strings.TrimSpace(raw)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, "_", ""))
	if err != nil || n < 1 || n > MaxSize {
		return 0, fmt.Errorf("%s=%q: want a whole number from 1 to %d", SizeEnv, api.Printable(raw), MaxSize)
	}
	return n, nil
}

// ArrivalsEnv is the environment variable that makes the demo add numbers
// over time (WithArrivals), for trying a watch.
const ArrivalsEnv = "NUMBROWSE_DEMO_ARRIVALS"

// MaxArrivals is how many numbers WithArrivals adds to one offer at most.
const MaxArrivals = 2048

// WithArrivals makes every offer gain a new number every d, counted from
// the handler's creation on its clock (WithClock): after 2d, a search
// returns its usual numbers and two more at the end. Which numbers arrive
// is deterministic (by seed, country and type), they are valid numbers of
// the offer that its stock never holds, and they can be bought like any
// other. At most MaxArrivals arrive per offer. d ≤ 0 adds none (the
// default).
func WithArrivals(d time.Duration) Option {
	return func(c *config) { c.arrivals = max(d, 0) }
}

// WithClock replaces time.Now as the clock WithArrivals follows, for
// tests.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithOwnedNumbers makes the demo account own n numbers from the start
// (at most 100), in several countries, with names and operators, so that
// GET /virtual_numbers has something to list; it lists them (and the
// numbers bought since) ten to a page. The default is none.
func WithOwnedNumbers(n int) Option {
	return func(c *config) { c.owned = min(max(n, 0), maxOwnedSeeds) }
}

// ArrivalsFromEnv reads NUMBROWSE_DEMO_ARRIVALS for WithArrivals: 0 when
// it is unset or empty, else a duration of at least one second ("30s",
// "2m"; a bare number is seconds), or an error that says what is wrong.
func ArrivalsFromEnv() (time.Duration, error) {
	raw := os.Getenv(ArrivalsEnv)
	s := strings.TrimSpace(raw)
	if s == "" || s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		n, nerr := strconv.Atoi(s)
		if nerr != nil {
			return 0, fmt.Errorf("%s=%q: want a duration such as 30s or 2m", ArrivalsEnv, api.Printable(raw))
		}
		d = time.Duration(n) * time.Second
	}
	if d < time.Second {
		return 0, fmt.Errorf("%s=%q: want at least 1s", ArrivalsEnv, api.Printable(raw))
	}
	return d, nil
}

// LatencyFromEnv reads the hidden knob NUMBROWSE_DEMO_LATENCY for
// WithLatency: ok is false when it is unset or empty (the default range
// applies), else the range it gives ("2s", "100ms-400ms", "0"), or an error
// that says what is wrong.
func LatencyFromEnv() (lo, hi time.Duration, ok bool, err error) {
	raw := strings.TrimSpace(os.Getenv(LatencyEnv))
	if raw == "" {
		return 0, 0, false, nil
	}
	parse := func(s string) (time.Duration, error) {
		if s = strings.TrimSpace(s); s == "0" {
			return 0, nil
		}
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 || d > time.Minute {
			return 0, fmt.Errorf("%s=%q: want a duration up to 1m (2s) or a range (100ms-400ms)", LatencyEnv, api.Printable(raw))
		}
		return d, nil
	}
	a, b, isRange := strings.Cut(raw, "-")
	if lo, err = parse(a); err != nil {
		return 0, 0, false, err
	}
	hi = lo
	if isRange {
		if hi, err = parse(b); err != nil {
			return 0, 0, false, err
		}
	}
	return lo, hi, true, nil
}
