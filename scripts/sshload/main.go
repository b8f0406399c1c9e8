//go:build linux

// Command sshload measures what each SSH session of numbrowse serve costs
// the server: it opens sessions one after another on loopback, each with a
// pseudo-terminal, waits until each shows its results, and reads the
// server's resident memory (/proc/PID/status) after each, and the server's
// CPU time over all of them (per login). Then it presses keys in every
// session and reads the server's CPU time per key.
//
//	NUMBROWSE_DEMO_SIZE=100000 numbrowse serve --demo --max-sessions 120 \
//		--idle-timeout 0 --listen 127.0.0.1:2299 &
//	go run ./scripts/sshload -addr 127.0.0.1:2299 -pid $! -n 100 -ready '100000 numbers'
//
// RSS counts what the Go heap holds between collections too: with the
// default GOGC the heap grows to about twice what is live before it is
// collected, so RSS rises in steps of several sessions and then stays
// flat. The mean over every session after the first (mean_added_mib) is
// the steadier figure; added_mib says what the sessions just before the
// 10th, 50th and 100th added.
//
// The load is bounded: at most 200 sessions, on a loopback address only,
// and it ends by itself (a session that shows nothing within -timeout is
// an error). It prints one JSON object.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

type report struct {
	Sessions int `json:"sessions"`
	// RSSMiB is the server's RSS after each session showed its results
	// (index 0: before the first).
	RSSMiB []float64 `json:"rss_mib"`
	// AddedMiB is what the k-th session added for k = 10, 50, 100: the
	// mean over the five sessions up to it (RSS moves in steps as the heap
	// grows, so one session alone says little).
	AddedMiB map[string]float64 `json:"added_mib"`
	// AddedOneMiB is what the k-th session alone added (k = 10, 50, 100):
	// RSS after it less RSS before it. It is 0 or a whole step of the
	// heap, as the collector goes: read it beside AddedMiB.
	AddedOneMiB map[string]float64 `json:"added_one_mib"`
	// MeanAddedMiB is what each session after the first added, on average.
	MeanAddedMiB float64 `json:"mean_added_mib"`
	// CPUMsPerLogin is the server's CPU time per session opened after the
	// first (which loads the inventory): from the memory reading after the
	// first session to -quiet after the one after the last, each session's
	// handshake, start-up and first screens and whatever the server did
	// for them meanwhile (its collections included), divided by the
	// sessions.
	CPUMsPerLogin float64 `json:"cpu_ms_per_login"`
	// CPUMsPerKey is the server's CPU time per cursor key, over every
	// session pressing -keys keys.
	CPUMsPerKey float64 `json:"cpu_ms_per_key"`
	// KeysMS is how long the keys took, from the first press to the
	// CPU reading after the last answer; IdleCPUMsPerS is the server's
	// CPU time per second with every session open and idle, measured in
	// the second before the first key. CPUMsPerKey counts that idle cost
	// for every millisecond of KeysMS, so a slower round (a busier
	// machine) reads higher: the idle share of a key is
	// IdleCPUMsPerS * KeysMS / 1000 / keys.
	KeysMS        int64   `json:"keys_ms"`
	IdleCPUMsPerS float64 `json:"idle_cpu_ms_per_s"`
	ReadyMS       []int64 `json:"ready_ms"`
	Error         string  `json:"error,omitempty"`
}

// session is one SSH session and what it has shown.
type session struct {
	client *ssh.Client
	sess   *ssh.Session
	stdin  interface{ Write([]byte) (int, error) }
	mu     sync.Mutex
	out    bytes.Buffer
}

func (s *session) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.out.Len() > 1<<20 {
		s.out.Reset() // keep the last screens only
	}
	return s.out.Write(p)
}

func (s *session) has(text string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Contains(s.out.Bytes(), []byte(text))
}

func (s *session) bytes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.Len()
}

