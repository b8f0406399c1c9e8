package api

import (
	"strings"
)

// NumberType is the kind of number the API offers: mobile, local, toll-free
// or national.
type NumberType string

// The number types the search endpoint accepts.
const (
	Mobile   NumberType = "mobile"
	Local    NumberType = "local"
	TollFree NumberType = "toll-free"
	National NumberType = "national"
)

// The API's defaults: what a search without a country or type gets.
const (
	DefaultCountryCode            = "US"
	DefaultNumberType  NumberType = Mobile
)

// NumberTypes lists the searchable number types in the API's order.
func NumberTypes() []NumberType { return []NumberType{Mobile, Local, TollFree, National} }

// allWord is how "every number type at once" is written in flags, the
// environment, the config file and file names.
const allWord = "all"

// ParseNumberType accepts a number type in any case, with the aliases
// "tollfree", "toll_free" and "toll free" for toll-free.
func ParseNumberType(s string) (NumberType, error) {
	if t, ok := lookupNumberType(s); ok {
		return t, nil
	}
	return "", &ValidationError{Field: "type", Value: s, Hint: "use one of " + typeWords(false)}
}

// lookupNumberType is s as a number type, in any case and with the
// aliases.
func lookupNumberType(s string) (NumberType, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "mobile":
		return Mobile, true
	case "local":
		return Local, true
	case "toll-free", "tollfree", "toll_free", "toll free":
		return TollFree, true
	case "national":
		return National, true
	}
	return "", false
}

// typeWords is "mobile, local, toll-free, national", and "... or all"
// when all is true.
func typeWords(all bool) string {
	var words []string
	for _, t := range NumberTypes() {
		words = append(words, string(t))
	}
	if !all {
		return strings.Join(words, ", ")
	}
	return strings.Join(words, ", ") + " or " + allWord
}

// TypeChoice is what a search asks for: one number type, or every type at
// once (AllTypes), whose results are merged. The zero value is no choice
// at all; callers put their default in its place. TypeChoice values are
// comparable.
type TypeChoice struct {
	one NumberType
	all bool
}

// AllTypes is the choice of every number type at once.
var AllTypes = TypeChoice{all: true}

// OneType is the choice of the number type t alone.
func OneType(t NumberType) TypeChoice { return TypeChoice{one: t} }

// TypeChoiceWords lists the choices as help text does: "mobile, local,
// toll-free, national or all".
func TypeChoiceWords() string { return typeWords(true) }

// ParseTypeChoice accepts "all" or a number type (see ParseNumberType), in
// any case. Anything else is a *ValidationError that lists the choices.
func ParseTypeChoice(s string) (TypeChoice, error) {
	if strings.EqualFold(strings.TrimSpace(s), allWord) {
		return AllTypes, nil
	}
	if t, ok := lookupNumberType(s); ok {
		return OneType(t), nil
	}
	return TypeChoice{}, &ValidationError{Field: "type", Value: s, Hint: "use one of " + typeWords(true)}
}

// TypeChoices lists every choice in the order a person picks from: the
// number types in the API's order, then AllTypes.
func TypeChoices() []TypeChoice {
	var out []TypeChoice
	for _, t := range NumberTypes() {
		out = append(out, OneType(t))
	}
	return append(out, AllTypes)
}

// IsZero reports whether c is no choice.
func (c TypeChoice) IsZero() bool { return c == TypeChoice{} }

// All reports whether c is every number type at once.
func (c TypeChoice) All() bool { return c.all }

// One is the chosen number type, and false when c is AllTypes or zero.
func (c TypeChoice) One() (NumberType, bool) { return c.one, !c.all && c.one != "" }

// Types are the number types c searches: all of them for AllTypes, none
// for the zero value.
func (c TypeChoice) Types() []NumberType {
	switch {
	case c.all:
		return NumberTypes()
	case c.one != "":
		return []NumberType{c.one}
	}
	return nil
}

// String is the choice as flags, the config file and file names write it:
// "mobile", "toll-free", "all"; "" for the zero value. ParseTypeChoice
// reads it back.
func (c TypeChoice) String() string {
	if c.all {
		return allWord
	}
	return string(c.one)
}

// Label is the choice as a sentence names it: "mobile", "all types".
func (c TypeChoice) Label() string {
	if c.all {
		return "all types"
	}
	return string(c.one)
}
