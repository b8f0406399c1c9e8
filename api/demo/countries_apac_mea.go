package demo

// Asia-Pacific, the Middle East and Africa.

// Feature mixes of Asia-Pacific, the Middle East and Africa.
var (
	apacLocal    = []featureMix{fm(voice, 70), fm(sms|voice, 20), fm(voice|fax, 10)}
	apacMobile   = []featureMix{fm(sms|voice, 85), fm(sms, 10), fm(sms|voice|mms, 5)}
	apacTollFree = []featureMix{fm(voice, 100)}
)

// asiaPacific returns the countries of Asia and Oceania.
func asiaPacific() []country {
	return []country{
		country{code: "AU", currency: "USD", address: "any", offers: []offer{
			mobileOffer(20, 100, 100, 650, apacMobile,
				pre("40"), pre("41"), pre("42"), pre("43"), pre("45"), pre("47"), pre("48")),
			localOffer(30, 140, 100, 300, apacLocal,
				cityIn("2", "Sydney", "NSW").ex("7200 7230 7261 7292 8015 8048 8079 8205 8236 8268 8300 8331 8376 8456 8579 8714 8823 "+
					"8923 8987 9028 9060 9091 9131 9181 9221 9252 9283 9314 9345 9386 9419 9461 9513 9568 "+
					"9642 9704 9775 9855 9909 9954").w(16),
				cityIn("3", "Melbourne", "VIC").ex("7001 7019 8309 8332 8371 8413 8480 8527 8554 8589 8640 8666 8823 8892 9017 9033 9048 "+
					"9064 9080 9096 9135 9222 9250 9275 9306 9337 9382 9427 9456 9473 9496 9514 9532 9570 "+
					"9599 9819 9875 9903 9933 9964").w(14),
				cityIn("7", "Brisbane", "QLD").ex("2101 3035 3057 3073 3106 3122 3138 3157 3177 3190 3225 3236 3268 3306 3351 3363 3374 "+
					"3395 3414 3455 3531 3542 3554 3613 3635 3704 3715 3726 3815 3899").w(10),
				cityIn("8", "Adelaide", "SA").ex("7000 7072 7087 7127 7225 7328 8110 8129 8162 8201 8215 8236 8253 8300 8314 8339 8394 "+
					"8409 8424 8449").w(6),
				cityIn("8", "Perth", "WA").ex("6100 6117 6152 6181 6229 6252 6275 6319 6366 6389 6465 6555 9220 9238 9267 9331 9348 "+
					"9384 9424 9447").w(6),
				cityIn("2", "Canberra", "ACT").ex("5100 5153 6102 6135 6173 6195 6214 6242 6261 6280").w(4),
			),
			tollFreeOffer(10, 60, 500, 2000, apacTollFree, pre("1800").from("1-9")),
			nationalOffer(10, 40, 500, 2000, apacLocal, pre("1300").from("1-9")),
		}}.lengths(9, 9, 10, 10),
		country{code: "NZ", currency: "USD", offers: []offer{
			mobileOffer(10, 50, 100, 500, apacMobile, pre("21"), pre("22"), pre("27")),
			localOffer(20, 80, 100, 300, apacLocal,
				city("9", "Auckland").ex("201 214 228 253 266 279 295 308 348 362 375 414 448 480 503 517 530 543 562 575 589 604 "+
					"618 632 645 661 675 688 803 817 830 843 857 871 887 909 923 937 956 976").w(16),
				city("4", "Wellington").ex("202 234 302 314 327 340 352 365 379 391 406 418 431 444 456 469 482 495 528 569 666 816 "+
					"839 909 922 934 947 960 972 987").w(10),
				city("3", "Christchurch").ex("250 321 324 328 332 336 340 343 346 350 353 356 370 373 376 380 383 386 390 421 660 740 "+
					"749 925 942 960 963 967 977 980").w(8),
				city("7", "Hamilton").ex("210 582 823 829 832 835 839 842 845 849 852 855 859 951 954 958 961 964 968 981").w(4),
			),
			tollFreeOffer(10, 30, 500, 2000, apacTollFree, pre("800").w(14), pre("508")),
		}}.lengths(9, 8, 9, 0),
		country{code: "JP", currency: "USD", docs: []requirement{addressDoc("Japan"), identityDoc, businessDoc}, offers: []offer{
			localOffer(20, 100, 1500, 1500, apacLocal,
				city("3", "Tokyo").from("5-6").w(20).cbd(),
				city("6", "Osaka").from("6").w(12),
				cityIn("45", "Yokohama", "Kanagawa").from("2").w(8),
				cityIn("52", "Nagoya", "Aichi").from("9").w(8),
				cityIn("92", "Fukuoka", "Fukuoka").from("7").w(6),
				cityIn("11", "Sapporo", "Hokkaido").from("2").w(6),
				city("75", "Kyoto").from("2").w(4),
			),
			tollFreeOffer(10, 40, 2000, 5000, apacTollFree, pre("120").w(14), pre("800").n(10)),
			nationalOffer(10, 60, 500, 1000, apacLocal, pre("50").from("5").n(10)),
		}}.lengths(0, 9, 9, 10),
		country{code: "SG", currency: "USD", offers: []offer{
			mobileOffer(10, 50, 500, 1200, apacMobile, pre("8"), pre("9")),
			localOffer(10, 60, 500, 1000, apacLocal, pre("6")),
			tollFreeOffer(10, 30, 2000, 4000, apacTollFree, pre("800").n(10), pre("1800").n(11)),
			nationalOffer(10, 30, 500, 1000, apacLocal, pre("31")),
		}}.lengths(8, 8, 0, 8),
		country{code: "HK", currency: "USD", offers: []offer{
			mobileOffer(10, 50, 500, 1000, apacMobile, pre("5"), pre("6"), pre("9")),
			localOffer(10, 60, 500, 800, apacLocal, pre("2").ex("1-9").w(16), pre("3").ex("1 5-6 9")),
			tollFreeOffer(10, 30, 2000, 4000, apacTollFree, pre("800")),
		}}.lengths(8, 8, 9, 0),
		country{code: "PH", currency: "USD", offers: []offer{
			mobileOffer(10, 60, 300, 800, apacMobile,
				pre("905"), pre("906"), pre("915"), pre("917"), pre("918"), pre("927"), pre("998")),
			localOffer(10, 50, 300, 800, apacLocal,
				city("2", "Metro Manila").ex("3-8").w(16),
				city("32", "Cebu").w(8),
				city("82", "Davao").w(4),
			),
			tollFreeOffer(10, 20, 2000, 4000, apacTollFree, pre("1800").n(11)),
		}}.lengths(10, 9, 11, 0),
		country{code: "MY", currency: "USD", offers: []offer{
			mobileOffer(10, 50, 300, 800, apacMobile, pre("12"), pre("16"), pre("17"), pre("11").n(10)),
			localOffer(10, 50, 300, 800, apacLocal,
				city("3", "Kuala Lumpur").from("2-9").n(9).w(16),
				city("4", "Penang").ex("3-7 9"),
				city("7", "Johor Bahru").ex("2 5 7-9"),
			),
			tollFreeOffer(10, 20, 2000, 4000, apacTollFree, pre("1800").n(10)),
		}}.lengths(9, 8, 10, 0),
		country{code: "TH", currency: "USD", offers: []offer{
			mobileOffer(10, 50, 300, 800, apacMobile, pre("8"), pre("9")),
			localOffer(10, 50, 300, 800, apacLocal,
				city("2", "Bangkok").w(16),
				city("53", "Chiang Mai").w(6),
				city("76", "Phuket").w(4),
			),
			tollFreeOffer(10, 20, 2000, 4000, apacTollFree, pre("1800")),
		}}.lengths(9, 8, 10, 0),
	}
}

