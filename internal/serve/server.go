// Package serve hosts numbrowse's browser as an SSH app for a team, built
// with Wish v2 as soft-serve is: people `ssh -p 2222 host` into their own
// browser session, while the API key, the api client, the result cache and
// a server-wide search limiter stay on the server and are shared.
//
// The package does not build the browser: Config.NewModel does, once per
// session, so the server can be tested with any tea.Model.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/recover"
	gossh "golang.org/x/crypto/ssh"
)

// Defaults for the command's flags.
const (
	DefaultListen            = "127.0.0.1:2222"
	DefaultMaxSessions       = 32
	DefaultIdleTimeout       = 15 * time.Minute
	DefaultSearchesPerMinute = 50
	// DefaultShutdownTimeout is how long sessions get to close when the
	// server stops before their connections are cut.
	DefaultShutdownTimeout = 5 * time.Second
)

// handshakeTimeout bounds a connection that never finishes logging in.
const handshakeTimeout = 30 * time.Second

// Config configures a Server. NewModel is required; every other zero
// value means the default.
type Config struct {
	// Listen is the TCP address, DefaultListen when "".
	Listen string
	// HostKeyPath is the server's ed25519 key, created when missing (see
	// LoadOrCreateHostKey).
	HostKeyPath string
	// AuthorizedKeysPath lists the public keys allowed in. "" is allowed
	// only when Listen is a loopback address: then any key may connect.
	AuthorizedKeysPath string
	// MaxSessions is how many sessions may run at once; the next one is
	// told the server is full. DefaultMaxSessions when <= 0.
	MaxSessions int
	// IdleTimeout closes a session after this long without a key press;
	// <= 0 means never.
	IdleTimeout time.Duration
	// ShutdownTimeout is DefaultShutdownTimeout when <= 0.
	ShutdownTimeout time.Duration
	// MaxStartups bounds the connections that have not logged in yet
	// (OpenSSH's MaxStartups); the zero value means DefaultMaxStartups.
	MaxStartups Startups
	// MaxStartupsPerAddress bounds them per client address (an IPv4
	// address, an IPv6 /64); DefaultStartupsPerAddress when <= 0.
	MaxStartupsPerAddress int
	// AllowPurchase is handed to NewModel: buying numbers is off unless
	// the operator turns it on.
	AllowPurchase bool
	// AllowOwned is handed to NewModel: listing the numbers of the
	// account behind the server's key is off unless the operator turns it
	// on.
	AllowOwned bool
	// Version is sent in the SSH banner ("SSH-2.0-numbrowse_<Version>").
	Version string
	// Logger receives the server's log; NewLogger(os.Stderr) when nil.
	Logger *log.Logger

	// NewModel builds the browser for one session. Its error is shown to
	// the user on one line and the session is closed.
	NewModel func(Session) (tea.Model, error)
	// Notice, when not nil, turns a sentence for the user ("The server is
	// shutting down") into a message the model shows; the server sends it
	// to every session before closing them. Without it the sentence is
	// written to the terminal after the browser has closed.
	Notice func(text string) tea.Msg
}

// Session describes one SSH session to NewModel.
type Session struct {
	// Context ends when the session ends; derive every request from it.
	Context context.Context
	// User is the SSH user name the client sent (printable).
	User string
	// KeyFingerprint is the client key's SHA256:… fingerprint, and
	// KeyComment the comment of its authorized_keys line.
	KeyFingerprint, KeyComment string
	// RemoteAddr is the client's address.
	RemoteAddr string
	// Term is the client's TERM.
	Term string
	// Width and Height are the terminal's size when the session opened,
	// at most MaxColumns × MaxRows.
	Width, Height int
	// Environ is what the client sent of the variables a session keeps
	// (COLORTERM, NO_COLOR, NUMBROWSE_THEME, LANG, LC_ALL, LC_CTYPE,
	// TERM_PROGRAM, VTE_VERSION; see keptEnv), plus TERM.
	Environ []string
	// AllowPurchase is Config.AllowPurchase.
	AllowPurchase bool
	// AllowOwned is Config.AllowOwned.
	AllowOwned bool
}

// Getenv returns the value of the client-sent variable name, or "".
func (s Session) Getenv(name string) string {
	for i := len(s.Environ) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(s.Environ[i], "="); ok && k == name {
			return v
		}
	}
	return ""
}

// Server is the SSH server. Create it with New and run it with
// ListenAndServe or Serve.
type Server struct {
	cfg     Config
	log     *log.Logger
	ssh     *ssh.Server
	hostKey gossh.PublicKey
	ring    *keyring // nil: any key (loopback only)
	reg     registry
	gate    *startupGate
	gc      *collector // a paced collection after each log-in (collect.go)
}

