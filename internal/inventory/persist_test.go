package inventory

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"numbrowse/api"
)

func richResult(q api.Query, at time.Time) *api.Result {
	r := &api.Result{Query: q, FetchedAt: at}
	r.Skipped.Add(api.SkipRepeated)
	r.Skipped.Add(api.SkipNoNumber)
	r.Skipped.Add(api.SkipNoNumber)
	r.Numbers = []api.Number{
		{E164: "+14155550100", Display: "(415) 555-0100", Country: "US", Type: api.Local, TypeWord: "landline",
			Upfront: api.MustDecimal("1.10"), Monthly: api.MustDecimal("0.0075"), UpfrontCurrency: "USD", MonthlyCurrency: "EUR",
			Features: []string{"sms", "voice"}, Regions: []api.Region{{Type: "rate_center", Name: "SAN FRANCISCO"}, {Type: "state", Name: "CA"}},
			Flags:        api.Flags{BestEffort: true, Quickship: true, Reservable: true, DocumentsRequired: true, AddressRequirement: "local"},
			Requirements: []api.Requirement{{Label: "Proof of address", Detail: "a bill", Fields: []api.Field{{Key: "scope", Value: json.RawMessage(`"local"`)}}}},
			Extra:        []api.Field{{Key: "lata", Value: json.RawMessage(`"722"`)}, {Key: "beta", Value: json.RawMessage(`false`)}}},
		{E164: "+14155550101", Country: "US", Type: api.Local},
	}
	return r
}

// TestDiskStoreRoundTrip: a kept result comes back field for field, in a
// 0600 file in a 0700 directory, with no temporary file left.
func TestDiskStoreRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache", "numbrowse")
	now := time.Date(2026, 11, 27, 11, 30, 0, 0, time.UTC)
	st := NewDiskStore(dir, "https://api.example/v1")
	st.SetClock(func() time.Time { return now.Add(2 * time.Hour) })
	q := api.Query{Country: "US", Type: api.Local}
	want := richResult(q, now)
	st.Save(api.Query{Country: "us", Type: "local"}, want)
	got, ok := st.Load(q)
	if !ok {
		t.Fatal("nothing loaded")
	}
	if !got.FetchedAt.Equal(want.FetchedAt) || got.Skipped != want.Skipped || got.Query != q {
		t.Errorf("result: %+v, want %+v", got, want)
	}
	for i := range want.Numbers {
		w, g := want.Numbers[i], got.Numbers[i]
		if w.Upfront.String() != g.Upfront.String() || w.Monthly.String() != g.Monthly.String() {
			t.Errorf("number %d costs: %v %v", i, g.Upfront, g.Monthly)
		}
		w.Upfront, w.Monthly, g.Upfront, g.Monthly = api.Decimal{}, api.Decimal{}, api.Decimal{}, api.Decimal{}
		if !reflect.DeepEqual(w, g) {
			t.Errorf("number %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("directory: %v %v", fi.Mode(), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("files: %v", entries)
	}
	if fi, _ := entries[0].Info(); fi.Mode().Perm() != 0o600 || !strings.HasPrefix(entries[0].Name(), "results-") {
		t.Errorf("file %s mode %v", entries[0].Name(), fi.Mode())
	}
	// Another API (or the demo) never sees these.
	if _, ok := NewDiskStore(dir, "demo:0").Load(q); ok {
		t.Error("another scope loaded the result")
	}
	if _, ok := st.Load(api.Query{Country: "US", Type: api.Mobile}); ok {
		t.Error("another type loaded the result")
	}
}

// TestDiskStoreBounds: too old is neither shown nor kept; too big is not
// kept (and the older one goes); the oldest go when all are too many; a
// broken file is removed; a result holding the API key is not written.
func TestDiskStoreBounds(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 27, 11, 30, 0, 0, time.UTC)
	clock := now
	st := NewDiskStore(dir, "s")
	st.SetClock(func() time.Time { return clock })
	q := api.Query{Country: "US", Type: api.Local}
	st.Save(q, richResult(q, now))
	clock = now.Add(DefaultMaxAge + time.Minute)
	if _, ok := st.Load(q); ok {
		t.Error("a week-old result was shown")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the old file is still there: %v", entries)
	}

	clock = now
	st.Save(q, richResult(q, now))
	st.SetLimits(DefaultMaxAge, 1<<20, 300)
	st.Save(q, richResult(q, now)) // over 300 bytes: not kept, and the older one goes
	if _, ok := st.Load(q); ok {
		t.Error("an oversize result, or the one before it, was loaded")
	}

	st.SetLimits(DefaultMaxAge, 3000, 1<<20)
	for i, c := range []string{"DE", "FR", "GB", "NL"} {
		clock = now.Add(time.Duration(i) * time.Minute)
		cq := api.Query{Country: c, Type: api.Mobile}
		r := richResult(cq, clock)
		st.Save(cq, r)
		_ = os.Chtimes(filepath.Join(dir, st.fileName(cq)), clock, clock)
	}
	var total int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fi, _ := e.Info()
		total += fi.Size()
	}
	if total > 3000 || len(entries) == 4 {
		t.Errorf("%d files, %d bytes: over the bound", len(entries), total)
	}
	if _, ok := st.Load(api.Query{Country: "NL", Type: api.Mobile}); !ok {
		t.Error("the newest went")
	}

	if err := os.WriteFile(filepath.Join(dir, st.fileName(q)), []byte("{broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := st.Load(q); ok {
		t.Error("a broken file loaded")
	}
	if _, err := os.Stat(filepath.Join(dir, st.fileName(q))); err == nil {
		t.Error("the broken file is still there")
	}

	key := "idc_SECRETSECRETSECRET0123456789ab"
	st.SetSecret(key)
	r := richResult(q, now)
	r.Numbers[1].Extra = []api.Field{{Key: "echo", Value: json.RawMessage(fmt.Sprintf(`"Bearer %s"`, key))}}
	st.Save(q, r)
	for _, e := range mustReadDir(t, dir) {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		if strings.Contains(string(data), key) {
			t.Errorf("%s holds the API key", e.Name())
		}
	}
}

