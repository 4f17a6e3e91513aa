package server

import (
	"net/http"
	"sync"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/models"

	"openruntimes/handler/internal/apierror"
)

// Identity is a sign-in method linked to the account (an OAuth2
// provider's account), as the function shows it: never the provider's
// tokens.
type Identity struct {
	ID            string `json:"$id"`
	CreatedAt     string `json:"$createdAt"`
	UpdatedAt     string `json:"$updatedAt"`
	Provider      string `json:"provider"`
	ProviderUID   string `json:"providerUid"`
	ProviderEmail string `json:"providerEmail"`
}

// IdentityList is the answer of GET /me/identities.
type IdentityList struct {
	Total      int        `json:"total"`
	Identities []Identity `json:"identities"`
}

// listIdentities serves GET /me/identities: the OAuth2 accounts linked to
// the signed-in user, without their access and refresh tokens.
func listIdentities(d *Deps, r *Request) Reply {
	secret := d.Secret
	list, err := account.New(d.user(secret)).ListIdentities()
	if err != nil {
		return failUser(d, err)
	}
	return UserData(http.StatusOK, newIdentityList(list))
}

// newIdentityList copies the public fields of Appwrite's list.
func newIdentityList(list *models.IdentityList) IdentityList {
	out := IdentityList{Total: len(list.Identities), Identities: make([]Identity, 0, len(list.Identities))}
	for _, id := range list.Identities {
		out.Identities = append(out.Identities, Identity{
			ID: id.Id, CreatedAt: id.CreatedAt, UpdatedAt: id.UpdatedAt,
			Provider: id.Provider, ProviderUID: id.ProviderUid, ProviderEmail: id.ProviderEmail,
		})
	}
	return out
}

// unlinkIdentity serves DELETE /me/identities/{identityId}: it unlinks
// one of the user's identities and answers 204. It refuses, with 409
// user_last_sign_in_method, to unlink the last way to sign in: an
// identity of an account with no other identity and no password (a
// password counts with an e-mail address to sign in with). An e-mail
// address alone does not count: magic links and codes may be off in the
// project, and a provider's address need not be one its owner reads. An
// ID that is not one of the user's is 404 user_identity_not_found.
func unlinkIdentity(d *Deps, r *Request) Reply {
	id := r.Params["identityId"]
	secret := d.Secret
	c := d.user(secret)
	var user *User
	var list *models.IdentityList
	var userErr, listErr error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); user, userErr = getAccount(c) }()
	go func() { defer wg.Done(); list, listErr = account.New(c).ListIdentities() }()
	wg.Wait()
	// The account's error first: it says why the session fails.
	if userErr != nil {
		return failUser(d, userErr)
	}
	if listErr != nil {
		return failUser(d, listErr)
	}
	found := false
	for _, x := range list.Identities {
		found = found || x.Id == id
	}
	switch {
	case !found:
		return Fail(errIdentityNotFound)
	case len(list.Identities) == 1 && !hasPassword(user):
		return Fail(errLastSignInMethod)
	}
	if _, err := account.New(c).DeleteIdentity(id); err != nil {
		return failUser(d, err)
	}
	return NoContent()
}

// hasPassword reports whether the user can sign in with a password: one
// was set, and there is an e-mail address to sign in with.
func hasPassword(u *User) bool {
	return u.Email != "" && u.PasswordUpdate != ""
}

var (
	errIdentityNotFound = apierror.New(apierror.TypeIdentityNotFound,
		"This account has no such linked sign-in method.")
	errLastSignInMethod = apierror.New(apierror.TypeLastSignInMethod,
		"This is the last way to sign in to this account: set a password (POST /me/password) or link another provider before unlinking it.")
)
