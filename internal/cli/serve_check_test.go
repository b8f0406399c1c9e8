package cli

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func TestServeCheck(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sshPub, _ := gossh.NewPublicKey(pub)
	keys := write("authorized_keys", "# the team\n"+string(gossh.MarshalAuthorizedKey(sshPub)), 0o644)
	badKeys := write("bad_keys", "ssh-ed25519 nope alice\n", 0o644)
	emptyKeys := write("empty_keys", "# nobody yet\n", 0o644)
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	hostKey := write("host_key", string(pem.EncodeToMemory(block)), 0o600)
	openHostKey := write("open_host_key", string(pem.EncodeToMemory(block)), 0o644)
	garbageHostKey := write("garbage_host_key", "not a key\n", 0o600)
	badConf := write("config.toml", "[serve]\nmax_sessions = 0\n", 0o600)
	missingKey := filepath.Join(dir, "state", "new", "ssh_host_ed25519")

	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		code int
		want string // in stdout when code is 0, in stderr otherwise
	}{
		{"ready", []string{"--listen", "0.0.0.0:2222", "--authorized-keys", keys, "--host-key", hostKey}, nil, 0,
			"numbrowse serve: ready to listen on 0.0.0.0:2222; 1 authorized key(s) in " + keys + "; host key " + gossh.FingerprintSHA256(sshPub) + "\n"},
		{"a host key to create", []string{"--authorized-keys", keys, "--host-key", missingKey}, nil, 0,
			"host key " + missingKey + " will be created on the first start"},
		{"loopback without keys", []string{"--host-key", hostKey}, nil, 0,
			"ready to listen on 127.0.0.1:2222; no authorized keys: any key on this machine gets in (loopback only)"},
		{"open network without keys", []string{"--listen", "0.0.0.0:2222", "--host-key", hostKey}, nil, 2,
			"no --authorized-keys: refusing to let anyone who can reach 0.0.0.0:2222 in"},
		{"a line that is not a key", []string{"--authorized-keys", badKeys, "--host-key", hostKey}, nil, 2,
			"authorized keys " + badKeys + ":1: not a public key"},
		{"no keys in the file", []string{"--authorized-keys", emptyKeys, "--host-key", hostKey}, nil, 2,
			"no keys in it — add a public key per line"},
		{"missing authorized keys", []string{"--authorized-keys", filepath.Join(dir, "nope"), "--host-key", hostKey}, nil, 2,
			"no such file or directory"},
		{"a host key others may read", []string{"--authorized-keys", keys, "--host-key", openHostKey}, nil, 2,
			"other users may read it (mode 0644) — run chmod 600"},
		{"a host key that is not a key", []string{"--authorized-keys", keys, "--host-key", garbageHostKey}, nil, 2,
			"not an SSH private key"},
		{"a bad listen address", []string{"--listen", "0.0.0.0:http2", "--host-key", hostKey}, nil, 2,
			`the port "http2" is not a number`},
		{"no API key", []string{"--host-key", hostKey}, map[string]string{"NUMBROWSE_DEMO": ""}, 2,
			"IDENTITYCALL_API_KEY is not set"},
		{"a bad config file", []string{"--config", badConf, "--host-key", hostKey}, nil, 2,
			"serve.max_sessions: must be at least 1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"NUMBROWSE_DEMO": "1"}
			for k, v := range tt.env {
				env[k] = v
			}
			r := runCLI(t, env, append([]string{"serve", "--check"}, tt.args...)...)
			out := r.stdout
			if tt.code != 0 {
				out = r.stderr
			}
			if r.code != tt.code || !strings.Contains(out, tt.want) || strings.Count(out, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and one line with %q", r.code, r.stdout, r.stderr, tt.code, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "state")); !os.IsNotExist(err) {
		t.Errorf("--check created the host key's directory: %v", err)
	}
}
