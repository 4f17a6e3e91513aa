package appwritetest

import (
	"fmt"
	"html"
	"net/http"
	"strconv"
)

// errorType is one row of Appwrite's error table (app/config/errors.php):
// the HTTP status and the default message.
type errorType struct {
	code    int
	message string
}

// errorTypes lists every error type the emulator can emit, with the status
// and default message of ../shared/appwrite-spec/errors-1.8.x.json and
// errors-1.8.1.json (and, for the types 1.9 added, of app/config/errors.php
// at tag 1.9.6). Nothing outside this table is ever sent, and a type
// marked as some versions' is only sent when the emulator behaves as one
// of them; the tests check each row against the published tables.
var errorTypes = map[string]errorType{
	"general_unknown":             {500, "An unknown error has occurred. Please check the logs for more information."},
	"general_unknown_origin":      {403, "The request originated from an unknown origin. If you trust this domain, please list it as a trusted platform in the Appwrite console."},
	"general_unauthorized_scope":  {401, "The current user or API key does not have the required scopes to access the requested resource."},
	"general_rate_limit_exceeded": {429, "Rate limit for the current endpoint has been exceeded. Please try again after some time."},
	"general_smtp_disabled":       {503, "SMTP is disabled on your Appwrite instance. You can <a href=\"/docs/email-delivery\">learn more about setting up SMTP</a> in our docs."},
	"general_phone_disabled":      {503, "Phone provider is not configured. Please check the _APP_SMS_PROVIDER environment variable of your Appwrite server."},
	"general_argument_invalid":    {400, "The request contains one or more invalid arguments. Please refer to the endpoint documentation."},
	"general_route_not_found":     {404, "Route not found. Please ensure the endpoint is configured correctly and that the API route is valid for this SDK version. Refer to the API docs for more details."},
	"general_bad_request":         {400, "There was an error processing your request. Please check the inputs and try again."},

	"user_jwt_invalid":            {401, "The JWT token is invalid. Please check the value of the X-Appwrite-JWT header to ensure the correct token is being used."},
	"user_already_exists":         {409, "A user with the same id, email, or phone already exists in this project."},
	"user_invalid_token":          {401, "Invalid token passed in the request."},
	"user_invalid_credentials":    {401, "Invalid credentials. Please check the email and password."},
	"user_session_already_exists": {401, "Creation of a session is prohibited when a session is active."},
	"user_not_found":              {404, "User with the requested ID could not be found."},
	"user_email_not_found":        {400, "User email could not be found."},
	"user_email_already_exists":   {409, "A user with the same email already exists in the current project."},
	"user_session_not_found":      {404, "The current user session could not be found."},
	"user_unauthorized":           {401, "The current user is not authorized to perform the requested action."},
	"user_more_factors_required":  {401, "More factors are required to complete the sign in process."},
	"user_oauth2_provider_error":  {424, "OAuth2 provider returned some error."},
	"user_email_not_verified":     {400, "User email is not verified"},
	"user_email_already_verified": {409, "User email is already verified"},
	"user_target_already_exists":  {409, "A target with the same ID already exists."},
	"user_jwt_and_cookie_set":     {403, "JWT and cookie used in the same request. Use either `setJWT` or `setCookie`. Learn about which authentication method to use in the SSR docs: https://appwrite.io/docs/products/auth/server-side-rendering"},
	"user_key_and_session_set":    {403, "API key and session used in the same request. Use either `setSession` or `setKey`. Learn about which authentication method to use in the SSR docs: https://appwrite.io/docs/products/auth/server-side-rendering"},
	"user_blocked":                {401, "The current user has been blocked. You can unblock the user by making a request to the User API's \"Update User Status\" endpoint or in the Appwrite Console's Auth section."},

	"user_challenge_required":             {401, "A recently successful challenge is required to complete this action. A challenge is considered recent for 5 minutes."},
	"user_authenticator_not_found":        {404, "Authenticator could not be found on the current user."},
	"user_authenticator_already_verified": {409, "This authenticator is already verified on the current user."},
	"user_recovery_codes_already_exists":  {409, "The current user already generated recovery codes and they can only be read once for security reasons."},
	"user_recovery_codes_not_found":       {404, "Recovery codes could not be found on the current user."},
	"user_identity_not_found":             {404, "The identity could not be found. Please sign in with OAuth provider to create identity first."},
	"user_auth_method_unsupported":        {501, "The requested authentication method is either disabled or unsupported. Please check the supported authentication methods in the Appwrite console."},

	// The project's e-mail policies (1.9.5).
	"user_email_disposable":    {400, "Disposable email addresses are not allowed. Please use a permanent email address."},
	"user_email_free":          {400, "Free email addresses are not allowed. Please use a business or custom-domain email address."},
	"user_email_not_canonical": {400, "This email address must already be in its canonical form. Please remove aliases, tags, or provider-specific variations and try again."},
	"user_email_not_corporate": {400, "Only corporate email addresses are allowed. Please use a work email address and try again."},

	"database_not_found":         {404, "Database with the requested ID '%s' could not be found."},
	"database_already_exists":    {409, "Database with the requested ID '%s' already exists. Try again with a different ID or use ID.unique() to generate a unique ID."},
	"table_not_found":            {404, "Table with the requested ID '%s' could not be found."},
	"table_already_exists":       {409, "A table with the requested ID '%s' already exists. Try again with a different ID or use ID.unique() to generate a unique ID."},
	"row_not_found":              {404, "Row with the requested ID '%s' could not be found."},
	"row_already_exists":         {409, "Row with the requested ID '%s' already exists. Try again with a different ID or use ID.unique() to generate a unique ID."},
	"row_invalid_structure":      {400, "The row structure is invalid. Please ensure the columns match the table definition."},
	"row_missing_data":           {400, "The row data is missing. Try again with row data populated."},
	"row_missing_payload":        {400, "The row data and permissions are missing. You must provide either row data or permissions to be updated."},
	"column_not_found":           {404, "Column with the requested key '%s' could not be found."},
	"column_already_exists":      {409, "Column with the requested key '%s' already exists. Column keys must be unique, try again with a different key."},
	"column_value_invalid":       {400, "The column value is invalid. Please check the type, range and value of the column."},
	"column_default_unsupported": {400, "Default values cannot be set for array or required columns."},
	"column_limit_exceeded":      {400, "The maximum number or size of columns for table '%s' has been reached."},
	"attribute_type_invalid":     {400, "The attribute '%s' type is invalid."},
	"transaction_not_found":      {404, "Transaction with the requested ID '%s' could not be found."},
	"general_query_invalid":      {400, "The query's syntax is invalid. Please check the query and try again."},

	"project_not_found":            {404, "Project with the requested ID could not be found. Please check the value of the X-Appwrite-Project header to ensure the correct project ID is being used."},
	"project_provider_unsupported": {400, "The chosen OAuth provider is unsupported. Please check the <a href=\"/docs/client/account?sdk=web-default#accountCreateOAuth2Session\">Create OAuth2 Session docs</a> for the complete list of supported OAuth providers."},
	"project_id_missing":           {403, "When using project API key, make sure to pass x-appwrite-project header with your project ID."},
}

