package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Safety limits of OwnedList's paging: a paging that would go past them
// stops there and says so (OwnedList.Incomplete).
const (
	maxOwnedPages   = 1000
	maxOwnedNumbers = 100_000
)

// OwnedList returns every number on the account: GET /virtual_numbers,
// then each further page the answer points to. The documentation does not
// say whether the list is paged, so every common way of saying "there is
// more" is followed:
//
//   - a link to the next page: links.next, next, next_page_url,
//     next_page_uri, _links.next.href, paging.next (in the body, or in
//     meta, pagination or paging), or an HTTP Link header with rel="next";
//     relative links are resolved against the page's URL;
//   - page numbers: next_page, or current_page (page, page_number) below
//     total_pages (last_page, page_count; or total over per_page): the
//     next page is asked for with page and per_page, or page[number] and
//     page[size] when the answer spoke of page_number and page_size;
//   - a cursor: next_cursor, cursor.next, cursors.after, end_cursor, sent
//     back as cursor (after for cursors.after and end_cursor); has_more
//     without a cursor asks for starting_after the last id.
//
// The paging stops safely: at an empty page, a page that only repeats
// numbers already read, a link already followed, a link to another host
// (the API key is never sent anywhere but the API's own origin), 1,000
// pages or 100,000 numbers. Whatever made it stop early is said in
// Incomplete, as is a total the API announced and did not send. Numbers
// listed twice are kept once.
//
// Each page is retried like a search (see WithRetry); a page that fails
// fails the whole list, with the page's *Error.
func (c *Client) OwnedList(ctx context.Context) (*OwnedList, error) {
	out := &OwnedList{}
	seen := map[string]bool{}
	visited := map[string]bool{}
	req := &request{method: http.MethodGet, path: ownedPath}
	total := 0
	zeroBased := false // the first page called itself page 0
	for page := 1; ; page++ {
		at := c.requestURL(req)
		if visited[at] {
			out.Incomplete = "the API's next page pointed back to a page already read; stopped there"
			break
		}
		visited[at] = true
		pg, err := c.ownedPage(ctx, req)
		if err != nil {
			return nil, err
		}
		out.Pages++
		out.Skipped += pg.skipped
		added := 0
		for _, n := range pg.numbers {
			k := ownedKey(n)
			if seen[k] {
				continue
			}
			seen[k] = true
			out.Numbers = append(out.Numbers, n)
			added++
		}
		if pg.hints.total > 0 {
			total = pg.hints.total
		}
		if page == 1 && pg.hints.hasCur && pg.hints.current == 0 {
			zeroBased = true
		}
		if len(pg.numbers) == 0 && pg.skipped == 0 {
			break // an empty page: the end, whatever the hints say
		}
		if added == 0 && page > 1 {
			out.Incomplete = fmt.Sprintf("page %d of the API's answer repeated numbers already read; stopped there", page)
			break
		}
		if len(out.Numbers) >= maxOwnedNumbers {
			out.Incomplete = fmt.Sprintf("stopped after %d numbers, numbrowse's limit", maxOwnedNumbers)
			break
		}
		next, note := c.nextOwnedPage(at, page, zeroBased, pg, out.Numbers)
		if note != "" {
			out.Incomplete = note
			break
		}
		if next == nil {
			break
		}
		if page >= maxOwnedPages {
			out.Incomplete = fmt.Sprintf("stopped after %d pages, numbrowse's limit", maxOwnedPages)
			break
		}
		req = next
	}
	if out.Incomplete == "" && total > len(out.Numbers)+out.Skipped {
		out.Incomplete = fmt.Sprintf("the API said the account has %d numbers but sent %d", total, len(out.Numbers)+out.Skipped)
	}
	out.FetchedAt = c.now()
	return out, nil
}

// ownedKey identifies a number on the account: its id, else its digits.
func ownedKey(n OwnedNumber) string {
	if n.ID != "" {
		return "id:" + n.ID
	}
	return "pn:" + digits(n.PhoneNumber)
}

