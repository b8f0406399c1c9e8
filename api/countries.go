package api

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Country is an ISO 3166-1 country: its alpha-2 code, English short name
// and international calling code (0 where it has none).
type Country struct {
	Code        string
	Name        string
	CallingCode int
	// Aliases are other names people search for ("UK", "Türkiye").
	Aliases []string
}

// Calling returns the calling code as "+44", or "" when there is none.
func (c Country) Calling() string {
	if c.CallingCode == 0 {
		return ""
	}
	return "+" + strconv.Itoa(c.CallingCode)
}

// countries is every ISO 3166-1 alpha-2 code, in code order, with the
// other names people search for. The calling codes are libphonenumber's.
// It is a plain literal: nothing runs at package initialisation to build it.
var countries = []Country{
	{Code: "AD", Name: "Andorra", CallingCode: 376},
	{Code: "AE", Name: "United Arab Emirates", CallingCode: 971, Aliases: []string{"UAE", "Emirates"}},
	{Code: "AF", Name: "Afghanistan", CallingCode: 93},
	{Code: "AG", Name: "Antigua and Barbuda", CallingCode: 1},
	{Code: "AI", Name: "Anguilla", CallingCode: 1},
	{Code: "AL", Name: "Albania", CallingCode: 355},
	{Code: "AM", Name: "Armenia", CallingCode: 374},
	{Code: "AO", Name: "Angola", CallingCode: 244},
	{Code: "AQ", Name: "Antarctica", CallingCode: 0},
	{Code: "AR", Name: "Argentina", CallingCode: 54},
	{Code: "AS", Name: "American Samoa", CallingCode: 1},
	{Code: "AT", Name: "Austria", CallingCode: 43},
	{Code: "AU", Name: "Australia", CallingCode: 61},
	{Code: "AW", Name: "Aruba", CallingCode: 297},
	{Code: "AX", Name: "Åland Islands", CallingCode: 358},
	{Code: "AZ", Name: "Azerbaijan", CallingCode: 994},
	{Code: "BA", Name: "Bosnia and Herzegovina", CallingCode: 387},
	{Code: "BB", Name: "Barbados", CallingCode: 1},
	{Code: "BD", Name: "Bangladesh", CallingCode: 880},
	{Code: "BE", Name: "Belgium", CallingCode: 32},
	{Code: "BF", Name: "Burkina Faso", CallingCode: 226},
	{Code: "BG", Name: "Bulgaria", CallingCode: 359},
	{Code: "BH", Name: "Bahrain", CallingCode: 973},
	{Code: "BI", Name: "Burundi", CallingCode: 257},
	{Code: "BJ", Name: "Benin", CallingCode: 229},
	{Code: "BL", Name: "Saint Barthélemy", CallingCode: 590},
	{Code: "BM", Name: "Bermuda", CallingCode: 1},
	{Code: "BN", Name: "Brunei", CallingCode: 673},
	{Code: "BO", Name: "Bolivia", CallingCode: 591},
	{Code: "BQ", Name: "Caribbean Netherlands", CallingCode: 599},
	{Code: "BR", Name: "Brazil", CallingCode: 55},
	{Code: "BS", Name: "Bahamas", CallingCode: 1},
	{Code: "BT", Name: "Bhutan", CallingCode: 975},
	{Code: "BV", Name: "Bouvet Island", CallingCode: 0},
	{Code: "BW", Name: "Botswana", CallingCode: 267},
	{Code: "BY", Name: "Belarus", CallingCode: 375},
	{Code: "BZ", Name: "Belize", CallingCode: 501},
	{Code: "CA", Name: "Canada", CallingCode: 1},
	{Code: "CC", Name: "Cocos (Keeling) Islands", CallingCode: 61},
	{Code: "CD", Name: "Congo (Democratic Republic)", CallingCode: 243},
	{Code: "CF", Name: "Central African Republic", CallingCode: 236},
	{Code: "CG", Name: "Congo", CallingCode: 242},
	{Code: "CH", Name: "Switzerland", CallingCode: 41},
	{Code: "CI", Name: "Côte d'Ivoire", CallingCode: 225, Aliases: []string{"Ivory Coast"}},
	{Code: "CK", Name: "Cook Islands", CallingCode: 682},
	{Code: "CL", Name: "Chile", CallingCode: 56},
	{Code: "CM", Name: "Cameroon", CallingCode: 237},
	{Code: "CN", Name: "China", CallingCode: 86},
	{Code: "CO", Name: "Colombia", CallingCode: 57},
	{Code: "CR", Name: "Costa Rica", CallingCode: 506},
	{Code: "CU", Name: "Cuba", CallingCode: 53},
	{Code: "CV", Name: "Cape Verde", CallingCode: 238, Aliases: []string{"Cabo Verde"}},
	{Code: "CW", Name: "Curaçao", CallingCode: 599},
	{Code: "CX", Name: "Christmas Island", CallingCode: 61},
	{Code: "CY", Name: "Cyprus", CallingCode: 357},
	{Code: "CZ", Name: "Czechia", CallingCode: 420, Aliases: []string{"Czech Republic"}},
	{Code: "DE", Name: "Germany", CallingCode: 49},
	{Code: "DJ", Name: "Djibouti", CallingCode: 253},
	{Code: "DK", Name: "Denmark", CallingCode: 45},
	{Code: "DM", Name: "Dominica", CallingCode: 1},
	{Code: "DO", Name: "Dominican Republic", CallingCode: 1},
	{Code: "DZ", Name: "Algeria", CallingCode: 213},
	{Code: "EC", Name: "Ecuador", CallingCode: 593},
	{Code: "EE", Name: "Estonia", CallingCode: 372},
	{Code: "EG", Name: "Egypt", CallingCode: 20},
	{Code: "EH", Name: "Western Sahara", CallingCode: 212},
	{Code: "ER", Name: "Eritrea", CallingCode: 291},
	{Code: "ES", Name: "Spain", CallingCode: 34},
	{Code: "ET", Name: "Ethiopia", CallingCode: 251},
	{Code: "FI", Name: "Finland", CallingCode: 358},
	{Code: "FJ", Name: "Fiji", CallingCode: 679},
	{Code: "FK", Name: "Falkland Islands", CallingCode: 500},
	{Code: "FM", Name: "Micronesia", CallingCode: 691},
	{Code: "FO", Name: "Faroe Islands", CallingCode: 298},
	{Code: "FR", Name: "France", CallingCode: 33},
	{Code: "GA", Name: "Gabon", CallingCode: 241},
	{Code: "GB", Name: "United Kingdom", CallingCode: 44, Aliases: []string{"UK", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"}},
	{Code: "GD", Name: "Grenada", CallingCode: 1},
	{Code: "GE", Name: "Georgia", CallingCode: 995},
	{Code: "GF", Name: "French Guiana", CallingCode: 594},
	{Code: "GG", Name: "Guernsey", CallingCode: 44},
	{Code: "GH", Name: "Ghana", CallingCode: 233},
	{Code: "GI", Name: "Gibraltar", CallingCode: 350},
	{Code: "GL", Name: "Greenland", CallingCode: 299},
	{Code: "GM", Name: "Gambia", CallingCode: 220},
	{Code: "GN", Name: "Guinea", CallingCode: 224},
	{Code: "GP", Name: "Guadeloupe", CallingCode: 590},
	{Code: "GQ", Name: "Equatorial Guinea", CallingCode: 240},
	{Code: "GR", Name: "Greece", CallingCode: 30},
	{Code: "GS", Name: "South Georgia and South Sandwich Islands", CallingCode: 0},
	{Code: "GT", Name: "Guatemala", CallingCode: 502},
	{Code: "GU", Name: "Guam", CallingCode: 1},
	{Code: "GW", Name: "Guinea-Bissau", CallingCode: 245},
	{Code: "GY", Name: "Guyana", CallingCode: 592},
	{Code: "HK", Name: "Hong Kong", CallingCode: 852},
	{Code: "HM", Name: "Heard Island and McDonald Islands", CallingCode: 0},
	{Code: "HN", Name: "Honduras", CallingCode: 504},
	{Code: "HR", Name: "Croatia", CallingCode: 385},
	{Code: "HT", Name: "Haiti", CallingCode: 509},
	{Code: "HU", Name: "Hungary", CallingCode: 36},
	{Code: "ID", Name: "Indonesia", CallingCode: 62},
	{Code: "IE", Name: "Ireland", CallingCode: 353},
	{Code: "IL", Name: "Israel", CallingCode: 972},
	{Code: "IM", Name: "Isle of Man", CallingCode: 44},
	{Code: "IN", Name: "India", CallingCode: 91},
	{Code: "IO", Name: "British Indian Ocean Territory", CallingCode: 246},
	{Code: "IQ", Name: "Iraq", CallingCode: 964},
	{Code: "IR", Name: "Iran", CallingCode: 98},
	{Code: "IS", Name: "Iceland", CallingCode: 354},
	{Code: "IT", Name: "Italy", CallingCode: 39},
	{Code: "JE", Name: "Jersey", CallingCode: 44},
	{Code: "JM", Name: "Jamaica", CallingCode: 1},
	{Code: "JO", Name: "Jordan", CallingCode: 962},
	{Code: "JP", Name: "Japan", CallingCode: 81},
	{Code: "KE", Name: "Kenya", CallingCode: 254},
	{Code: "KG", Name: "Kyrgyzstan", CallingCode: 996},
	{Code: "KH", Name: "Cambodia", CallingCode: 855},
	{Code: "KI", Name: "Kiribati", CallingCode: 686},
	{Code: "KM", Name: "Comoros", CallingCode: 269},
	{Code: "KN", Name: "Saint Kitts and Nevis", CallingCode: 1},
	{Code: "KP", Name: "North Korea", CallingCode: 850},
	{Code: "KR", Name: "South Korea", CallingCode: 82, Aliases: []string{"Korea", "Republic of Korea"}},
	{Code: "KW", Name: "Kuwait", CallingCode: 965},
	{Code: "KY", Name: "Cayman Islands", CallingCode: 1},
	{Code: "KZ", Name: "Kazakhstan", CallingCode: 7},
	{Code: "LA", Name: "Laos", CallingCode: 856},
	{Code: "LB", Name: "Lebanon", CallingCode: 961},
	{Code: "LC", Name: "Saint Lucia", CallingCode: 1},
	{Code: "LI", Name: "Liechtenstein", CallingCode: 423},
	{Code: "LK", Name: "Sri Lanka", CallingCode: 94},
	{Code: "LR", Name: "Liberia", CallingCode: 231},
	{Code: "LS", Name: "Lesotho", CallingCode: 266},
	{Code: "LT", Name: "Lithuania", CallingCode: 370},
	{Code: "LU", Name: "Luxembourg", CallingCode: 352},
	{Code: "LV", Name: "Latvia", CallingCode: 371},
	{Code: "LY", Name: "Libya", CallingCode: 218},
	{Code: "MA", Name: "Morocco", CallingCode: 212},
	{Code: "MC", Name: "Monaco", CallingCode: 377},
	{Code: "MD", Name: "Moldova", CallingCode: 373},
	{Code: "ME", Name: "Montenegro", CallingCode: 382},
	{Code: "MF", Name: "Saint Martin", CallingCode: 590},
	{Code: "MG", Name: "Madagascar", CallingCode: 261},
	{Code: "MH", Name: "Marshall Islands", CallingCode: 692},
	{Code: "MK", Name: "North Macedonia", CallingCode: 389, Aliases: []string{"Macedonia"}},
	{Code: "ML", Name: "Mali", CallingCode: 223},
	{Code: "MM", Name: "Myanmar", CallingCode: 95, Aliases: []string{"Burma"}},
	{Code: "MN", Name: "Mongolia", CallingCode: 976},
	{Code: "MO", Name: "Macau", CallingCode: 853},
	{Code: "MP", Name: "Northern Mariana Islands", CallingCode: 1},
	{Code: "MQ", Name: "Martinique", CallingCode: 596},
	{Code: "MR", Name: "Mauritania", CallingCode: 222},
	{Code: "MS", Name: "Montserrat", CallingCode: 1},
	{Code: "MT", Name: "Malta", CallingCode: 356},
	{Code: "MU", Name: "Mauritius", CallingCode: 230},
	{Code: "MV", Name: "Maldives", CallingCode: 960},
	{Code: "MW", Name: "Malawi", CallingCode: 265},
	{Code: "MX", Name: "Mexico", CallingCode: 52},
	{Code: "MY", Name: "Malaysia", CallingCode: 60},
	{Code: "MZ", Name: "Mozambique", CallingCode: 258},
	{Code: "NA", Name: "Namibia", CallingCode: 264},
	{Code: "NC", Name: "New Caledonia", CallingCode: 687},
	{Code: "NE", Name: "Niger", CallingCode: 227},
	{Code: "NF", Name: "Norfolk Island", CallingCode: 672},
	{Code: "NG", Name: "Nigeria", CallingCode: 234},
	{Code: "NI", Name: "Nicaragua", CallingCode: 505},
	{Code: "NL", Name: "Netherlands", CallingCode: 31, Aliases: []string{"Holland"}},
	{Code: "NO", Name: "Norway", CallingCode: 47},
	{Code: "NP", Name: "Nepal", CallingCode: 977},
	{Code: "NR", Name: "Nauru", CallingCode: 674},
	{Code: "NU", Name: "Niue", CallingCode: 683},
	{Code: "NZ", Name: "New Zealand", CallingCode: 64},
	{Code: "OM", Name: "Oman", CallingCode: 968},
	{Code: "PA", Name: "Panama", CallingCode: 507},
	{Code: "PE", Name: "Peru", CallingCode: 51},
	{Code: "PF", Name: "French Polynesia", CallingCode: 689},
	{Code: "PG", Name: "Papua New Guinea", CallingCode: 675},
	{Code: "PH", Name: "Philippines", CallingCode: 63},
	{Code: "PK", Name: "Pakistan", CallingCode: 92},
	{Code: "PL", Name: "Poland", CallingCode: 48},
	{Code: "PM", Name: "Saint Pierre and Miquelon", CallingCode: 508},
	{Code: "PN", Name: "Pitcairn Islands", CallingCode: 0},
	{Code: "PR", Name: "Puerto Rico", CallingCode: 1},
	{Code: "PS", Name: "Palestine", CallingCode: 970},
	{Code: "PT", Name: "Portugal", CallingCode: 351},
	{Code: "PW", Name: "Palau", CallingCode: 680},
	{Code: "PY", Name: "Paraguay", CallingCode: 595},
	{Code: "QA", Name: "Qatar", CallingCode: 974},
	{Code: "RE", Name: "Réunion", CallingCode: 262},
	{Code: "RO", Name: "Romania", CallingCode: 40},
	{Code: "RS", Name: "Serbia", CallingCode: 381},
	{Code: "RU", Name: "Russia", CallingCode: 7},
	{Code: "RW", Name: "Rwanda", CallingCode: 250},
	{Code: "SA", Name: "Saudi Arabia", CallingCode: 966},
	{Code: "SB", Name: "Solomon Islands", CallingCode: 677},
	{Code: "SC", Name: "Seychelles", CallingCode: 248},
	{Code: "SD", Name: "Sudan", CallingCode: 249},
	{Code: "SE", Name: "Sweden", CallingCode: 46},
	{Code: "SG", Name: "Singapore", CallingCode: 65},
	{Code: "SH", Name: "Saint Helena", CallingCode: 290},
	{Code: "SI", Name: "Slovenia", CallingCode: 386},
	{Code: "SJ", Name: "Svalbard and Jan Mayen", CallingCode: 47},
	{Code: "SK", Name: "Slovakia", CallingCode: 421},
	{Code: "SL", Name: "Sierra Leone", CallingCode: 232},
	{Code: "SM", Name: "San Marino", CallingCode: 378},
	{Code: "SN", Name: "Senegal", CallingCode: 221},
	{Code: "SO", Name: "Somalia", CallingCode: 252},
	{Code: "SR", Name: "Suriname", CallingCode: 597},
	{Code: "SS", Name: "South Sudan", CallingCode: 211},
	{Code: "ST", Name: "São Tomé and Príncipe", CallingCode: 239},
	{Code: "SV", Name: "El Salvador", CallingCode: 503},
	{Code: "SX", Name: "Sint Maarten", CallingCode: 1},
	{Code: "SY", Name: "Syria", CallingCode: 963},
	{Code: "SZ", Name: "Eswatini", CallingCode: 268, Aliases: []string{"Swaziland"}},
	{Code: "TC", Name: "Turks and Caicos Islands", CallingCode: 1},
	{Code: "TD", Name: "Chad", CallingCode: 235},
	{Code: "TF", Name: "French Southern Territories", CallingCode: 0},
	{Code: "TG", Name: "Togo", CallingCode: 228},
	{Code: "TH", Name: "Thailand", CallingCode: 66},
	{Code: "TJ", Name: "Tajikistan", CallingCode: 992},
	{Code: "TK", Name: "Tokelau", CallingCode: 690},
	{Code: "TL", Name: "Timor-Leste", CallingCode: 670},
	{Code: "TM", Name: "Turkmenistan", CallingCode: 993},
	{Code: "TN", Name: "Tunisia", CallingCode: 216},
	{Code: "TO", Name: "Tonga", CallingCode: 676},
	{Code: "TR", Name: "Turkey", CallingCode: 90, Aliases: []string{"Türkiye"}},
	{Code: "TT", Name: "Trinidad and Tobago", CallingCode: 1},
	{Code: "TV", Name: "Tuvalu", CallingCode: 688},
	{Code: "TW", Name: "Taiwan", CallingCode: 886},
	{Code: "TZ", Name: "Tanzania", CallingCode: 255},
	{Code: "UA", Name: "Ukraine", CallingCode: 380},
	{Code: "UG", Name: "Uganda", CallingCode: 256},
	{Code: "UM", Name: "U.S. Outlying Islands", CallingCode: 0},
	{Code: "US", Name: "United States", CallingCode: 1, Aliases: []string{"USA", "United States of America", "America"}},
	{Code: "UY", Name: "Uruguay", CallingCode: 598},
	{Code: "UZ", Name: "Uzbekistan", CallingCode: 998},
	{Code: "VA", Name: "Vatican City", CallingCode: 39, Aliases: []string{"Holy See"}},
	{Code: "VC", Name: "Saint Vincent and the Grenadines", CallingCode: 1},
	{Code: "VE", Name: "Venezuela", CallingCode: 58},
	{Code: "VG", Name: "British Virgin Islands", CallingCode: 1},
	{Code: "VI", Name: "U.S. Virgin Islands", CallingCode: 1},
	{Code: "VN", Name: "Vietnam", CallingCode: 84},
	{Code: "VU", Name: "Vanuatu", CallingCode: 678},
	{Code: "WF", Name: "Wallis and Futuna", CallingCode: 681},
	{Code: "WS", Name: "Samoa", CallingCode: 685},
	{Code: "YE", Name: "Yemen", CallingCode: 967},
	{Code: "YT", Name: "Mayotte", CallingCode: 262},
	{Code: "ZA", Name: "South Africa", CallingCode: 27},
	{Code: "ZM", Name: "Zambia", CallingCode: 260},
	{Code: "ZW", Name: "Zimbabwe", CallingCode: 263},
}

// Countries returns every ISO 3166-1 country, ordered by code. The slice is
// a copy; callers may sort it.
func Countries() []Country { return slices.Clone(countries) }

// LookupCountry finds a country by its alpha-2 code, in any case.
func LookupCountry(code string) (Country, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	i, ok := slices.BinarySearchFunc(countries, code, func(c Country, code string) int {
		return strings.Compare(c.Code, code)
	})
	if !ok {
		return Country{}, false
	}
	return countries[i], true
}

// Fold lower-cases s and removes accents, for forgiving matching of names
// ("Türkiye" → "turkiye", "Réunion" → "reunion").
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// suggestCountries returns up to n country codes close to s, best first:
// a name or alias that starts with or contains s, then codes and names within
// a small edit distance. Each suggestion reads "GB (United Kingdom)".
func suggestCountries(s string, n int) []string {
	q := Fold(strings.TrimSpace(s))
	if q == "" || n <= 0 {
		return nil
	}
	type scored struct {
		c     Country
		score int
	}
	var cands []scored
	for _, c := range countries {
		best := -1
		names := append([]string{c.Name}, c.Aliases...)
		for _, name := range names {
			f := Fold(name)
			switch {
			case f == q:
				best = max(best, 100)
			case strings.HasPrefix(f, q):
				best = max(best, 80)
			case len(q) >= 3 && strings.Contains(f, q):
				best = max(best, 60)
			case len(q) >= 4 && editDistance(f, q) <= 2:
				best = max(best, 50-editDistance(f, q))
			}
		}
		if len(q) == 2 && keyboardNeighbours(strings.ToLower(c.Code), q) {
			best = max(best, 30) // one key off: a plausible typo of the code
		}
		if best >= 0 {
			cands = append(cands, scored{c, best})
		}
	}
	slices.SortStableFunc(cands, func(a, b scored) int { return b.score - a.score })
	var out []string
	for _, sc := range cands {
		// An exact name or alias ("UK", "Germany") is the answer: don't
		// dilute it. Otherwise keep the suggestions close to the best.
		if len(out) == n || (len(out) > 0 && (cands[0].score == 100 || sc.score < cands[0].score-20)) {
			break
		}
		out = append(out, sc.c.Code+" ("+sc.c.Name+")")
	}
	return out
}

// keyboardNeighbours reports whether two equal-length codes differ in one
// letter that is next to the other on a QWERTY keyboard.
func keyboardNeighbours(a, b string) bool {
	rows := []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}
	pos := func(r byte) (int, int) {
		for y, row := range rows {
			if x := strings.IndexByte(row, r); x >= 0 {
				return x, y
			}
		}
		return -10, -10
	}
	diff := 0
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] == b[i] {
			continue
		}
		diff++
		ax, ay := pos(a[i])
		bx, by := pos(b[i])
		if abs(ax-bx) > 1 || abs(ay-by) > 1 {
			return false
		}
	}
	return diff == 1
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
