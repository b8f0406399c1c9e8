package results

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
)

// RowWriter writes numbers in one output format as they come, so a long
// result never has to be held as text: Row for each number, Flush to push
// what is buffered out (numbrowse search does after each batch it
// receives), Close at the end, which writes what an empty output needs
// (a header, "[]") and flushes. Nothing is written before the first Row or
// Close, so an error found first leaves the output empty.
type RowWriter interface {
	// Row writes the i-th number of s.
	Row(s *Set, i int) error
	// Flush writes out what is buffered.
	Flush() error
	// Close ends the output and flushes it.
	Close() error
}

// NewJSONWriter writes an indented JSON array of entries, one entry at a
// time: with fields nil each entry is the whole Entry; else an object of
// those fields, in that order, under their keys (a field without a value
// is null, a list without items []). Characters a terminal would act on
// are escaped.
func NewJSONWriter(w io.Writer, fields []Field) RowWriter {
	return newJSONWriter(w, fields, false)
}

// NewJSONLinesWriter writes one compact JSON entry per line (JSON Lines),
// as NewJSONWriter shapes them.
func NewJSONLinesWriter(w io.Writer, fields []Field) RowWriter {
	return newJSONWriter(w, fields, true)
}

type jsonWriter struct {
	bw     *bufio.Writer
	fields []Field
	lines  bool
	n      int
	buf    bytes.Buffer // one entry
	val    bytes.Buffer // one value, for a field list
	enc    *json.Encoder
	venc   *json.Encoder
}

func newJSONWriter(w io.Writer, fields []Field, lines bool) *jsonWriter {
	j := &jsonWriter{bw: bufio.NewWriterSize(w, 64<<10), fields: fields, lines: lines}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	if !lines {
		j.enc.SetIndent("  ", "  ")
	}
	j.venc = json.NewEncoder(&j.val)
	j.venc.SetEscapeHTML(false)
	return j
}

func (j *jsonWriter) Row(s *Set, i int) error {
	e := newEntry(s.At(i))
	if j.fields == nil {
		return j.value(e)
	}
	j.buf.Reset()
	if err := j.encodeFields(s, i, &e); err != nil {
		return err
	}
	j.emit()
	return nil
}

// value writes v as the next element: the whole of it, as encoding/json
// has it (an Entry, or the account's OwnedEntry).
func (j *jsonWriter) value(v any) error {
	j.buf.Reset()
	if err := j.enc.Encode(v); err != nil {
		return err
	}
	j.emit()
	return nil
}

// emit writes the element in j.buf, after the separator it needs.
func (j *jsonWriter) emit() {
	out := bytes.TrimSuffix(j.buf.Bytes(), []byte("\n"))
	switch {
	case j.lines:
	case j.n == 0:
		j.bw.WriteString("[\n  ")
	default:
		j.bw.WriteString(",\n  ")
	}
	j.bw.Write(SafeJSON(out))
	if j.lines {
		j.bw.WriteByte('\n')
	}
	j.n++
}

// encodeFields writes the object of j.fields for row i into j.buf.
func (j *jsonWriter) encodeFields(s *Set, i int, e *Entry) error {
	var obj bytes.Buffer
	obj.WriteByte('{')
	for k, f := range j.fields {
		if k > 0 {
			obj.WriteByte(',')
		}
		key, _ := json.Marshal(f.Key())
		obj.Write(key)
		obj.WriteByte(':')
		j.val.Reset()
		if err := j.venc.Encode(fieldValue(s, i, f, e)); err != nil {
			return err
		}
		obj.Write(bytes.TrimSuffix(j.val.Bytes(), []byte("\n")))
	}
	obj.WriteByte('}')
	if j.lines {
		j.buf.Write(obj.Bytes())
		return nil
	}
	return json.Indent(&j.buf, obj.Bytes(), "  ", "  ")
}

// fieldValue is field f of row i as JSON has it, from its Entry e.
func fieldValue(s *Set, i int, f Field, e *Entry) any {
	switch f {
	case FieldNumber:
		return e.PhoneNumber
	case FieldCountry:
		return e.CountryCode
	case FieldType:
		return e.NumberType
	case FieldUpfront:
		return e.UpfrontCost
	case FieldMonthly:
		return e.MonthlyCost
	case FieldCurrency:
		return e.Currency
	case FieldUpfrontCurrency:
		return e.UpfrontCurrency
	case FieldMonthlyCurrency:
		return e.MonthlyCurrency
	case FieldProviderType:
		return optional(e.ProviderType)
	case FieldFeatures:
		return e.Features
	case FieldRegion:
		return optional(s.RegionSummary(i))
	case FieldRegionInformation:
		return e.RegionInformation
	case FieldFlags:
		return e.Flags
	case FieldRequirements:
		if e.Requirements == nil {
			return []EntryRequirement{}
		}
		return e.Requirements
	case FieldProviderFields:
		return e.ProviderFields
	}
	return nil
}