// errorTypeVersions names the versions whose error tables alone have a
// type of [errorTypes]; the others are in every version's.
var errorTypeVersions = map[string][]string{
	"project_id_missing":       {ServerBranch18x, ServerCloud19x},
	"user_jwt_and_cookie_set":  {ServerBranch18x, ServerCloud19x},
	"user_key_and_session_set": {ServerRelease181},
	"user_email_disposable":    {ServerCloud19x},
	"user_email_free":          {ServerCloud19x},
	"user_email_not_canonical": {ServerCloud19x},
	"user_email_not_corporate": {ServerCloud19x},
}

// line19Rows are the rows of 1.9.6's error table (app/config/errors.php)
// that differ from the 1.8.x branch's for a type of [errorTypes].
var line19Rows = map[string]errorType{
	"user_blocked": {403, "The current user has been blocked."},
}

// releaseMessages are the default messages of the 1.8.1 release where
// they differ from the branch's (errors-1.8.1.json): the release's have no
// placeholders for the ID.
var releaseMessages = map[string]string{
	"database_not_found":      "Database not found",
	"database_already_exists": "Database already exists",
	"table_not_found":         "Table with the requested ID could not be found.",
	"table_already_exists":    "A table with the requested ID already exists. Try again with a different ID or use ID.unique() to generate a unique ID.",
	"row_not_found":           "Row with the requested ID could not be found.",
	"row_already_exists":      "Row with the requested ID already exists. Try again with a different ID or use ID.unique() to generate a unique ID.",
	"row_missing_data":        "The row data is missing. Try again with row data populated",
	"column_not_found":        "Column with the requested ID could not be found.",
	"column_already_exists":   "Column with the requested key already exists. Column keys must be unique, try again with a different key.",
	"column_limit_exceeded":   "The maximum number or size of columns for this table has been reached.",
	"attribute_type_invalid":  "The attribute type is invalid.",
	"transaction_not_found":   "Transaction with the requested ID could not be found.",
}

