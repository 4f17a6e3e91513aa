package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"strings"
)

// series is one line of a chart: a value per concurrency level.
type series struct {
	name   string
	color  color.RGBA
	values []float64 // NaN: no value
}

// panel is one chart: a title, a unit, its lines and what its x axis
// counts ("CONCURRENT USERS" when empty).
type panel struct {
	title  string
	xLabel string
	series []series
}

var (
	white     = color.RGBA{255, 255, 255, 255}
	ink       = color.RGBA{40, 40, 40, 255}
	grey      = color.RGBA{120, 120, 120, 255}
	grid      = color.RGBA{225, 225, 225, 255}
	goColor   = color.RGBA{0, 125, 156, 255}  // Go's blue
	nodeColor = color.RGBA{215, 120, 20, 255} // orange
)

// renderChart draws the panels side by side against the concurrency
// levels and writes a PNG to path. Text uses a built-in 5x7 bitmap font.
func renderChart(path, title, footnote string, levels []int, panels []panel) error {
	const pw, ph, top = 560, 420, 56
	w := pw * len(panels)
	// The footnote wraps at spaces to the width of the image.
	var notes []string
	for line := ""; footnote != ""; {
		word, rest, _ := strings.Cut(footnote, " ")
		switch {
		case line == "":
			line = word
		case textWidth(line+" "+word, 2) > w-40:
			notes = append(notes, line)
			line = word
		default:
			line += " " + word
		}
		if footnote = rest; footnote == "" {
			notes = append(notes, line)
		}
	}
	h := top + ph + 12 + 20*len(notes)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(img, img.Bounds(), white)
	text(img, 20, 14, 3, ink, title)
	// One legend for all panels, on the title's line, right-aligned.
	if len(panels) > 0 {
		for i, s := range panels[0].series {
			lx := w - 110*(len(panels[0].series)-i)
			square(img, lx, 24, 6, s.color)
			text(img, lx+14, 17, 2, ink, s.name)
		}
	}
	for i, line := range notes {
		text(img, 20, top+ph+6+20*i, 2, grey, line)
	}
	for i, p := range panels {
		drawPanel(img, image.Rect(i*pw, top, (i+1)*pw, top+ph), levels, p)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func drawPanel(img *image.RGBA, r image.Rectangle, levels []int, p panel) {
	const left, right, top, bottom = 90, 30, 40, 70
	plot := image.Rect(r.Min.X+left, r.Min.Y+top, r.Max.X-right, r.Max.Y-bottom)
	text(img, plot.Min.X, r.Min.Y+8, 2, ink, p.title)

	maxV := 0.0
	for _, s := range p.series {
		for _, v := range s.values {
			if !math.IsNaN(v) && v > maxV {
				maxV = v
			}
		}
	}
	step := niceStep(maxV / 5)
	top5 := step * math.Ceil(maxV/step)
	if top5 == 0 {
		top5 = 1
	}
	y := func(v float64) int {
		return plot.Max.Y - int(math.Round(v/top5*float64(plot.Dy())))
	}
	x := func(i int) int {
		if len(levels) == 1 {
			return (plot.Min.X + plot.Max.X) / 2
		}
		return plot.Min.X + 20 + i*(plot.Dx()-40)/(len(levels)-1)
	}

	// Grid and y ticks.
	for v := 0.0; v <= top5+step/2; v += step {
		yy := y(v)
		hline(img, plot.Min.X, plot.Max.X, yy, grid)
		label := formatTick(v, step)
		text(img, plot.Min.X-10-textWidth(label, 2), yy-7, 2, grey, label)
	}
	// Axes.
	hline(img, plot.Min.X, plot.Max.X, plot.Max.Y, ink)
	vline(img, plot.Min.X, plot.Min.Y, plot.Max.Y, ink)
	for i, c := range levels {
		label := fmt.Sprint(c)
		vline(img, x(i), plot.Max.Y, plot.Max.Y+5, ink)
		text(img, x(i)-textWidth(label, 2)/2, plot.Max.Y+10, 2, grey, label)
	}
	axis := p.xLabel
	if axis == "" {
		axis = "CONCURRENT USERS"
	}
	text(img, (plot.Min.X+plot.Max.X-textWidth(axis, 2))/2, plot.Max.Y+34, 2, ink, axis)

	// Lines, points and the legend.
	for _, s := range p.series {
		var px, py int
		have := false
		for i, v := range s.values {
			if math.IsNaN(v) {
				have = false
				continue
			}
			cx, cy := x(i), y(v)
			if have {
				line(img, px, py, cx, cy, 3, s.color)
			}
			square(img, cx, cy, 4, s.color)
			px, py, have = cx, cy, true
		}
	}
}

// niceStep rounds a raw tick step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= raw {
			return m * pow
		}
	}
	return 10 * pow
}

