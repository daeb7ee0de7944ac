package plot

import (
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// Okabe–Ito colours (Okabe & Ito 2008), safe for colour-blind readers.
var (
	colourProgramme  = color.RGBA{0x00, 0x72, 0xB2, 0xff} // blue
	colourComparison = color.RGBA{0xE6, 0x9F, 0x00, 0xff} // orange
	colourSubgroup   = color.RGBA{0xD5, 0x5E, 0x00, 0xff} // vermillion
	colourGrey       = color.RGBA{0x66, 0x66, 0x66, 0xff}
	// colourFavours shades the side of a forest plot that favours the
	// programme: the programme's blue, faint.
	colourFavours = color.RGBA{0xE5, 0xF0, 0xF7, 0xff}
)

// Font sizes chosen so that a 6-inch-wide figure pasted at half the width
// of an A4 page in Word stays readable.
var (
	sansFont   = font.Font{Typeface: "Liberation", Variant: "Sans"}
	titleSize  = vg.Points(14)
	labelSize  = vg.Points(12)
	tickSize   = vg.Points(11)
	legendSize = vg.Points(11)
)

// plotWidth is the width of every figure: 6 inches.
const plotWidth = 6 * vg.Inch

// newPlot returns a plot with whatworks' fonts, sizes and labels.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sansFont, titleSize)
	p.Title.Padding = vg.Points(8)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(sansFont, labelSize)
		ax.Tick.Label.Font = font.From(sansFont, tickSize)
		ax.Padding = vg.Points(4)
	}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.Legend.TextStyle.Font = font.From(sansFont, legendSize)
	p.X.Tick.Marker = trimTicks{}
	p.Y.Tick.Marker = trimTicks{}
	return p
}

// trimTicks are gonum's default ticks with trailing zeros dropped from the
// labels ("12.50" becomes "12.5").
type trimTicks struct{}

func (trimTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ts {
		if l := ts[i].Label; strings.Contains(l, ".") && !strings.ContainsAny(l, "eE") {
			l = strings.TrimSuffix(strings.TrimRight(l, "0"), ".")
			if l == "-0" {
				l = "0"
			}
			ts[i].Label = l
		}
	}
	return ts
}

// lighten mixes c with white, for box fills.
func lighten(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	mix := func(v uint32) uint8 { return uint8((v>>8)/2 + 128) }
	return color.RGBA{mix(r), mix(g), mix(b), 0xff}
}

// fitText fits s in at most lines lines no wider than w when drawn in f:
// wrapped at spaces, and the last line shortened with "…" if it is still
// too wide. Axis labels, tick labels and titles go through it, so that a
// long outcome label cannot squeeze the data area or run over its
// neighbour.
func fitText(s string, f font.Font, w vg.Length, lines int) string {
	face := font.DefaultCache.Lookup(f, f.Size)
	fits := func(t string) bool { return face.Width(t) <= w }
	var out []string
	cur := ""
	words := strings.Fields(s)
	for i := 0; i < len(words); i++ {
		switch {
		case cur == "":
			cur = words[i]
			continue
		case fits(cur + " " + words[i]):
			cur += " " + words[i]
			continue
		case len(out) == lines-1:
			// No more lines: the rest goes on the last, shortened below.
			cur += " " + strings.Join(words[i:], " ")
			i = len(words)
			continue
		}
		out = append(out, cur)
		cur = words[i]
	}
	out = append(out, cur)
	for i, l := range out {
		if fits(l) {
			continue
		}
		r := []rune(l)
		for len(r) > 1 && !fits(strings.TrimRight(string(r), " ,;:")+"…") {
			r = r[:len(r)-1]
		}
		out[i] = strings.TrimRight(string(r), " ,;:") + "…"
	}
	return strings.Join(out, "\n")
}