// requestURL is where req goes.
func (c *Client) requestURL(req *request) string {
	u := req.rawURL
	if u == "" {
		u = c.base + req.path
	}
	if len(req.query) > 0 {
		if strings.Contains(u, "?") {
			u += "&" + req.query.Encode()
		} else {
			u += "?" + req.query.Encode()
		}
	}
	return u
}

// ownedPage is one page of the owned numbers and what it says about the
// next.
type ownedPage struct {
	numbers []OwnedNumber
	skipped int
	hints   pageHints
	lastID  string
}

// ownedPage reads one page.
func (c *Client) ownedPage(ctx context.Context, req *request) (ownedPage, error) {
	var pg ownedPage
	var link string
	req.header = func(h http.Header) { link = nextLink(h.Values("Link")) }
	err := c.do(ctx, req, true, func(r io.Reader) error {
		b, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		p, ok := decodeOwnedPage(b)
		if !ok {
			return badResponse("the list of owned numbers is not the expected JSON")
		}
		pg = p
		return nil
	})
	if err != nil {
		return ownedPage{}, err
	}
	if link != "" && pg.hints.next == "" {
		pg.hints.next, pg.hints.nextSaid = link, true
	}
	return pg, nil
}

// decodeOwnedPage reads {"data": [...], ...paging...} or a bare array.
func decodeOwnedPage(b []byte) (ownedPage, bool) {
	var pg ownedPage
	b = bytes.TrimSpace(b)
	list := b
	if len(b) > 0 && b[0] == '{' {
		var top map[string]json.RawMessage
		if json.Unmarshal(b, &top) != nil {
			return pg, false
		}
		list = bytes.TrimSpace(top["data"])
		pg.hints = readPageHints(top)
	}
	var items []json.RawMessage
	if len(list) == 0 || list[0] != '[' || json.Unmarshal(list, &items) != nil {
		return pg, false
	}
	for _, it := range items {
		n, ok := decodeOwned(it)
		if !ok || (n.ID == "" && n.PhoneNumber == "") {
			pg.skipped++
			continue
		}
		pg.numbers = append(pg.numbers, n)
		if n.ID != "" {
			pg.lastID = n.ID
		}
	}
	return pg, true
}

// pageHints is what a page says about the next one. Zero values mean the
// page did not say.
type pageHints struct {
	next     string // a link to the next page
	nextSaid bool   // a next-link field was there (null or "" means: no more)
	nextPage int    // next_page
	nextNull bool   // next_page was there and null: no more
	current  int    // current_page, page, page_number
	hasCur   bool   // current was there (it may be 0: a 0-based page)
	pages    int    // total_pages, last_page, page_count
	perPage  int    // per_page, page_size, limit
	total    int    // total, total_count, total_results
	bracket  bool   // spoke of page_number/page_size: ask with page[number], page[size]
	cursor   string
	cursorAs string // the query parameter the cursor goes back in
	hasMore  int    // 1: has_more true; -1: false; 0: not said
}

// pageContainers are the objects paging details are found in, besides
// the top level.
var pageContainers = []string{"meta", "pagination", "paging", "page_info", "pageInfo", "links", "_links"}

// readPageHints collects the paging details of a page's top-level object.
func readPageHints(top map[string]json.RawMessage) pageHints {
	objs := []map[string]json.RawMessage{top}
	for _, k := range pageContainers {
		if m := object(top[k]); m != nil {
			objs = append(objs, m)
			// meta.pagination, meta.page (JSON:API and Laravel).
			for _, inner := range []string{"pagination", "page", "cursor"} {
				if mm := object(m[inner]); mm != nil {
					objs = append(objs, mm)
				}
			}
		}
	}
	var h pageHints
	for _, m := range objs {
		h.readLinks(m)
		h.readNumbers(m)
		h.readCursor(m)
	}
	if h.pages == 0 && h.total > 0 && h.perPage > 0 {
		h.pages = (h.total + h.perPage - 1) / h.perPage
	}
	return h
}

