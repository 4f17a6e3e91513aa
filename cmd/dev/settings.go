package main

import (
	"fmt"

	"openruntimes/handler/appwritetest"
)

// appwriteJSONSettings returns the emulator options of the project
// settings in the appwrite.json found from dir up (findAppwriteJSON), so
// that the embedded emulator's project is what `appwrite push settings`
// makes of a real one: with appwrite.json's auth methods off, Appwrite
// refuses them to everyone calling it without an API key, the demo and
// scripts included, and only the function, with its key, can sign anyone
// up or in. No appwrite.json, or none with settings, leaves a new
// project's defaults.
func appwriteJSONSettings(dir string) ([]appwritetest.Option, error) {
	data, path, err := findAppwriteJSON(dir)
	if err != nil || data == nil {
		return nil, err
	}
	s, err := appwritetest.ReadProjectSettings(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	opts, err := s.Options()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return opts, nil
}
