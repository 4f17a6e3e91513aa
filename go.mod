module openruntimes/handler

go 1.23.0

require (
	github.com/appwrite/sdk-for-go v1.0.0
	github.com/go-webauthn/webauthn v0.13.4
	github.com/open-runtimes/types-for-go/v4 v4.0.8
	rsc.io/qr v0.2.0
)

require (
	github.com/fxamacker/cbor/v2 v2.9.0 // indirect
	github.com/go-webauthn/x v0.1.23 // indirect
	github.com/golang-jwt/jwt/v5 v5.2.3 // indirect
	github.com/google/go-tpm v0.9.5 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/mitchellh/mapstructure v1.5.0 // indirect
	github.com/x448/float16 v0.8.4 // indirect
	golang.org/x/crypto v0.40.0 // indirect
	golang.org/x/sys v0.34.0 // indirect
)
