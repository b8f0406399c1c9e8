package demo

import "strconv"

// price returns the upfront and monthly price of a number in cents: the
// offer's base prices, half as much again a month in dear blocks, and more
// for memorable numbers (the most for a vanity word).
func (o *offer) price(b *block, nsn string) (upfront, monthly int) {
	upfront, monthly = o.upfront, o.monthly
	if b.dear {
		monthly += monthly / 2
	}
	tier := vanityTier(nsn)
	if o.premium[nsn] {
		tier = 2
	}
	switch tier {
	case 2:
		upfront = max(upfront*25, 2500)
		monthly *= 2
	case 1:
		upfront = max(upfront*5, 500)
	}
	return upfront, monthly
}

// vanityTier rates how memorable a number's ending is: 2 for four equal
// digits or a run (…7777, …1234, …4321), 1 for three equal digits, a
// round thousand or a repeated pair (…x777, …5000, …1212), else 0.
func vanityTier(nsn string) int {
	if len(nsn) < 6 {
		return 0
	}
	t := nsn[len(nsn)-4:]
	same, up, down := true, true, true
	for i := 1; i < 4; i++ {
		same = same && t[i] == t[0]
		up = up && t[i] == t[i-1]+1
		down = down && t[i] == t[i-1]-1
	}
	switch {
	case same || up || down:
		return 2
	case t[1] == t[2] && t[2] == t[3], t[0] == t[2] && t[1] == t[3]:
		return 1
	}
	return 0
}

// appendCents appends cents as a decimal string with two places: "1.00",
// "0.50", "12.00".
func appendCents(b []byte, cents int) []byte {
	b = strconv.AppendInt(b, int64(cents/100), 10)
	b = append(b, '.', byte('0'+cents/10%10), byte('0'+cents%10))
	return b
}

// appendCentsNumber appends cents as a JSON number in its shortest form
// ("1.5", "1", "0.25"), as some providers send prices.
func appendCentsNumber(b []byte, cents int) []byte {
	b = strconv.AppendInt(b, int64(cents/100), 10)
	switch {
	case cents%100 == 0:
	case cents%10 == 0:
		b = append(b, '.', byte('0'+cents/10%10))
	default:
		b = append(b, '.', byte('0'+cents/10%10), byte('0'+cents%10))
	}
	return b
}

// pickFeatures picks one of the offer's feature mixes by r.
func (o *offer) pickFeatures(r uint64) features {
	total := 0
	for _, f := range o.features {
		total += f.weight
	}
	if total == 0 {
		return voice
	}
	n := int(r % uint64(total))
	for _, f := range o.features {
		if n < f.weight {
			return f.set
		}
		n -= f.weight
	}
	return o.features[len(o.features)-1].set
}

// fm is a feature mix entry for the country tables.
func fm(set features, weight int) featureMix { return featureMix{set: set, weight: weight} }
