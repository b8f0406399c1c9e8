package demo

// nanpPostal is the postal code of each NANP rate centre's central
// district, which the Twilio-shaped entries (Twilio's AvailablePhoneNumber
// has one per number) and a fifth of the plain ones carry as postal_code:
// a ZIP code in the United States, the forward sortation area in Canada.
var nanpPostal = map[string]string{
	"NEW YORK CITY": "10001", "CHICAGO ZONE 1": "60601", "CHICAGO ZONE 2": "60640",
	"LOS ANGELES": "90012", "SAN FRANCISCO": "94102", "SAN JOSE": "95113", "SAN DIEGO": "92101",
	"SEATTLE": "98101", "PORTLAND": "97204", "BOSTON": "02108", "MIAMI": "33130", "ORLANDO": "32801",
	"TAMPA": "33602", "ATLANTA": "30303", "DALLAS": "75201", "HOUSTON": "77002", "AUSTIN": "78701",
	"SAN ANTONIO": "78205", "DENVER": "80202", "PHOENIX": "85004", "LAS VEGAS": "89101",
	"MINNEAPOLIS": "55401", "PHILADELPHIA": "19107", "PITTSBURGH": "15222", "WASHINGTON ZONE 1": "20001",
	"NASHVILLE": "37203", "CHARLOTTE": "28202", "RALEIGH": "27601", "DETROIT ZONE 1": "48226",
	"SALT LAKE CITY": "84101", "ST LOUIS": "63101", "CLEVELAND": "44113", "COLUMBUS": "43215",
	"INDIANAPOLIS": "46204", "NEW ORLEANS": "70112", "HONOLULU": "96813", "ANCHORAGE": "99501",
	"TORONTO": "M5H", "MONTREAL": "H2Y", "VANCOUVER": "V6B", "CALGARY": "T2P", "EDMONTON": "T5J",
	"OTTAWA-HULL": "K1P", "WINNIPEG": "R3C", "HALIFAX": "B3J", "QUEBEC": "G1R",
}

// blockPostal is the postal code of a NANP block's rate centre, or "".
func blockPostal(b *block) string {
	for _, r := range b.regions {
		if r.Type == "rate_center" {
			return nanpPostal[r.Name]
		}
	}
	return ""
}