// readLinks reads next-page links: "next" (in links or at the top),
// next_page_url, next_page_uri (Twilio), and HAL's {"next": {"href"}}.
func (h *pageHints) readLinks(m map[string]json.RawMessage) {
	for _, k := range []string{"next", "next_page_url", "next_page_uri", "nextPageUrl", "next_url", "nextLink"} {
		v, ok := m[k]
		if !ok {
			continue
		}
		v = bytes.TrimSpace(v)
		if o := object(v); o != nil {
			v = bytes.TrimSpace(o["href"])
		}
		if isNumber(v) {
			continue // "next": 2 is a page number, read by readNumbers
		}
		s, isStr := jsonString(v)
		if !isStr && !isNull(v) {
			continue
		}
		if h.next == "" {
			h.next = strings.TrimSpace(s)
		}
		h.nextSaid = true
	}
}

// readNumbers reads page numbers and counts.
func (h *pageHints) readNumbers(m map[string]json.RawMessage) {
	num := func(keys ...string) (int, bool) {
		for _, k := range keys {
			if n, err := strconv.Atoi(strings.TrimSpace(scalar(m[k]))); err == nil && n >= 0 {
				return n, true
			}
		}
		return 0, false
	}
	if v, ok := m["next_page"]; ok {
		if isNull(bytes.TrimSpace(v)) {
			h.nextNull = true
		} else if n, ok := num("next_page"); ok && n > 0 && h.nextPage == 0 {
			h.nextPage = n
		}
	}
	if n, ok := num("next"); ok && n > 0 && h.nextPage == 0 {
		h.nextPage = n
	}
	if n, ok := num("current_page", "page", "page_number", "currentPage", "pageNumber"); ok && !h.hasCur {
		h.current, h.hasCur = n, true
	}
	if n, ok := num("total_pages", "last_page", "page_count", "totalPages", "lastPage", "pageCount"); ok && h.pages == 0 {
		h.pages = n
	}
	if n, ok := num("per_page", "page_size", "perPage", "pageSize", "limit"); ok && n > 0 && h.perPage == 0 {
		h.perPage = n
	}
	if n, ok := num("total", "total_count", "total_results", "totalCount", "totalResults", "total_entries"); ok && h.total == 0 {
		h.total = n
	}
	if _, ok := m["page_number"]; ok {
		h.bracket = true
	}
	if _, ok := m["page_size"]; ok {
		h.bracket = true
	}
}

// readCursor reads a cursor and has_more.
func (h *pageHints) readCursor(m map[string]json.RawMessage) {
	for _, c := range []struct{ key, param string }{
		{"next_cursor", "cursor"}, {"nextCursor", "cursor"}, {"after", "after"}, {"end_cursor", "after"},
		{"endCursor", "after"},
	} {
		if s, ok := jsonString(bytes.TrimSpace(m[c.key])); ok && strings.TrimSpace(s) != "" && h.cursor == "" {
			h.cursor, h.cursorAs = strings.TrimSpace(s), c.param
		}
	}
	if cur := object(m["cursors"]); cur != nil { // {"cursors": {"after": "..."}}
		if s, ok := jsonString(bytes.TrimSpace(cur["after"])); ok && strings.TrimSpace(s) != "" && h.cursor == "" {
			h.cursor, h.cursorAs = strings.TrimSpace(s), "after"
		}
	}
	for _, k := range []string{"has_more", "hasMore", "has_next_page", "hasNextPage", "more"} {
		if v, ok := boolean(m[k]); ok && h.hasMore == 0 {
			h.hasMore = -1
			if v {
				h.hasMore = 1
			}
		}
	}
}

