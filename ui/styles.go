package ui

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// palette is the small set of semantic colours every style is built from.
// Each colour is given for 16-colour, 256-colour and true-colour terminals,
// so it reads well in each (most SSH sessions are 256-colour).
type palette struct {
	Primary, Subtle, Faint, SelectedBg, SelectedFg, MarkFg color.Color
	Error, Warning, Success                                color.Color
	SMS, Voice, MMS, Fax                                   color.Color
}

func newPalette(isDark bool, p colorprofile.Profile) palette {
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Complete(p)
	pick := func(a16, a256, tc, l16, l256, ltc string) color.Color {
		return ld(c(lipgloss.Color(l16), lipgloss.Color(l256), lipgloss.Color(trueOr256(l256, ltc))),
			c(lipgloss.Color(a16), lipgloss.Color(a256), lipgloss.Color(trueOr256(a256, tc))))
	}
	// Arguments: dark background (16, 256, true colour), then light.
	return palette{
		Primary:    pick("13", "141", "#AF87FF", "5", "55", "#5F00AF"),
		Subtle:     pick("7", "250", "#BCBCBC", "8", "240", "#585858"),
		Faint:      pick("8", "243", "#767676", "7", "248", "#A8A8A8"),
		SelectedBg: pick("5", "60", "#3B3880", "13", "189", "#D7D7FF"),
		SelectedFg: pick("15", "231", "#FFFFFF", "0", "16", "#000000"),
		MarkFg:     pick("11", "221", "#FFD75F", "3", "130", "#AF5F00"),
		Error:      pick("9", "203", "#FF5F5F", "1", "160", "#D70000"),
		Warning:    pick("11", "214", "#FFAF00", "3", "130", "#AF5F00"),
		Success:    pick("10", "114", "#87D787", "2", "28", "#008700"),
		SMS:        pick("14", "80", "#5FD7D7", "6", "30", "#008787"),
		Voice:      pick("10", "114", "#87D787", "2", "28", "#008700"),
		MMS:        pick("13", "176", "#D787D7", "5", "127", "#AF00AF"),
		Fax:        pick("11", "180", "#D7AF87", "3", "94", "#875F00"),
	}
}

// Styles holds every style the browser draws with. Views never build styles
// inline: they take them from here, so one value follows the terminal's
// background, colour profile and ASCII mode.
type Styles struct {
	// IsDark, NoColor and ASCII record what the styles were built for.
	IsDark, NoColor, ASCII bool

	App        lipgloss.Style
	Title      lipgloss.Style // "numbrowse" in the header
	HeaderText lipgloss.Style
	DemoBadge  lipgloss.Style
	Subtle     lipgloss.Style
	Faint      lipgloss.Style
	Error      lipgloss.Style
	Warning    lipgloss.Style
	Success    lipgloss.Style
	Key        lipgloss.Style // a key name in help and hints

	TableHeader   lipgloss.Style
	SortedHeader  lipgloss.Style
	Cell          lipgloss.Style
	SelectedRow   lipgloss.Style
	MarkedRow     lipgloss.Style
	RentedRow     lipgloss.Style // a number bought in this session
	Mark          lipgloss.Style
	FeatureSMS    lipgloss.Style
	FeatureVoice  lipgloss.Style
	FeatureMMS    lipgloss.Style
	FeatureFax    lipgloss.Style
	FeatureAbsent lipgloss.Style
	FlagBadge     lipgloss.Style

	Pane        lipgloss.Style // detail pane border
	PaneFocused lipgloss.Style
	PaneTitle   lipgloss.Style
	Label       lipgloss.Style // field labels in the detail pane
	Value       lipgloss.Style

	Dialog      lipgloss.Style // pickers, export and purchase dialogs
	DialogTitle lipgloss.Style
	Prompt      lipgloss.Style
	Input       lipgloss.Style
	Cursor      lipgloss.Style // highlighted item in pickers

	StatusBar lipgloss.Style
	Spinner   lipgloss.Style

	// Glyphs differ in ASCII mode.
	Glyphs Glyphs
}

// Glyphs are the non-letter symbols the UI draws, with ASCII stand-ins.
type Glyphs struct {
	SortAsc, SortDesc, Mark, Ellipsis, Dot, Warn, Check string
	// Prompt starts a text input line; UpDown names the arrow keys in hints.
	Prompt, UpDown string
	// Border frames panes and dialogs; FocusBorder frames the focused pane.
	Border, FocusBorder lipgloss.Border
}

