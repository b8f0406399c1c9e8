//go:build !unix

package cli

import "errors"

// limitData cannot cap the data size here; the tests that need it are
// Unix-only (files_test.go).
func limitData(uint64) error { return errors.New("no data-size limit on this platform") }
