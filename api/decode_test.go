package api

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// numView is a Number with its Decimals and Extra as text, for comparing.
type numView struct {
	E164, Display, Country, Type string
	TypeWord                     string
	Upfront, Monthly, Currency   string
	Features                     []string
	Regions                      []Region
	Flags                        Flags
	Requirements                 []Requirement
	Extra                        []string // key=value
}

func viewOf(n Number) numView {
	v := numView{E164: n.E164, Display: n.Display, Country: n.Country, Type: string(n.Type), TypeWord: n.TypeWord,
		Upfront: n.Upfront.String(), Monthly: n.Monthly.String(), Currency: n.Currency(),
		Features: n.Features, Regions: n.Regions, Flags: n.Flags, Requirements: n.Requirements}
	for _, f := range n.Extra {
		v.Extra = append(v.Extra, f.Key+"="+string(f.Value))
	}
	return v
}

func decodeFile(t *testing.T, name string, q Query) *Result {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := DecodeSearch(f, q)
	if err != nil {
		t.Fatalf("DecodeSearch(%s): %v", name, err)
	}
	return res
}

var usLocal = Query{Country: "US", Type: Local}

func TestDecodeSearchProviderShapes(t *testing.T) {
	tests := []struct {
		file    string
		q       Query
		want    []numView
		skipped int
	}{
		{"documented.json", usLocal, []numView{{
			E164: "+15551234567", Country: "US", Type: "local", Upfront: "1.00", Monthly: "1.00",
			Features: []string{"mms", "sms", "voice"}, Regions: []Region{{"state", "CA"}},
		}}, 0},
		{"telnyx.json", Query{Country: "FR", Type: Mobile}, []numView{{
			E164: "+19705555098", Country: "US", Type: "mobile", Upfront: "1.00", Monthly: "1.50", Currency: "USD",
			Features: []string{"mms", "sms", "voice"},
			Regions:  []Region{{"country_code", "US"}, {"rate_center", "DENVER"}, {"state", "CO"}},
			Flags:    Flags{Quickship: true, Reservable: true},
			Extra:    []string{`record_type="available_phone_number"`},
		}, {
			E164: "+4930123456789", Country: "FR", Type: "mobile", Upfront: "0.00", Monthly: "0.9", Currency: "EUR",
			Features: []string{"voice"}, Regions: []Region{{"location", "Berlin"}},
			Flags: Flags{BestEffort: true, DocumentsRequired: true},
			Requirements: []Requirement{
				{Label: "Address in Berlin", Detail: "A local address in the number's area code", Fields: []Field{
					{"requirement_type", []byte(`"address"`)}, {"field_type", []byte(`"address"`)}}},
				{Label: "Proof of identity", Fields: []Field{
					{"requirement_type", []byte(`"identity"`)}, {"field_type", []byte(`"document"`)}}},
			},
			Extra: []string{`record_type="available_phone_number"`},
		}}, 0},
		{"twilio.json", usLocal, []numView{{
			E164: "+18089251571", Display: "(808) 925-1571", Country: "US", Type: "local",
			Features: []string{"mms", "sms", "voice"},
			Regions: []Region{{"lata", "834"}, {"locality", "Hilo"}, {"rate_center", "HILO"},
				{"coordinates", "19.705000, -155.085000"}, {"state", "HI"}, {"postal_code", "96720"}},
			Extra: []string{`beta=false`},
		}, {
			E164: "+442079460321", Display: "+44 20 7946 0321", Country: "GB", Type: "local",
			Features: []string{"voice"}, Regions: []Region{{"locality", "London"}},
			Flags: Flags{AddressRequirement: "local"},
			Extra: []string{`beta=false`},
		}}, 0},
		{"vonage.json", Query{Country: "GB", Type: Mobile}, []numView{{
			E164: "+447700900000", Country: "GB", Type: "mobile", TypeWord: "mobile-lvn", Monthly: "1.25", Features: []string{"sms", "voice"},
		}, {
			E164: "+447700900001", Country: "GB", Type: "toll-free", TypeWord: "landline-toll-free", Monthly: "0.80", Features: []string{"sms", "voice"},
		}, {
			E164: "+447700900002", Country: "GB", Type: "mobile", TypeWord: "mobile-lvn", Features: []string{"mms", "sms"},
			Extra: []string{`cost="£1.25"`},
		}}, 0},
		{"bandwidth.json", usLocal, []numView{{
			E164: "+19195551234", Country: "US", Type: "toll-free", Upfront: "0.00", Monthly: "0.35", Currency: "USD",
			Features: []string{"sms", "voice"}, Regions: []Region{{"locality", "RALEIGH"}},
		}, {
			E164: "+14155550100", Country: "US", Type: "local", Upfront: "1", Monthly: "0.5000", Currency: "USD",
			Features: []string{"sms", "voice"}, Flags: Flags{DocumentsRequired: true},
			Extra: []string{`setupPrice.billingFrequency="once"`},
		}}, 0},
		{"numbers.json", Query{Country: "DE", Type: National}, []numView{{
			E164: "+447700900123", Country: "GB", Type: "mobile", Upfront: "1.1", Monthly: "2.5e0", Features: []string{"sms"},
			Extra: []string{`monthly_rental_rate=12345678901234567890.123456789`},
		}, {
			E164: "+447700900124", Country: "DE", Type: "national", Upfront: "0", Monthly: "1E-2",
			Regions: []Region{{"postal_code", "10115"}},
		}}, 0},
		{"nulls.json", usLocal, []numView{{
			E164: "+15550001111", Country: "US", Type: "local", Extra: []string{"record_type=null"},
		}, {
			E164: "+15550002222", Country: "US", Type: "local", Features: []string{"sms"}, Regions: []Region{{"", "NY"}},
		}}, 1},
		{"missing.json", Query{Country: "fr", Type: "Mobile"}, []numView{{
			E164: "+33612345678", Country: "FR", Type: "mobile", Upfront: "2.00",
		}, {
			E164: "+33612345679", Country: "FR", Type: "toll-free", Extra: []string{`country_code="+33"`},
		}}, 0},
		{"skipped.json", usLocal, []numView{{
			E164: "+15550000003", Country: "US", Type: "local",
		}, {
			E164: "+15550000004", Country: "US", Type: "local", Extra: []string{`phone_number="+15550000099"`},
		}}, 9},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res := decodeFile(t, tt.file, tt.q)
			var got []numView
			for _, n := range res.Numbers {
				got = append(got, viewOf(n))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d numbers, want %d: %+v", len(got), len(tt.want), got)
			}
			for i := range got {
				if !reflect.DeepEqual(got[i], tt.want[i]) {
					t.Errorf("number %d:\n got %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
			if res.Skipped.Total() != tt.skipped {
				t.Errorf("Skipped = %d, want %d", res.Skipped, tt.skipped)
			}
			if res.Query != tt.q {
				t.Errorf("Query = %v, want %v", res.Query, tt.q)
			}
			if res.FetchedAt.IsZero() {
				t.Error("FetchedAt not set")
			}
			assertResultPrintable(t, res)
		})
	}
}

func TestDecodeSearchHostileText(t *testing.T) {
	res := decodeFile(t, "hostile.json", usLocal)
	if len(res.Numbers) != 1 {
		t.Fatalf("got %d numbers", len(res.Numbers))
	}
	got := viewOf(res.Numbers[0])
	want := numView{
		E164: "+15550009999", Display: "Free numberevil", Country: "US", Type: "mobile",
		Features: []string{"sms", "voice"}, Regions: []Region{{"state", "CA"}},
		Flags:        Flags{DocumentsRequired: true, AddressRequirement: "local"},
		Requirements: []Requirement{{Label: "proof of address"}},
		Extra:        []string{`key="\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\"`},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %+v\nwant %+v", got, want)
	}
	assertResultPrintable(t, res)
}

func TestDecodeSearchCosts(t *testing.T) {
	tests := []struct {
		entry            string
		upfront, monthly string
		currency         string
		extra            []string
	}{
		{`"upfront_cost":"1.10","monthly_cost":1.1`, "1.10", "1.1", "", nil},
		{`"upfront_cost":"","monthly_cost":null`, "", "", "", nil},
		{`"upfront_cost":" 2.5 ","currency":"gbp"`, "2.5", "", "GBP", nil},
		{`"upfront_cost":"free","setup_rate":"0.50"`, "0.50", "", "", []string{`upfront_cost="free"`}},
		{`"upfront_cost":true`, "", "", "", []string{"upfront_cost=true"}},
		{`"monthly_cost":1e999999`, "", "", "", []string{"monthly_cost=1e999999"}},
		{`"monthly_cost":"1e-99999"`, "", "", "", []string{`monthly_cost="1e-99999"`}},
		{`"monthly_rental_rate":"0.0075","setup_rate":0`, "0", "0.0075", "", nil},
		{`"cost":{"amount":"3","currencyCode":"jpy"}`, "", "3", "JPY", nil},
		{`"cost_information":{"upfront_cost":1,"monthly_cost":"2","currency":"USD","tax":"0"}`, "1", "2", "USD",
			[]string{`cost_information.tax="0"`}},
		{`"cost_information":"1.00"`, "", "", "", []string{`cost_information="1.00"`}},
		{`"currency":"US Dollar","setupPrice":{"amount":"1","currencyCode":"CAD"}`, "1", "", "CAD",
			[]string{`currency="US Dollar"`}},
		{`"monthlyPrice":{"amount":null,"currencyCode":null},"cost":"4"`, "", "4", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.entry, func(t *testing.T) {
			body := `{"data":[{"phone_number":"+15551230000",` + tt.entry + `}]}`
			res, err := DecodeSearch(strings.NewReader(body), usLocal)
			if err != nil || len(res.Numbers) != 1 {
				t.Fatalf("DecodeSearch: %v, %+v", err, res)
			}
			v := viewOf(res.Numbers[0])
			if v.Upfront != tt.upfront || v.Monthly != tt.monthly || v.Currency != tt.currency {
				t.Errorf("got upfront %q monthly %q currency %q, want %q %q %q",
					v.Upfront, v.Monthly, v.Currency, tt.upfront, tt.monthly, tt.currency)
			}
			if !reflect.DeepEqual(v.Extra, tt.extra) {
				t.Errorf("Extra = %q, want %q", v.Extra, tt.extra)
			}
		})
	}
}

func TestDecodeSearchFeaturesRegionsFlags(t *testing.T) {
	tests := []struct {
		entry string
		check func(v numView) bool
		extra []string
	}{
		{`"features":["SMS","sms"," Voice ",""],"capabilities":{"MMS":true,"Fax":false,"x":null}`,
			func(v numView) bool { return reflect.DeepEqual(v.Features, []string{"mms", "sms", "voice"}) }, nil},
		{`"capabilities":["fax","SMS"]`,
			func(v numView) bool { return reflect.DeepEqual(v.Features, []string{"fax", "sms"}) }, nil},
		{`"capabilities":{"voice":"yes","sms":true}`,
			func(v numView) bool { return reflect.DeepEqual(v.Features, []string{"sms"}) },
			[]string{`capabilities.voice="yes"`}},
		{`"features":[{"name":"sms","since":1},{"title":"x"},7]`,
			func(v numView) bool { return reflect.DeepEqual(v.Features, []string{"sms"}) },
			[]string{`features[0].since=1`, `features[1].title="x"`, `features[2]=7`}},
		{`"capability":"Voice"`,
			func(v numView) bool { return reflect.DeepEqual(v.Features, []string{"voice"}) }, nil},
		{`"features":"sms, Voice"`, func(v numView) bool { return reflect.DeepEqual(v.Features, []string{"sms", "voice"}) }, nil},
		{`"features":7`, func(v numView) bool { return v.Features == nil }, []string{`features=7`}},
		{`"voice_enabled":true,"smsEnabled":true,"fax_enabled":false,"mms_enabled":"yes"`,
			func(v numView) bool { return reflect.DeepEqual(v.Features, []string{"sms", "voice"}) }, []string{`mms_enabled="yes"`}},
		{`"region_information":[{"region_type":"state"},{"region_name":"X"},{}],"locality":"Y"`,
			func(v numView) bool {
				return reflect.DeepEqual(v.Regions, []Region{{"state", ""}, {"", "X"}, {"locality", "Y"}})
			}, nil},
		{`"region_information":[{"region_type":"state","region_name":"CA","extra":1},"CA"]`,
			func(v numView) bool { return reflect.DeepEqual(v.Regions, []Region{{"state", "CA"}}) },
			[]string{`region_information[0].extra=1`, `region_information[1]="CA"`}},
		{`"postal_code":{"zip":"1"}`, func(v numView) bool { return v.Regions == nil },
			[]string{`postal_code={"zip":"1"}`}},
		{`"best_effort":true,"quickship":"yes","reservable":true`,
			func(v numView) bool { return v.Flags == Flags{BestEffort: true, Reservable: true} },
			[]string{`quickship="yes"`}},
		{`"address_requirements":"none","supportingDocumentationRequired":true`,
			func(v numView) bool { return v.Flags == Flags{DocumentsRequired: true} }, nil},
		{`"address_requirements":"Foreign"`,
			func(v numView) bool { return v.Flags == Flags{AddressRequirement: "foreign"} }, nil},
		{`"regulatory_requirements":[]`, func(v numView) bool { return v.Flags == Flags{} }, nil},
		{`"regulatory_requirements":[{"name":"ID"},{"description":"Proof of address"},{}]`,
			func(v numView) bool {
				return v.Flags.DocumentsRequired && reflect.DeepEqual(v.Requirements,
					[]Requirement{{Label: "ID"}, {Label: "Proof of address"}, {Label: "unnamed requirement"}})
			}, nil},
		{`"regulatory_requirements":[{"label":"ID","acceptance":"x"}]`,
			func(v numView) bool {
				return reflect.DeepEqual(v.Requirements, []Requirement{{Label: "ID", Fields: []Field{{"acceptance", []byte(`"x"`)}}}})
			}, nil},
		{`"prerequisites":[{"proof_required":true,"type":"address"}],"conditions":["Proof of ID"]`,
			func(v numView) bool {
				return v.Flags.DocumentsRequired && reflect.DeepEqual(v.Requirements, []Requirement{
					{Label: "address", Fields: []Field{{"proof_required", []byte(`true`)}, {"type", []byte(`"address"`)}}},
					{Label: "Proof of ID"}})
			}, nil},
		{`"verificationRequired":true`, func(v numView) bool { return v.Flags == Flags{DocumentsRequired: true} }, nil},
		{`"friendly_name":"","vanity_format":"555-FLOWERS"`,
			func(v numView) bool { return v.Display == "555-FLOWERS" }, nil},
		{`"friendly_name":5`, func(v numView) bool { return v.Display == "" }, []string{"friendly_name=5"}},
		{`"number_type":"TOLL_FREE"`, func(v numView) bool { return v.Type == "toll-free" }, nil},
		{`"type":7`, func(v numView) bool { return v.Type == "local" }, []string{"type=7"}},
		{`"record_type":"x" , "z" : [ 1, 2 ]`, func(v numView) bool { return true },
			[]string{`record_type="x"`, `z=[1,2]`}},
		{`"ph\u006fne_number":"+15551230001"`, func(v numView) bool { return true },
			[]string{`phone_number="+15551230001"`}},
	}
	for _, tt := range tests {
		t.Run(tt.entry, func(t *testing.T) {
			body := `{"data":[{"phone_number":"+15551230000",` + tt.entry + `}]}`
			res, err := DecodeSearch(strings.NewReader(body), usLocal)
			if err != nil || len(res.Numbers) != 1 {
				t.Fatalf("DecodeSearch: %v, %+v", err, res)
			}
			v := viewOf(res.Numbers[0])
			if !tt.check(v) {
				t.Errorf("unexpected number %+v", v)
			}
			if !reflect.DeepEqual(v.Extra, tt.extra) {
				t.Errorf("Extra = %q, want %q", v.Extra, tt.extra)
			}
		})
	}
}

// checkNationalNumbers: digits without "+" are E.164 when they start with
// the country's calling code and the rest has a possible length there;
// else a national number completed with the calling code when
// libphonenumber says it is valid in the country (the entry's, else the
// searched one); else msisdn style, unless they start with 0.
func checkNationalNumbers(t *testing.T) {
	t.Helper()
	tests := []struct {
		entry   string
		country string
		want    string
		why     SkipReason
	}{
		{`"number":"6093252507"`, "US", "+16093252507", skipNone},               // Bandwidth FullNumber
		{`"number":"(415) 555-0100"`, "US", "+14155550100", skipNone},           // national, formatted
		{`"number":"14155550100"`, "US", "+14155550100", skipNone},              // calling code and a possible length
		{`"number":"07400 123456"`, "GB", "+447400123456", skipNone},            // with the trunk prefix
		{`"number":"2079460321"`, "GB", "+442079460321", skipNone},              // without it
		{`"number":"2079460321","country":"FR"`, "GB", "+2079460321", skipNone}, // not valid in FR: msisdn style
		{`"number":"447700900123"`, "FR", "+447700900123", skipNone},            // another country's, in E.164
		{`"number":"0123456789"`, "GB", "", SkipBadNumber},                      // national and not valid
		{`"number":""`, "GB", "", SkipNoNumber},
		{`"phone":"+15551234567"`, "US", "", SkipNoNumber},
	}
	for _, tt := range tests {
		body := `{"data":[{` + tt.entry + `}]}`
		res, err := DecodeSearch(strings.NewReader(body), Query{Country: tt.country, Type: Local})
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case tt.want != "" && (len(res.Numbers) != 1 || res.Numbers[0].E164 != tt.want):
			t.Errorf("%s in %s: got %+v, want %s", tt.entry, tt.country, res.Numbers, tt.want)
		case tt.want == "" && (len(res.Numbers) != 0 || res.Skipped.Count(tt.why) != 1):
			t.Errorf("%s in %s: got %+v skipped %q, want skipped %v", tt.entry, tt.country, res.Numbers, res.Skipped, tt.why)
		}
	}
}

