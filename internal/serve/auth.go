package serve

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"

	"charm.land/log/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"numbrowse/api"
)

// AuthorizedKey is one key from an authorized_keys file.
type AuthorizedKey struct {
	Key gossh.PublicKey
	// Comment is the text after the key, often user@host; it names the
	// key in the server log.
	Comment string
	// Options are the line's leading options (from=, command=, ...).
	// They are accepted but not enforced.
	Options []string
	// Line is the line number in the file, from 1.
	Line int
}

// AuthorizedKeysError is a line of an authorized_keys file that is not a
// public key.
type AuthorizedKeysError struct {
	Path string
	Line int
	Err  error
}

func (e *AuthorizedKeysError) Error() string {
	return fmt.Sprintf("authorized keys %s:%d: not a public key (%v) — use the OpenSSH format, e.g. a line of ~/.ssh/id_ed25519.pub", e.Path, e.Line, e.Err)
}

func (e *AuthorizedKeysError) Unwrap() error { return e.Err }

// ParseAuthorizedKeys reads an OpenSSH authorized_keys file: one key per
// line, optionally preceded by options and followed by a comment; blank
// lines and lines starting with # are skipped. A line that is not a key is
// an *AuthorizedKeysError naming path and the line.
func ParseAuthorizedKeys(r io.Reader, path string) ([]AuthorizedKey, error) {
	var keys []AuthorizedKey
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 16<<10), 1<<20) // RSA keys and certificates make long lines
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, comment, opts, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, &AuthorizedKeysError{Path: path, Line: n, Err: err}
		}
		keys = append(keys, AuthorizedKey{Key: key, Comment: comment, Options: opts, Line: n})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("authorized keys %s: %w", path, err)
	}
	return keys, nil
}

// keyring is the set of keys allowed in, read from a file and read again
// when its contents change, so adding or removing a user needs no restart.
// The file is read on every login and compared by its SHA-256, not by its
// size and modification time: a replacement of the same size that keeps
// the old time (cp -p, a restored backup, a clock set back) must still
// revoke a key. A file that becomes unreadable or malformed keeps the last
// good keys (and says so in the log).
type keyring struct {
	path string
	log  *log.Logger

	mu   sync.Mutex
	sum  [sha256.Size]byte        // of the contents the keys came from
	keys map[string]AuthorizedKey // by the key's wire form
}

// maxAuthorizedKeysBytes bounds the authorized_keys file: a thousand RSA
// keys fit in a megabyte.
const maxAuthorizedKeysBytes = 4 << 20

// loadKeyring reads path; any problem is an error (the server does not
// start with a broken allow-list).
func loadKeyring(path string, logger *log.Logger) (*keyring, error) {
	k := &keyring{path: path, log: logger}
	if err := k.reload(); err != nil {
		return nil, err
	}
	if len(k.keys) == 0 {
		return nil, fmt.Errorf("authorized keys %s: no keys in it — add a public key per line", path)
	}
	return k, nil
}

// reload reads the file and takes its keys if its contents changed since
// the last read. The caller holds k.mu, or k is not shared yet.
func (k *keyring) reload() error {
	data, err := readPlainFile(k.path, maxAuthorizedKeysBytes)
	if err != nil {
		return fmt.Errorf("authorized keys %s: %w", k.path, err)
	}
	sum := sha256.Sum256(data)
	if k.keys != nil && sum == k.sum {
		return nil
	}
	list, err := ParseAuthorizedKeys(bytes.NewReader(data), k.path)
	if err != nil {
		return err
	}
	keys := make(map[string]AuthorizedKey, len(list))
	for _, ak := range list {
		keys[string(ak.Key.Marshal())] = ak
	}
	if k.keys != nil {
		k.log.Info("authorized keys reloaded", "path", k.path, "keys", len(keys))
	}
	k.keys, k.sum = keys, sum
	return nil
}

// readPlainFile reads path, which must be a regular file of at most
// limit bytes: it never waits on a named pipe nor reads a device.
func readPlainFile(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer func() { _ = f.Close() }()
	fi, err := f.Stat()
	if err != nil {
		return nil, unwrapPath(err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%v)", fi.Mode().Type())
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, unwrapPath(err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than %d KiB", limit>>10)
	}
	return data, nil
}

// lookup finds key, re-reading the file first when it changed.
func (k *keyring) lookup(key gossh.PublicKey) (AuthorizedKey, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := k.reload(); err != nil {
		k.log.Error("authorized keys not reloaded; keeping the previous keys", "err", err)
	}
	ak, ok := k.keys[string(key.Marshal())]
	return ak, ok
}

// ctxKeyComment is where the public key handler leaves the accepted key's
// comment for the session log.
type ctxKeyComment struct{}

// publicKeyHandler allows the keys of ring, or every key when ring is nil
// (loopback only; New checks). Each refusal is logged.
func publicKeyHandler(ring *keyring, logger *log.Logger) ssh.PublicKeyHandler {
	return func(ctx ssh.Context, key ssh.PublicKey) bool {
		if ring == nil {
			return true
		}
		ak, ok := ring.lookup(key)
		if !ok {
			logger.Warn("key refused", "user", clean(ctx.User()), "key", gossh.FingerprintSHA256(key),
				"remote", addrString(ctx.RemoteAddr()))
			return false
		}
		ctx.SetValue(ctxKeyComment{}, ak.Comment)
		return true
	}
}

// IsLoopback reports whether a listen address such as "127.0.0.1:2222",
// "[::1]:2222" or "localhost:2222" only accepts connections from this
// machine. An address without a host (":2222") listens everywhere.
func IsLoopback(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		host = listen
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// clean makes client-supplied text (user names, TERM, client versions)
// safe to print on one line of the log.
func clean(s string) string { return api.Printable(s) }

func addrString(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}
