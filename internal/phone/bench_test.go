package phone

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// benchNumbers are what the browser formats and the decoder checks: E.164
// numbers of several regions, and national numbers as providers send them.
var benchNumbers = []struct{ in, region string }{
	{"+14155550123", "US"}, {"+442079460123", "GB"}, {"+4915123456789", "DE"}, {"+33612345678", "FR"},
	{"+61291234567", "AU"}, {"+5491123456789", "AR"}, {"02079460123", "GB"}, {"4155550123", "US"},
}

// BenchmarkFormat: parse and format in INTERNATIONAL form, as the table's
// number column does, against the library.
func BenchmarkFormat(b *testing.B) {
	b.Run("phone", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, n := range benchNumbers {
				if p, err := Parse(n.in, n.region); err == nil {
					_ = Format(p, INTERNATIONAL)
				}
			}
		}
	})
	b.Run("library", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, n := range benchNumbers {
				if p, err := phonenumbers.Parse(n.in, n.region); err == nil {
					_ = phonenumbers.Format(p, phonenumbers.INTERNATIONAL)
				}
			}
		}
	})
}

// BenchmarkValidate: parse and validate for the region, as the decoder
// does for numbers sent without "+", against the library.
func BenchmarkValidate(b *testing.B) {
	b.Run("phone", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, n := range benchNumbers {
				if p, err := Parse(n.in, n.region); err == nil {
					_ = IsValidNumberForRegion(p, n.region)
				}
			}
		}
	})
	b.Run("library", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, n := range benchNumbers {
				if p, err := phonenumbers.Parse(n.in, n.region); err == nil {
					_ = phonenumbers.IsValidNumberForRegion(p, n.region)
				}
			}
		}
	})
}