func TestDecodeSearchPhoneNumbers(t *testing.T) {
	tests := []struct {
		value string
		want  string // "" means skipped
	}{
		{`"+15551234567"`, "+15551234567"},
		{`"15551234567"`, "+15551234567"},
		{`15551234567`, "+15551234567"},
		{`"+1 (555) 123-4567"`, "+15551234567"},
		{`"+44.20.7946.0000"`, "+442079460000"},
		{`"1234567"`, "+1234567"},
		{`"123456"`, ""},
		{`"+123456789012345"`, "+123456789012345"},
		{`"+1234567890123456"`, ""},
		{`"+1555+1234567"`, ""},
		{`"tel:+15551234567"`, ""},
		{`1.5551234567e10`, ""},
		{`-15551234567`, ""},
		{`"１５５５１２３４５６７"`, ""},
		{`""`, ""},
		{`null`, ""},
		{`["+15551234567"]`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			body := `{"data":[{"phone_number":` + tt.value + `}]}`
			res, err := DecodeSearch(strings.NewReader(body), usLocal)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.want == "" && (len(res.Numbers) != 0 || res.Skipped.Total() != 1):
				t.Errorf("want skipped, got %+v skipped %d", res.Numbers, res.Skipped)
			case tt.want != "" && (len(res.Numbers) != 1 || res.Numbers[0].E164 != tt.want):
				t.Errorf("want %s, got %+v", tt.want, res.Numbers)
			}
		})
	}
	// Later keys are tried when the first is unusable.
	body := `{"data":[{"phone_number":"n/a","msisdn":"447700900000"}]}`
	checkNationalNumbers(t)
	res, err := DecodeSearch(strings.NewReader(body), usLocal)
	if err != nil || len(res.Numbers) != 1 || res.Numbers[0].E164 != "+447700900000" {
		t.Fatalf("fallback: %v %+v", err, res)
	}
	if got := viewOf(res.Numbers[0]).Extra; !reflect.DeepEqual(got, []string{`phone_number="n/a"`}) {
		t.Errorf("Extra = %q", got)
	}
}

