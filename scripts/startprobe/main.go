//go:build linux

// Command startprobe measures numbrowse's start-up under a pseudo-terminal
// that answers no query, as a terminal behind a slow or dumb link would
// not: when the first screen is drawn, when the first results are, and
// whether the program still quits cleanly.
//
//	go run ./scripts/startprobe -runs 5 -size 100000 -- ./numbrowse
//
// To know when the inventory answered, the probe serves the demo
// inventory itself (numbrowse/api/demo, the code behind --demo) on
// loopback and points the program at it with IDENTITYCALL_API_URL. The
// answer to the search is generated and encoded before the first launch
// and written whole, so the time after the answer is the program's alone.
// It records when the server starts its answer, when it has written the
// answer's last byte, and when the status line first counts numbers:
// results_after_answer_ms is from the first byte, results_after_answer_end_ms
// from the last. A large answer's first numbers are shown while the rest
// arrives ("10,000 numbers so far"), and they count as the first results;
// with -size (or -all), it also waits for the whole count ("100,000
// numbers", which no preview can show) and reports it as all_results_*.
// It prints one JSON object of medians over the runs, with
// the CPU time each launch used in all (cpu_ms: user and system, from
// launch to exit; it moves far less with the machine's load than the
// times do).
//
// -latency makes the server wait before each answer; -warm keeps the
// program's cache folder from one launch to the next (after one launch
// that is not counted), so each launch shows the results the previous one
// kept while it searches afresh:
//
//	go run ./scripts/startprobe -runs 7 -latency 2s -warm -- ./numbrowse
//
// Any program that draws a screen can be measured the same way (-screen
// and -results are the texts to wait for), such as the bare table it is
// compared with:
//
//	go run ./scripts/startprobe -runs 7 -screen 'Lead time' -results 'Lead time' -- ../shared/tools/baseline-table/baseline-table
//
// ../shared/tools/ptyprobe measures keystrokes (bytes and latency); this
// probe measures the launch, which ptyprobe cannot: it answers the
// terminal queries and reports only when the start-up output settled.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"numbrowse/api/demo"
)

// run is one launch's figures, in milliseconds since the program started.
type run struct {
	firstByte, firstScreen, answer, answerEnd, results float64
	all                                                float64 // the whole count on screen (with -all)
	clean                                              bool
	rssMiB                                             float64
	cpuMS                                              float64
	err                                                string
}

// report is what the probe prints: medians over the runs.
type report struct {
	Command            []string `json:"command"`
	Runs               int      `json:"runs"`
	Size               int      `json:"size"`
	AnswersQueries     bool     `json:"answers_queries"`
	FirstByteMS        float64  `json:"first_byte_ms"`
	FirstScreenMS      float64  `json:"first_screen_ms"`
	ServerAnswerMS     float64  `json:"server_answer_ms"`
	ResultsMS          float64  `json:"results_ms"`
	ResultsAfterAnswer float64  `json:"results_after_answer_ms"`
	ServerAnswerEndMS  float64  `json:"server_answer_end_ms"`
	ResultsAfterEnd    float64  `json:"results_after_answer_end_ms"`
	All                string   `json:"all,omitempty"`
	AllMS              float64  `json:"all_results_ms,omitempty"`
	AllAfterAnswer     float64  `json:"all_results_after_answer_ms,omitempty"`
	AllAfterEnd        float64  `json:"all_results_after_answer_end_ms,omitempty"`
	Sized              bool     `json:"sized"`
	MaxRSSMiB          float64  `json:"max_rss_mib"`
	CPUMS              float64  `json:"cpu_ms"`
	ExitedCleanly      bool     `json:"exited_cleanly"`
	Error              string   `json:"error,omitempty"`
}

