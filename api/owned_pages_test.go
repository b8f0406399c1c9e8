package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// pagedAPI serves GET /virtual_numbers from pages: page(r) picks the body
// (and headers) for each request. It records each request's query.
type pagedAPI struct {
	mu      sync.Mutex
	queries []string
	page    func(r *http.Request, w http.ResponseWriter) string
}

func (p *pagedAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.queries = append(p.queries, r.URL.RawQuery)
	p.mu.Unlock()
	body := p.page(r, w)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(body))
}

func (p *pagedAPI) Queries() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.queries...)
}

// ownedEntries is n owned entries with ids from first.
func ownedEntries(first, n int) string {
	var parts []string
	for i := first; i < first+n; i++ {
		parts = append(parts, fmt.Sprintf(`{"id":%d,"phone_number":"+1555000%04d","name":"n%d","active":true}`, i, i, i))
	}
	return strings.Join(parts, ",")
}

func pageNumber(r *http.Request, keys ...string) int {
	for _, k := range keys {
		if n, err := strconv.Atoi(r.URL.Query().Get(k)); err == nil {
			return n
		}
	}
	return 1
}

func TestOwnedListPaging(t *testing.T) {
	tests := []struct {
		name        string
		page        func(srvURL string) func(r *http.Request, w http.ResponseWriter) string
		want        int      // numbers
		pages       int      // pages read
		queries     []string // the query of each request, when checked
		incomplete  string   // part of Incomplete ("" = complete)
		wantSkipped int
	}{
		{name: "no paging: the documented shape", want: 3, pages: 1, queries: []string{""},
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(*http.Request, http.ResponseWriter) string { return `{"data":[` + ownedEntries(1, 3) + `]}` }
			}},
		{name: "links.next absolute, then null", want: 4, pages: 2, queries: []string{"", "page=2"},
			page: func(u string) func(*http.Request, http.ResponseWriter) string {
				return func(r *http.Request, _ http.ResponseWriter) string {
					if pageNumber(r, "page") == 1 {
						return `{"data":[` + ownedEntries(1, 2) + `],"links":{"self":"x","next":"` + u + `/api/v1/public/virtual_numbers?page=2"}}`
					}
					return `{"data":[` + ownedEntries(3, 2) + `],"links":{"next":null}}`
				}
			}},
		{name: "relative next link (JSON:API style)", want: 4, pages: 2, queries: []string{"", "page%5Bnumber%5D=2"},
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(r *http.Request, _ http.ResponseWriter) string {
					if r.URL.Query().Get("page[number]") == "" {
						return `{"data":[` + ownedEntries(1, 2) + `],"links":{"next":"virtual_numbers?page%5Bnumber%5D=2"}}`
					}
					return `{"data":[` + ownedEntries(3, 2) + `],"links":{}}`
				}
			}},
		{name: "meta current_page and total_pages", want: 5, pages: 3,
			queries: []string{"", "page=2&per_page=2", "page=3&per_page=2"},
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(r *http.Request, _ http.ResponseWriter) string {
					p := pageNumber(r, "page")
					n := map[int]int{1: 2, 2: 2, 3: 1}[p]
					return fmt.Sprintf(`{"data":[%s],"meta":{"current_page":%d,"total_pages":3,"per_page":2,"total":5}}`,
						ownedEntries(p*10, n), p)
				}
			}},
		{name: "Telnyx meta page_number and page_size", want: 3, pages: 2,
			queries: []string{"", "page%5Bnumber%5D=2&page%5Bsize%5D=2"},
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(r *http.Request, _ http.ResponseWriter) string {
					p := pageNumber(r, "page[number]")
					n := map[int]int{1: 2, 2: 1}[p]
					return fmt.Sprintf(`{"data":[%s],"meta":{"page_number":%d,"page_size":2,"total_pages":2,"total_results":3}}`,
						ownedEntries(p*10, n), p)
				}
			}},
		{name: "total over per_page without total_pages", want: 3, pages: 2,
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(r *http.Request, _ http.ResponseWriter) string {
					p := pageNumber(r, "page")
					return fmt.Sprintf(`{"data":[%s],"meta":{"per_page":2,"total":3}}`, ownedEntries(p*10, map[int]int{1: 2, 2: 1}[p]))
				}
			}},
		{name: "next_page number then null", want: 3, pages: 2, queries: []string{"", "page=2"},
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(r *http.Request, _ http.ResponseWriter) string {
					if pageNumber(r, "page") == 1 {
						return `{"data":[` + ownedEntries(1, 2) + `],"next_page":2}`
					}
					return `{"data":[` + ownedEntries(3, 1) + `],"next_page":null}`
				}
			}},
		{name: "0-based pages", want: 4, pages: 2, queries: []string{"", "page=1"},
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(r *http.Request, _ http.ResponseWriter) string {
					p, _ := strconv.Atoi(r.URL.Query().Get("page")) // the first request has none: page 0
					if p > 1 {
						return `{"data":[],"pagination":{"page":` + strconv.Itoa(p) + `,"total_pages":2}}`
					}
					return fmt.Sprintf(`{"data":[%s],"pagination":{"page":%d,"total_pages":2}}`, ownedEntries(p*10+1, 2), p)
				}
			}},
		{name: "cursor in meta", want: 4, pages: 2, queries: []string{"", "cursor=abc%3D%3D"},
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(r *http.Request, _ http.ResponseWriter) string {
					if r.URL.Query().Get("cursor") == "" {
						return `{"data":[` + ownedEntries(1, 2) + `],"meta":{"next_cursor":"abc=="}}`
					}
					return `{"data":[` + ownedEntries(3, 2) + `],"meta":{"next_cursor":null}}`
				}
			}},
		{name: "has_more asks for starting_after the last id", want: 4, pages: 2, queries: []string{"", "starting_after=2"},
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(r *http.Request, _ http.ResponseWriter) string {
					if r.URL.Query().Get("starting_after") == "" {
						return `{"data":[` + ownedEntries(1, 2) + `],"has_more":true}`
					}
					return `{"data":[` + ownedEntries(3, 2) + `],"has_more":false}`
				}
			}},
		{name: "HTTP Link header", want: 4, pages: 2, queries: []string{"", "p=2"},
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(r *http.Request, w http.ResponseWriter) string {
					if r.URL.Query().Get("p") == "" {
						w.Header().Set("Link", `<virtual_numbers?p=1>; rel="first", <virtual_numbers?p=2>; rel="next"`)
						return `[` + ownedEntries(1, 2) + `]`
					}
					return `[` + ownedEntries(3, 2) + `]`
				}
			}},
		{name: "duplicates across pages are kept once", want: 3, pages: 2,
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(r *http.Request, _ http.ResponseWriter) string {
					if pageNumber(r, "page") == 1 {
						return `{"data":[` + ownedEntries(1, 2) + `],"meta":{"current_page":1,"total_pages":2}}`
					}
					return `{"data":[` + ownedEntries(2, 2) + `],"meta":{"current_page":2,"total_pages":2}}`
				}
			}},
		{name: "a link back to a page already read stops", want: 2, pages: 1, incomplete: "pointed back",
			page: func(u string) func(*http.Request, http.ResponseWriter) string {
				return func(*http.Request, http.ResponseWriter) string {
					return `{"data":[` + ownedEntries(1, 2) + `],"links":{"next":"` + u + `/api/v1/public/virtual_numbers"}}`
				}
			}},
		{name: "a server that ignores page= stops at the repeat", want: 2, pages: 2, incomplete: "page 2 of the API's answer repeated",
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(*http.Request, http.ResponseWriter) string {
					return `{"data":[` + ownedEntries(1, 2) + `],"meta":{"current_page":1,"total_pages":5}}`
				}
			}},
		{name: "a total that was not sent is said", want: 2, pages: 1, incomplete: "said the account has 9 numbers but sent 2",
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(*http.Request, http.ResponseWriter) string {
					return `{"data":[` + ownedEntries(1, 2) + `],"meta":{"total":9}}`
				}
			}},
		{name: "has_more without ids cannot go on", want: 1, pages: 1, incomplete: "not how to ask",
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(*http.Request, http.ResponseWriter) string {
					return `{"data":[{"phone_number":"+15550001111"}],"has_more":true}`
				}
			}},
		{name: "entries without number or id are skipped and counted", want: 1, pages: 1, wantSkipped: 3,
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(*http.Request, http.ResponseWriter) string {
					return `{"data":[{"phone_number":"+15550001111"},{"name":"x"},"str",null]}`
				}
			}},
		{name: "an empty page ends the list whatever it says", want: 2, pages: 2,
			page: func(string) func(*http.Request, http.ResponseWriter) string {
				return func(r *http.Request, _ http.ResponseWriter) string {
					if pageNumber(r, "page") == 1 {
						return `{"data":[` + ownedEntries(1, 2) + `],"next_page":2}`
					}
					return `{"data":[],"next_page":3}`
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &pagedAPI{}
			srv := httptest.NewServer(api)
			t.Cleanup(srv.Close)
			api.page = tt.page(srv.URL)
			c, _ := testClient(t, srv)
			l, err := c.OwnedList(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Numbers) != tt.want || l.Pages != tt.pages || l.Skipped != tt.wantSkipped {
				t.Errorf("%d numbers over %d pages, %d skipped; want %d over %d, %d skipped (queries %q)",
					len(l.Numbers), l.Pages, l.Skipped, tt.want, tt.pages, tt.wantSkipped, api.Queries())
			}
			if tt.queries != nil && strings.Join(api.Queries(), " | ") != strings.Join(tt.queries, " | ") {
				t.Errorf("queries %q, want %q", api.Queries(), tt.queries)
			}
			if (tt.incomplete == "") != (l.Incomplete == "") || !strings.Contains(l.Incomplete, tt.incomplete) {
				t.Errorf("Incomplete = %q, want %q", l.Incomplete, tt.incomplete)
			}
			if l.FetchedAt.IsZero() {
				t.Error("no FetchedAt")
			}
		})
	}
}

