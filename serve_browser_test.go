package main

import "testing"

func TestClientUTF8(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, true},
		{map[string]string{"LANG": "en_GB.UTF-8"}, true},
		{map[string]string{"LANG": "de_DE.utf8"}, true},
		{map[string]string{"LANG": "C"}, false},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "POSIX"}, false},
		{map[string]string{"LANG": "C", "LC_CTYPE": "en_US.UTF-8"}, true},
		{map[string]string{"LANG": "fr_FR.ISO-8859-1"}, false},
	} {
		if got := clientUTF8(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("clientUTF8(%v) = %v, want %v", tc.env, got, tc.want)
		}
	}
}
