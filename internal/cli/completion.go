package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"numbrowse/api"
	"numbrowse/internal/results"
	"numbrowse/ui"
)

// registerCompletions gives the flags whose values come from a fixed set
// their shell completions (`numbrowse completion SHELL` loads them; the
// shells ask through cobra's hidden __complete command): countries with
// their names, number types, themes, output formats and sort columns.
//
// --search completes the saved searches' names, from the config file
// the command would read (see searchNames).
func registerCompletions(root *cobra.Command, settingsOf func(*cobra.Command) (settings, error)) {
	must := func(cmd *cobra.Command, flag string, f cobra.CompletionFunc) {
		if err := cmd.RegisterFlagCompletionFunc(flag, f); err != nil {
			panic(fmt.Sprintf("completion for --%s: %v", flag, err)) // a programming error
		}
	}
	must(root, "country", completeCountry)
	must(root, "search", completeSearch(settingsOf))
	must(root, "type", fixedValues(typeCompletions()))
	must(root, "theme", fixedValues([]string{
		ui.ThemeAuto + "\task the terminal for its background",
		ui.ThemeDark + "\tcolours for a dark background",
		ui.ThemeLight + "\tcolours for a light background",
	}))
	for _, cmd := range root.Commands() {
		switch cmd.Name() {
		case "search":
			must(cmd, "format", fixedValues([]string{
				"table\taligned columns for reading",
				"json\tan array of entries",
				"csv\ta header row, then one row per number",
			}))
			must(cmd, "sort", completeSort)
			must(cmd, "search", completeSearch(settingsOf))
		case "owned":
			must(cmd, "format", fixedValues([]string{
				"table\taligned columns for reading",
				"json\tan array of the numbers",
				"csv\ta header row, then one row per number",
				"jsonl\tone JSON object per line",
				"tsv\ttab-separated, a header row first",
			}))
			var cols []string
			for _, c := range results.OwnedColumns() {
				cols = append(cols, c.String(), c.String()+":desc")
			}
			must(cmd, "sort", fixedValues(cols))
		case "watch":
			must(cmd, "format", fixedValues([]string{
				"table\trows as new numbers appear",
				"jsonl\tone JSON object per new number",
			}))
		case "buy":
			must(cmd, "format", fixedValues([]string{
				"table\tthe number bought, for reading",
				"json\tthe number bought, for scripts",
			}))
		}
	}
}

// fixedValues completes from values ("value\tdescription"), keeping those
// that start with what was typed (in any case), and never file names.
func fixedValues(values []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, v := range values {
			name, _, _ := strings.Cut(v, "\t")
			if hasPrefixFold(name, toComplete) {
				out = append(out, v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

func typeCompletions() []string {
	var out []string
	for _, c := range api.TypeChoices() {
		desc := "numbers of this type"
		if c == api.AllTypes {
			desc = "every type at once, merged"
		}
		out = append(out, c.String()+"\t"+desc)
	}
	return out
}

// completeCountry offers every country code with its name and calling
// code as the description ("GB\tUnited Kingdom +44"), and the groups
// ("EU\tEuropean Union, 27 countries"). Codes come in the case being typed
// (gb or GB: --country takes either), a name typed instead of a code
// ("germ") offers the codes of the countries it starts, and in a list
// ("DE,F") the last item is completed after the others.
func completeCountry(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	head, last := "", toComplete
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		head, last = toComplete[:i+1], toComplete[i+1:]
	}
	lower := last != "" && last == strings.ToLower(last)
	var byCode, byName []cobra.Completion
	for _, g := range api.CountryGroups() {
		code := g.Code
		if lower {
			code = strings.ToLower(code)
		}
		if hasPrefixFold(g.Code, last) {
			byCode = append(byCode, head+code+"\t"+fmt.Sprintf("%s, %d countries", g.Name, len(g.Members)))
		}
	}
	for _, c := range api.Countries() {
		code := c.Code
		if lower {
			code = strings.ToLower(code)
		}
		desc := c.Name
		if cc := c.Calling(); cc != "" {
			desc += " " + cc
		}
		switch {
		case hasPrefixFold(c.Code, last):
			byCode = append(byCode, head+code+"\t"+desc)
		case len(last) > 2 && hasPrefixFold(api.Fold(c.Name), api.Fold(last)):
			byName = append(byName, head+c.Code+"\t"+desc)
		}
	}
	if len(byCode) > 0 {
		return byCode, cobra.ShellCompDirectiveNoFileComp
	}
	return byName, cobra.ShellCompDirectiveNoFileComp
}

// completeSearch offers the names of the config file's saved searches,
// each with what it searches. A config file that does not read offers
// nothing (completion must work while it is being fixed).
func completeSearch(settingsOf func(*cobra.Command) (settings, error)) cobra.CompletionFunc {
	return func(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		s, err := settingsOf(cmd)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for name, v := range s.file.Searches {
			if !hasPrefixFold(name, toComplete) {
				continue
			}
			desc := "a saved search"
			if sp, err := s.file.savedSpec(name); err == nil {
				desc = sp.complete(s, browserSort).Describe("·")
			} else if _, ok := v.(map[string]any); !ok {
				continue
			}
			out = append(out, cobra.Completion(name+"\t"+desc))
		}
		slices.Sort(out)
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeSort offers each column, and column:desc.
func completeSort(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, c := range results.Columns() {
		for _, v := range []string{c.String() + "\tsort by " + c.String() + ", ascending",
			c.String() + ":desc\tsort by " + c.String() + ", descending"} {
			name, _, _ := strings.Cut(v, "\t")
			if hasPrefixFold(name, toComplete) {
				out = append(out, v)
			}
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