func main() {
	cols := flag.Int("cols", 120, "terminal width")
	rows := flag.Int("rows", 40, "terminal height")
	runs := flag.Int("runs", 5, "launches to take the median of")
	size := flag.Int("size", 0, "numbers per search (0: the demo's natural sizes)")
	country := flag.String("country", "US", "country to search")
	typ := flag.String("type", "local", "number type to search")
	answer := flag.Bool("answer", false, "answer the terminal's queries (background colour, device attributes, cursor position)")
	screen := flag.String("screen", "numbrowse", "text whose arrival means the first screen is drawn")
	results := flag.String("results", " numbers", "text whose arrival means the (first) results are drawn")
	allText := flag.String("all", "", "regular expression whose match means every result is drawn (default with -size: the whole count, \"100,000 numbers\", which a preview of the first numbers never shows; \"-\": none)")
	limit := flag.Duration("limit", 30*time.Second, "longest wait for the results")
	latency := flag.Duration("latency", 0, "how long the server waits before it answers a search")
	sized := flag.Bool("sized", false, "send the answer's length (Content-Length); without it the answer is chunked, as the demo and the API stream it")
	warm := flag.Bool("warm", false, "keep the program's cache folder from one launch to the next, after one launch that is not counted (a launch with the previous run's results kept)")
	flag.Parse()
	argv := flag.Args()
	if len(argv) == 0 {
		fmt.Fprintln(os.Stderr, "usage: startprobe [flags] -- numbrowse [args]")
		os.Exit(2)
	}
	argv = append(argv, "--country", *country, "--type", *typ)
	rep := report{Command: argv, Runs: *runs, Size: *size, AnswersQueries: *answer, Sized: *sized}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", "  ")

	srv, err := newServer(*size, *latency, *sized, *country, *typ)
	if err != nil {
		rep.Error = err.Error()
		_ = out.Encode(rep)
		os.Exit(1)
	}
	defer srv.close()

	o := probeOpts{cols: *cols, rows: *rows, answer: *answer, screen: *screen, results: *results, limit: *limit}
	switch {
	case *allText == "-":
	case *allText != "":
		re, err := regexp.Compile(*allText)
		if err != nil {
			fmt.Fprintln(os.Stderr, "startprobe: -all:", err)
			os.Exit(2)
		}
		o.all = re
	case *size > 0:
		o.all = regexp.MustCompile(regexp.QuoteMeta(thousands(*size) + " numbers"))
	}
	if o.all != nil {
		rep.All = o.all.String()
	}
	if *warm {
		// The results are kept per API URL: the server's is the same for
		// every launch of this probe.
		dir, err := os.MkdirTemp("", "startprobe-cache")
		if err != nil {
			rep.Error = err.Error()
			_ = out.Encode(rep)
			os.Exit(1)
		}
		defer os.RemoveAll(dir)
		o.cache = dir
		if r := launch(argv, srv, o); r.err != "" {
			rep.Error = "warm-up launch: " + r.err
			_ = out.Encode(rep)
			os.Exit(1)
		}
	}
	var all []run
	for range *runs {
		r := launch(argv, srv, o)
		if r.err != "" {
			rep.Error = r.err
			break
		}
		all = append(all, r)
	}
	med := func(f func(run) float64) float64 {
		var xs []float64
		for _, r := range all {
			xs = append(xs, f(r))
		}
		if len(xs) == 0 {
			return 0
		}
		slices.Sort(xs)
		return xs[(len(xs)-1)/2]
	}
	rep.FirstByteMS = med(func(r run) float64 { return r.firstByte })
	rep.FirstScreenMS = med(func(r run) float64 { return r.firstScreen })
	rep.ServerAnswerMS = med(func(r run) float64 { return r.answer })
	rep.ResultsMS = med(func(r run) float64 { return r.results })
	rep.ResultsAfterAnswer = med(func(r run) float64 { return r.results - r.answer })
	rep.CPUMS = med(func(r run) float64 { return r.cpuMS })
	rep.ServerAnswerEndMS = med(func(r run) float64 { return r.answerEnd })
	rep.ResultsAfterEnd = med(func(r run) float64 { return r.results - r.answerEnd })
	if o.all != nil {
		rep.AllMS = med(func(r run) float64 { return r.all })
		rep.AllAfterAnswer = med(func(r run) float64 { return r.all - r.answer })
		rep.AllAfterEnd = med(func(r run) float64 { return r.all - r.answerEnd })
	}
	rep.MaxRSSMiB = slices.MaxFunc(append(all, run{}), func(a, b run) int { return cmpF(a.rssMiB, b.rssMiB) }).rssMiB
	rep.ExitedCleanly = len(all) == *runs
	for _, r := range all {
		rep.ExitedCleanly = rep.ExitedCleanly && r.clean
	}
	_ = out.Encode(rep)
	if rep.Error != "" {
		os.Exit(1)
	}
}

