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
	j.buf.Reset()
	e := newEntry(s.At(i))
	if j.fields == nil {
		if err := j.enc.Encode(e); err != nil {
			return err
		}
	} else if err := j.encodeFields(s, i, &e); err != nil {
		return err
	}
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
	return nil
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
	if fields == nil {
		fields = AllFields()
	}
	return &csvWriter{cw: csv.NewWriter(w), fields: fields, header: header, rec: make([]string, len(fields))}
}

type csvWriter struct {
	cw     *csv.Writer
	fields []Field
	header bool
	rec    []string
}

func (c *csvWriter) writeHeader() error {
	if !c.header {
		return nil
	}
	c.header = false
	return c.cw.Write(fieldKeys(c.fields))
}

func (c *csvWriter) Row(s *Set, i int) error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	for k, f := range c.fields {
		c.rec[k] = cellText(s, i, f)
	}
	return c.cw.Write(c.rec)
}

func (c *csvWriter) Flush() error {
	c.cw.Flush()
	return c.cw.Error()
}

func (c *csvWriter) Close() error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	return c.Flush()
}

// cellText is Text, defused where a spreadsheet could run it: every
// cell, whatever its column (csvCell leaves plain numbers alone).
func cellText(s *Set, i int, f Field) string {
	return csvCell(s.Text(i, f))
}

// NewTSVWriter writes tab-separated values: the fields' keys as the header
// row unless header is false (fields nil means every field), then one line
// per number. A tab, line break or backslash inside a value is written as
// \t, \n, \r or \\, so every line is one record and every tab separates
// two fields (the convention of PostgreSQL's text format and "linear
// TSV"). Formulas are defused as in CSV.
func NewTSVWriter(w io.Writer, fields []Field, header bool) RowWriter {
	if fields == nil {
		fields = AllFields()
	}
	return &tsvWriter{bw: bufio.NewWriterSize(w, 64<<10), fields: fields, header: header}
}

type tsvWriter struct {
	bw     *bufio.Writer
	fields []Field
	header bool
}

// tsvEscaper escapes what cannot stand in a TSV value.
var tsvEscaper = strings.NewReplacer("\\", `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

func (t *tsvWriter) writeHeader() {
	if !t.header {
		return
	}
	t.header = false
	t.bw.WriteString(strings.Join(fieldKeys(t.fields), "\t"))
	t.bw.WriteByte('\n')
}

func (t *tsvWriter) Row(s *Set, i int) error {
	t.writeHeader()
	for k, f := range t.fields {
		if k > 0 {
			t.bw.WriteByte('\t')
		}
		_, _ = tsvEscaper.WriteString(t.bw, cellText(s, i, f))
	}
	return t.bw.WriteByte('\n')
}

func (t *tsvWriter) Flush() error { return t.bw.Flush() }

func (t *tsvWriter) Close() error {
	t.writeHeader()
	return t.bw.Flush()
}