func TestDecodeSearchDuplicates(t *testing.T) {
	body := `{"data":[{"phone_number":"+15550000001","upfront_cost":"1"},
		{"phone_number":"+1 555 000 0001","upfront_cost":"2"},{"msisdn":"15550000001"},
		{"phone_number":"+15550000002"}]}`
	res, err := DecodeSearch(strings.NewReader(body), usLocal)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Numbers) != 2 || res.Skipped.Total() != 2 || res.Numbers[0].Upfront.String() != "1" {
		t.Errorf("got %+v skipped %d", res.Numbers, res.Skipped)
	}
}

func TestDecodeSearchTopLevel(t *testing.T) {
	tests := []struct {
		body    string
		wantErr string // "" means success
		count   int
	}{
		{`{"data":[]}`, "", 0},
		{`{"data":null}`, "", 0},
		{` {"meta":{"a":[1,{"b":null}]},"data":[{"phone_number":"+15551234567"}],"links":{}} `, "", 1},
		{`{"data":[{"phone_number":"+15551234567"}],"data":[{"phone_number":"+15557654321"}]}`, "", 1},
		{`{"data":[],"big":1e999999}`, "", 0},
		{``, "response body is empty", 0},
		{`   `, "response body is empty", 0},
		{`<html><body>Bad Gateway</body></html>`, "response is not JSON", 0},
		{`[{"phone_number":"+15551234567"}]`, "response is not a JSON object (it is a list)", 0},
		{`"data"`, "response is not a JSON object (it is a string)", 0},
		{`null`, "response is not a JSON object (it is null)", 0},
		{`{}`, `response has no "data" list`, 0},
		{`{"numbers":[]}`, `response has no "data" list`, 0},
		{`{"error":"Upstream provider unavailable"}`, `response has no "data" list: Upstream provider unavailable`, 0},
		{`{"data":{"phone_number":"+15551234567"}}`, `response "data" is not a list (it is an object)`, 0},
		{`{"data":"none"}`, `response "data" is not a list (it is a string)`, 0},
		{`{"data":7}`, `response "data" is not a list (it is a number)`, 0},
		{`{"data":[{"phone_number":"+15551234567"}`, "truncated", 0},
		{`{"data":[{"phone_number":"+155512`, "truncated", 0},
		{`{"data":[{"phone_number":"+15551234567"},]}`, "not valid JSON at byte", 0},
		{`{"data":[]`, "truncated", 0},
		{`{"data":[]}}`, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			res, err := DecodeSearch(strings.NewReader(tt.body), usLocal)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Numbers) != tt.count {
					t.Errorf("got %d numbers, want %d", len(res.Numbers), tt.count)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Kind != KindBadResponse {
				t.Fatalf("err = %v (%T), want a KindBadResponse *Error", err, err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %q, want it to mention %q", err, tt.wantErr)
			}
			if res != nil {
				t.Error("result with an error")
			}
		})
	}
}

