package serve

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func authorizedLine(t *testing.T, s gossh.Signer) string {
	t.Helper()
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
}

func TestParseAuthorizedKeys(t *testing.T) {
	a, b, c := newSigner(t), newSigner(t), newSigner(t)
	text := strings.Join([]string{
		"# numbrowse users",
		"",
		authorizedLine(t, a) + " alice@laptop",
		"   ",
		`from="10.0.0.0/8",no-pty ` + authorizedLine(t, b) + " bob with spaces",
		"\t" + authorizedLine(t, c),
		"  # indented comment",
	}, "\n") + "\r\n"
	keys, err := ParseAuthorizedKeys(strings.NewReader(text), "keys")
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 3 {
		t.Fatalf("%d keys, want 3", len(keys))
	}
	for i, want := range []struct {
		s       gossh.Signer
		comment string
		line    int
		opts    int
	}{{a, "alice@laptop", 3, 0}, {b, "bob with spaces", 5, 2}, {c, "", 6, 0}} {
		k := keys[i]
		if string(k.Key.Marshal()) != string(want.s.PublicKey().Marshal()) || k.Comment != want.comment ||
			k.Line != want.line || len(k.Options) != want.opts {
			t.Errorf("key %d = {comment %q, line %d, options %q}, want %+v", i, k.Comment, k.Line, k.Options, want)
		}
	}
}

func TestParseAuthorizedKeysBadLine(t *testing.T) {
	good := authorizedLine(t, newSigner(t))
	for _, tc := range []struct {
		name, text string
		line       int
	}{
		{"garbage", "# ok\n" + good + "\nnot a key at all\n", 3},
		{"truncated key", good[:40] + "\n", 1},
		{"type mismatch", strings.Replace(good, "ssh-ed25519", "ssh-rsa", 1) + "\n", 1},
		{"option without a key", "restrict\n", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseAuthorizedKeys(strings.NewReader(tc.text), "/etc/numbrowse/keys")
			var ae *AuthorizedKeysError
			if !errors.As(err, &ae) || ae.Line != tc.line {
				t.Fatalf("err = %v, want an AuthorizedKeysError on line %d", err, tc.line)
			}
			if want := "/etc/numbrowse/keys:" + string(rune('0'+tc.line)); !strings.Contains(err.Error(), want) {
				t.Errorf("err %q does not name %s", err, want)
			}
		})
	}
}

func TestKeyringReloadsWhenTheFileChanges(t *testing.T) {
	a, b := newSigner(t), newSigner(t)
	path := filepath.Join(t.TempDir(), "authorized_keys")
	write := func(text string, mtime time.Time) {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Unix(1_700_000_000, 0)
	write(authorizedLine(t, a)+"\n", t0)
	logBuf := &syncBuffer{}
	ring, err := loadKeyring(path, NewLogger(logBuf))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ring.lookup(a.PublicKey()); !ok {
		t.Fatal("a is not allowed")
	}
	if _, ok := ring.lookup(b.PublicKey()); ok {
		t.Fatal("b is allowed before it was added")
	}

	write(authorizedLine(t, a)+"\n"+authorizedLine(t, b)+" bob\n", t0.Add(time.Minute))
	if k, ok := ring.lookup(b.PublicKey()); !ok || k.Comment != "bob" {
		t.Fatal("b was not picked up after the file changed")
	}

	// A broken edit keeps the last good keys, and says so.
	write("oops\n", t0.Add(2*time.Minute))
	if _, ok := ring.lookup(b.PublicKey()); !ok {
		t.Error("a broken file dropped the keys")
	}
	if !strings.Contains(logBuf.String(), "keeping the previous keys") {
		t.Errorf("log:\n%s", logBuf.String())
	}
}

func TestKeyringRefusesAnEmptyOrMissingFile(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("# nobody yet\n\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{empty, filepath.Join(dir, "missing")} {
		if _, err := loadKeyring(p, NewLogger(&syncBuffer{})); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("loadKeyring(%s) = %v, want an error naming it", p, err)
		}
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:2222": true, "127.9.9.9:22": true, "[::1]:2222": true, "localhost:2222": true,
		"LOCALHOST:1": true, "0.0.0.0:2222": false, ":2222": false, "[::]:2222": false,
		"10.0.0.1:2222": false, "example.com:2222": false,
	} {
		if got := IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", addr, got, want)
		}
	}
}

// TestKeyringReloadsASameSizeReplacement: replacing the file with one of
// the same size and the same modification time (cp -p, a restored backup)
// still revokes the key it no longer lists, over SSH as in the keyring.
func TestKeyringReloadsASameSizeReplacement(t *testing.T) {
	ts := startServer(t, Config{})
	path := ts.srv.cfg.AuthorizedKeysPath
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ts.dial(gossh.PublicKeys(ts.user))
	if err != nil {
		t.Fatalf("the listed key was refused: %v", err)
	}
	_ = c.Close()

	old, _ := os.ReadFile(path)
	other := newSigner(t)
	repl := strings.Replace(string(old), authorizedLine(t, ts.user), authorizedLine(t, other), 1)
	if len(repl) != len(old) || repl == string(old) {
		t.Fatalf("the replacement is %d bytes, the file %d", len(repl), len(old))
	}
	if err := os.WriteFile(path, []byte(repl), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if c, err := ts.dial(gossh.PublicKeys(ts.user)); err == nil {
		_ = c.Close()
		t.Fatal("a key removed from authorized_keys still gets in")
	}
	c, err = ts.dial(gossh.PublicKeys(other))
	if err != nil {
		t.Fatalf("the key that replaced it was refused: %v", err)
	}
	_ = c.Close()
	waitFor(t, "the reload in the log", func() bool { return strings.Contains(ts.log.String(), "authorized keys reloaded") })
}
