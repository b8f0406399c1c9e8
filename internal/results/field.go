package results

import (
	"fmt"
	"slices"
	"strings"

	"numbrowse/api"
)

// Field is one piece of a number that the outputs can show: a column of
// the CLI table, a key of a JSON entry, a column of CSV and TSV. The
// fields are defined here, once, for every writer (search, the browser's
// export, and whoever adds a column): a new field is a row of fieldDefs.
type Field int

// The fields, in the order of the default CSV header.
const (
	FieldNumber            Field = iota // the E.164 number (the table: international form)
	FieldCountry                        // the ISO country code
	FieldType                           // the canonical number type
	FieldUpfront                        // the one-time cost, exactly as sent
	FieldMonthly                        // the monthly cost, exactly as sent
	FieldCurrency                       // the currency both costs share, if they do
	FieldUpfrontCurrency                // the upfront cost's own currency
	FieldMonthlyCurrency                // the monthly cost's own currency
	FieldProviderType                   // the provider's own word for the type
	FieldFeatures                       // the features, sorted
	FieldRegion                         // the region summary ("Chicago, IL")
	FieldRegionInformation              // every region entry the provider sent
	FieldFlags                          // the provider's flags
	FieldRequirements                   // regulatory requirements
	FieldProviderFields                 // every field numbrowse did not understand
	numFields
)

// fieldDef describes a field.
type fieldDef struct {
	name    string   // what --fields takes, and the table's header in capitals
	key     string   // the JSON key and the CSV/TSV header
	aliases []string // other spellings --fields accepts
	col     Column   // the table and sort column it is, or -1
}

var fieldDefs = [numFields]fieldDef{
	FieldNumber:            {name: "number", key: "phone_number", aliases: []string{"phone", "e164", "num"}, col: Number},
	FieldCountry:           {name: "country", key: "country_code", aliases: []string{"cc"}, col: Country},
	FieldType:              {name: "type", key: "number_type", aliases: []string{"kind"}, col: Type},
	FieldUpfront:           {name: "upfront", key: "upfront_cost", aliases: []string{"setup", "upfront-cost"}, col: Upfront},
	FieldMonthly:           {name: "monthly", key: "monthly_cost", aliases: []string{"cost", "price", "monthly-cost"}, col: Monthly},
	FieldCurrency:          {name: "currency", key: "currency", col: -1},
	FieldUpfrontCurrency:   {name: "upfront_currency", key: "upfront_currency", col: -1},
	FieldMonthlyCurrency:   {name: "monthly_currency", key: "monthly_currency", col: -1},
	FieldProviderType:      {name: "provider_type", key: "provider_type", col: -1},
	FieldFeatures:          {name: "features", key: "features", aliases: []string{"feature", "capabilities"}, col: Features},
	FieldRegion:            {name: "region", key: "region", aliases: []string{"location", "city"}, col: Region},
	FieldRegionInformation: {name: "region_information", key: "region_information", aliases: []string{"regions"}, col: -1},
	FieldFlags:             {name: "flags", key: "flags", aliases: []string{"flag"}, col: Flags},
	FieldRequirements:      {name: "requirements", key: "requirements", aliases: []string{"documents"}, col: -1},
	FieldProviderFields:    {name: "provider_fields", key: "provider_fields", aliases: []string{"extra"}, col: -1},
}

// String returns the field's name as ParseFields takes it ("monthly").
func (f Field) String() string {
	if f < 0 || f >= numFields {
		return fmt.Sprintf("Field(%d)", int(f))
	}
	return fieldDefs[f].name
}

// Key is the field's JSON key and CSV/TSV header ("monthly_cost").
func (f Field) Key() string { return fieldDefs[f].key }

// Title is the field's header in the CLI table ("MONTHLY").
func (f Field) Title() string {
	return strings.ToUpper(strings.ReplaceAll(fieldDefs[f].name, "_", " "))
}

// Column is the table and sort column the field is, and whether it is one.
func (f Field) Column() (Column, bool) {
	c := fieldDefs[f].col
	return c, c >= 0
}

// AllFields returns every field, in the order of the default CSV header.
func AllFields() []Field {
	out := make([]Field, numFields)
	for i := range out {
		out[i] = Field(i)
	}
	return out
}

// FieldNames is "number, country, type, ..." for help texts.
func FieldNames() string {
	names := make([]string, numFields)
	for i := range names {
		names[i] = fieldDefs[i].name
	}
	return strings.Join(names, ", ")
}

// parseField accepts a field's name, JSON key or alias, in any case.
func parseField(s string) (Field, bool) {
	norm := strings.ToLower(strings.TrimSpace(s))
	norm = strings.ReplaceAll(norm, "-", "_")
	for i, d := range fieldDefs {
		if norm == d.name || norm == d.key || slices.Contains(d.aliases, norm) ||
			slices.Contains(d.aliases, strings.ReplaceAll(norm, "_", "-")) {
			return Field(i), true
		}
	}
	return 0, false
}

