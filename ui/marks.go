package ui

import (
	"maps"
	"slices"
)

// The marks of a search are kept when the user switches to another
// country or type, and come back with its results (by phone number: a
// refresh or a cached answer is a new set of rows).

// maxKept bounds how many searches' marks are kept; the oldest go first.
const maxKept = 32

// keepMarks remembers the marks of the results on screen under their
// search, before other results replace them.
func (m *Model) keepMarks() {
	if m.res.set == nil {
		return
	}
	key := searchKey(m.res.countries, m.res.typ)
	marked := m.table.MarkedNumbers()
	if len(marked) == 0 && m.kept[key] == nil {
		return
	}
	kept := maps.Clone(m.kept) // copy on write
	if kept == nil {
		kept = map[string][]string{}
	}
	order := slices.DeleteFunc(slices.Clone(m.keptOrder), func(k string) bool { return k == key })
	if len(marked) == 0 {
		delete(kept, key)
	} else {
		kept[key] = marked
		order = append(order, key)
	}
	for len(order) > maxKept {
		delete(kept, order[0])
		order = order[1:]
	}
	m.kept, m.keptOrder = kept, order
}

// restoreMarks marks again what was marked in the results on screen the
// last time they were left.
func (m *Model) restoreMarks() {
	if marked := m.kept[searchKey(m.res.countries, m.res.typ)]; len(marked) > 0 {
		m.table.MarkNumbers(marked)
		m.marked = m.table.MarkedCount()
	}
}
