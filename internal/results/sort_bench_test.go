package results

import (
	"fmt"
	"testing"
)

// BenchmarkSortColumn measures a new order of a column over 100,000
// numbers once the number order is known (as every sort but the first
// finds it): what a press of s costs, and what it allocates.
func BenchmarkSortColumn(b *testing.B) {
	s := NewSet(benchNumbers(100_000))
	s.order(Sort{})
	for _, so := range []Sort{{Col: Monthly}, {Col: Monthly, Desc: true}, {Col: Region}, {Col: Features}, {Col: Number, Desc: true}} {
		b.Run(fmt.Sprint(so.Col, map[bool]string{false: "", true: "-desc"}[so.Desc]), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.ordersMu.Lock()
				delete(s.orders, so)
				s.ordersMu.Unlock()
				s.order(so)
			}
		})
	}
}
