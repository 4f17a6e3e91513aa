// Package appwritetest is an in-process emulator of the Appwrite 1.8.1
// Account API.
package appwritetest
