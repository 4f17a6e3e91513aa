package security_test

import (
	"fmt"

	"openruntimes/handler/security"
)

// ExampleParseOrigins parses an ALLOWED_ORIGINS value and checks Origin
// headers against it.
func ExampleParseOrigins() {
	origins, err := security.ParseOrigins("https://App.Example.com:443, http://localhost:5173 https://*.example.org")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(origins.List())
	for _, origin := range []string{
		"https://app.example.com",
		"https://preview.pr-42.example.org",
		"https://example.org",
		"https://app.example.com.evil.com",
		"null",
	} {
		fmt.Println(origin, origins.Allowed(origin))
	}

	_, err = security.ParseOrigins("* https://app.example.com/login")
	fmt.Println(err != nil)
	// Output:
	// [https://app.example.com http://localhost:5173 https://*.example.org]
	// https://app.example.com true
	// https://preview.pr-42.example.org true
	// https://example.org false
	// https://app.example.com.evil.com false
	// null false
	// true
}

// ExampleRedirects_Check validates redirect targets against an
// ALLOWED_REDIRECT_URLS value.
func ExampleRedirects_Check() {
	redirects, err := security.ParseRedirects("https://app.example.com/auth/")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, target := range []string{
		"HTTPS://APP.EXAMPLE.COM:443/auth/done?from=login#top",
		"https://app.example.com/auth/../admin",
		"https://app.example.com@evil.com/auth/",
		"//evil.com",
		"javascript:alert(1)",
	} {
		location, err := redirects.Check(target)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(location)
	}
	// Output:
	// https://app.example.com/auth/done?from=login#top
	// redirect_not_allowed: The redirect target is not allowed: its path has a dot segment (. or ..).
	// redirect_not_allowed: The redirect target is not allowed: it has user info (an @ before the host).
	// redirect_not_allowed: The redirect target is not allowed: it is not an absolute http or https URL.
	// redirect_not_allowed: The redirect target is not allowed: it is not an absolute http or https URL.
}