// ParseFields reads a comma-separated list of fields in the order wanted
// ("number,monthly,region"), by name, JSON key or alias ("phone_number",
// "cost"). A field may not be listed twice; the error names the unknown or
// repeated one and lists the fields.
func ParseFields(s string) ([]Field, error) {
	var out []Field
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			return nil, fmt.Errorf("an empty field in %q: separate the fields with single commas, e.g. number,monthly,region", s)
		}
		f, ok := parseField(part)
		if !ok {
			return nil, fmt.Errorf("unknown field %q: use %s", strings.TrimSpace(part), FieldNames())
		}
		if slices.Contains(out, f) {
			return nil, fmt.Errorf("field %q is listed twice", f)
		}
		out = append(out, f)
	}
	return out, nil
}

// Text is the field of row i of s as CSV and TSV write it: costs and
// numbers exactly as the provider sent them, lists joined with ";",
// flags and requirements by label, provider fields as a JSON object. The
// result is safe to print; it is not defused (see the writers).
func (s *Set) Text(i int, f Field) string {
	n := &s.nums[i]
	switch f {
	case FieldNumber:
		return api.Printable(n.E164)
	case FieldCountry:
		return api.Printable(n.Country)
	case FieldType:
		return api.Printable(string(n.Type))
	case FieldUpfront:
		return n.Upfront.String()
	case FieldMonthly:
		return n.Monthly.String()
	case FieldCurrency:
		return api.Printable(n.Currency())
	case FieldUpfrontCurrency:
		return api.Printable(n.UpfrontCurrency)
	case FieldMonthlyCurrency:
		return api.Printable(n.MonthlyCurrency)
	case FieldProviderType:
		return api.Printable(n.TypeWord)
	case FieldFeatures:
		return api.Printable(strings.Join(n.Features, ";"))
	case FieldRegion:
		return s.RegionSummary(i)
	case FieldRegionInformation:
		var b strings.Builder
		for k, r := range n.Regions {
			if k > 0 {
				b.WriteByte(';')
			}
			b.WriteString(r.Type)
			b.WriteByte('=')
			b.WriteString(r.Name)
		}
		return api.Printable(b.String())
	case FieldFlags:
		return api.Printable(strings.Join(n.Flags.Labels(), ";"))
	case FieldRequirements:
		var b strings.Builder
		for k, r := range n.Requirements {
			if k > 0 {
				b.WriteByte(';')
			}
			b.WriteString(r.Label)
		}
		return api.Printable(b.String())
	case FieldProviderFields:
		if len(n.Extra) == 0 {
			return ""
		}
		extra, _ := ProviderFields(n.Extra).MarshalJSON()
		return api.Printable(string(SafeJSON(extra)))
	}
	return ""
}

// TableText is the field of row i of s as the CLI table shows it: the
// international number (cached), the region summary, costs with their
// own currency aligned on the decimal point (see TableCost), features and
// flags by name, and every other field as Text shows it. The result is
// safe to print.
func (s *Set) TableText(i int, f Field) string {
	n := &s.nums[i]
	switch f {
	case FieldNumber:
		return s.International(i)
	case FieldUpfront:
		return TableCost(n.Upfront, n.UpfrontCurrency)
	case FieldMonthly:
		return TableCost(n.Monthly, n.MonthlyCurrency)
	case FieldFeatures:
		return api.Printable(api.FeatureLabels(n.Features))
	case FieldFlags:
		return api.Printable(strings.Join(n.Flags.Labels(), ", "))
	case FieldRegionInformation, FieldRequirements:
		return strings.ReplaceAll(s.Text(i, f), ";", ", ")
	}
	return s.Text(i, f)
}

// TableCost is a cost as the CLI table shows it: the amount, then the
// currency the provider gave for that cost in a fixed width (marked "?"
// when it is not ISO 4217), so decimal points line up even where the
// provider sent no currency; "-" and padding for no cost.
func TableCost(d api.Decimal, currency string) string {
	if !d.Valid() {
		return "-    "
	}
	return Cost(d, "") + " " + fmt.Sprintf("%-3s", CurrencyText(currency))
}

// RightAligned reports whether the table aligns the field to the right
// (the costs).
func (f Field) RightAligned() bool { return f == FieldUpfront || f == FieldMonthly }

// DropOrder lists the table columns that give way when a table is too
// narrow for all of them, the first dropped first: flags, upfront cost,
// type, features, region. The number and the monthly cost always stay.
// The browser and the CLI table both follow it.
func DropOrder() []Column {
	return []Column{Flags, Upfront, Type, Features, Region}
}
