// Package repocheck holds the repository's own checks, as tests: that
// appwrite.json deploys what the function needs and nothing else, that
// .env.example and README's configuration table agree with the settings
// the code reads, that the function builds as Appwrite builds it, and
// that no build output or oversized file is committed. It has no code of
// its own; its tests run from the repository's root.
package repocheck
