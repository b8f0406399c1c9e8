package ui

import (
	"fmt"
	"strconv"
	"strings"
)

// trueOr256 is the colour to use on a true-colour terminal: the 256-colour
// index a256 when its standard xterm value is exactly tc, else tc. The
// terminal shows the same colour either way, but "38;5;80" is 9 bytes
// shorter than "38;2;95;215;215", and a repainted table row carries up to
// six colours: about a sixth of the bytes of a cursor move.
func trueOr256(a256, tc string) string {
	n, err := strconv.Atoi(a256)
	if err != nil || n < 16 || n > 255 || !strings.EqualFold(xterm256Hex(n), tc) {
		return tc
	}
	return a256
}

// xterm256Hex is the standard value of colour n of xterm's 256-colour
// palette, for 16 ≤ n ≤ 255: the 6×6×6 cube, then 24 greys.
func xterm256Hex(n int) string {
	if n >= 232 {
		g := 8 + 10*(n-232)
		return fmt.Sprintf("#%02X%02X%02X", g, g, g)
	}
	levels := [6]int{0, 95, 135, 175, 215, 255}
	n -= 16
	return fmt.Sprintf("#%02X%02X%02X", levels[n/36], levels[n/6%6], levels[n%6])
}
