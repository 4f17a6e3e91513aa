module openruntimes/handler

go 1.23.0

require (
	github.com/appwrite/sdk-for-go v1.0.0
	github.com/open-runtimes/types-for-go/v4 v4.0.8
	rsc.io/qr v0.2.0
)
