package appwritetest

import "strings"

// device is what a session records of the user agent that created it:
// Appwrite runs a full device detector; the emulator knows the common
// browsers and systems, enough for a session list to read naturally.
type device struct {
	osCode, osName, osVersion                     string
	clientType, clientCode, clientName, clientVer string
	engine, engineVersion                         string
	deviceName                                    string
}

// userAgent returns the user agent a session records: the
// X-Forwarded-User-Agent header for API-key callers (Appwrite trusts it
// only from them), else User-Agent.
func (q *request) userAgent() string {
	if q.caller.isApp() {
		if ua := q.r.Header.Get("X-Forwarded-User-Agent"); ua != "" {
			return ua
		}
	}
	return q.r.Header.Get("User-Agent")
}

// detectDevice reads a browser user agent. Anything it does not know
// (an SDK, curl) gives the empty device, as Appwrite's detector gives
// empty fields for unknown agents.
func detectDevice(ua string) device {
	var d device
	browsers := []struct{ token, code, name, engine string }{
		// Order matters: Edge and Opera also say Chrome, Chrome also
		// says Safari.
		{"Edg/", "PS", "Microsoft Edge", "Blink"},
		{"OPR/", "OP", "Opera", "Blink"},
		{"HeadlessChrome/", "HC", "Headless Chrome", "Blink"},
		{"Chrome/", "CH", "Chrome", "Blink"},
		{"Firefox/", "FF", "Firefox", "Gecko"},
		{"Version/", "SF", "Safari", "WebKit"},
	}
	for _, b := range browsers {
		if v, ok := versionAfter(ua, b.token); ok {
			d.clientType, d.clientCode, d.clientName, d.clientVer, d.engine = "browser", b.code, b.name, v, b.engine
			switch b.engine {
			case "Blink":
				d.engineVersion, _ = versionAfter(ua, "Chrome/")
			case "Gecko":
				d.engineVersion, _ = versionAfter(ua, "rv:")
			case "WebKit":
				d.engineVersion, _ = versionAfter(ua, "AppleWebKit/")
			}
			break
		}
	}
	systems := []struct{ token, code, name string }{
		{"Android", "AND", "Android"},
		{"iPhone", "IOS", "iOS"},
		{"iPad", "IOS", "iOS"},
		{"Windows", "WIN", "Windows"},
		{"Mac OS X", "MAC", "Mac"},
		{"CrOS", "COS", "Chrome OS"},
		{"Linux", "LIN", "GNU/Linux"},
	}
	for _, s := range systems {
		if strings.Contains(ua, s.token) {
			d.osCode, d.osName = s.code, s.name
			if s.code == "AND" {
				d.osVersion, _ = versionAfter(ua, "Android ")
			}
			break
		}
	}
	if d.clientName != "" {
		d.deviceName = "desktop"
		if strings.Contains(ua, "Mobile") || d.osCode == "AND" || d.osCode == "IOS" {
			d.deviceName = "smartphone"
		}
	}
	return d
}

// versionAfter returns the major.minor version that follows token in ua.
func versionAfter(ua, token string) (string, bool) {
	i := strings.Index(ua, token)
	if i < 0 {
		return "", false
	}
	rest := ua[i+len(token):]
	end := strings.IndexFunc(rest, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.') })
	if end >= 0 {
		rest = rest[:end]
	}
	parts := strings.SplitN(rest, ".", 3)
	if len(parts) >= 2 {
		return parts[0] + "." + parts[1], parts[0] != ""
	}
	return rest, rest != ""
}
