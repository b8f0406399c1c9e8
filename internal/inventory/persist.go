package inventory

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"numbrowse/api"
	"numbrowse/internal/atomicfile"
)

// Store keeps search results between runs, so the browser can show the
// last ones at once while a fresh search runs. Load never asks the API.
type Store interface {
	// Load returns the kept result of q, or false.
	Load(q api.Query) (*api.Result, bool)
	// Save keeps r as q's result, replacing the one kept.
	Save(q api.Query, r *api.Result)
}

// WithStore keeps every search's result in st as well (see Stale).
func WithStore(st Store) Option { return func(s *Service) { s.store = st } }

// The disk store's bounds (DiskStore).
const (
	// DefaultMaxAge is how old a kept result may be before it is neither
	// shown nor kept.
	DefaultMaxAge = 7 * 24 * time.Hour
	// DefaultMaxBytes bounds the store's files together; the oldest go
	// first.
	DefaultMaxBytes = 64 << 20
	// DefaultMaxEntryBytes bounds one kept result: a bigger one is not
	// kept (it would take longer to read than most answers take).
	DefaultMaxEntryBytes = 16 << 20
)

// DiskStore keeps one file per country and type in a directory: JSON,
// written to a temporary file in the same directory and renamed over the
// old one (so a reader never sees half a file), mode 0600 in a 0700
// directory. The files hold the numbers and when they were fetched, never
// the API key; their names hold a hash of the scope (the API's URL), so
// results from another API or the demo are never shown for this one.
// Files older than MaxAge are ignored and removed; when the files
// together pass MaxBytes, the oldest are removed.
type DiskStore struct {
	dir      string
	scope    string // hashed into the file names
	maxAge   time.Duration
	maxBytes int64
	maxEntry int64
	secret   []byte // never written: the API key (see SetSecret)
	now      func() time.Time
}

// NewDiskStore returns a store in dir for results of the API scope (its
// base URL, or "demo" with the demo's size). Nothing is created until the
// first Save.
func NewDiskStore(dir, scope string) *DiskStore {
	return &DiskStore{dir: dir, scope: scope, maxAge: DefaultMaxAge, maxBytes: DefaultMaxBytes,
		maxEntry: DefaultMaxEntryBytes, now: time.Now}
}

// SetLimits changes the bounds (for tests): age, all files, one file.
func (d *DiskStore) SetLimits(maxAge time.Duration, maxBytes, maxEntry int64) {
	d.maxAge, d.maxBytes, d.maxEntry = maxAge, maxBytes, maxEntry
}

// SetSecret names text that must never reach the disk, the API key: a
// result that holds it (a hostile API echoing the request's header into
// an entry) is not kept.
func (d *DiskStore) SetSecret(secret string) {
	if secret == "" {
		d.secret = nil
		return
	}
	quoted, _ := json.Marshal(secret)
	d.secret = bytes.Trim(quoted, `"`)
}

// SetClock replaces time.Now (for tests).
func (d *DiskStore) SetClock(now func() time.Time) { d.now = now }

// storeVersion is the file format; a file of another version is ignored.
const storeVersion = 1

// fileName is the file of q: the scope's hash, the country and the type.
func (d *DiskStore) fileName(q api.Query) string {
	h := sha256.Sum256([]byte(d.scope))
	return fmt.Sprintf("results-%s-%s-%s.json", hex.EncodeToString(h[:6]), q.Country, q.Type)
}

// Load reads q's file; a missing, unreadable, foreign or too old one is
// no result (and a broken or too old one is removed).
func (d *DiskStore) Load(q api.Query) (*api.Result, bool) {
	q, err := q.Normalize()
	if err != nil {
		return nil, false
	}
	path := filepath.Join(d.dir, d.fileName(q))
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	r, err := decodeStored(data, d.scope, q)
	if err != nil || d.now().Sub(r.FetchedAt) > d.maxAge || r.FetchedAt.After(d.now().Add(time.Minute)) {
		_ = os.Remove(path)
		return nil, false
	}
	return r, true
}