// apiError is an Appwrite error: a type from [errorTypes] and the message to
// send. It is what every handler returns when it fails.
type apiError struct {
	typ     string
	message string
	// tableMessage says the message is the type's default (filled in
	// or not), which the 1.8.1 release words differently for some types.
	tableMessage bool
	// code, when not 0, replaces the type's status (user_blocked, whose
	// status differs between versions; see WithBlockedStatus).
	code int
}

// Error returns the message, as the Go SDK's AppwriteError does.
func (e *apiError) Error() string { return e.message }

// status is the HTTP status of the error's type.
func (e *apiError) status() int {
	if e.code != 0 {
		return e.code
	}
	if t, ok := errorTypes[e.typ]; ok {
		return t.code
	}
	return http.StatusInternalServerError
}

// errorf returns an *apiError of type typ. An empty message means the
// type's default message; a type missing from [errorTypes] becomes
// general_unknown, so the emulator can never emit an undocumented type.
func errorf(typ, format string, args ...any) *apiError {
	t, ok := errorTypes[typ]
	if !ok {
		typ, t = "general_unknown", errorTypes["general_unknown"]
	}
	if format == "" {
		return &apiError{typ: typ, message: t.message, tableMessage: true}
	}
	return &apiError{typ: typ, message: fmt.Sprintf(format, args...)}
}

// forVersion returns err as the emulated version words it: the release's
// or the 1.9 line's default message where it has its own.
func (e *Emulator) forVersion(err *apiError) *apiError {
	if !err.tableMessage {
		return err
	}
	msg, ok := releaseMessages[err.typ]
	if e.line19() {
		var row errorType
		row, ok = line19Rows[err.typ]
		msg = row.message
	} else if !e.release() {
		ok = false
	}
	if !ok {
		return err
	}
	c := *err
	c.message = msg
	return &c
}

// newError returns an *apiError of type typ with the type's default message.
func newError(typ string) *apiError { return errorf(typ, "") }

// errorFor returns an *apiError of type typ whose message is the type's
// default message with its '%s' filled in from params, as Appwrite's
// Exception does when it is given params and no message. (Without params
// Appwrite sends the default message as it is, '%s' included: that is
// [newError].)
func errorFor(typ string, params ...any) *apiError {
	err := newError(typ)
	err.message = fmt.Sprintf(err.message, params...)
	return err
}

// invalidParam is the framework's 400 for a value its validator rejects.
func invalidParam(name, description string) *apiError {
	return errorf("general_argument_invalid", "Invalid `%s` param: %s", name, description)
}

// missingParam is the framework's 400 for an absent required param.
func missingParam(name string) *apiError {
	return errorf("general_argument_invalid", "Param \"%s\" is not optional.", name)
}

// errorBody is the JSON error shape: message, code (an integer), type,
// version, in that order.
type errorBody struct {
	Message string `json:"message"`
	Code    int    `json:"code"`
	Type    string `json:"type"`
	Version string `json:"version"`
}

// errorReply renders err, as the emulated version words it, as Appwrite's
// JSON error response.
func (e *Emulator) errorReply(err *apiError) *reply {
	err = e.forVersion(err)
	rep := jsonReply(err.status(), errorBody{
		Message: err.message,
		Code:    err.status(),
		Type:    err.typ,
		Version: e.appVersion(),
	})
	setNoCacheHeaders(rep.header)
	return rep
}

// htmlErrorReply renders err as the HTML error page Appwrite shows on
// routes meant for browser navigation (the OAuth2 routes).
func htmlErrorReply(err *apiError) *reply {
	code := strconv.Itoa(err.status())
	page := "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Error " + code + "</title></head>\n" +
		"<body><h1>Error " + code + "</h1>\n<p>" + html.EscapeString(err.message) + "</p>\n" +
		"<p>Type: <code>" + html.EscapeString(err.typ) + "</code></p></body></html>\n"
	rep := &reply{status: err.status(), header: http.Header{}, body: []byte(page)}
	rep.header.Set("Content-Type", "text/html; charset=UTF-8")
	setNoCacheHeaders(rep.header)
	return rep
}

// setNoCacheHeaders adds the cache headers Appwrite sends with errors.
func setNoCacheHeaders(h http.Header) {
	h.Set("Cache-Control", "no-cache, no-store, must-revalidate")
	h.Set("Expires", "0")
	h.Set("Pragma", "no-cache")
}