func (j *jsonWriter) Flush() error { return j.bw.Flush() }

func (j *jsonWriter) Close() error {
	switch {
	case j.lines:
	case j.n == 0:
		j.bw.WriteString("[]\n")
	default:
		j.bw.WriteString("\n]\n")
	}
	return j.bw.Flush()
}

// NewCSVWriter writes CSV (RFC 4180) with the fields' keys as the header
// row unless header is false; fields nil means every field (CSVHeader).
// Provider text that a spreadsheet would run as a formula is defused with
// a quote.
func NewCSVWriter(w io.Writer, fields []Field, header bool) RowWriter {
	return newTextWriter(newCSVRecords(w, nil), fields, header)
}

// NewTSVWriter writes tab-separated values: the fields' keys as the header
// row unless header is false (fields nil means every field), then one line
// per number. A tab, line break or backslash inside a value is written as
// \t, \n, \r or \\, so every line is one record and every tab separates
// two fields (the convention of PostgreSQL's text format and "linear
// TSV"). Formulas are defused as in CSV.
func NewTSVWriter(w io.Writer, fields []Field, header bool) RowWriter {
	return newTextWriter(newTSVRecords(w, nil), fields, header)
}

func newTextWriter(r *records, fields []Field, header bool) *textWriter {
	if fields == nil {
		fields = AllFields()
	}
	if header {
		r.head = fieldKeys(fields)
	}
	return &textWriter{records: r, fields: fields, rec: make([]string, len(fields))}
}

// textWriter writes the fields of each number as CSV or TSV records.
type textWriter struct {
	*records
	fields []Field
	rec    []string
}

func (c *textWriter) Row(s *Set, i int) error {
	for k, f := range c.fields {
		c.rec[k] = s.Text(i, f)
	}
	return c.record(c.rec)
}

// records writes rows of cells as CSV or TSV, after a header row when
// head is set: the one place that decides how a cell is written in either,
// for the search results (textWriter) and the account's numbers
// (WriteOwnedCSV, WriteOwnedTSV) alike. Every cell, whatever its column,
// is defused where a spreadsheet could run it (csvCell leaves plain
// numbers alone), so a column added later is covered too.
type records struct {
	cw   *csv.Writer   // CSV, or
	bw   *bufio.Writer // TSV
	head []string      // the header row, until it is written
	cell []string      // the defused cells of one row
}

// newCSVRecords writes CSV with the header row head (nil: none).
func newCSVRecords(w io.Writer, head []string) *records {
	return &records{cw: csv.NewWriter(w), head: head}
}

// newTSVRecords writes TSV with the header row head (nil: none).
func newTSVRecords(w io.Writer, head []string) *records {
	return &records{bw: bufio.NewWriterSize(w, 64<<10), head: head}
}

// tsvEscaper escapes what cannot stand in a TSV value.
var tsvEscaper = strings.NewReplacer("\\", `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

// line writes one row as it is (the header) or defused (a record).
func (r *records) line(cells []string, defuse bool) error {
	if defuse {
		r.cell = r.cell[:0]
		for _, c := range cells {
			r.cell = append(r.cell, csvCell(c))
		}
		cells = r.cell
	}
	if r.cw != nil {
		return r.cw.Write(cells)
	}
	for k, c := range cells {
		if k > 0 {
			r.bw.WriteByte('\t')
		}
		_, _ = tsvEscaper.WriteString(r.bw, c)
	}
	return r.bw.WriteByte('\n')
}

func (r *records) writeHeader() error {
	if r.head == nil {
		return nil
	}
	head := r.head
	r.head = nil
	return r.line(head, false)
}

// record writes one row of cells, after the header if it is not out yet.
func (r *records) record(cells []string) error {
	if err := r.writeHeader(); err != nil {
		return err
	}
	return r.line(cells, true)
}

func (r *records) Flush() error {
	if r.cw != nil {
		r.cw.Flush()
		return r.cw.Error()
	}
	return r.bw.Flush()
}

// Close writes the header if no row did, and flushes.
func (r *records) Close() error {
	if err := r.writeHeader(); err != nil {
		return err
	}
	return r.Flush()
}