// Save writes q's file atomically, then keeps the directory within its
// bounds. Failures are ignored: the store only saves a wait.
func (d *DiskStore) Save(q api.Query, r *api.Result) {
	q, err := q.Normalize()
	if err != nil || r == nil {
		return
	}
	if err := os.MkdirAll(d.dir, 0o700); err != nil {
		return
	}
	err = atomicfile.Write(filepath.Join(d.dir, d.fileName(q)), 0o600, func(w io.Writer) error {
		return encodeStored(&capWriter{w: w, max: d.maxEntry}, d.scope, q, r, d.secret)
	})
	if err != nil {
		if errors.Is(err, errTooBig) || errors.Is(err, errHoldsSecret) {
			_ = os.Remove(filepath.Join(d.dir, d.fileName(q))) // an older, smaller one would mislead
		}
		return
	}
	d.prune()
}

// errTooBig is a kept result over the store's bound for one result.
var errTooBig = errors.New("the result is too big to keep")

// errHoldsSecret is a result that holds the API key somewhere.
var errHoldsSecret = errors.New("the result holds the API key")

// capWriter fails once more than max bytes were written through it.
type capWriter struct {
	w      io.Writer
	n, max int64
}

func (c *capWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	if c.n > c.max {
		return 0, errTooBig
	}
	return c.w.Write(p)
}

// prune removes the files past their age, then the oldest until the rest
// fit MaxBytes, and temporary files left by a crash.
func (d *DiskStore) prune() {
	entries, err := os.ReadDir(d.dir)
	if err != nil {
		return
	}
	type file struct {
		name string
		size int64
		mod  time.Time
	}
	var files []file
	var total int64
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		name := e.Name()
		switch {
		case strings.HasPrefix(name, ".results-") && strings.HasSuffix(name, ".tmp"): // atomicfile's
			if d.now().Sub(info.ModTime()) > time.Hour {
				_ = os.Remove(filepath.Join(d.dir, name))
			}
			continue
		case !strings.HasPrefix(name, "results-") || !strings.HasSuffix(name, ".json"):
			continue // not ours
		case d.now().Sub(info.ModTime()) > d.maxAge:
			_ = os.Remove(filepath.Join(d.dir, name))
			continue
		}
		files = append(files, file{name, info.Size(), info.ModTime()})
		total += info.Size()
	}
	slices.SortFunc(files, func(a, b file) int { return a.mod.Compare(b.mod) })
	for _, f := range files {
		if total <= d.maxBytes {
			break
		}
		if os.Remove(filepath.Join(d.dir, f.name)) == nil {
			total -= f.size
		}
	}
}

// stored is a kept result on disk.
type stored struct {
	Version   int            `json:"version"`
	Scope     string         `json:"scope"`
	Country   string         `json:"country"`
	Type      api.NumberType `json:"type"`
	FetchedAt time.Time      `json:"fetched_at"`
	Skipped   []int          `json:"skipped,omitempty"` // per api.SkipReason
	Numbers   []storedNumber `json:"numbers"`
}

// storedNumber is an api.Number, field for field.
type storedNumber struct {
	E164            string              `json:"e164"`
	Display         string              `json:"display,omitempty"`
	Country         string              `json:"country"`
	Type            api.NumberType      `json:"type"`
	TypeWord        string              `json:"type_word,omitempty"`
	Upfront         api.Decimal         `json:"upfront"`
	Monthly         api.Decimal         `json:"monthly"`
	UpfrontCurrency string              `json:"upfront_currency,omitempty"`
	MonthlyCurrency string              `json:"monthly_currency,omitempty"`
	Features        []string            `json:"features,omitempty"`
	Regions         []api.Region        `json:"regions,omitempty"`
	BestEffort      bool                `json:"best_effort,omitempty"`
	Quickship       bool                `json:"quickship,omitempty"`
	Reservable      bool                `json:"reservable,omitempty"`
	Documents       bool                `json:"documents_required,omitempty"`
	Address         string              `json:"address_requirement,omitempty"`
	Requirements    []storedRequirement `json:"requirements,omitempty"`
	Extra           []storedField       `json:"extra,omitempty"`
}

type storedRequirement struct {
	Label  string        `json:"label"`
	Detail string        `json:"detail,omitempty"`
	Fields []storedField `json:"fields,omitempty"`
}

// storedField is an api.Field: its value is kept as the JSON it was.
type storedField struct {
	Key   string          `json:"k"`
	Value json.RawMessage `json:"v"`
}

func fields(in []api.Field) []storedField {
	if len(in) == 0 {
		return nil
	}
	out := make([]storedField, len(in))
	for i, f := range in {
		v := f.Value
		if len(bytes.TrimSpace(v)) == 0 {
			v = json.RawMessage("null")
		}
		out[i] = storedField{Key: f.Key, Value: v}
	}
	return out
}

