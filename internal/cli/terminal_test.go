package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"github.com/creack/pty"

	"numbrowse/ui"
)

// The test binary doubles as numbrowse: with NUMBROWSE_TEST_MAIN set it
// runs the command line instead of the tests, so the terminal tests below
// drive the real program under a real pseudo-terminal.
func TestMain(m *testing.M) {
	switch os.Getenv("NUMBROWSE_TEST_MAIN") {
	case "":
		code := m.Run()
		if childDir != "" {
			_ = os.RemoveAll(childDir)
		}
		os.Exit(code)
	case "panic":
		// The browser, except that P panics inside Update.
		p := process{build: testBuild(), io: stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, env: os.Getenv}
		o := ui.Options{Setup: "no key", Keys: defaultKeys(), Context: context.Background()}
		if err := runProgram(context.Background(), p.io, panicOnP{ui.New(o)}, false); err != nil {
			p.printError(os.Stderr, fang.Styles{}, err)
			os.Exit(exitError)
		}
		os.Exit(exitOK)
	case "limited":
		// The command line with at most 1 GiB of data, so that a test of
		// reading /dev/zero ends in an error, not in the machine's swap.
		if err := limitData(1 << 30); err != nil {
			fmt.Fprintln(os.Stderr, "limiting the data size:", err)
			os.Exit(3)
		}
		os.Exit(run(context.Background(), testBuild(), os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv))
	default:
		os.Exit(run(context.Background(), testBuild(), os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv))
	}
}

// panicOnP is the browser with a bug: pressing P panics in Update.
type panicOnP struct{ ui.Model }

func (p panicOnP) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "P" {
		panic("a bug")
	}
	m, cmd := p.Model.Update(msg)
	return panicOnP{m.(ui.Model)}, cmd
}

// childBinary is the program the pty tests run: this test binary, or,
// when the tests run with -race, a copy built without it. The race
// detector flags a race inside Bubble Tea's input reader (muesli/
// cancelreader closing the terminal while its goroutine reads) when a
// program is stopped by a signal; that is not numbrowse's code, and the
// tests are about what a user's terminal is left like.
var childBinary = sync.OnceValues(func() (string, error) {
	if !raceEnabled {
		return os.Args[0], nil
	}
	dir, err := os.MkdirTemp("", "numbrowse-pty")
	if err != nil {
		return "", err
	}
	childDir = dir
	bin := filepath.Join(dir, "numbrowse.test")
	out, err := exec.Command("go", "test", "-c", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building the test binary without -race: %v\n%s", err, out)
	}
	return bin, nil
})

// childDir holds the copy built for -race runs, removed after the tests.
var childDir string

// ptyRun is numbrowse running under a pseudo-terminal.
type ptyRun struct {
	cmd  *exec.Cmd
	ptmx *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	done chan error
	read chan struct{} // closed when everything the program wrote is read
}

func startPTY(t *testing.T, mode string, args ...string) *ptyRun {
	t.Helper()
	bin, err := childBinary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "NUMBROWSE_TEST_MAIN="+mode, "TERM=xterm-256color",
		"HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir(), "XDG_STATE_HOME="+t.TempDir(), "IDENTITYCALL_API_KEY=")
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 100, Rows: 30})
	if errors.Is(err, pty.ErrUnsupported) {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	r := &ptyRun{cmd: cmd, ptmx: ptmx, done: make(chan error, 1), read: make(chan struct{})}
	go func() {
		defer close(r.read)
		buf := make([]byte, 32<<10)
		for {
			n, err := ptmx.Read(buf)
			r.mu.Lock()
			r.out.Write(buf[:n])
			r.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() { r.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = ptmx.Close()
	})
	return r
}

func (r *ptyRun) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.String()
}

// waitOutput waits until the program has written want.
func (r *ptyRun) waitOutput(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second) // a failure guard, not a timing assertion
	for !strings.Contains(r.output(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the program never wrote %q; it wrote:\n%q", want, r.output())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// wait returns the exit code once the program has ended and everything it
// wrote has been read (the pty reports an error once the program's side is
// closed and drained).
func (r *ptyRun) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-r.read:
	case <-time.After(30 * time.Second):
		t.Fatalf("the program did not exit; it wrote:\n%q", r.output())
	}
	select {
	case err := <-r.done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(30 * time.Second):
		t.Fatalf("the program did not exit; it wrote:\n%q", r.output())
		return -1
	}
}

// assertRestored checks the terminal is as the program found it: the
// alternate screen left, the cursor shown, and the line discipline back in
// cooked mode with echo.
func (r *ptyRun) assertRestored(t *testing.T) {
	t.Helper()
	out := r.output()
	if i, j := strings.LastIndex(out, "\x1b[?1049h"), strings.LastIndex(out, "\x1b[?1049l"); i < 0 || j < i {
		t.Errorf("the alternate screen was not left (enter at %d, leave at %d); output ends:\n%q", i, j, out[max(0, len(out)-400):])
	}
	if i, j := strings.LastIndex(out, "\x1b[?25l"), strings.LastIndex(out, "\x1b[?25h"); j < i {
		t.Errorf("the cursor was left hidden")
	}
	// The pty keeps the terminal's settings after the program exits.
	cooked, lflag, err := terminalCooked(r.ptmx)
	if err != nil {
		t.Fatalf("reading the terminal's settings: %v", err)
	}
	if !cooked {
		t.Errorf("the terminal was left in raw mode (lflag %#x)", lflag)
	}
}

func TestTerminalRestoredOnEveryExit(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program under a pseudo-terminal")
	}
	for _, tt := range []struct {
		name     string
		mode     string
		leave    func(r *ptyRun)
		wantCode int
	}{
		{"q", "cli", func(r *ptyRun) { _, _ = r.ptmx.WriteString("q") }, 0},
		{"ctrl+c", "cli", func(r *ptyRun) { _, _ = r.ptmx.WriteString("\x03") }, 0},
		{"SIGTERM", "cli", func(r *ptyRun) { _ = r.cmd.Process.Signal(syscall.SIGTERM) }, 0},
		{"SIGINT", "cli", func(r *ptyRun) { _ = r.cmd.Process.Signal(syscall.SIGINT) }, 0},
		{"panic", "panic", func(r *ptyRun) { _, _ = r.ptmx.WriteString("P") }, exitError},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := startPTY(t, tt.mode, "--demo", "--country", "GB", "--type", "mobile")
			r.waitOutput(t, "\x1b[?1049h") // the browser is up
			if tt.mode == "cli" {
				r.waitOutput(t, "numbers") // and has its results
			}
			tt.leave(r)
			if code := r.wait(t); code != tt.wantCode {
				t.Errorf("exit status %d, want %d; output:\n%q", code, tt.wantCode, r.output())
			}
			r.assertRestored(t)
			if tt.mode == "panic" && !strings.Contains(r.output(), "the terminal was restored") {
				t.Errorf("no one-line explanation after the panic:\n%q", r.output())
			}
		})
	}
}

// A lost terminal (the SSH connection drops, the window closes) hangs up
// the terminal, and the kernel sends SIGHUP: the program must end, not
// linger. (Closing our end of the pty cannot show this from inside one
// Go process: the reader goroutine keeps the descriptor open.)
func TestHangupEndsTheProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program under a pseudo-terminal")
	}
	r := startPTY(t, "cli", "--demo", "--country", "GB", "--type", "mobile")
	r.waitOutput(t, "numbers")
	_ = r.cmd.Process.Signal(syscall.SIGHUP)
	if code := r.wait(t); code != 0 {
		t.Errorf("exit status %d after a hang-up, want 0; output:\n%s", code, r.output())
	}
}
