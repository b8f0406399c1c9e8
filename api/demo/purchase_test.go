package demo

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"numbrowse/api"
)

type owned struct {
	ID                    int        `json:"id"`
	PhoneNumber           string     `json:"phone_number"`
	Name                  string     `json:"name"`
	CountryCode           string     `json:"country_code"`
	Active                bool       `json:"active"`
	AIReceptionistEnabled bool       `json:"ai_receptionist_enabled"`
	Operators             []operator `json:"operators"`
	OperatorsCount        int        `json:"operators_count"`
}

func TestPurchase(t *testing.T) {
	srv := newTestServer(t)
	recs := mustSearch(t, srv, "GB", api.Local)
	target := recs[3].e164

	status, body := do(t, srv, http.MethodPost, "/virtual_numbers/purchase", map[string]any{
		"phone_number": target, "country_code": "GB", "number_type": "local", "name": "Support line",
		"requirement_group_id": 42, "upfront_cost": "1.00", "monthly_cost": "1.00",
	}, nil)
	if status != http.StatusCreated {
		t.Fatalf("purchase: %d %s", status, body)
	}
	var got struct{ Data owned }
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	want := owned{ID: got.Data.ID, PhoneNumber: target, Name: "Support line", CountryCode: "GB", Active: true, Operators: []operator{}}
	if fmt.Sprint(got.Data) != fmt.Sprint(want) || got.Data.ID == 0 || !strings.Contains(string(body), `"operators":[]`) {
		t.Errorf("purchase answered %s", body)
	}

	for _, r := range mustSearch(t, srv, "GB", api.Local) {
		if r.e164 == target {
			t.Error("a bought number is still offered")
		}
	}
	if n := len(mustSearch(t, srv, "GB", api.Local)); n != len(recs)-1 {
		t.Errorf("%d numbers after a purchase, want %d", n, len(recs)-1)
	}

	status, body = do(t, srv, http.MethodGet, "/virtual_numbers", nil, nil)
	var list struct{ Data []owned }
	if err := json.Unmarshal(body, &list); status != http.StatusOK || err != nil {
		t.Fatalf("list: %d %s", status, body)
	}
	if len(list.Data) != 1 || fmt.Sprint(list.Data[0]) != fmt.Sprint(got.Data) {
		t.Errorf("owned numbers %s", body)
	}

	status, body = do(t, srv, http.MethodPost, "/virtual_numbers/purchase", map[string]any{"phone_number": target}, nil)
	if status != http.StatusUnprocessableEntity || errorBody(t, body) != "Number "+target+" is no longer available" {
		t.Errorf("second purchase: %d %s", status, body)
	}
}

// TestPurchaseFindsUnsearchedNumbers buys without hints, and a number of an
// offer never searched on this handler: it is found all the same.
func TestPurchaseFindsUnsearchedNumbers(t *testing.T) {
	target := mustSearch(t, newTestServer(t), "CA", api.TollFree)[0].e164
	srv := newTestServer(t)
	mustSearch(t, srv, "US", api.Local) // a +1 stock that does not hold it
	status, body := do(t, srv, http.MethodPost, "/virtual_numbers/purchase", map[string]any{"phone_number": target}, nil)
	if status != http.StatusCreated || !strings.Contains(string(body), `"country_code":"CA"`) {
		t.Errorf("purchase: %d %s", status, body)
	}
}

func TestPurchaseErrors(t *testing.T) {
	srv := newTestServer(t)
	tests := []struct {
		name   string
		body   any
		status int
		want   string // JSON fragment of the answer
	}{
		{"missing number", map[string]any{"name": "x"}, 422, `{"errors":["phone_number is required"]}`},
		{"empty number", map[string]any{"phone_number": " "}, 422, `{"errors":["phone_number is required"]}`},
		{"number not a string", map[string]any{"phone_number": 4420}, 422, `{"errors":["phone_number is required"]}`},
		{"not E.164", map[string]any{"phone_number": "020 7946 0000"}, 422, `"errors":["phone_number must be in E.164 format"]`},
		{"never offered", map[string]any{"phone_number": "+442079460000"}, 422, `{"error":"Number +442079460000 is no longer available"}`},
		{"unknown calling code", map[string]any{"phone_number": "+999123456789"}, 422, `is no longer available`},
		{"group not an integer", map[string]any{"phone_number": "+442079460000", "requirement_group_id": "abc"}, 422,
			`"errors":["requirement_group_id must be an integer"]`},
		{"not JSON", "{", 400, `"error":"Invalid JSON body"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body
			if s, ok := body.(string); ok {
				body = []byte(s)
			}
			status, got := do(t, srv, http.MethodPost, "/virtual_numbers/purchase", body, nil)
			if status != tt.status || !strings.Contains(string(got), tt.want) {
				t.Errorf("%d %s, want %d %s", status, got, tt.status, tt.want)
			}
		})
	}
}

// TestConcurrentSearchAndPurchase races searches and purchases of the same
// numbers: each number is sold exactly once. Run with -race.
func TestConcurrentSearchAndPurchase(t *testing.T) {
	srv := newTestServer(t, WithSize(50))
	targets := mustSearch(t, newTestServer(t, WithSize(50)), "FR", api.Mobile)[:10]
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		sold = map[string]int{}
	)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, r := range targets {
				if (i+w)%3 == 0 {
					search(t, srv, "FR", api.Mobile)
					search(t, srv, "DE", api.Local)
				}
				status, _ := do(t, srv, http.MethodPost, "/virtual_numbers/purchase",
					map[string]any{"phone_number": r.e164}, nil)
				if status == http.StatusCreated {
					mu.Lock()
					sold[r.e164]++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for _, r := range targets {
		if sold[r.e164] != 1 {
			t.Errorf("%s sold %d times", r.e164, sold[r.e164])
		}
	}
	left := mustSearch(t, srv, "FR", api.Mobile)
	if len(left) != 40 || slices.ContainsFunc(left, func(r record) bool { return sold[r.e164] > 0 }) {
		t.Errorf("%d numbers left after selling 10 of 50", len(left))
	}
}