// TestOwnedListNeverLeavesTheOrigin: a next link to another host (or
// another port, or plain http from https) is not followed, so the key
// never goes there, and the list says why it stopped.
func TestOwnedListNeverLeavesTheOrigin(t *testing.T) {
	var leaked sync.Map
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("Authorization"), true)
		_, _ = w.Write([]byte(`{"data":[]}`))
	}))
	t.Cleanup(other.Close)
	api := &pagedAPI{page: func(*http.Request, http.ResponseWriter) string {
		return `{"data":[` + ownedEntries(1, 1) + `],"links":{"next":"` + other.URL + `/virtual_numbers?page=2"}}`
	}}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	c, _ := testClient(t, srv)
	l, err := c.OwnedList(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Numbers) != 1 || !strings.Contains(l.Incomplete, "on another host") {
		t.Errorf("%+v", l)
	}
	leaked.Range(func(k, _ any) bool {
		t.Errorf("the other host was asked, with Authorization %q", k)
		return true
	})
}

// TestOwnedListPageCap: an API that always has a next page stops at the
// page limit, with a note.
func TestOwnedListPageCap(t *testing.T) {
	api := &pagedAPI{}
	api.page = func(r *http.Request, _ http.ResponseWriter) string {
		p := pageNumber(r, "page")
		return fmt.Sprintf(`{"data":[%s],"next_page":%d}`, ownedEntries(p, 1), p+1)
	}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	c, _ := testClient(t, srv)
	l, err := c.OwnedList(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if l.Pages != maxOwnedPages || len(l.Numbers) != maxOwnedPages || !strings.Contains(l.Incomplete, "1000 pages") {
		t.Errorf("%d pages, %d numbers, %q", l.Pages, len(l.Numbers), l.Incomplete)
	}
}

// TestOwnedListPageFails: a later page's failure fails the list, as the
// page's *Error; the first page is retried like a search.
func TestOwnedListPageFails(t *testing.T) {
	srv, s := serve(t,
		reply(503, ``),
		reply(200, `{"data":[`+ownedEntries(1, 2)+`],"next_page":2}`),
		reply(403, `{"error":"Read permission required"}`))
	c, _ := testClient(t, srv)
	_, err := c.OwnedList(context.Background())
	if !IsPermission(err) || s.Count() != 3 {
		t.Errorf("err = %v after %d requests", err, s.Count())
	}
}

func TestDecodeOwnedTolerant(t *testing.T) {
	tests := []struct {
		body     string
		want     OwnedNumber
		extra    string // the Extra keys, joined
		operator string // OperatorNames, joined
	}{
		{body: `{"sid":"PN1","phoneNumber":"+15551234567","friendly_name":"Front desk","iso_country":"us","status":"in-use","created_at":"2026-01-01"}`,
			want:  OwnedNumber{ID: "PN1", PhoneNumber: "+15551234567", Name: "Front desk", CountryCode: "US", Active: true, ActiveKnown: true, Status: "in-use"},
			extra: "created_at"},
		{body: `{"id":3,"number":"447700900123","country":"United Kingdom","active":"no","operators":[{"name":"Ana"},{"email":"bo@example.com"},"cy",7,{}]}`,
			want:     OwnedNumber{ID: "3", PhoneNumber: "447700900123", CountryCode: "GB", ActiveKnown: true, OperatorsCount: 5},
			operator: "Ana, bo@example.com, cy, 7"},
		{body: `{"id":4,"phone_number":"+15550001111","status":"weird"}`,
			want: OwnedNumber{ID: "4", PhoneNumber: "+15550001111", Status: "weird"}},
		{body: `{"id":5,"phone_number":"+15550001112","active":null,"name":"\u001b[31mred","x\u001b]0;t\u0007":1}`,
			want:  OwnedNumber{ID: "5", PhoneNumber: "+15550001112", Name: "red"},
			extra: "x"},
	}
	for _, tt := range tests {
		n, ok := decodeOwned([]byte(tt.body))
		if !ok {
			t.Fatalf("%s: not decoded", tt.body)
		}
		w := tt.want
		if n.ID != w.ID || n.PhoneNumber != w.PhoneNumber || n.Name != w.Name || n.CountryCode != w.CountryCode ||
			n.Active != w.Active || n.ActiveKnown != w.ActiveKnown || n.Status != w.Status || n.OperatorsCount != w.OperatorsCount {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.body, n, w)
		}
		var keys []string
		for _, f := range n.Extra {
			keys = append(keys, f.Key)
		}
		if strings.Join(keys, ",") != tt.extra {
			t.Errorf("%s: extra %q, want %q", tt.body, keys, tt.extra)
		}
		if got := strings.Join(n.OperatorNames(), ", "); got != tt.operator {
			t.Errorf("%s: operators %q, want %q", tt.body, got, tt.operator)
		}
	}
}
