package appwritetest

import "testing"

func TestDetectDevice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ua                                      string
		client, version, engine, os, deviceName string
	}{
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.8078.73 Safari/537.36",
			"Chrome", "156.0", "Blink", "GNU/Linux", "desktop"},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.8078.73 Safari/537.36",
			"Headless Chrome", "156.0", "Blink", "GNU/Linux", "desktop"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
			"Microsoft Edge", "120.0", "Blink", "Windows", "desktop"},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 Firefox/121.0",
			"Firefox", "121.0", "Gecko", "Mac", "desktop"},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
			"Safari", "17.2", "WebKit", "iOS", "smartphone"},
		{"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
			"Chrome", "120.0", "Blink", "Android", "smartphone"},
		{"AppwriteGoSDK/v1.0.0 (linux; amd64)", "", "", "", "", ""},
		{"curl/8.5.0", "", "", "", "", ""},
		{"", "", "", "", "", ""},
	}
	for _, tt := range tests {
		d := detectDevice(tt.ua)
		if d.clientName != tt.client || d.clientVer != tt.version || d.engine != tt.engine || d.osName != tt.os || d.deviceName != tt.deviceName {
			t.Errorf("detectDevice(%q) = %+v, want %s %s %s on %s (%s)", tt.ua, d, tt.client, tt.version, tt.engine, tt.os, tt.deviceName)
		}
	}
}
