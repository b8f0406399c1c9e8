package demo

import (
	"bufio"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"

	"numbrowse/api"
)

// BasePath is where the demo serves the API, as the real base URL does.
const BasePath = "/api/v1/public"

// maxBody bounds a purchase request body.
const maxBody = 64 << 10

// handler serves the demo API.
type handler struct {
	inv *inventory

	mu  sync.Mutex // guards rng
	rng *rand.Rand // latency draws
}

// NewHandler returns the demo API as an http.Handler, for httptest servers
// in tests; paths start with BasePath. Each handler has its own inventory:
// purchases on one do not show on another.
func NewHandler(opts ...Option) http.Handler {
	cfg := newConfig(opts)
	return &handler{
		inv: newInventory(cfg),
		rng: rand.New(rand.NewPCG(uint64(cfg.seed), 0x6c6174656e6379)),
	}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case BasePath + "/virtual_numbers/available":
		h.serve(w, r, http.MethodGet, h.available)
	case BasePath + "/virtual_numbers/purchase":
		h.serve(w, r, http.MethodPost, h.purchase)
	case BasePath + "/virtual_numbers":
		h.serve(w, r, http.MethodGet, h.list)
	default:
		writeError(w, http.StatusNotFound, "Not found")
	}
}

// serve checks the method and the key, waits the simulated latency and
// calls fn, unless the client has gone away meanwhile.
func (h *handler) serve(w http.ResponseWriter, r *http.Request, method string, fn http.HandlerFunc) {
	if r.Method != method && (method != http.MethodGet || r.Method != http.MethodHead) {
		w.Header().Set("Allow", method)
		writeError(w, http.StatusMethodNotAllowed, "Method not allowed")
		return
	}
	// The account's first numbers (WithOwnedNumbers) are made while the
	// first requests wait out their latency, before any is answered.
	seeded := make(chan struct{})
	go func() {
		defer close(seeded)
		h.inv.seed.Do(h.inv.seedOwned)
	}()
	waited := h.wait(r.Context())
	<-seeded
	if !waited {
		return
	}
	if msg := authError(r.Header.Get("Authorization")); msg != "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="identitycall"`)
		writeError(w, http.StatusUnauthorized, msg)
		return
	}
	fn(w, r)
}

// authError returns the 401 message for an Authorization header, "" when it
// carries APIKey.
func authError(header string) string {
	header = strings.TrimSpace(header)
	if header == "" {
		return "Unauthorized"
	}
	scheme, key, _ := strings.Cut(header, " ")
	key = strings.TrimSpace(key)
	if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(key), []byte(APIKey)) != 1 {
		return "Invalid or expired API key"
	}
	return ""
}

// wait sleeps the simulated latency; it returns false when ctx ends first.
func (h *handler) wait(ctx context.Context) bool {
	lo, hi := h.inv.cfg.minLatency, h.inv.cfg.maxLatency
	if hi <= 0 {
		return ctx.Err() == nil
	}
	d := lo
	if hi > lo {
		h.mu.Lock()
		d += time.Duration(h.rng.Int64N(int64(hi-lo) + 1))
		h.mu.Unlock()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// available serves GET /virtual_numbers/available?country=XX&number_type=T,
// streaming the entries.
func (h *handler) available(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	code := strings.ToUpper(strings.TrimSpace(q.Get("country")))
	if code == "" {
		code = "US"
	}
	typ := api.NumberType(strings.TrimSpace(q.Get("number_type")))
	if typ == "" {
		typ = api.Mobile
	}
	if _, ok := typeMapping[typ]; !ok {
		writeError(w, http.StatusBadRequest, fmt.Sprintf(
			"Invalid number_type %q: must be one of mobile, local, toll-free, national", api.Printable(string(typ))))
		return
	}
	if _, ok := api.LookupCountry(code); !ok || len(code) != 2 {
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("Invalid country code %q", api.Printable(code)))
		return
	}
	c := catalogue()[code]
	var o *offer
	if c != nil {
		o = c.offer(typ)
	}
	if o == nil {
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("No %s numbers available in %s", typ, code))
		return
	}
	st, rend := h.inv.stock(c, o)
	sold := h.inv.soldSnapshot()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	buf := make([]byte, 0, 1024)
	buf = append(buf, `{"data":[`...)
	first := true
	for i := range st.entries {
		e := &st.entries[i]
		if sold[e.e164] {
			continue
		}
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = rend.appendEntry(buf, e)
		if len(buf) >= 512 {
			if _, err := bw.Write(buf); err != nil {
				return // the client went away
			}
			buf = buf[:0]
		}
		if i%1024 == 1023 && r.Context().Err() != nil {
			return
		}
	}
	for _, e := range h.inv.arrivals(c, o) {
		if sold[e.e164] {
			continue
		}
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = rend.appendEntry(buf, &e)
	}
	buf = append(buf, "]}\n"...)
	if _, err := bw.Write(buf); err == nil {
		_ = bw.Flush()
	}
}