// object returns v as an object, or nil.
func object(v json.RawMessage) map[string]json.RawMessage {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || v[0] != '{' {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(v, &m) != nil {
		return nil
	}
	return m
}

// nextOwnedPage decides the request for the page after page (read from
// at; the API numbers its pages from 0 when zeroBased): nil when there is
// none, or a note when the paging cannot go on.
func (c *Client) nextOwnedPage(at string, page int, zeroBased bool, pg ownedPage, sofar []OwnedNumber) (*request, string) {
	h := pg.hints
	switch {
	case h.next != "":
		u, note := c.followable(at, h.next)
		if note != "" {
			return nil, note
		}
		return &request{method: http.MethodGet, rawURL: u, path: ownedPath}, ""
	case h.nextSaid:
		return nil, "" // "next": null
	case h.nextPage > 0:
		return c.pageRequest(h, h.nextPage), ""
	case h.nextNull:
		return nil, ""
	}
	if h.pages > 0 {
		current, last := page, h.pages
		if zeroBased { // pages 0 .. pages-1
			current, last = page-1, h.pages-1
		}
		if h.hasCur {
			current = h.current
		}
		if current < last {
			return c.pageRequest(h, current+1), ""
		}
		return nil, ""
	}
	if h.cursor != "" && h.hasMore >= 0 {
		return &request{method: http.MethodGet, path: ownedPath, query: url.Values{h.cursorAs: {h.cursor}}}, ""
	}
	if h.hasMore > 0 {
		last := pg.lastID
		if last == "" && len(sofar) > 0 {
			last = sofar[len(sofar)-1].ID
		}
		if last == "" {
			return nil, "the API said there are more numbers but not how to ask for them"
		}
		return &request{method: http.MethodGet, path: ownedPath, query: url.Values{"starting_after": {last}}}, ""
	}
	return nil, ""
}

// pageRequest asks for page n in the style the answer used.
func (c *Client) pageRequest(h pageHints, n int) *request {
	q := url.Values{}
	if h.bracket {
		q.Set("page[number]", strconv.Itoa(n))
		if h.perPage > 0 {
			q.Set("page[size]", strconv.Itoa(h.perPage))
		}
	} else {
		q.Set("page", strconv.Itoa(n))
		if h.perPage > 0 {
			q.Set("per_page", strconv.Itoa(h.perPage))
		}
	}
	return &request{method: http.MethodGet, path: ownedPath, query: q}
}

// followable resolves a next-page link against the page it came from and
// checks that it stays on the API's origin (scheme, host and port): the
// request carries the API key. note says why it is not followed.
func (c *Client) followable(at, link string) (string, string) {
	from, err := url.Parse(at)
	if err != nil {
		return "", "the API's link to the next page could not be read; stopped there"
	}
	to, err := from.Parse(link)
	if err != nil || to.Host == "" {
		return "", "the API's link to the next page could not be read; stopped there"
	}
	base, _ := url.Parse(c.base)
	if !strings.EqualFold(to.Scheme, base.Scheme) || !strings.EqualFold(to.Host, base.Host) {
		return "", "the API's next page is on another host (" + truncate(Printable(to.Host), 60) +
			"), which is not sent the API key; stopped there"
	}
	to.Fragment = ""
	return to.String(), ""
}

// nextLink returns the target of an HTTP Link header's rel="next" entry,
// or "".
func nextLink(values []string) string {
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			part = strings.TrimSpace(part)
			if !strings.HasPrefix(part, "<") {
				continue
			}
			end := strings.Index(part, ">")
			if end < 0 {
				continue
			}
			target, params := part[1:end], part[end+1:]
			for p := range strings.SplitSeq(params, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
				if strings.EqualFold(strings.TrimSpace(k), "rel") {
					for r := range strings.FieldsSeq(strings.Trim(strings.TrimSpace(v), `"`)) {
						if strings.EqualFold(r, "next") {
							return target
						}
					}
				}
			}
		}
	}
	return ""
}
