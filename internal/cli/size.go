package cli

import (
	"fmt"
	"strconv"
	"strings"

	"numbrowse/api"
)

// The range --max-response accepts.
const (
	minMaxResponse = 1 << 20
	maxMaxResponse = 16 << 30
)

// sizeUnits are the suffixes parseSize reads, longest first: binary
// multiples (KiB, MiB, GiB, and the bare K, M, G as sort -S and most
// tools read them) and decimal ones (KB, MB, GB). Case does not matter.
var sizeUnits = []struct {
	suffix string
	mult   int64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9},
	{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30},
	{"b", 1},
}

// parseSize reads a size in bytes: "134217728", "128MiB", "128 MiB",
// "128M", "200MB", "1.5GiB". from names where the value came from, for
// the message.
func parseSize(from, v string) (int64, error) {
	s := strings.ToLower(strings.TrimSpace(v))
	mult := int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || s == "" || strings.ContainsAny(s, "eE_xXpP") || f < 0 {
		return 0, fmt.Errorf("%s %q is not a size — use a value like 256MiB or 1GiB", from, v)
	}
	n := f * float64(mult)
	if n < minMaxResponse || n > maxMaxResponse {
		return 0, fmt.Errorf("%s %q is out of range — use a size between %s and %s", from, v,
			api.FormatBytes(minMaxResponse), api.FormatBytes(maxMaxResponse))
	}
	return int64(n), nil
}

// sizeSetting is a size in the config file: a string with a unit
// ("256MiB") or a whole number of bytes.
type sizeSetting struct{ text string }

// UnmarshalTOML takes a string or an integer.
func (s *sizeSetting) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		s.text = v
	case int64:
		s.text = strconv.FormatInt(v, 10)
	default:
		return fmt.Errorf("give a size like \"256MiB\" or a number of bytes")
	}
	return nil
}
