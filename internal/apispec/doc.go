// Package apispec validates JSON response bodies against the schemas of an
// OpenAPI document (Swagger 2.0, OpenAPI 3.0.x and 3.1.x).
//
// It implements a small, strict subset of JSON Schema, enough for API
// response models: $ref (local "#/components/schemas/..." and, for Swagger
// 2.0, "#/definitions/..."), type (a string, or for 3.1 an array that may
// include "null"), nullable (3.0) and x-nullable (Swagger 2.0), properties,
// required, additionalProperties (a boolean or a schema; absent means any
// extra property is allowed), items, enum, const, allOf, anyOf, oneOf,
// minimum, maximum, minLength, maxLength and pattern (Go RE2 syntax).
// format, description, example, discriminator and x-* extensions are
// ignored. Any other assertion keyword (not, multipleOf, minItems,
// exclusiveMinimum, ...) makes Load fail rather than be silently skipped, as
// do unresolvable or non-local references, $ref cycles that do not pass
// through properties or items, and patterns that do not compile.
//
// Integers are checked on the JSON text: a number written with a fraction
// or an exponent (2.0, 2.5, 1e3) is not an integer.
//
// Validation reports every problem found, each prefixed with its JSON path,
// for example "$.sessions[0].current: want boolean, got string". Problems
// are returned as a *ValidationError, in evaluation order: for an object,
// its missing required properties, then its properties in key order, then
// (strict mode) its undeclared properties. Malformed JSON, unknown schemas
// and operations, and undocumented statuses are reported as plain errors.
//
// ValidateResponse picks the response by exact status, then by range
// ("2XX"), then "default", as OpenAPI specifies. A response documented
// without content requires an empty body. Swagger 2.0 paths are matched
// without basePath.
//
// # Options
//
// Options are passed to Load or LoadFile and apply to every validation done
// with the resulting Document:
//
//   - WithStrictProperties reports properties that no schema at that
//     location declares, even where additionalProperties is absent. Use it
//     when the server is known to emit exactly the model's keys.
//   - WithPropertySchema replaces the schema of one property of a named
//     schema, for documented mismatches between a specification and the
//     server it describes.
//
// The Appwrite 1.8 OpenAPI 3 specification types error.code as a string but
// the server sends the HTTP status as a JSON integer. Opt into that
// relaxation with:
//
//	doc, err := apispec.LoadFile(path,
//		apispec.WithPropertySchema("error", "code", `{"type":"integer"}`))
package apispec
