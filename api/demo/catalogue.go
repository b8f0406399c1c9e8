package demo

import (
	"slices"
	"sync"

	"numbrowse/api"
)

// catalogue maps country codes to the demo's countries. The tables are
// immutable once prepared.
var catalogue = sync.OnceValue(func() map[string]*country {
	out := make(map[string]*country)
	for _, group := range [][]country{americas(), europe(), asiaPacific(), middleEastAfrica()} {
		for i := range group {
			c := &group[i]
			if _, dup := out[c.code]; dup {
				panic("demo: country listed twice: " + c.code)
			}
			c.prepare()
			out[c.code] = c
		}
	}
	return out
})

// Offered returns every country of the demo inventory and the number types
// it offers, in the API's order (mobile, local, toll-free, national).
func Offered() map[string][]api.NumberType {
	out := make(map[string][]api.NumberType)
	for code, c := range catalogue() {
		var types []api.NumberType
		for _, t := range api.NumberTypes() {
			if c.offer(t) != nil {
				types = append(types, t)
			}
		}
		out[code] = types
	}
	return out
}

// countryCodes returns the demo's country codes in order.
func countryCodes() []string {
	var out []string
	for code := range catalogue() {
		out = append(out, code)
	}
	slices.Sort(out)
	return out
}