var (
	unicodeGlyphs = Glyphs{SortAsc: "▲", SortDesc: "▼", Mark: "●", Ellipsis: "…", Dot: "·", Warn: "⚠", Check: "✓",
		Prompt: "›", UpDown: "↑↓", Border: lipgloss.RoundedBorder(),
		FocusBorder: lipgloss.ThickBorder()}
	asciiGlyphs = Glyphs{SortAsc: "^", SortDesc: "v", Mark: "*", Ellipsis: "...", Dot: ".", Warn: "!", Check: "+",
		Prompt: ">", UpDown: "up/down", Border: lipgloss.ASCIIBorder(),
		FocusBorder: asciiFocusBorder}
)

// asciiPunct replaces the typographic punctuation of the browser's own
// messages in ASCII mode.
var asciiPunct = strings.NewReplacer("—", "-", "…", "...", "·", ".", "’", "'", "‘", "'", "“", "\"", "”", "\"")

// text is one of the browser's own messages as the terminal can show it:
// with ASCII punctuation in ASCII mode.
func (st *Styles) text(s string) string {
	if st.ASCII {
		return asciiPunct.Replace(s)
	}
	return s
}

// asciiFocusBorder marks the focused pane in ASCII mode.
var asciiFocusBorder = lipgloss.Border{Top: "=", Bottom: "=", Left: "#", Right: "#",
	TopLeft: "#", TopRight: "#", BottomLeft: "#", BottomRight: "#"}

// NewStyles builds the styles for a terminal background (dark or light), a
// colour profile, and ASCII mode. With no colour (NO_COLOR, or the ASCII
// profile) it relies on bold, underline and reverse video instead.
func NewStyles(isDark bool, p colorprofile.Profile, ascii bool) Styles {
	noColor := p <= colorprofile.ASCII
	pal := newPalette(isDark, p)
	s := Styles{IsDark: isDark, NoColor: noColor, ASCII: ascii, Glyphs: unicodeGlyphs}
	if ascii {
		s.Glyphs = asciiGlyphs
	}
	base := lipgloss.NewStyle()
	fg := func(c color.Color) lipgloss.Style { return base.Foreground(c) }

	s.App = base
	s.Title = fg(pal.Primary).Bold(true)
	s.HeaderText = base.Bold(true)
	s.DemoBadge = base.Bold(true).Foreground(pal.SelectedFg).Background(pal.Warning).Padding(0, 1)
	s.Subtle = fg(pal.Subtle)
	s.Faint = fg(pal.Faint)
	s.Error = fg(pal.Error).Bold(true)
	s.Warning = fg(pal.Warning)
	s.Success = fg(pal.Success)
	s.Key = fg(pal.Primary).Bold(true)

	s.TableHeader = base.Bold(true).Foreground(pal.Subtle)
	s.SortedHeader = base.Bold(true).Foreground(pal.Primary)
	s.Cell = base
	s.SelectedRow = base.Bold(true).Foreground(pal.SelectedFg).Background(pal.SelectedBg)
	s.MarkedRow = fg(pal.MarkFg)
	s.Mark = fg(pal.MarkFg).Bold(true)
	s.RentedRow = fg(pal.Faint)
	s.FeatureSMS = fg(pal.SMS)
	s.FeatureVoice = fg(pal.Voice)
	s.FeatureMMS = fg(pal.MMS)
	s.FeatureFax = fg(pal.Fax)
	s.FeatureAbsent = fg(pal.Faint)
	s.FlagBadge = fg(pal.Warning)

	s.Pane = base.Border(s.Glyphs.Border).BorderForeground(pal.Faint).Padding(0, 1)
	// The focused pane also differs in shape, so focus shows without colour.
	s.PaneFocused = s.Pane.Border(s.Glyphs.FocusBorder).BorderForeground(pal.Primary)
	s.PaneTitle = fg(pal.Primary).Bold(true)
	s.Label = fg(pal.Subtle)
	s.Value = base

	s.Dialog = base.Border(s.Glyphs.Border).BorderForeground(pal.Primary).Padding(0, 1)
	s.DialogTitle = fg(pal.Primary).Bold(true)
	s.Prompt = fg(pal.Primary).Bold(true)
	s.Input = base
	s.Cursor = base.Bold(true).Foreground(pal.SelectedFg).Background(pal.SelectedBg)

	s.StatusBar = base
	s.Spinner = fg(pal.Primary)

	if noColor {
		// Without colour, show state with attributes that survive NO_COLOR.
		s.SelectedRow = base.Reverse(true).Bold(true)
		s.Cursor = base.Reverse(true)
		s.SortedHeader = base.Bold(true).Underline(true)
		s.DemoBadge = base.Reverse(true).Bold(true).Padding(0, 1)
		s.Mark = base.Bold(true)
		s.FeatureAbsent = base.Faint(true)
		s.RentedRow = base.Faint(true)
	}
	return s
}
