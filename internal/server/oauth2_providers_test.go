package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"openruntimes/handler/api"
)

// TestOAuth2Providers: every provider openapi.json's enum names starts a
// flow at Appwrite's token route for that provider (those of 1.9 and later
// included), the enum is the function's list, and a name no Appwrite has,
// or one spelt otherwise, is refused before Appwrite is asked.
func TestOAuth2Providers(t *testing.T) {
	t.Parallel()
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string `json:"name"`
				Schema struct {
					Enum []string `json:"enum"`
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	var enum []string
	for _, p := range doc.Paths["/oauth2/{provider}"]["get"].Parameters {
		if p.Name == "provider" {
			enum = p.Schema.Enum
		}
	}
	if !slices.Equal(enum, oauth2Providers) {
		t.Errorf("openapi.json's provider enum %q is not the function's list %q", enum, oauth2Providers)
	}
	for _, p := range []string{"fusionauth", "keycloak", "kick", "x", "appwrite", "huggingface", "kakao", "tiktok", "github"} {
		if !slices.Contains(enum, p) {
			t.Errorf("provider %s missing", p)
		}
	}

	env := newTestEnv(t, nil)
	for _, p := range enum {
		to := env.browser().do("GET", "/oauth2/"+p+"?redirect="+url.QueryEscape(appOrigin+"/welcome"), "").location(t, http.StatusFound)
		if to.Path != "/v1/account/tokens/oauth2/"+p {
			t.Errorf("%s: sent to %s, want Appwrite's token route for it", p, to)
		}
	}
	for _, p := range []string{"myspace", "GitHub", "mock", "github.com"} {
		env.call("GET", "/oauth2/"+p+"?redirect="+url.QueryEscape(appOrigin), nil, "").wantError(t, http.StatusBadRequest, "general_argument_invalid")
	}
}