func main() {
	addr := flag.String("addr", "127.0.0.1:2222", "the server (a loopback address)")
	pid := flag.Int("pid", 0, "the server's process id, for its memory and CPU time")
	n := flag.Int("n", 100, "sessions to open (at most 200)")
	ready := flag.String("ready", "numbers", "text a session shows once its results are there")
	cols := flag.Int("cols", 120, "terminal width")
	rows := flag.Int("rows", 40, "terminal height")
	keys := flag.Int("keys", 20, "cursor keys pressed in each session for the CPU figure")
	settle := flag.Duration("settle", 300*time.Millisecond, "wait after each session is ready before reading the memory")
	quiet := flag.Duration("quiet", 2*time.Second, "wait after the last session's memory reading before the CPU per login is read and keys are pressed")
	timeout := flag.Duration("timeout", 2*time.Minute, "longest wait for one session's results")
	flag.Parse()

	rep := report{AddedMiB: map[string]float64{}, AddedOneMiB: map[string]float64{}}
	fail := func(format string, args ...any) {
		rep.Error = fmt.Sprintf(format, args...)
		_ = json.NewEncoder(os.Stdout).Encode(rep)
		os.Exit(1)
	}
	host, _, err := net.SplitHostPort(*addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		fail("-addr %s: only a loopback address may be loaded", *addr)
	}
	if *n < 1 || *n > 200 || *pid <= 0 {
		fail("-n must be 1 to 200 and -pid the server's process")
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		fail("key: %v", err)
	}
	cfg := &ssh.ClientConfig{User: "load", Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second} // loopback, our own server

	rss0, err := rssMiB(*pid)
	if err != nil {
		fail("%v", err)
	}
	rep.RSSMiB = append(rep.RSSMiB, rss0)
	var cpuLogin0 float64
	var sessions []*session
	defer func() {
		for _, s := range sessions {
			_ = s.sess.Close()
			_ = s.client.Close()
		}
	}()
	for i := range *n {
		start := time.Now()
		c, err := ssh.Dial("tcp", *addr, cfg)
		if err != nil {
			fail("session %d: %v", i+1, err)
		}
		ss, err := c.NewSession()
		if err != nil {
			fail("session %d: %v", i+1, err)
		}
		s := &session{client: c, sess: ss}
		ss.Stdout = s
		in, err := ss.StdinPipe()
		if err != nil {
			fail("session %d: %v", i+1, err)
		}
		s.stdin = in
		if err := ss.RequestPty("xterm-256color", *rows, *cols, ssh.TerminalModes{}); err != nil {
			fail("session %d: pty: %v", i+1, err)
		}
		if err := ss.Shell(); err != nil {
			fail("session %d: shell: %v", i+1, err)
		}
		sessions = append(sessions, s)
		for !s.has(*ready) {
			if time.Since(start) > *timeout {
				fail("session %d showed no %q within %s", i+1, *ready, *timeout)
			}
			time.Sleep(5 * time.Millisecond)
		}
		rep.ReadyMS = append(rep.ReadyMS, time.Since(start).Milliseconds())
		time.Sleep(*settle)
		r, err := rssMiB(*pid)
		if err != nil {
			fail("%v", err)
		}
		rep.RSSMiB = append(rep.RSSMiB, r)
		if i == 0 {
			// The first session loads the inventory: the CPU per
			// login, like the mean RSS, counts the sessions after it.
			if cpuLogin0, err = cpuMs(*pid); err != nil {
				fail("%v", err)
			}
		}
	}
	rep.Sessions = len(sessions)
	// What the server does for the last log-ins after their screens (a
	// collection it paces) is theirs: it counts in the CPU per login,
	// and must not fall among the keys.
	time.Sleep(*quiet)
	if *n > 1 {
		cpuLogin1, err := cpuMs(*pid)
		if err != nil {
			fail("%v", err)
		}
		rep.CPUMsPerLogin = (cpuLogin1 - cpuLogin0) / float64(*n-1)
		rep.MeanAddedMiB = (rep.RSSMiB[*n] - rep.RSSMiB[1]) / float64(*n-1)
	}
	for _, k := range []int{10, 50, 100} {
		if k <= *n && k >= 5 {
			rep.AddedMiB[strconv.Itoa(k)] = (rep.RSSMiB[k] - rep.RSSMiB[k-5]) / 5
			rep.AddedOneMiB[strconv.Itoa(k)] = rep.RSSMiB[k] - rep.RSSMiB[k-1]
		}
	}

	// CPU per key: every session moves its cursor, one key at a time,
	// waiting for the answer.
	// What 100 idle sessions cost (their renderers' timers, the SSH
	// connections' keep-alives) counts in every second of the keys too:
	// a second of nothing first says how much.
	idle0, err := cpuMs(*pid)
	if err != nil {
		fail("%v", err)
	}
	idleStart := time.Now()
	time.Sleep(time.Second)
	cpu0, err := cpuMs(*pid)
	if err != nil {
		fail("%v", err)
	}
	rep.IdleCPUMsPerS = (cpu0 - idle0) / time.Since(idleStart).Seconds()
	keysStart := time.Now()
	pressed := 0
	for range *keys {
		for i, s := range sessions {
			before := s.bytes()
			if _, err := s.stdin.Write([]byte("j")); err != nil {
				fail("session %d: %v", i+1, err)
			}
			pressed++
			deadline := time.Now().Add(2 * time.Second)
			for s.bytes() == before && time.Now().Before(deadline) {
				time.Sleep(200 * time.Microsecond)
			}
		}
	}
	time.Sleep(100 * time.Millisecond)
	rep.KeysMS = time.Since(keysStart).Milliseconds()
	cpu1, err := cpuMs(*pid)
	if err != nil {
		fail("%v", err)
	}
	if pressed > 0 {
		rep.CPUMsPerKey = (cpu1 - cpu0) / float64(pressed)
	}
	_ = json.NewEncoder(os.Stdout).Encode(rep)
}

// rssMiB reads a process's resident memory.
func rssMiB(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			kb, err := strconv.ParseFloat(f[0], 64)
			return kb / 1024, err
		}
	}
	return 0, fmt.Errorf("no VmRSS for process %d", pid)
}

// cpuMs reads a process's user and system CPU time, in milliseconds.
func cpuMs(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	ut, err1 := strconv.ParseFloat(f[11], 64)
	st, err2 := strconv.ParseFloat(f[12], 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("cannot read the CPU time of process %d", pid)
	}
	return (ut + st) * 10, nil // clock ticks of 10 ms (USER_HZ = 100)
}
