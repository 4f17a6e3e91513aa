package appwritetest

import (
	"net/http"
)

// identityModel is the Identity model. The emulator's provider hands out
// no tokens, so the provider token fields are empty.
type identityModel struct {
	ID                        string `json:"$id"`
	CreatedAt                 string `json:"$createdAt"`
	UpdatedAt                 string `json:"$updatedAt"`
	UserID                    string `json:"userId"`
	Provider                  string `json:"provider"`
	ProviderUID               string `json:"providerUid"`
	ProviderEmail             string `json:"providerEmail"`
	ProviderAccessToken       string `json:"providerAccessToken"`
	ProviderAccessTokenExpiry string `json:"providerAccessTokenExpiry"`
	ProviderRefreshToken      string `json:"providerRefreshToken"`
}

// identityListModel is the IdentityList model.
type identityListModel struct {
	Total      int             `json:"total"`
	Identities []identityModel `json:"identities"`
}

// model renders the identity of user u.
func (id *identity) model(u *user) identityModel {
	return identityModel{
		ID:            id.id,
		CreatedAt:     formatDate(id.createdAt),
		UpdatedAt:     formatDate(id.updatedAt),
		UserID:        u.id,
		Provider:      id.provider,
		ProviderUID:   id.providerUID,
		ProviderEmail: id.email,
	}
}

// handleListIdentities handles "GET /v1/account/identities": the OAuth2
// identities linked to the caller. Queries are not supported (400
// general_query_invalid); total=false sends a total of 0, as Appwrite
// does.
func handleListIdentities(e *Emulator, q *request) (*reply, *apiError) {
	queries, err := parseQueries(q)
	if err != nil {
		return nil, err
	}
	if len(queries) > 0 {
		return nil, errorf("general_query_invalid", "The emulator does not support queries.")
	}
	return identityList(q, q.caller.user), nil
}

// identityList answers the identities of users as an IdentityList, with
// a total unless the request says total=false (Appwrite then sends 0).
func identityList(q *request, users ...*user) *reply {
	out := identityListModel{Identities: []identityModel{}}
	for _, u := range users {
		for _, id := range u.identities {
			out.Identities = append(out.Identities, id.model(u))
		}
	}
	if total, _ := toBool(q.params["total"]); total {
		out.Total = len(out.Identities)
	}
	return jsonReply(http.StatusOK, out)
}

// handleDeleteIdentity handles "DELETE /v1/account/identities/:identityId".
// Appwrite looks the identity up by ID alone (identities are readable by
// anyone) and deleting another user's is refused by the document's
// permissions: 401 user_unauthorized. An unknown ID is 404
// user_identity_not_found. Nothing else changes: the user keeps its
// sessions, even one the identity signed in.
func handleDeleteIdentity(e *Emulator, q *request) (*reply, *apiError) {
	id := q.str("identityId")
	for _, u := range e.users {
		for i, x := range u.identities {
			if x.id != id {
				continue
			}
			if u != q.caller.user {
				return nil, newError("user_unauthorized")
			}
			u.identities = append(u.identities[:i:i], u.identities[i+1:]...)
			return noContent(), nil
		}
	}
	return nil, newError("user_identity_not_found")
}