func mustReadDir(t *testing.T, dir string) []os.DirEntry {
	t.Helper()
	e, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestStale: Stale offers the results kept on disk, or in memory past the
// TTL, never fresh ones (the search answers from those at once); a search
// keeps its result in the store.
func TestStale(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 27, 11, 30, 0, 0, time.UTC)
	clock := now
	st := NewDiskStore(dir, "s")
	st.SetClock(func() time.Time { return clock })
	us, _ := api.LookupCountry("US")
	one := Choice{Country: us, Types: api.OneType(api.Local)}
	q := api.Query{Country: "US", Type: api.Local}
	st.Save(q, richResult(q, now.Add(-2*time.Hour)))

	src := &fakeSearcher{fn: func(_ context.Context, q api.Query) (*api.Result, error) {
		r := result(q, "+15550000001")
		r.FetchedAt = clock
		return r, nil
	}}
	s := New(src, WithStore(st), WithClock(func() time.Time { return clock }))
	m, ok := s.Stale(one)
	if !ok || len(m.Numbers) != 2 || !m.FetchedAt.Equal(now.Add(-2*time.Hour)) || src.calls.Load() != 0 {
		t.Fatalf("stale from disk: %v %+v (calls %d)", ok, m.Result, src.calls.Load())
	}
	if _, ok := s.Stale(Choice{Country: us, Types: api.AllTypes}); ok {
		t.Error("all types offered with only one type kept")
	}
	if _, err := s.Search(t.Context(), Request{Query: q}); err != nil {
		t.Fatal(err)
	}
	s.WaitSaved()
	if _, ok := s.Stale(one); ok {
		t.Error("stale results offered while fresh ones are cached")
	}
	clock = clock.Add(DefaultTTL + time.Minute)
	if m, ok := s.Stale(one); !ok || len(m.Numbers) != 1 || m.Numbers[0].E164 != "+15550000001" {
		t.Errorf("stale from memory: %v %+v", ok, m.Result)
	}
	// The fresh search was kept on disk for the next run.
	if r, ok := st.Load(q); !ok || r.Numbers[0].E164 != "+15550000001" {
		t.Errorf("the search was not kept: %v %+v", ok, r)
	}
}

// BenchmarkDiskStoreSave keeps a result of n numbers like richResult's
// first: 10,000 fit the bound for one result (16 MiB) and are written;
// 100,000 do not, and are given up on at the bound. B/op is what a save
// allocates: it writes one number at a time, so a result over the bound
// costs no more than the bound's worth of encoding.
func BenchmarkDiskStoreSave(b *testing.B) {
	q := api.Query{Country: "US", Type: api.Local}
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			one := richResult(q, time.Now()).Numbers[0]
			r := &api.Result{Query: q, FetchedAt: time.Now(), Numbers: make([]api.Number, n)}
			for i := range r.Numbers {
				r.Numbers[i] = one
				r.Numbers[i].E164 = fmt.Sprintf("+1415%07d", i)
			}
			st := NewDiskStore(b.TempDir(), "https://api.example/v1")
			b.ReportAllocs()
			for b.Loop() {
				st.Save(q, r)
			}
		})
	}
}

// TestDiskStorePrunesTemporaryFiles: a temporary file a crash left behind
// (atomicfile's name for a results file) goes once it is an hour old; a
// younger one may be another process's write in progress, and stays.
func TestDiskStorePrunesTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 27, 11, 30, 0, 0, time.UTC)
	st := NewDiskStore(dir, "s")
	st.SetClock(func() time.Time { return now })
	old := filepath.Join(dir, ".results-abc-US-mobile.json-123.tmp")
	young := filepath.Join(dir, ".results-abc-US-local.json-456.tmp")
	for _, p := range []string{old, young} {
		if err := os.WriteFile(p, []byte("{"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chtimes(old, now.Add(-2*time.Hour), now.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(young, now.Add(-time.Minute), now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	q := api.Query{Country: "GB", Type: api.Mobile}
	st.Save(q, richResult(q, now))
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("the crash's temporary file is still there (%v)", err)
	}
	if _, err := os.Stat(young); err != nil {
		t.Errorf("a write in progress was removed: %v", err)
	}
}
