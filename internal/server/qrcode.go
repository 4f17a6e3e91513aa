package server

import (
	"encoding/base64"
	"strconv"
	"strings"

	"rsc.io/qr"
)

// qrQuietZone is the light border around a QR code, in modules: the 4
// that ISO/IEC 18004 asks for, so that a scanner finds the code on any
// background.
const qrQuietZone = 4

// qrCodeDataURI returns text as a QR code (error correction level M), an
// SVG image in a data: URI that an <img> shows as it is. Each row's runs
// of dark modules are one path segment, so the image stays small (a few
// KB for an otpauth:// URI) and scales without blurring.
//
// The code is made by rsc.io/qr, a small encoder with no dependencies of
// its own; the function only draws it.
func qrCodeDataURI(text string) (string, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", err
	}
	side := strconv.Itoa(code.Size + 2*qrQuietZone)
	var svg strings.Builder
	svg.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + side + " " + side +
		`" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="`)
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; {
			if !code.Black(x, y) {
				x++
				continue
			}
			run := 1
			for code.Black(x+run, y) {
				run++
			}
			svg.WriteString("M" + strconv.Itoa(x+qrQuietZone) + " " + strconv.Itoa(y+qrQuietZone) +
				"h" + strconv.Itoa(run) + "v1h-" + strconv.Itoa(run) + "z")
			x += run
		}
	}
	svg.WriteString(`"/></svg>`)
	return "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(svg.String())), nil
}
