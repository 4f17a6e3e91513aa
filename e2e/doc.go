// Package e2e holds the real-browser tests of the function: headless
// Chromium, driven over the DevTools protocol with chromedp, against the dev
// runtime (../cmd/dev) and its demo app. See README.md.
//
// It is a module of its own so that the function's module keeps its go 1.23
// line and its two requirements.
package e2e
