package demo

import (
	"errors"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is a running demo API server on the loopback interface.
type Server struct {
	srv  *http.Server
	ln   net.Listener
	url  string
	done chan error

	closeOnce sync.Once
	closeErr  error
}

// Start serves NewHandler(opts...) on 127.0.0.1 at a free port until Close.
func Start(opts ...Option) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{
		srv: &http.Server{
			Handler:           NewHandler(opts...),
			ReadHeaderTimeout: 10 * time.Second,
		},
		ln:   ln,
		url:  "http://" + ln.Addr().String() + BasePath,
		done: make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// URL returns the base URL of the API, such as
// "http://127.0.0.1:41234/api/v1/public".
func (s *Server) URL() string { return s.url }

// Close stops the server and closes its open connections. Calling it again
// returns the first call's result.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		err := s.srv.Close()
		if serveErr := <-s.done; err == nil && !errors.Is(serveErr, http.ErrServerClosed) {
			err = serveErr
		}
		s.closeErr = err
	})
	return s.closeErr
}
