package upstream

import (
	"maps"
	"testing"
	"time"

	"openruntimes/handler/session"

	"github.com/appwrite/sdk-for-go/appwrite"
	"github.com/appwrite/sdk-for-go/client"
)

// TestClientsAsTheSDKBuildsThem checks the clients are what
// appwrite.NewClient would build with the same options (but for the
// http.Client), and that no two share their headers.
func TestClientsAsTheSDKBuildsThem(t *testing.T) {
	cfg := &session.Config{Endpoint: "https://appwrite.example.com/v1", ProjectID: "p1", APIKey: "standard_k", UpstreamTimeout: 3 * time.Second}
	cases := []struct {
		name string
		got  client.Client
		want client.Client
	}{
		{"admin", NewAdminClient(cfg, "Mozilla/5.0 test"), appwrite.NewClient(appwrite.WithEndpoint(cfg.Endpoint), appwrite.WithProject("p1"), appwrite.WithKey("standard_k"), appwrite.WithForwardedUserAgent("Mozilla/5.0 test"))},
		{"admin without user agent", NewAdminClient(cfg, ""), appwrite.NewClient(appwrite.WithEndpoint(cfg.Endpoint), appwrite.WithProject("p1"), appwrite.WithKey("standard_k"))},
		{"session", NewSessionClient(cfg, "secret"), appwrite.NewClient(appwrite.WithEndpoint(cfg.Endpoint), appwrite.WithProject("p1"), appwrite.WithSession("secret"))},
		{"public", NewPublicClient(cfg), appwrite.NewClient(appwrite.WithEndpoint(cfg.Endpoint), appwrite.WithProject("p1"))},
	}
	for _, tt := range cases {
		if !maps.Equal(tt.got.Headers, tt.want.Headers) {
			t.Errorf("%s: headers %v, want %v", tt.name, tt.got.Headers, tt.want.Headers)
		}
		if tt.got.Endpoint != tt.want.Endpoint || tt.got.ChunkSize != tt.want.ChunkSize || tt.got.SelfSigned || tt.got.Timeout != cfg.UpstreamTimeout {
			t.Errorf("%s: %+v, want the SDK's settings with timeout %v", tt.name, tt.got, cfg.UpstreamTimeout)
		}
		if tt.got.Client == nil || tt.got.Client.Jar != nil || tt.got.Client.CheckRedirect == nil {
			t.Errorf("%s: http.Client %+v, want one without a jar that follows no redirect", tt.name, tt.got.Client)
		}
	}
	a, b := NewSessionClient(cfg, "one"), NewSessionClient(cfg, "two")
	a.AddHeader("X-Test", "a")
	if b.Headers["X-Appwrite-Session"] != "two" || b.Headers["X-Test"] != "" || NewPublicClient(cfg).Headers["X-Test"] != "" {
		t.Error("clients share their headers")
	}
}
