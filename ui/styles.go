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
	// OnWarning is text on a Warning background (the DEMO badge).
	OnWarning color.Color
}

// paint is one palette colour for a dark and for a light background: the
// 16-colour, 256-colour and true-colour value of each.
type paint struct{ dark, light [3]string }

// paintSet is a paint for each colour of the palette.
type paintSet struct {
	Primary, Subtle, Faint, SelectedBg, SelectedFg, MarkFg   paint
	Error, Warning, Success, SMS, Voice, MMS, Fax, OnWarning paint
}

// paints are the palette's colours. Every text colour has a contrast of at
// least 4.5:1 (WCAG AA) against the background it sits on, in 256 and true
// colour, on dark backgrounds from black to #282828 and light ones from
// white to #EEEEEE (TestPaletteContrast). The 16 colours are the
// terminal's own, so only their names are chosen here.
func paints() paintSet {
	p := func(d16, d256, dtc, l16, l256, ltc string) paint {
		return paint{dark: [3]string{d16, d256, dtc}, light: [3]string{l16, l256, ltc}}
	}
	// Arguments: dark background (16, 256, true colour), then light.
	return paintSet{
		Primary:    p("13", "141", "#AF87FF", "5", "55", "#5F00AF"),
		Subtle:     p("7", "250", "#BCBCBC", "8", "238", "#444444"),
		Faint:      p("8", "246", "#949494", "8", "242", "#6C6C6C"),
		SelectedBg: p("5", "60", "#3B3880", "13", "189", "#D7D7FF"),
		SelectedFg: p("15", "231", "#FFFFFF", "0", "16", "#000000"),
		MarkFg:     p("11", "221", "#FFD75F", "3", "94", "#875F00"),
		Error:      p("9", "203", "#FF5F5F", "1", "160", "#D70000"),
		Warning:    p("11", "214", "#FFAF00", "3", "94", "#875F00"),
		Success:    p("10", "114", "#87D787", "2", "22", "#005F00"),
		SMS:        p("14", "80", "#5FD7D7", "6", "24", "#005F87"),
		Voice:      p("10", "114", "#87D787", "2", "22", "#005F00"),
		MMS:        p("13", "176", "#D787D7", "5", "127", "#AF00AF"),
		Fax:        p("11", "180", "#D7AF87", "3", "58", "#5F5F00"),
		OnWarning:  p("0", "16", "#000000", "15", "231", "#FFFFFF"),
	}
}

func newPalette(isDark bool, p colorprofile.Profile) palette {
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Complete(p)
	pick := func(pt paint) color.Color {
		d, l := pt.dark, pt.light
		return ld(c(lipgloss.Color(l[0]), lipgloss.Color(l[1]), lipgloss.Color(trueOr256(l[1], l[2]))),
			c(lipgloss.Color(d[0]), lipgloss.Color(d[1]), lipgloss.Color(trueOr256(d[1], d[2]))))
	}
	ps := paints()
	return palette{
		Primary: pick(ps.Primary), Subtle: pick(ps.Subtle), Faint: pick(ps.Faint),
		SelectedBg: pick(ps.SelectedBg), SelectedFg: pick(ps.SelectedFg), MarkFg: pick(ps.MarkFg),
		Error: pick(ps.Error), Warning: pick(ps.Warning), Success: pick(ps.Success),
		SMS: pick(ps.SMS), Voice: pick(ps.Voice), MMS: pick(ps.MMS), Fax: pick(ps.Fax),
		OnWarning: pick(ps.OnWarning),
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
	// ReadOnlyBadge is READ-ONLY in the header when buying is off.
	ReadOnlyBadge lipgloss.Style
	Subtle        lipgloss.Style
	Faint         lipgloss.Style
	Error         lipgloss.Style
	Warning       lipgloss.Style
	Success       lipgloss.Style
	Key           lipgloss.Style // a key name in help and hints

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
	// CursorMark marks the selected row in the table's gutter where the
	// selection's colours may not show: in ASCII mode, and on a terminal
	// that gets no attributes at all (TERM=dumb); "" elsewhere.
	CursorMark string
}

// Glyphs are the non-letter symbols the UI draws, with ASCII stand-ins.
type Glyphs struct {
	SortAsc, SortDesc, Mark, Ellipsis, Dot, Warn, Check string
	// None stands for a missing value (a cost the provider did not give),
	// the same in the table and the detail pane.
	None string
	// Above and Below say that rows (or lines) are hidden above or below
	// the screen.
	Above, Below string
	// Prompt starts a text input line; UpDown names the arrow keys in hints.
	Prompt, UpDown string
	// Border frames panes and dialogs; FocusBorder frames the focused pane.
	Border, FocusBorder lipgloss.Border
}

var (
	unicodeGlyphs = Glyphs{SortAsc: "▲", SortDesc: "▼", Mark: "●", Ellipsis: "…", Dot: "·", Warn: "⚠", Check: "✓",
		None: "—", Above: "↑", Below: "↓",
		Prompt: "›", UpDown: "↑↓", Border: lipgloss.RoundedBorder(),
		FocusBorder: lipgloss.ThickBorder()}
	asciiGlyphs = Glyphs{SortAsc: "^", SortDesc: "v", Mark: "*", Ellipsis: "...", Dot: ".", Warn: "!", Check: "+",
		None: "-", Above: "^", Below: "v",
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
	if ascii || p == colorprofile.NoTTY {
		s.CursorMark = ">"
	}
	base := lipgloss.NewStyle()
	fg := func(c color.Color) lipgloss.Style { return base.Foreground(c) }

	s.App = base
	s.Title = fg(pal.Primary).Bold(true)
	s.HeaderText = base.Bold(true)
	s.DemoBadge = base.Bold(true).Foreground(pal.OnWarning).Background(pal.Warning).Padding(0, 1)
	s.ReadOnlyBadge = base.Bold(true).Foreground(pal.SelectedFg).Background(pal.SelectedBg).Padding(0, 1)
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
		s.ReadOnlyBadge = base.Reverse(true).Bold(true).Padding(0, 1)
		s.Mark = base.Bold(true)
		s.FeatureAbsent = base.Faint(true)
		s.RentedRow = base.Faint(true)
	}
	return s
}
