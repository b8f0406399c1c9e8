package cli

import (
	"fmt"

	"numbrowse/api"
	"numbrowse/api/demo"
	"numbrowse/internal/inventory"
	"numbrowse/ui"
)

// backend is how a command reaches the numbers, built once from the
// settings by newBackend: the api client, the shared inventory in front
// of it, and with --demo the embedded demo inventory the client talks to
// on loopback. Close it when the command is done.
type backend struct {
	client *api.Client
	inv    *inventory.Service
	demo   *demo.Server // nil without --demo
}

// demoOwnedNumbers is how many numbers the demo account owns from the
// start.
const demoOwnedNumbers = 12

// backendExtras are what a command adds to its backend: serve's request
// log and its server-wide search limit.
type backendExtras struct {
	client    []api.Option
	inventory []inventory.Option
	demo      []demo.Option // with --demo
}

// newKeyedBackend is newBackend for a command that talks to the API: it
// fails first, as a usage error, when there is neither a key nor --demo
// (settings.requireKey).
func newKeyedBackend(s settings, version string, extra backendExtras) (*backend, error) {
	if err := s.requireKey(); err != nil {
		return nil, err
	}
	return newBackend(s, version, extra)
}

// newBackend builds the backend the settings s ask for: the demo
// inventory with --demo, else the API at s.APIURL with s.APIKey. version
// goes into the User-Agent.
func newBackend(s settings, version string, extra backendExtras) (*backend, error) {
	opts := []api.Option{
		api.WithTimeout(s.Timeout),
		api.WithVersion(version),
	}
	if s.MaxResponse > 0 {
		opts = append(opts, api.WithMaxBodyBytes(s.MaxResponse))
	}
	b := &backend{}
	if s.Demo {
		size, err := demo.SizeFromEnv()
		if err != nil {
			return nil, usageError{err}
		}
		arrivals, err := demo.ArrivalsFromEnv()
		if err != nil {
			return nil, usageError{err}
		}
		// The demo account owns a few numbers (over two pages), so the
		// owned view has something to show.
		dopts := append([]demo.Option{demo.WithArrivals(arrivals), demo.WithOwnedNumbers(demoOwnedNumbers)}, extra.demo...)
		lo, hi, set, err := demo.LatencyFromEnv()
		if err != nil {
			return nil, usageError{err}
		}
		if set {
			dopts = append(dopts, demo.WithLatency(lo, hi))
		}
		if size > 0 {
			dopts = append(dopts, demo.WithSize(size))
			// A benchmark-sized demo response may be bigger than the cap.
			opts = append(opts, api.WithMaxBodyBytes(max(s.MaxResponse, int64(size)*1024)))
		}
		srv, err := demo.Start(dopts...)
		if err != nil {
			return nil, fmt.Errorf("cannot start the demo inventory: %w", err)
		}
		b.demo = srv
		opts = append(opts, api.WithBaseURL(srv.URL()), api.WithAPIKey(demo.APIKey))
	} else {
		opts = append(opts, api.WithBaseURL(s.APIURL), api.WithAPIKey(s.APIKey))
	}
	c, err := api.NewClient(append(opts, extra.client...)...)
	if err != nil {
		_ = b.Close()
		return nil, usageError{err}
	}
	b.client = c
	b.inv = inventory.New(c, extra.inventory...)
	return b, nil
}

// Close waits for the results being kept on disk to be written, then
// stops the demo inventory, if there is one.
func (b *backend) Close() error {
	if b == nil {
		return nil
	}
	if b.inv != nil {
		b.inv.WaitSaved()
	}
	if b.demo == nil {
		return nil
	}
	return b.demo.Close()
}

// purchaser is the backend's client when buying is allowed, else a
// literal nil (a nil *api.Client in the interface would not read as "no
// purchaser").
func (b *backend) purchaser(allowed bool) ui.Purchaser {
	if !allowed || b == nil || b.client == nil {
		return nil
	}
	return b.client
}