// thousands writes n with a comma between each group of three digits, as
// numbrowse counts numbers ("100,000").
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// server is the demo inventory on loopback, remembering when it last
// started and ended an answer to a search.
//
// Each search's body is encoded before the server starts answering it
// (once per query: the first search builds it, uncounted, and the probe
// makes that search itself before the first launch), and written whole,
// so the figures after the answer measure the program, not the demo
// generating and encoding its numbers on the same cores. Without -sized
// the body goes without a Content-Length (chunked), as the demo and the
// API stream it.
type server struct {
	url     string
	srv     *http.Server
	demo    http.Handler
	latency time.Duration
	sized   bool

	mu     sync.Mutex
	bodies map[string]*recorded // by query string
	answer time.Time            // when the latest search's answer started
	end    time.Time            // when its last byte was written
}

// recorded is one search's answer, as the demo gave it.
type recorded struct {
	code   int
	header http.Header
	body   []byte
}

func newServer(size int, latency time.Duration, sized bool, country, typ string) (*server, error) {
	opts := []demo.Option{demo.WithLatency(0, 0)} // the probe waits -latency itself
	if size > 0 {
		opts = append(opts, demo.WithSize(size))
	}
	s := &server{demo: demo.NewHandler(opts...), latency: latency, sized: sized, bodies: map[string]*recorded{}}
	s.srv = &http.Server{Handler: s}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.url = "http://" + ln.Addr().String() + demo.BasePath
	go func() { _ = s.srv.Serve(ln) }()
	// Build the answer before the first launch: the demo generates the
	// numbers on the first search, and the body is encoded once.
	q := url.Values{"country": {country}, "number_type": {typ}}
	rec, err := s.body(httptest.NewRequest(http.MethodGet, demo.BasePath+"/virtual_numbers/available?"+q.Encode(), nil))
	if err != nil {
		return nil, err
	}
	if rec.code != http.StatusOK {
		return nil, fmt.Errorf("demo server: %d for %s %s", rec.code, country, typ)
	}
	return s, nil
}

// body returns the demo's answer to a search, encoding it on the first
// request for its query.
func (s *server) body(r *http.Request) (*recorded, error) {
	key := r.URL.Query().Encode()
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec := s.bodies[key]; rec != nil {
		return rec, nil
	}
	req := httptest.NewRequest(http.MethodGet, r.URL.RequestURI(), nil)
	req.Header.Set("Authorization", "Bearer "+demo.APIKey)
	w := httptest.NewRecorder()
	s.demo.ServeHTTP(w, req)
	rec := &recorded{code: w.Code, header: w.Header().Clone(), body: w.Body.Bytes()}
	if rec.code == 0 {
		return nil, fmt.Errorf("demo server: no answer for %s", r.URL.RequestURI())
	}
	s.bodies[key] = rec
	return rec, nil
}

