// SPDX-License-Identifier: Apache-2.0
// The closed set of error codes every layer returns at its boundary, and the
// error value that carries one. The HTTP status each code maps to is fixed
// here and applied in one place only (api/problem_details).
#pragma once

#include <string>
#include <string_view>

namespace cityos {

// Each code names the NGSI-LD ProblemDetails type it becomes and its status.
enum class error_code {
  bad_request,          // 400 BadRequestData: well-formed but invalid content
  invalid_request,      // 400 InvalidRequest: malformed request (syntax, JSON)
  not_found,            // 404 ResourceNotFound
  nonexistent_tenant,   // 404 NonexistentTenant
  method_not_allowed,   // 405 (Allow header set by the router)
  already_exists,       // 409 AlreadyExists
  length_required,      // 411
  too_large,            // 413 request entity too large
  unsupported_media,    // 415
  not_acceptable,       // 406 (Accept names no type we produce)
  unprocessable,        // 422 OperationNotSupported on an existing resource
  unauthenticated,      // 401 missing, expired or forged credential (WWW-Authenticate set by the API)
  forbidden,            // 403 a valid credential without the right
  rate_limited,         // 429 too many requests (Retry-After set by the API)
  too_many_results,     // 403 TooManyResults
  ld_context_not_available,  // 503 LdContextNotAvailable
  not_supported,        // 501 OperationNotSupported
  unavailable,          // 503 server busy or shutting down
  internal,             // 500 InternalError
};

// An error: a code plus a human-readable detail (the ProblemDetails "detail").
struct [[nodiscard]] error {
  error_code code;
  std::string detail;
};

// Returns the NGSI-LD problem type URI for `c`.
std::string_view problem_type(error_code c);
// Returns the short title ("BadRequestData", ...) for `c`.
std::string_view problem_title(error_code c);
// Returns the HTTP status code for `c`.
int http_status(error_code c);

}  // namespace cityos
