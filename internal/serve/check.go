package serve

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	"charm.land/log/v2"
	gossh "golang.org/x/crypto/ssh"
)

// CheckReport is what Check found: enough for one line that says the
// server is ready to start.
type CheckReport struct {
	// AuthorizedKeys is how many keys the authorized keys file holds (0
	// when there is no file, on loopback).
	AuthorizedKeys int
	// HostKey is the host key's SHA256 fingerprint, or "" when the key
	// does not exist yet and will be created on the first start.
	HostKey string
	// PermissionsChecked is false on Windows, where files have ACLs rather
	// than POSIX modes: the host key's mode is not checked there.
	PermissionsChecked bool
}

// Check validates cfg as New and ListenAndServe would, without creating a
// key or listening: the listen address, the authorized keys file (readable,
// every line a key, at least one), and the host key (an existing one is a
// private key without a passphrase that only its owner may read; a
// missing one can be created, as its directory is writable). It is what
// `numbrowse serve --check` runs, for a service manager's start-up check.
func Check(cfg Config) (CheckReport, error) {
	rep := CheckReport{PermissionsChecked: runtime.GOOS != "windows"}
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	host, port, err := net.SplitHostPort(cfg.Listen)
	if err != nil {
		return rep, fmt.Errorf("listen address %q: %v — use HOST:PORT, such as 0.0.0.0:2222", cfg.Listen, unwrapAddrErr(err))
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return rep, fmt.Errorf("listen address %q: the port %q is not a number from 0 to 65535", cfg.Listen, port)
	}
	if host != "" && net.ParseIP(host) == nil && host != "localhost" {
		if _, err := net.LookupHost(host); err != nil {
			return rep, fmt.Errorf("listen address %q: cannot resolve %s — use an IP address", cfg.Listen, host)
		}
	}
	if cfg.AuthorizedKeysPath == "" && !IsLoopback(cfg.Listen) {
		return rep, fmt.Errorf("no --authorized-keys: refusing to let anyone who can reach %s in — "+
			"pass --authorized-keys FILE (OpenSSH format), or listen on 127.0.0.1", cfg.Listen)
	}
	if cfg.AuthorizedKeysPath != "" {
		ring, err := loadKeyring(cfg.AuthorizedKeysPath, log.New(io.Discard))
		if err != nil {
			return rep, err
		}
		rep.AuthorizedKeys = len(ring.keys)
	}
	if cfg.HostKeyPath == "" {
		return rep, errors.New("no host key path — pass --host-key")
	}
	switch _, err := os.Stat(cfg.HostKeyPath); {
	case errors.Is(err, fs.ErrNotExist):
		if err := checkCreatable(cfg.HostKeyPath); err != nil {
			return rep, &HostKeyError{Path: cfg.HostKeyPath, Msg: "it does not exist and cannot be created: " + err.Error()}
		}
	default:
		// The file exists (or cannot be examined): load it as the server
		// would, which creates nothing for an existing path.
		signer, _, err := LoadOrCreateHostKey(cfg.HostKeyPath)
		if err != nil {
			return rep, err
		}
		rep.HostKey = gossh.FingerprintSHA256(signer.PublicKey())
	}
	return rep, nil
}

// checkCreatable reports whether a file could be created at path: its
// nearest existing ancestor is a directory this process may write in
// (tried with a temporary file, removed at once).
func checkCreatable(path string) error {
	dir := filepath.Dir(path)
	for {
		fi, err := os.Stat(dir)
		if err == nil {
			if !fi.IsDir() {
				return fmt.Errorf("%s is not a directory", dir)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return unwrapPath(err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return fmt.Errorf("no directory of %s exists", path)
		}
		dir = parent
	}
	f, err := os.CreateTemp(dir, ".numbrowse-check-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %v", dir, unwrapPath(err))
	}
	name := f.Name()
	_ = f.Close()
	return os.Remove(name)
}

func unwrapAddrErr(err error) error {
	var ae *net.AddrError
	if errors.As(err, &ae) {
		return errors.New(ae.Err)
	}
	return err
}
