package server

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"rsc.io/qr"
)

// TestQRCodeDataURI draws a provisioning URI and reads the SVG back: its
// dark modules must be exactly the code's, inside a white quiet zone of
// four modules. (Browser tests decode the image as shown with a QR
// decoder.)
func TestQRCodeDataURI(t *testing.T) {
	t.Parallel()
	uri := "otpauth://totp/My%20App%3Aada%40example.com?issuer=My%20App&secret=" + strings.Repeat("JBSWY3DPEHPK3PXP", 6) + "ABCDEFG"
	got, err := qrCodeDataURI(uri)
	if err != nil {
		t.Fatal(err)
	}
	b64, ok := strings.CutPrefix(got, "data:image/svg+xml;base64,")
	if !ok {
		t.Fatalf("%.40q is not an SVG data URI", got)
	}
	svg, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	code, err := qr.Encode(uri, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	const quiet = 4 // modules of white border, as ISO/IEC 18004 asks
	side := code.Size + 2*quiet
	if !strings.Contains(string(svg), fmt.Sprintf(`viewBox="0 0 %d %d"`, side, side)) || !strings.Contains(string(svg), `fill="#fff"`) {
		t.Fatalf("svg head: %.200s", svg)
	}
	_, path, _ := strings.Cut(string(svg), ` d="`)
	path, _, _ = strings.Cut(path, `"`)
	dark := map[[2]int]bool{}
	for _, seg := range strings.Split(strings.TrimSuffix(path, "z"), "z") {
		var x, y, run, back int
		if n, err := fmt.Sscanf(seg, "M%d %dh%dv1h-%d", &x, &y, &run, &back); n != 4 || err != nil || run != back || run < 1 {
			t.Fatalf("path segment %q", seg)
		}
		for i := 0; i < run; i++ {
			dark[[2]int{x + i - quiet, y - quiet}] = true
		}
	}
	for y := -quiet; y < code.Size+quiet; y++ {
		for x := -quiet; x < code.Size+quiet; x++ {
			if dark[[2]int{x, y}] != code.Black(x, y) {
				t.Fatalf("module (%d,%d): drawn dark %v, the code says %v", x, y, dark[[2]int{x, y}], code.Black(x, y))
			}
		}
	}
	if len(svg) > 16<<10 {
		t.Errorf("the SVG is %d bytes", len(svg))
	}
}
