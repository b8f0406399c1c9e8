package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"numbrowse/internal/atomicfile"
	"os"
	"path/filepath"
	"runtime"

	gossh "golang.org/x/crypto/ssh"
)

// HostKeyError is a host key file that cannot be used: unreadable, not a
// private key, protected by a passphrase, or readable by other users.
type HostKeyError struct {
	Path string
	Msg  string
}

func (e *HostKeyError) Error() string { return fmt.Sprintf("host key %s: %s", e.Path, e.Msg) }

// LoadOrCreateHostKey returns the server's host key from path. When the
// file does not exist it generates an ed25519 key and writes it there in
// OpenSSH format with mode 0600 (creating the directory with mode 0700),
// plus the public half beside it as path+".pub"; created reports that.
//
// An existing key file that its group or other users may read is refused:
// whoever reads it can impersonate the server. On Windows, where files
// have ACLs rather than POSIX modes, this check does not run (New logs so,
// and `numbrowse serve --check` says so).
func LoadOrCreateHostKey(path string) (signer gossh.Signer, created bool, err error) {
	if path == "" {
		return nil, false, errors.New("no host key path — pass --host-key")
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		s, err := createHostKey(path)
		return s, err == nil, err
	case err != nil:
		return nil, false, &HostKeyError{Path: path, Msg: "cannot read it: " + unwrapPath(err).Error()}
	case !fi.Mode().IsRegular():
		return nil, false, &HostKeyError{Path: path, Msg: "not a regular file"}
	case runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0:
		return nil, false, &HostKeyError{Path: path, Msg: fmt.Sprintf(
			"other users may read it (mode %04o) — run chmod 600 %s", fi.Mode().Perm(), path)}
	}
	data, err := readPlainFile(path, maxHostKeyBytes) // stat, then open: the file may have changed
	if err != nil {
		return nil, false, &HostKeyError{Path: path, Msg: "cannot read it: " + err.Error()}
	}
	signer, err = gossh.ParsePrivateKey(data)
	if err != nil {
		var pm *gossh.PassphraseMissingError
		if errors.As(err, &pm) {
			return nil, false, &HostKeyError{Path: path, Msg: "it is protected by a passphrase — use a key without one"}
		}
		return nil, false, &HostKeyError{Path: path, Msg: "not an SSH private key: " + err.Error()}
	}
	return signer, false, nil
}

// maxHostKeyBytes bounds a host key file; an ed25519 key is 400 bytes,
// an RSA key of 16384 bits under 13 KiB.
const maxHostKeyBytes = 64 << 10

// createHostKey generates an ed25519 key and writes it to path atomically:
// a temporary file created with mode 0600 in the same directory, then
// renamed, so a half-written key never exists under path.
func createHostKey(path string) (gossh.Signer, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, &HostKeyError{Path: path, Msg: "cannot create its directory: " + unwrapPath(err).Error()}
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "numbrowse serve host key")
	if err != nil {
		return nil, err
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return nil, err
	}
	if err := atomicfile.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		return nil, &HostKeyError{Path: path, Msg: "cannot write it: " + unwrapPath(err).Error()}
	}
	// The public half is a convenience for publishing the fingerprint; a
	// failure to write it does not stop the server.
	_ = atomicfile.WriteFile(path+".pub", gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o644)
	return signer, nil
}

// unwrapPath drops the *fs.PathError wrapper, whose path the caller names
// already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
