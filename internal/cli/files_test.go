//go:build unix

package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runChild runs numbrowse (this test binary, see TestMain) with at most
// 1 GiB of data. A run that has not ended after wait gets SIGTERM, then,
// 5 s later, SIGKILL; hung and termed report what it took.
func runChild(t *testing.T, wait time.Duration, env []string, args ...string) (code int, stderr string, hung, termed bool) {
	t.Helper()
	bin, err := childBinary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), append([]string{"NUMBROWSE_TEST_MAIN=limited", "HOME=" + t.TempDir(),
		"XDG_CONFIG_HOME=" + t.TempDir(), "IDENTITYCALL_API_KEY=", "NO_COLOR=1"}, env...)...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(wait):
		hung = true
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err = <-done:
			termed = true
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			err = <-done
		}
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, errb.String(), hung, termed
}

// TestKeyAndConfigFilesMustBePlainFiles: a key file or config file that
// is a named pipe, a device, a directory or too big is refused at once,
// with a line that says what it is: a pipe never hangs the program (which
// SIGTERM would not have stopped), /dev/zero never fills the memory.
func TestKeyAndConfigFilesMustBePlainFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, bytes.Repeat([]byte("k"), maxConfigFileBytes+1), 0o600); err != nil {
		t.Fatal(err)
	}
	cfgWith := func(name, keyFile string) string {
		p := filepath.Join(dir, name+".toml")
		if err := os.WriteFile(p, []byte("api_key_file = \""+keyFile+"\"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"key file a fifo", []string{"--api-key-file", fifo}, "it is a named pipe, not a regular file"},
		{"key file /dev/zero", []string{"--api-key-file", "/dev/zero"}, "it is a character device"},
		{"key file a directory", []string{"--api-key-file", dir}, "it is a directory"},
		{"key file too big", []string{"--api-key-file", big}, "larger than 4 KiB"},
		{"config a fifo", []string{"--config", fifo}, "it is a named pipe"},
		{"config /dev/zero", []string{"--config", "/dev/zero"}, "it is a character device"},
		{"config a directory", []string{"--config", dir}, "it is a directory"},
		{"config too big", []string{"--config", big}, "larger than 1 MiB"},
		{"config names a fifo", []string{"--config", cfgWith("fifo", fifo)}, "it is a named pipe"},
		{"config names /dev/zero", []string{"--config", cfgWith("zero", "/dev/zero")}, "it is a character device"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stderr, hung, termed := runChild(t, guardWait, nil, append(tc.args, "search", "--demo")...)
			switch {
			case hung && termed:
				t.Fatalf("numbrowse hung; SIGTERM stopped it (exit %d): %s", code, stderr)
			case hung:
				t.Fatalf("numbrowse hung, and SIGTERM did not stop it: %s", stderr)
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if code != 2 || len(lines) != 1 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and one line saying %q", code, stderr, tc.want)
			}
		})
	}
}

// guardWait is how long a child that should exit at once may take
// before it counts as hung (a failure guard on a loaded machine).
const guardWait = 20 * time.Second

// TestKeyFileReadableByOthersWarns: a key file other users may read still
// works, with a warning that says how to fix it; a private one gets none.
func TestKeyFileReadableByOthersWarns(t *testing.T) {
	srv, _ := fakeAPI(t, 200, `{"data":[]}`, nil)
	dir := t.TempDir()
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o600, 0o400} {
		key := filepath.Join(dir, "key"+mode.String())
		if err := os.WriteFile(key, []byte(testKey+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(key, mode); err != nil {
			t.Fatal(err)
		}
		r := runCLI(t, map[string]string{"IDENTITYCALL_API_URL": srv.URL}, "search", "--api-key-file", key)
		if r.code != 0 {
			t.Fatalf("mode %v: exit %d: %s", mode, r.code, r.stderr)
		}
		warned := strings.Contains(r.stderr, "numbrowse: warning: the API key file "+key+" can be read by other users") &&
			strings.Contains(r.stderr, "chmod 600 "+key)
		if open := mode&0o044 != 0; warned != open {
			t.Errorf("mode %v: warned %v, want %v: %q", mode, warned, open, r.stderr)
		}
		assertTerminalSafe(t, "stderr", r.stderr)
	}
}