// New checks cfg, loads or creates the host key and reads the authorized
// keys. It does not listen yet.
func New(cfg Config) (*Server, error) {
	if cfg.NewModel == nil {
		return nil, errors.New("serve: Config.NewModel is nil")
	}
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = DefaultShutdownTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = NewLogger(os.Stderr)
	}
	if cfg.MaxStartups == (Startups{}) {
		cfg.MaxStartups, _ = ParseStartups(DefaultMaxStartups)
	}
	if cfg.MaxStartupsPerAddress <= 0 {
		cfg.MaxStartupsPerAddress = DefaultStartupsPerAddress
	}
	s := &Server{cfg: cfg, log: cfg.Logger, reg: registry{max: cfg.MaxSessions},
		gate: newStartupGate(cfg.MaxStartups, cfg.MaxStartupsPerAddress, cfg.Logger), gc: newCollector()}

	if cfg.AuthorizedKeysPath == "" && !IsLoopback(cfg.Listen) {
		return nil, fmt.Errorf("no --authorized-keys: refusing to let anyone who can reach %s in — "+
			"pass --authorized-keys FILE (OpenSSH format), or listen on 127.0.0.1", cfg.Listen)
	}
	if cfg.AuthorizedKeysPath != "" {
		ring, err := loadKeyring(cfg.AuthorizedKeysPath, s.log)
		if err != nil {
			return nil, err
		}
		s.ring = ring
	}
	signer, created, err := LoadOrCreateHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	s.hostKey = signer.PublicKey()
	if created {
		s.log.Info("created a host key", "path", cfg.HostKeyPath, "fingerprint", gossh.FingerprintSHA256(s.hostKey))
	}
	if runtime.GOOS == "windows" {
		// Files have ACLs there, not POSIX modes: say that the check that
		// refuses a key others may read did not run.
		s.log.Warn("the host key's permissions are not checked on Windows: keep it in a folder only this account can read", "path", cfg.HostKeyPath)
	}

	version := softwareVersion
	if cfg.Version != "" {
		version += "_" + cfg.Version
	}
	opts := []ssh.Option{
		wish.WithAddress(cfg.Listen),
		wish.WithVersion(version),
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		// Public keys only: no password or keyboard-interactive handler
		// is installed, so the server offers no other method.
		wish.WithPublicKeyAuth(publicKeyHandler(s.ring, s.log)),
		ssh.EmulatePty(),
		func(srv *ssh.Server) error {
			// Session channels go through the guard (guard.go); no other
			// channel type (port forwarding) is served.
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
			return nil
		},
		func(srv *ssh.Server) error {
			// Connections that have not logged in are bounded
			// (startups.go): a flood of them is dropped early.
			srv.ConnCallback = s.gate.connCallback
			srv.ServerConfigCallback = s.gate.serverConfig
			srv.HandshakeTimeout = handshakeTimeout
			srv.ConnectionFailedCallback = func(c net.Conn, err error) {
				if !errors.Is(err, io.EOF) {
					s.log.Debug("connection failed", "remote", addrString(c.RemoteAddr()), "err", err)
				}
			}
			return nil
		},
		wish.WithMiddleware(recover.MiddlewareWithLogger(printfLogger{s.log}, s.sessionMiddleware())),
	}
	if cfg.IdleTimeout > 0 {
		// Sessions time out on key presses (see watchIdle); this closes
		// connections that hold no session, or whose client vanished.
		opts = append(opts, wish.WithIdleTimeout(cfg.IdleTimeout+time.Minute))
	}
	s.ssh, err = wish.NewServer(opts...)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// HostKey is the server's public host key.
func (s *Server) HostKey() gossh.PublicKey { return s.hostKey }

// ListenAndServe listens on Config.Listen and serves until ctx ends (the
// CLI cancels it on SIGINT or SIGTERM); it then shuts down as Serve does.
func (s *Server) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve serves SSH connections on ln until ctx ends. Then it stops
// accepting, tells every session that the server is going down, closes
// them within Config.ShutdownTimeout and returns nil.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	kv := []any{"addr", ln.Addr().String(), "host_key", gossh.FingerprintSHA256(s.hostKey),
		"max_sessions", s.cfg.MaxSessions, "idle_timeout", s.cfg.IdleTimeout, "purchases", s.cfg.AllowPurchase,
		"max_startups", s.cfg.MaxStartups.String(), "max_startups_per_address", s.cfg.MaxStartupsPerAddress,
		"owned_numbers", s.cfg.AllowOwned}
	if s.ring != nil {
		kv = append(kv, "authorized_keys", s.cfg.AuthorizedKeysPath)
	}
	s.log.Info("listening", kv...)
	if s.ring == nil {
		s.log.Warn("NO AUTHORIZED KEYS: anyone who can connect to " + ln.Addr().String() +
			" from this machine gets in with any key — pass --authorized-keys to restrict it")
	}

	defer s.gc.close()
	served := make(chan error, 1)
	go func() { served <- s.ssh.Serve(ln) }()
	select {
	case err := <-served:
		if errors.Is(err, ssh.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	s.shutdown()
	<-served
	return nil
}

// shutdown stops accepting, asks every session to close, and after
// ShutdownTimeout cuts the connections that are still open.
func (s *Server) shutdown() {
	live := s.reg.close()
	s.log.Info("shutting down", "sessions", len(live))
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()

	stopped := make(chan error, 1)
	go func() { stopped <- s.ssh.Shutdown(ctx) }() // closes the listener first
	for _, ls := range live {
		ls.stop(endShutdown, s.cfg.Notice)
	}
	if !s.reg.waitEmpty(ctx) {
		s.log.Warn("sessions still open; closing their connections", "sessions", s.reg.count())
	}
	// Connections without a session have nobody to say goodbye to.
	_ = s.ssh.Close()
	<-stopped
	// Let the session handlers write their end lines.
	wctx, wcancel := context.WithTimeout(context.Background(), time.Second)
	defer wcancel()
	s.reg.waitEmpty(wctx)
	s.gate.stop()
	s.log.Info("stopped")
}