func TestDecodeSearchReaderError(t *testing.T) {
	boom := errors.New("connection reset")
	r := iotest.DataErrReader(iotest.TimeoutReader(strings.NewReader(`{"data":[{"phone_number":"+15551234567"},`)))
	_, err := DecodeSearch(r, usLocal)
	if KindOf(err) != KindNetwork || !errors.Is(err, iotest.ErrTimeout) {
		t.Errorf("err = %v, want KindNetwork wrapping iotest.ErrTimeout", err)
	}
	_, err = DecodeSearch(iotest.ErrReader(boom), usLocal)
	if KindOf(err) != KindNetwork || !errors.Is(err, boom) {
		t.Errorf("err = %v, want KindNetwork wrapping boom", err)
	}
}

func TestDecodeSearchOneByteReads(t *testing.T) {
	f, err := os.ReadFile("testdata/telnyx.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := DecodeSearch(iotest.OneByteReader(strings.NewReader(string(f))), usLocal)
	if err != nil || len(res.Numbers) != 2 {
		t.Fatalf("%v %+v", err, res)
	}
}

func ExampleDecodeSearch() {
	body := `{"data":[{"msisdn":"447700900000","country":"GB","cost":"1.25","features":["VOICE","SMS"]}]}`
	res, err := DecodeSearch(strings.NewReader(body), Query{Country: "GB", Type: Mobile})
	if err != nil {
		panic(err)
	}
	n := res.Numbers[0]
	fmt.Println(n.E164, n.Country, n.Type, n.Monthly.Fixed(2), n.Features)
	// Output: +447700900000 GB mobile 1.25 [sms voice]
}

func TestNumberHas(t *testing.T) {
	res := decodeFile(t, "twilio.json", usLocal)
	n := res.Numbers[0]
	if !n.Has("sms") || !n.Has("voice") || n.Has("fax") || n.Has("SMS") {
		t.Errorf("Has on %q", n.Features)
	}
}

func TestLongProviderTextIsCut(t *testing.T) {
	long := strings.Repeat("Chicago Zone 1 ", 70000) // about a megabyte
	body := `{"data":[{"phone_number":"+13125550100","region_information":[{"region_type":"rate_center","region_name":"` + long + `"}]}]}`
	res, err := DecodeSearch(strings.NewReader(body), Query{Country: "US", Type: Local})
	if err != nil {
		t.Fatal(err)
	}
	name := res.Numbers[0].Regions[0].Name
	if len(name) > maxTextBytes+len("…") || !strings.HasPrefix(name, "Chicago Zone 1") || !strings.HasSuffix(name, "…") {
		t.Fatalf("region name of %d bytes, want at most %d ending in …", len(name), maxTextBytes)
	}
	if got := text("short"); got != "short" {
		t.Fatalf("text(short) = %q", got)
	}
	exact := strings.Repeat("é", maxTextBytes) // 2 bytes each: cut between characters
	if got := text(exact); !utf8.ValidString(got) || !strings.HasSuffix(got, "…") {
		t.Fatalf("cut inside a character: %q", got[len(got)-8:])
	}
}

// TestDecodeSearchSizeEstimate checks that sizing the numbers' slice from
// the body's length (see numberChunks.estimate) never changes what is
// decoded: when the estimate is right, short (long entries first), far
// too high (short entries first, then entries that are skipped) or based
// on a Content-Length the body does not have.
func TestDecodeSearchSizeEstimate(t *testing.T) {
	entries := func(n int, format string) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, format, i)
		}
		return b.String()
	}
	const long = `{"phone_number":"+1555%07d","x":"` + "padding padding padding padding padding padding padding padding" + `","features":["sms"]},`
	const short = `{"msisdn":"+1666%07d"},`
	const skipped = `{"phone_number":"not a number %d","padding":"padding padding padding padding padding padding padding"},`
	bodies := map[string]string{
		"uniform":     string(benchBody(10_000)),
		"long first":  `{"data":[` + entries(200, long) + entries(10_000, short) + `null]}`,
		"short first": `{"data":[` + entries(200, short) + entries(10_000, skipped) + entries(100, long) + `null]}`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			want, err := DecodeSearch(struct{ io.Reader }{strings.NewReader(body)}, usLocal) // size unknown
			if err != nil {
				t.Fatal(err)
			}
			got, err := DecodeSearch(strings.NewReader(body), usLocal) // size known
			if err != nil {
				t.Fatal(err)
			}
			lying, err := decodeSearch(&bodyReader{recordingReader: recordingReader{r: strings.NewReader(body)},
				left: 1 << 30, limit: 1 << 30, size: 1 << 28}, usLocal, redactor{}, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, res := range []*Result{got, lying} {
				if !reflect.DeepEqual(res.Numbers, want.Numbers) || res.Skipped != want.Skipped {
					t.Errorf("with the size: %d numbers, skipped %v; without: %d, %v",
						len(res.Numbers), res.Skipped, len(want.Numbers), want.Skipped)
				}
				if c := cap(res.Numbers); c-len(res.Numbers) > len(res.Numbers)/4 {
					t.Errorf("%d numbers kept in a slice of %d", len(res.Numbers), c)
				}
			}
		})
	}
}
