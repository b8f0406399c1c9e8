package serve

import (
	"fmt"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"charm.land/log/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Startups bounds the connections that have not logged in yet, as
// OpenSSH's MaxStartups start:rate:full does: below Start every new one
// is served; from Start on, a new one is dropped with probability Rate
// percent, rising linearly to 100 % at Full; at Full every new one is
// dropped. A connection stops counting once it has logged in (or closed).
type Startups struct {
	Start, Rate, Full int
}

// DefaultMaxStartups is OpenSSH's default.
const DefaultMaxStartups = "10:30:100"

// DefaultStartupsPerAddress is how many connections one address (an IPv4
// address or an IPv6 /64) may have that have not logged in yet: half of
// DefaultMaxStartups' start, so one flooding address never makes the
// server drop anyone else's connection.
const DefaultStartupsPerAddress = 5

// String returns s in the start:rate:full form.
func (s Startups) String() string { return fmt.Sprintf("%d:%d:%d", s.Start, s.Rate, s.Full) }

// ParseStartups reads "start:rate:full" ("10:30:100") or a single number
// ("20": every connection over it is dropped).
func ParseStartups(v string) (Startups, error) {
	parts := strings.Split(strings.TrimSpace(v), ":")
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Startups{}, fmt.Errorf("%q is not start:rate:full (like 10:30:100) or one number", v)
		}
		nums[i] = n
	}
	var s Startups
	switch len(nums) {
	case 1:
		s = Startups{Start: nums[0], Rate: 100, Full: nums[0]}
	case 3:
		s = Startups{Start: nums[0], Rate: nums[1], Full: nums[2]}
	default:
		return Startups{}, fmt.Errorf("%q is not start:rate:full (like 10:30:100) or one number", v)
	}
	switch {
	case s.Start < 1:
		return Startups{}, fmt.Errorf("%q: start must be at least 1", v)
	case s.Rate > 100:
		return Startups{}, fmt.Errorf("%q: rate is a percentage, at most 100", v)
	case s.Full < s.Start:
		return Startups{}, fmt.Errorf("%q: full must be at least start", v)
	}
	return s, nil
}

// burstQuiet is how long no connection must be dropped for a burst of
// drops to be over (and summed up in the log).
const burstQuiet = 10 * time.Second

// startupGate admits new connections by Startups and a per-address cap
// and counts them until they log in or close. The first drop of a burst
// is logged, with why; the burst's total when it is over.
type startupGate struct {
	limits  Startups
	perAddr int
	log     *log.Logger
	roll    func() int // 0 to 99; random early drop
	quiet   time.Duration

	mu      sync.Mutex
	total   int
	byAddr  map[string]int
	dropped int         // in the current burst
	since   time.Time   // the burst's first drop
	quieted *time.Timer // ends the burst
}

func newStartupGate(limits Startups, perAddr int, logger *log.Logger) *startupGate {
	return &startupGate{limits: limits, perAddr: perAddr, log: logger, roll: func() int { return rand.IntN(100) },
		quiet: burstQuiet, byAddr: map[string]int{}}
}

// admit decides on a new connection from remote. When it is admitted,
// release must be called once it has logged in or closed (calling it
// again does nothing).
func (g *startupGate) admit(remote net.Addr) (release func(), ok bool) {
	key := addrKey(remote)
	g.mu.Lock()
	defer g.mu.Unlock()
	why := ""
	switch {
	case g.perAddr > 0 && g.byAddr[key] >= g.perAddr:
		why = "per-address limit"
	case g.total >= g.limits.Full:
		why = "full"
	case g.total >= g.limits.Start:
		p := g.limits.Rate
		if span := g.limits.Full - g.limits.Start; span > 0 {
			p += (100 - g.limits.Rate) * (g.total - g.limits.Start) / span
		}
		if g.roll() < p {
			why = "random early drop"
		}
	}
	if why != "" {
		g.drop(remote, why)
		return nil, false
	}
	g.total++
	g.byAddr[key]++
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.total--
			if g.byAddr[key]--; g.byAddr[key] <= 0 {
				delete(g.byAddr, key)
			}
		})
	}, true
}

// drop counts a dropped connection; the first of a burst is logged. The
// caller holds g.mu.
func (g *startupGate) drop(remote net.Addr, why string) {
	g.dropped++
	if g.dropped == 1 {
		g.since = time.Now()
		g.log.Warn("dropping connections that have not logged in", "reason", why, "remote", addrString(remote),
			"unauthenticated", g.total, "max_startups", g.limits.String(), "per_address", g.perAddr)
		g.quieted = time.AfterFunc(g.quiet, g.endBurst)
		return
	}
	g.quieted.Reset(g.quiet)
}

// endBurst logs the end of a burst of drops.
func (g *startupGate) endBurst() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.dropped == 0 {
		return
	}
	g.log.Warn("stopped dropping connections", "dropped", g.dropped, "duration", time.Since(g.since).Round(time.Second),
		"unauthenticated", g.total)
	g.dropped = 0
}

// stop ends a burst in progress (at shutdown), logging it.
func (g *startupGate) stop() {
	g.mu.Lock()
	t := g.quieted
	g.mu.Unlock()
	if t != nil && t.Stop() {
		g.endBurst()
	}
}

// addrKey is what the per-address cap counts by: the IP of an IPv4
// address, the /64 of an IPv6 one (one host usually has a whole /64).
func addrKey(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return addrString(a)
	}
	if ip4 := tcp.IP.To4(); ip4 != nil {
		return ip4.String()
	}
	return tcp.IP.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// ctxStartup is where a connection's release func lives in its context.
type ctxStartup struct{}

// connCallback admits or drops a new connection (a nil conn drops it).
func (g *startupGate) connCallback(ctx ssh.Context, conn net.Conn) net.Conn {
	release, ok := g.admit(conn.RemoteAddr())
	if !ok {
		return nil
	}
	ctx.SetValue(ctxStartup{}, release)
	return &startupConn{Conn: conn, release: release}
}

// serverConfig stops counting a connection once it has logged in.
func (g *startupGate) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{AuthLogCallback: func(_ gossh.ConnMetadata, _ string, err error) {
		if err != nil {
			return
		}
		if release, ok := ctx.Value(ctxStartup{}).(func()); ok {
			release()
		}
	}}
}

// startupConn releases its slot when closed.
type startupConn struct {
	net.Conn
	release func()
}

func (c *startupConn) Close() error {
	c.release()
	return c.Conn.Close()
}
