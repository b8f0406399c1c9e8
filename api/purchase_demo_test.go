package api_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"numbrowse/api"
	"numbrowse/api/demo"
)

// TestPurchaseAgainstDemo checks that what Purchase sends is what the demo
// server (and so, by its spec, the API) accepts, and that Owned reads its
// list.
func TestPurchaseAgainstDemo(t *testing.T) {
	srv := httptest.NewServer(demo.NewHandler(demo.WithLatency(0, 0), demo.WithSize(20)))
	t.Cleanup(srv.Close)
	c, err := api.NewClient(api.WithBaseURL(srv.URL+demo.BasePath), api.WithAPIKey(demo.APIKey))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	q := api.Query{Country: "GB", Type: api.Local}
	res, err := c.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	n := res.Numbers[2]
	group := int64(17)
	got, err := c.Purchase(ctx, api.PurchaseRequest{
		PhoneNumber: n.E164, CountryCode: n.Country, NumberType: string(n.Type), Name: "Support",
		RequirementGroupID: &group, UpfrontCost: n.Upfront.String(), MonthlyCost: n.Monthly.String(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID == "" || got.PhoneNumber != n.E164 || got.Name != "Support" || got.CountryCode != "GB" || !got.Active {
		t.Errorf("purchased %+v", got)
	}

	list, err := c.Owned(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if o, ok := api.FindOwned(list, n.E164); !ok || o.ID != got.ID {
		t.Errorf("owned %+v does not list %s", list, n.E164)
	}
	res, err = c.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(res.Numbers, func(x api.Number) bool { return x.E164 == n.E164 }) {
		t.Error("the bought number is still offered")
	}

	_, err = c.Purchase(ctx, api.PurchaseRequest{PhoneNumber: n.E164})
	if !api.IsRejected(err) || api.IsOutcomeUnknown(err) || !strings.Contains(err.Error(), "no longer available") {
		t.Errorf("second purchase: %v", err)
	}
}