func formatTick(v, step float64) string {
	switch {
	case v == 0:
		return "0"
	case step >= 1000 && math.Mod(v, 1000) == 0:
		return fmt.Sprintf("%gK", v/1000)
	case step >= 1:
		return fmt.Sprintf("%.0f", v)
	case step >= 0.1:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}

func hline(img *image.RGBA, x0, x1, y int, c color.RGBA) {
	fill(img, image.Rect(x0, y, x1+1, y+1), c)
}

func vline(img *image.RGBA, x, y0, y1 int, c color.RGBA) {
	fill(img, image.Rect(x, y0, x+1, y1+1), c)
}

func square(img *image.RGBA, cx, cy, half int, c color.RGBA) {
	fill(img, image.Rect(cx-half, cy-half, cx+half+1, cy+half+1), c)
}

// line draws a line of the given thickness (Bresenham, square pen).
func line(img *image.RGBA, x0, y0, x1, y1, width int, c color.RGBA) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	half := width / 2
	for {
		fill(img, image.Rect(x0-half, y0-half, x0-half+width, y0-half+width), c)
		if x0 == x1 && y0 == y1 {
			return
		}
		if e2 := 2 * e; e2 >= dy {
			e += dy
			x0 += sx
		} else {
			e += dx
			y0 += sy
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func sign(v int) int {
	switch {
	case v < 0:
		return -1
	case v > 0:
		return 1
	}
	return 0
}

// text draws s in upper case with the 5x7 font, each font pixel scale
// pixels wide, its top-left corner at (x, y).
func text(img *image.RGBA, x, y, scale int, c color.RGBA, s string) {
	for _, r := range strings.ToUpper(s) {
		g, ok := font[r]
		if !ok {
			g = font['?']
		}
		for row, bits := range g {
			for col, bit := range bits {
				if bit == '#' {
					fill(img, image.Rect(x+col*scale, y+row*scale, x+(col+1)*scale, y+(row+1)*scale), c)
				}
			}
		}
		x += 6 * scale
	}
}

func textWidth(s string, scale int) int { return len([]rune(s))*6*scale - scale }

// font is a 5x7 bitmap font: the characters the chart's labels use.
var font = map[rune][7]string{
	' ': {".....", ".....", ".....", ".....", ".....", ".....", "....."},
	'0': {".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."},
	'1': {"..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."},
	'2': {".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"},
	'3': {"#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."},
	'4': {"...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."},
	'5': {"#####", "#....", "####.", "....#", "....#", "#...#", ".###."},
	'6': {"..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."},
	'7': {"#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."},
	'8': {".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."},
	'9': {".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."},
	'A': {".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"},
	'B': {"####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."},
	'C': {".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."},
	'D': {"###..", "#..#.", "#...#", "#...#", "#...#", "#..#.", "###.."},
	'E': {"#####", "#....", "#....", "####.", "#....", "#....", "#####"},
	'F': {"#####", "#....", "#....", "####.", "#....", "#....", "#...."},
	'G': {".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"},
	'H': {"#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"},
	'I': {".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."},
	'J': {"..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."},
	'K': {"#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"},
	'L': {"#....", "#....", "#....", "#....", "#....", "#....", "#####"},
	'M': {"#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"},
	'N': {"#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"},
	'O': {".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."},
	'P': {"####.", "#...#", "#...#", "####.", "#....", "#....", "#...."},
	'Q': {".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"},
	'R': {"####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"},
	'S': {".####", "#....", "#....", ".###.", "....#", "....#", "####."},
	'T': {"#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."},
	'U': {"#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."},
	'V': {"#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."},
	'W': {"#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."},
	'X': {"#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"},
	'Y': {"#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."},
	'Z': {"#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"},
	'.': {".....", ".....", ".....", ".....", ".....", ".##..", ".##.."},
	',': {".....", ".....", ".....", ".....", ".##..", "..#..", ".#..."},
	':': {".....", ".##..", ".##..", ".....", ".##..", ".##..", "....."},
	';': {".....", ".##..", ".##..", ".....", ".##..", "..#..", ".#..."},
	'-': {".....", ".....", ".....", "#####", ".....", ".....", "....."},
	'+': {".....", "..#..", "..#..", "#####", "..#..", "..#..", "....."},
	'=': {".....", ".....", "#####", ".....", "#####", ".....", "....."},
	'/': {"....#", "....#", "...#.", "..#..", ".#...", "#....", "#...."},
	'(': {"...#.", "..#..", ".#...", ".#...", ".#...", "..#..", "...#."},
	')': {".#...", "..#..", "...#.", "...#.", "...#.", "..#..", ".#..."},
	'%': {"##...", "##..#", "...#.", "..#..", ".#...", "#..##", "...##"},
	'@': {".###.", "#...#", "#.###", "#.#.#", "#.###", "#....", ".###."},
	'<': {"...#.", "..#..", ".#...", "#....", ".#...", "..#..", "...#."},
	'>': {".#...", "..#..", "...#.", "....#", "...#.", "..#..", ".#..."},
	'?': {".###.", "#...#", "....#", "...#.", "..#..", ".....", "..#.."},
	'_': {".....", ".....", ".....", ".....", ".....", ".....", "#####"},
	'|': {"..#..", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."},
	'*': {".....", "#.#.#", ".###.", "#####", ".###.", "#.#.#", "....."},
	'~': {".....", ".....", ".#...", "#.#.#", "...#.", ".....", "....."},
}