// ServeHTTP answers searches with their prebuilt body (after -latency)
// and passes any other request to the demo.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != demo.BasePath+"/virtual_numbers/available" || r.Method != http.MethodGet ||
		r.Header.Get("Authorization") != "Bearer "+demo.APIKey {
		s.demo.ServeHTTP(w, r)
		return
	}
	rec, err := s.body(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if s.latency > 0 {
		t := time.NewTimer(s.latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	if s.sized {
		w.Header().Set("Content-Length", strconv.Itoa(len(rec.body)))
	}
	start := time.Now()
	w.WriteHeader(rec.code)
	_, err = w.Write(rec.body)
	if f, ok := w.(http.Flusher); ok && err == nil {
		f.Flush()
	}
	end := time.Now()
	s.mu.Lock()
	s.answer, s.end = start, end
	s.mu.Unlock()
}

func (s *server) close() { _ = s.srv.Close() }

// lastAnswer returns when the latest answer started and when its last
// byte was written.
func (s *server) lastAnswer() (start, end time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.answer, s.end
}

type probeOpts struct {
	cols, rows      int
	answer          bool
	screen, results string
	limit           time.Duration
	cache           string         // the cache folder kept between launches; "": a fresh one each time
	all             *regexp.Regexp // nil: the first results are all it waits for
}

// allLookBack is how far before a read the -all pattern is looked for:
// a match may straddle two reads, and searching the whole output again at
// every read would cost the probe's time on the browser's cores.
const allLookBack = 4 << 10

// answers are what an xterm-like terminal replies to the queries programs
// send at start-up; with -answer=false none is sent.
var answers = []struct{ query, reply string }{
	{"\x1b]11;?", "\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\"},
	{"\x1b]10;?", "\x1b]10;rgb:d0d0/d0d0/d0d0\x1b\\"},
	{"\x1b[6n", "\x1b[1;1R"},
	{"\x1b[c", "\x1b[?62;22c"},
	{"\x1b[0c", "\x1b[?62;22c"},
}

// launch runs the program once and times its start-up.
func launch(argv []string, srv *server, o probeOpts) run {
	master, slave, err := openPTY(o.cols, o.rows)
	if err != nil {
		return run{err: err.Error()}
	}
	defer master.Close()
	state, err := os.MkdirTemp("", "startprobe")
	if err != nil {
		return run{err: err.Error()}
	}
	defer os.RemoveAll(state)

	cache := o.cache
	if cache == "" {
		cache = state
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(cleanEnv(),
		"TERM=xterm-256color", "LANG=C.UTF-8",
		"XDG_CONFIG_HOME="+state, "XDG_STATE_HOME="+state, "XDG_CACHE_HOME="+cache, "HOME="+state,
		"IDENTITYCALL_API_URL="+srv.url, "IDENTITYCALL_API_KEY="+demo.APIKey)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		slave.Close()
		return run{err: err.Error()}
	}
	slave.Close()

	var r run
	var buf []byte
	seen := make(chan struct{})
	closed := false
	var mu sync.Mutex
	go func() {
		chunk := make([]byte, 64<<10)
		for {
			n, err := master.Read(chunk)
			if n > 0 {
				now := ms(time.Since(t0))
				mu.Lock()
				if r.firstByte == 0 {
					r.firstByte = now
				}
				buf = append(buf, chunk[:n]...)
				if r.firstScreen == 0 && bytes.Contains(buf, []byte(o.screen)) {
					r.firstScreen = now
				}
				if r.results == 0 && bytes.Contains(buf, []byte(o.results)) {
					r.results = now
				}
				if r.all == 0 && o.all != nil && o.all.Match(buf[max(len(buf)-n-allLookBack, 0):]) {
					r.all = now
				}
				if r.results != 0 && (o.all == nil || r.all != 0) && !closed {
					closed = true
					close(seen)
				}
				mu.Unlock()
				if o.answer {
					for _, a := range answers {
						for k := bytes.Count(chunk[:n], []byte(a.query)); k > 0; k-- {
							_, _ = master.Write([]byte(a.reply))
						}
					}
				}
			}
			if err != nil {
				return
			}
		}
	}()
	select {
	case <-seen:
	case <-time.After(o.limit):
		mu.Lock()
		r.err = fmt.Sprintf("no %q on screen within %v (first screen at %.0f ms)", o.results, o.limit, r.firstScreen)
		if r.results != 0 {
			r.err = fmt.Sprintf("no match of %q on screen within %v (first results at %.0f ms)", o.all, o.limit, r.results)
		}
		mu.Unlock()
	}
	time.Sleep(300 * time.Millisecond) // let the frame finish before quitting
	_, _ = master.Write([]byte("q"))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		r.clean = err == nil
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rssMiB = float64(ru.Maxrss) / 1024 // Linux reports KiB
		r.cpuMS = float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
	}
	if a, e := srv.lastAnswer(); a.After(t0) { // not an earlier launch's answer
		r.answer, r.answerEnd = ms(a.Sub(t0)), ms(e.Sub(t0))
	}
	mu.Lock()
	defer mu.Unlock()
	return r
}

// cleanEnv is the environment without the settings that would change
// what the program does (the user's numbrowse and API variables).
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "NUMBROWSE_") || strings.HasPrefix(kv, "IDENTITYCALL_") ||
			strings.HasPrefix(kv, "COLORTERM=") || strings.HasPrefix(kv, "NO_COLOR=") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// openPTY opens a pseudo-terminal pair of the given size (Linux).
func openPTY(cols, rows int) (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	var unlock int32
	if err := ioctl(master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("unlockpt: %w", err)
	}
	var n uint32
	if err := ioctl(master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("ptsname: %w", err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	ws := struct{ row, col, x, y uint16 }{uint16(rows), uint16(cols), 0, 0}
	if err := ioctl(slave.Fd(), syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&ws))); err != nil {
		master.Close()
		slave.Close()
		return nil, nil, fmt.Errorf("window size: %w", err)
	}
	return master, slave, nil
}

func ioctl(fd, req, arg uintptr) error {
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, req, arg); e != 0 {
		return e
	}
	return nil
}
