// Package deploy checks what `appwrite push functions` makes of a checkout.
// It holds tests only:
//
//   - go test ./deploy checks that appwrite.json's ignore list keeps exactly
//     the files Appwrite's Go runtime builds (the root package, its non-test
//     imports, go.mod, go.sum and embedded files) and drops everything else,
//     .git, .env and node_modules included;
//   - go test -tags appwritecli ./deploy runs the real Appwrite CLI (npm
//     package appwrite-cli, pinned in testdata/appwrite-cli) against a fake
//     Appwrite, inspects the archive it uploads and builds that archive the
//     way the runtime does, and checks that `appwrite push settings` sends
//     every one of appwrite.json's project settings. It needs npm and the
//     npm registry; .ci/run runs it.
package deploy