// purchaseRequest is the body of POST /virtual_numbers/purchase.
type purchaseRequest struct {
	PhoneNumber        json.RawMessage `json:"phone_number"`
	CountryCode        string          `json:"country_code"`
	NumberType         string          `json:"number_type"`
	Name               string          `json:"name"`
	RequirementGroupID json.RawMessage `json:"requirement_group_id"`
	UpfrontCost        json.RawMessage `json:"upfront_cost"`
	MonthlyCost        json.RawMessage `json:"monthly_cost"`
}

// purchase serves POST /virtual_numbers/purchase: the number leaves the
// inventory and joins the owned numbers.
func (h *handler) purchase(w http.ResponseWriter, r *http.Request) {
	var req purchaseRequest
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err == nil {
		err = json.Unmarshal(body, &req)
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "Request body too large")
			return
		}
		writeError(w, http.StatusBadRequest, "Invalid JSON body")
		return
	}
	var phone string
	if err := json.Unmarshal(req.PhoneNumber, &phone); err != nil || strings.TrimSpace(phone) == "" {
		writeErrors(w, http.StatusUnprocessableEntity, "phone_number is required")
		return
	}
	if id := req.RequirementGroupID; len(id) > 0 && string(id) != "null" {
		var n int64
		if json.Unmarshal(id, &n) != nil {
			writeErrors(w, http.StatusUnprocessableEntity, "requirement_group_id must be an integer")
			return
		}
	}
	e164, ok := normalizeE164(phone)
	if !ok {
		writeErrors(w, http.StatusUnprocessableEntity, "phone_number must be in E.164 format")
		return
	}
	gone := fmt.Sprintf("Number %s is no longer available", e164)
	c, found := h.inv.locate(e164, req.CountryCode, req.NumberType)
	if !found {
		writeError(w, http.StatusUnprocessableEntity, gone)
		return
	}
	n, ok := h.inv.buy(e164, strings.TrimSpace(req.Name), c)
	if !ok {
		writeError(w, http.StatusUnprocessableEntity, gone)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"data": n})
}

// normalizeE164 accepts "+" and 8 to 15 digits, with spaces, dots, dashes
// or brackets between them.
func normalizeE164(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "+") {
		return "", false
	}
	out := []byte{'+'}
	for _, c := range s[1:] {
		switch {
		case c >= '0' && c <= '9':
			out = append(out, byte(c))
		case strings.ContainsRune(" .-()", c):
		default:
			return "", false
		}
	}
	if len(out) < 9 || len(out) > 16 || out[1] == '0' {
		return "", false
	}
	return string(out), true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError answers {"error": msg}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// writeErrors answers {"errors": [msgs...]}, the validation error shape.
func writeErrors(w http.ResponseWriter, status int, msgs ...string) {
	writeJSON(w, status, map[string][]string{"errors": msgs})
}