// middleEastAfrica returns the countries of the Middle East and Africa.
func middleEastAfrica() []country {
	return []country{
		country{code: "ZA", currency: "USD", docs: []requirement{addressDoc("South Africa"), identityDoc}, offers: []offer{
			mobileOffer(10, 60, 300, 800, apacMobile, pre("60"), pre("71"), pre("72"), pre("82"), pre("83")),
			localOffer(20, 80, 300, 500, apacLocal,
				city("10", "Johannesburg").w(10),
				city("11", "Johannesburg").w(14).cbd(),
				city("21", "Cape Town").w(14),
				city("31", "Durban").w(8),
				cityIn("12", "Pretoria", "Tshwane").w(8),
			),
			tollFreeOffer(10, 30, 1000, 3000, apacTollFree, pre("800")),
			nationalOffer(10, 40, 300, 500, apacLocal, pre("87").w(14), pre("861")),
		}}.lengths(9, 9, 9, 9),
		country{code: "IL", currency: "USD", offers: []offer{
			mobileOffer(10, 50, 300, 800, apacMobile, pre("50"), pre("52"), pre("53"), pre("54")),
			localOffer(10, 60, 300, 500, apacLocal,
				city("3", "Tel Aviv").from("5-7").w(16).cbd(),
				city("2", "Jerusalem").from("6").w(8),
				city("4", "Haifa").from("8").w(6),
				cityIn("8", "Be'er Sheva", "Hashfela and South Regions").from("6").w(4),
			),
			tollFreeOffer(10, 30, 1000, 3000, apacTollFree, pre("1800")),
			nationalOffer(10, 40, 300, 500, apacLocal, pre("77")),
		}}.lengths(9, 8, 10, 9),
		country{code: "TR", currency: "USD", docs: []requirement{addressDoc("Türkiye"), identityDoc}, offers: []offer{
			mobileOffer(10, 50, 300, 800, apacMobile, pre("53"), pre("54")),
			localOffer(20, 80, 300, 500, apacLocal,
				city("212", "İstanbul").from("2-9").w(16).cbd(),
				city("216", "İstanbul").from("2-9").w(10),
				city("312", "Ankara").from("2-9").w(8),
				city("232", "İzmir").from("2-9").w(6),
			),
			tollFreeOffer(10, 30, 1000, 3000, apacTollFree, pre("800")),
			nationalOffer(10, 40, 300, 500, apacLocal, pre("850")),
		}}.lengths(10, 10, 10, 10),
	}
}
