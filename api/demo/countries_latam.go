package demo

// Latin America. Local numbers are in the cities their area codes (and, in
// Brazil and Colombia, their exchanges) belong to.

// Feature mixes of Latin America: voice first, SMS on mobiles.
var (
	latamLocal    = []featureMix{fm(voice, 70), fm(sms|voice, 30)}
	latamMobile   = []featureMix{fm(sms|voice, 85), fm(voice, 10), fm(sms, 5)}
	latamTollFree = []featureMix{fm(voice, 95), fm(sms|voice, 5)}
)

// americas returns the countries of the Americas.
func americas() []country {
	return append(northAmerica(),
		country{code: "MX", currency: "USD", offers: []offer{
			mobileOffer(20, 80, 100, 1000, latamMobile,
				pre("55").w(16), pre("33").w(10), pre("81").w(10), pre("222"), pre("442")),
			localOffer(40, 140, 100, 600, latamLocal,
				cityIn("55", "Ciudad de México", "CDMX").w(16),
				cityIn("33", "Guadalajara", "JAL").w(12),
				cityIn("81", "Monterrey", "NL").w(12),
				cityIn("222", "Puebla", "PUE"),
				cityIn("442", "Querétaro", "QRO"),
			),
			tollFreeOffer(10, 40, 500, 2500, latamTollFree, pre("800")),
		}}.lengths(10, 10, 10, 0),
		country{code: "BR", currency: "USD", offers: []offer{
			mobileOffer(20, 90, 500, 1500, latamMobile,
				pre("119").w(16), pre("219").w(10), pre("319"), pre("419"), pre("519"), pre("619")),
			localOffer(40, 160, 500, 800, latamLocal,
				cityIn("11", "São Paulo", "SP").ex("2000 2028 2057 2091 2121 2151 2182 2211 2241 2271 2319 2547 2577 2618 2670 2707 2745 "+
					"2836 2901 2931 2960 2990 3018 3047 3076 3104 3160 3209 3238 3268 3297 3332 3375 3463 "+
					"3492 3532 3566 3625 3670 3719 3748 3778 3807 3836 3865 3894 3923 3952 3982 4349 5019 "+
					"5074 5183 5518 5547 5576 5620 5669 5818 5899").w(16),
				cityIn("21", "Rio de Janeiro", "RJ").ex("2005 2206 2222 2238 2255 2272 2288 2394 2415 2432 2448 2464 2481 2497 2514 2530 2546 "+
					"2562 2579 2595 3018 3107 3154 3222 3274 3305 3322 3339 3355 3371 3387 3403 3420 3450 "+
					"3466 3551 3820 3861 3877 3899").w(12),
				cityIn("31", "Belo Horizonte", "MG").ex("2101 2122 3045 3074 3118 3207 3219 3226 3238 3249 3267 3274 3282 3288 3309 3327 3346 "+
					"3381 3408 3417 3432 3446 3453 3464 3476 3485 3495 3508 3879 4004"),
				cityIn("41", "Curitiba", "PR").ex("2103 3012 3111 3204 3212 3220 3228 3236 3244 3252 3260 3268 3276 3286 3296 3304 3311 "+
					"3319 3327 3335 3343 3351 3360 3368 3377 3389 3535 3568 3584 4003"),
				cityIn("51", "Porto Alegre", "RS").ex("2101 2125 3123 3213 3220 3224 3230 3235 3245 3249 3258 3265 3275 3280 3287 3315 3330 "+
					"3334 3340 3344 3351 3356 3361 3367 3376 3384 3391 3397 3898 4003"),
				cityIn("61", "Brasília", "DF").ex("2020 2028 2104 2191 2323 3026 3037 3055 3202 3212 3223 3242 3251 3259 3275 3311 3319 "+
					"3327 3344 3366 3421 3429 3444 3475 3522 3542 3551 3703 3961 4009"),
				cityIn("71", "Salvador", "BA").ex("2100 2108 3012 3038 3164 3204 3218 3235 3243 3252 3261 3285 3304 3312 3321 3329 3337 "+
					"3346 3354 3362 3372 3382 3391 3401 3409 3452 3481 3489 3499 3797"),
				cityIn("81", "Recife", "PE").ex("2101 2126 2626 3032 3086 3198 3212 3222 3225 3228 3252 3269 3274 3316 3323 3326 3329 "+
					"3342 3351 3420 3423 3427 3445 3448 3461 3464 3471 3477 3972 4007"),
				cityIn("85", "Fortaleza", "CE").ex("3004 3084 3182 3203 3209 3216 3221 3227 3232 3238 3244 3249 3255 3261 3267 3273 3278 "+
					"3284 3289 3295 3305 3450 3456 3462 3472 3479 3484 3490 3495 3923"),
			),
			tollFreeOffer(10, 40, 1000, 4000, latamTollFree, pre("8007"), pre("8008"), pre("8000")),
		}, docs: []requirement{addressDoc("Brazil"), identityDoc}}.lengths(11, 10, 10, 0),
		country{code: "AR", currency: "USD", offers: []offer{
			mobileOffer(10, 40, 400, 1500, latamMobile,
				pre("911").from("2-9").w(16), pre("9351").from("2-9"), pre("9341").from("2-9")),
			localOffer(20, 80, 400, 900, latamLocal,
				city("11", "Buenos Aires").ex("1-8").w(16),
				cityIn("351", "Córdoba", "Córdoba").ex("2-9"),
				cityIn("341", "Rosario", "Santa Fe").ex("2-8"),
				cityIn("261", "Mendoza", "Mendoza").ex("2-8"),
			),
			tollFreeOffer(10, 30, 1000, 3000, latamTollFree, pre("800")),
		}}.lengths(11, 10, 10, 0),
		country{code: "CL", currency: "USD", offers: []offer{
			mobileOffer(20, 70, 300, 1200, latamMobile, pre("9").from("2-9")),
			localOffer(20, 90, 300, 800, latamLocal,
				cityIn("2", "Santiago", "Región Metropolitana").ex("20-29 32-34").w(16),
				city("32", "Valparaíso"),
				cityIn("41", "Concepción", "Biobío"),
			),
			tollFreeOffer(10, 30, 1000, 3000, latamTollFree, pre("800")),
		}}.lengths(9, 9, 9, 0),
		country{code: "CO", currency: "USD", offers: []offer{
			mobileOffer(20, 80, 300, 1200, latamMobile,
				pre("31").w(16), pre("300"), pre("301"), pre("320"), pre("321")),
			localOffer(20, 90, 300, 700, latamLocal,
				city("601", "Bogotá").ex("1-7").w(16),
				city("604", "Medellín").ex("20-59 92").w(10),
				city("602", "Cali").ex("30-36 88-90 92").w(8),
				city("605", "Barranquilla").ex("32-38"),
			),
			tollFreeOffer(10, 30, 1000, 3000, latamTollFree, pre("1800").n(11)),
		}}.lengths(10, 10, 11, 0),
		country{code: "PE", currency: "USD", offers: []offer{
			mobileOffer(10, 50, 300, 1200, latamMobile, pre("9")),
			localOffer(10, 60, 300, 800, latamLocal, city("1", "Lima").ex("2-7")),
			tollFreeOffer(10, 20, 1000, 3000, latamTollFree, pre("800")),
		}}.lengths(9, 8, 8, 0),
	)
}
