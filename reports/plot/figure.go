package plot

import (
	"bytes"
	"fmt"
	"sync"
	"sync/atomic"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Figure is one plot, named for its file (without extension), with the
// workbook sheet it illustrates and its size.
type Figure struct {
	Name  string // file name without extension, e.g. "forest"
	Sheet string // workbook sheet it belongs on
	Plot  *plot.Plot
	// Panels, when set instead of Plot, are drawn side by side, each with
	// its own axes.
	Panels        []*plot.Plot
	Width, Height vg.Length

	// png, when set (by the lists of figures: Figures, PoolFigures),
	// keeps the PNG once rendered, so that the plots folder and the
	// workbook share one rendering.
	png *rendering
}

// rendering is a PNG rendered at most once.
type rendering struct {
	once sync.Once
	data []byte
	err  error
}

// shared gives each figure a PNG rendered at most once however many
// outputs use it.
func shared(figs []Figure) []Figure {
	for i := range figs {
		figs[i].png = new(rendering)
	}
	return figs
}

// draw draws the figure on c.
func (f Figure) draw(c draw.Canvas) {
	c = withMargin(c)
	if f.Plot != nil {
		f.Plot.Draw(c)
		return
	}
	tiles := draw.Tiles{Rows: 1, Cols: len(f.Panels), PadX: vg.Points(18)}
	cs := plot.Align([][]*plot.Plot{f.Panels}, tiles, c)
	for i, p := range f.Panels {
		p.Draw(cs[0][i])
	}
}

// PNG renders the figure at DPI (once for a figure of a list such as
// Figures: the bytes are shared, and must not be changed).
func (f Figure) PNG() ([]byte, error) {
	dpi := int(pngDPI.Load())
	if f.png == nil {
		return f.PNGAt(dpi)
	}
	f.png.once.Do(func() { f.png.data, f.png.err = f.PNGAt(dpi) })
	return f.png.data, f.png.err
}

// pngDPI is the resolution of PNG: DPI, except in tests that run whole
// commands (SetTestResolution).
var pngDPI = func() *atomic.Int32 {
	var d atomic.Int32
	d.Store(DPI)
	return &d
}()

// SetTestResolution makes PNG draw at dpi instead of DPI until restore is
// called. It is for the tests of the commands, which draw every plot of
// many runs and look only at the files: at a low resolution they take a
// fraction of the time. reports/plot's own tests check the plots at DPI.
// Nothing else may call it.
func SetTestResolution(dpi int) (restore func()) {
	old := pngDPI.Swap(int32(dpi))
	return func() { pngDPI.Store(old) }
}

// PNGAt renders the figure at dpi dots per inch, afresh. The files and the
// workbook use DPI; the tests draw most plots at a low resolution, which
// is quick.
func (f Figure) PNGAt(dpi int) ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(dpi))
	f.draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("drawing %s.png: %w", f.Name, err)
	}
	return buf.Bytes(), nil
}

// SVG renders the figure as SVG.
func (f Figure) SVG() ([]byte, error) {
	c := vgsvg.New(f.Width, f.Height)
	f.draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("drawing %s.svg: %w", f.Name, err)
	}
	return buf.Bytes(), nil
}

// DPI is the resolution of the PNG files.
const DPI = 300

// withMargin leaves a small white margin around a figure so that no text
// touches its edge.
func withMargin(c draw.Canvas) draw.Canvas {
	m := vg.Points(9)
	return draw.Crop(c, m, -m, m, -m)
}

// RenderPNG draws p as a PNG of w × h at DPI (300 dpi), with a small
// white margin.
func RenderPNG(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	return Figure{Name: "plot", Plot: p, Width: w, Height: h}.PNG()
}

// RenderSVG draws p as an SVG of w × h, with a small white margin.
func RenderSVG(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	return Figure{Name: "plot", Plot: p, Width: w, Height: h}.SVG()
}