func apiFields(in []storedField) []api.Field {
	if len(in) == 0 {
		return nil
	}
	out := make([]api.Field, len(in))
	for i, f := range in {
		out[i] = api.Field{Key: f.Key, Value: f.Value}
	}
	return out
}

// encodeStored writes r as a stored result to w, one number at a time
// (a result over the store's bound fails as soon as the bound is passed,
// having held one number's JSON, not the whole file's), in the format
// decodeStored reads (json.Marshal of a stored). It fails with
// errHoldsSecret when any part of it holds secret.
func encodeStored(w io.Writer, scope string, q api.Query, r *api.Result, secret []byte) error {
	head := stored{Version: storeVersion, Scope: scope, Country: q.Country, Type: q.Type, FetchedAt: r.FetchedAt,
		Numbers: []storedNumber{}}
	for _, reason := range api.SkipReasons() {
		head.Skipped = append(head.Skipped, r.Skipped.Count(reason))
	}
	hb, err := json.Marshal(head)
	if err != nil {
		return err
	}
	const tail = `[]}` // the empty numbers and the end of the object
	if !bytes.HasSuffix(hb, []byte(tail)) {
		return errors.New("stored result: numbers are not the last field")
	}
	hb = hb[:len(hb)-len(tail)]
	holds := func(b []byte) bool { return len(secret) > 0 && bytes.Contains(b, secret) }
	if holds(hb) {
		return errHoldsSecret
	}
	if _, err := w.Write(append(hb, '[')); err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf) // escapes as json.Marshal does
	for i := range r.Numbers {
		n := &r.Numbers[i]
		sn := storedNumber{E164: n.E164, Display: n.Display, Country: n.Country, Type: n.Type, TypeWord: n.TypeWord,
			Upfront: n.Upfront, Monthly: n.Monthly, UpfrontCurrency: n.UpfrontCurrency, MonthlyCurrency: n.MonthlyCurrency,
			Features: n.Features, Regions: n.Regions, BestEffort: n.Flags.BestEffort, Quickship: n.Flags.Quickship,
			Reservable: n.Flags.Reservable, Documents: n.Flags.DocumentsRequired, Address: n.Flags.AddressRequirement,
			Extra: fields(n.Extra)}
		for _, req := range n.Requirements {
			sn.Requirements = append(sn.Requirements, storedRequirement{Label: req.Label, Detail: req.Detail, Fields: fields(req.Fields)})
		}
		buf.Reset()
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(sn); err != nil {
			return err
		}
		b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		if holds(b) {
			return errHoldsSecret
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	_, err = w.Write([]byte(tail[1:]))
	return err
}

// errForeign is a file that is not a result of this scope and query.
var errForeign = errors.New("not a kept result of this API and search")

func decodeStored(data []byte, scope string, q api.Query) (*api.Result, error) {
	var s stored
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, err
	}
	if s.Version != storeVersion || s.Scope != scope || s.Country != q.Country || s.Type != q.Type || s.FetchedAt.IsZero() {
		return nil, errForeign
	}
	r := &api.Result{Query: q, FetchedAt: s.FetchedAt}
	for reason, n := range s.Skipped {
		for range min(max(n, 0), 1<<20) {
			r.Skipped.Add(api.SkipReason(reason))
		}
	}
	if len(s.Numbers) > 0 {
		r.Numbers = make([]api.Number, len(s.Numbers))
	}
	for i := range s.Numbers {
		sn := &s.Numbers[i]
		if sn.E164 == "" {
			return nil, fs.ErrInvalid
		}
		n := api.Number{E164: sn.E164, Display: sn.Display, Country: sn.Country, Type: sn.Type, TypeWord: sn.TypeWord,
			Upfront: sn.Upfront, Monthly: sn.Monthly, UpfrontCurrency: sn.UpfrontCurrency, MonthlyCurrency: sn.MonthlyCurrency,
			Features: sn.Features, Regions: sn.Regions,
			Flags: api.Flags{BestEffort: sn.BestEffort, Quickship: sn.Quickship, Reservable: sn.Reservable,
				DocumentsRequired: sn.Documents, AddressRequirement: sn.Address},
			Extra: apiFields(sn.Extra)}
		for _, req := range sn.Requirements {
			n.Requirements = append(n.Requirements, api.Requirement{Label: req.Label, Detail: req.Detail, Fields: apiFields(req.Fields)})
		}
		r.Numbers[i] = n
	}
	return r, nil
}
