package api

import (
	"context"
	"testing"
)

func TestOwned(t *testing.T) {
	srv, s := serve(t,
		reply(503, ``),
		reply(200, `{"data":[
			{"id":1,"phone_number":"+15551234567","name":"Sales","country_code":"US","active":true,
			 "ai_receptionist_enabled":"true","operators":[],"operators_count":0},
			{"id":"abc-2","phone_number":"+44 7700 900123","name":"\u001b]0;pwned\u0007Ops","active":null,
			 "operators":[{"id":1},{"id":2}]},
			{"number":"4930123456","active":1,"operators_count":"3"},
			"not an object", null, 42
		]}`))
	c, clock := testClient(t, srv)
	list, err := c.Owned(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.Count() != 2 || len(clock.Waits()) != 1 {
		t.Errorf("%d requests, waits %v: GET /virtual_numbers is retried like a search", s.Count(), clock.Waits())
	}
	want := []OwnedNumber{
		{ID: "1", PhoneNumber: "+15551234567", Name: "Sales", CountryCode: "US", Active: true,
			AIReceptionistEnabled: true, Operators: []byte(`[]`)},
		{ID: "abc-2", PhoneNumber: "+44 7700 900123", Name: "Ops", OperatorsCount: 2,
			Operators: []byte(`[{"id":1},{"id":2}]`)},
		{PhoneNumber: "4930123456", Active: true, OperatorsCount: 3},
	}
	if len(list) != len(want) {
		t.Fatalf("got %d numbers: %+v", len(list), list)
	}
	for i := range want {
		g, w := list[i], want[i]
		if g.ID != w.ID || g.PhoneNumber != w.PhoneNumber || g.Name != w.Name || g.CountryCode != w.CountryCode ||
			g.Active != w.Active || g.AIReceptionistEnabled != w.AIReceptionistEnabled ||
			g.OperatorsCount != w.OperatorsCount || string(g.Operators) != string(w.Operators) {
			t.Errorf("[%d] = %+v, want %+v", i, g, w)
		}
	}

	for _, tt := range []struct {
		e164, id string
		found    bool
	}{
		{"+15551234567", "1", true},
		{"+447700900123", "abc-2", true},
		{"+4930123456", "", true},
		{"+15550000000", "", false},
		{"", "", false},
	} {
		n, ok := FindOwned(list, tt.e164)
		if ok != tt.found || n.ID != tt.id {
			t.Errorf("FindOwned(%q) = %+v, %v", tt.e164, n, ok)
		}
	}
}

func TestOwnedBadBodies(t *testing.T) {
	for _, body := range []string{`<html>`, `{"data":{"id":1}}`, `{"numbers":[]}`, `"x"`} {
		srv, _ := serve(t, reply(200, body))
		c, _ := testClient(t, srv)
		if _, err := c.Owned(context.Background()); !IsBadResponse(err) {
			t.Errorf("%s: err = %v, want a bad response", body, err)
		}
	}
	srv, _ := serve(t, reply(200, `[{"id":5,"phone_number":"+15551234567"}]`))
	c, _ := testClient(t, srv)
	if list, err := c.Owned(context.Background()); err != nil || len(list) != 1 || list[0].ID != "5" {
		t.Errorf("bare array: %+v, %v", list, err)
	}
	srv, _ = serve(t, reply(403, `{"error":"Read permission required"}`))
	c, _ = testClient(t, srv)
	if _, err := c.Owned(context.Background()); !IsPermission(err) {
		t.Errorf("403: %v", err)
	}
}

func TestDecodeOwnedBody(t *testing.T) {
	tests := []struct {
		body   string
		ok     bool
		id, pn string
	}{
		{`{"data":{"id":7,"phone_number":"+15551234567"}}`, true, "7", "+15551234567"},
		{`{"data":{"id":7}}`, true, "7", "+15550001111"},                      // number filled in
		{`{"id":8,"phone_number":"+15551234567"}`, true, "8", "+15551234567"}, // no envelope
		{`{"data":{"name":"x"}}`, false, "", ""},
		{`{"data":null}`, false, "", ""},
		{`{"data":[]}`, false, "", ""},
		{``, false, "", ""},
	}
	for _, tt := range tests {
		n, ok := decodeOwnedBody([]byte(tt.body), "+15550001111")
		if ok != tt.ok || n.ID != tt.id || n.PhoneNumber != tt.pn {
			t.Errorf("%s: %+v, %v", tt.body, n, ok)
		}
	}
}
