// SPDX-License-Identifier: Apache-2.0
#include "common/error.h"

namespace cityos {

std::string_view problem_title(error_code c) {
  switch (c) {
    case error_code::bad_request: return "BadRequestData";
    case error_code::invalid_request: return "InvalidRequest";
    case error_code::not_found: return "ResourceNotFound";
    case error_code::nonexistent_tenant: return "NonexistentTenant";
    case error_code::method_not_allowed: return "MethodNotAllowed";
    case error_code::already_exists: return "AlreadyExists";
    case error_code::length_required: return "LengthRequired";
    case error_code::too_large: return "RequestEntityTooLarge";
    case error_code::unsupported_media: return "UnsupportedMediaType";
    case error_code::not_acceptable: return "NotAcceptable";
    case error_code::unprocessable: return "OperationNotSupported";
    case error_code::unauthenticated: return "Unauthorized";
    case error_code::forbidden: return "Forbidden";
    case error_code::rate_limited: return "TooManyRequests";
    case error_code::too_many_results: return "TooManyResults";
    case error_code::ld_context_not_available: return "LdContextNotAvailable";
    case error_code::not_supported: return "OperationNotSupported";
    case error_code::unavailable: return "ServiceUnavailable";
    case error_code::internal: return "InternalError";
  }
  return "InternalError";
}

std::string_view problem_type(error_code c) {
  switch (c) {
    case error_code::bad_request: return "https://uri.etsi.org/ngsi-ld/errors/BadRequestData";
    case error_code::invalid_request: return "https://uri.etsi.org/ngsi-ld/errors/InvalidRequest";
    case error_code::not_found: return "https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound";
    case error_code::nonexistent_tenant:
      return "https://uri.etsi.org/ngsi-ld/errors/NonexistentTenant";
    case error_code::already_exists: return "https://uri.etsi.org/ngsi-ld/errors/AlreadyExists";
    case error_code::unprocessable:
    case error_code::not_supported:
      return "https://uri.etsi.org/ngsi-ld/errors/OperationNotSupported";
    case error_code::too_many_results:
      return "https://uri.etsi.org/ngsi-ld/errors/TooManyResults";
    case error_code::ld_context_not_available:
      return "https://uri.etsi.org/ngsi-ld/errors/LdContextNotAvailable";
    case error_code::internal: return "https://uri.etsi.org/ngsi-ld/errors/InternalError";
    // NGSI-LD defines no problem types for these; ours, in the same form.
    case error_code::unauthenticated: return "urn:cityos:errors:Unauthorized";
    case error_code::forbidden: return "urn:cityos:errors:Forbidden";
    case error_code::rate_limited: return "urn:cityos:errors:TooManyRequests";
    case error_code::method_not_allowed:
    case error_code::length_required:
    case error_code::too_large:
    case error_code::unsupported_media:
    case error_code::not_acceptable:
    case error_code::unavailable:
      return "https://uri.etsi.org/ngsi-ld/errors/InvalidRequest";
  }
  return "https://uri.etsi.org/ngsi-ld/errors/InternalError";
}

int http_status(error_code c) {
  switch (c) {
    case error_code::bad_request: return 400;
    case error_code::invalid_request: return 400;
    case error_code::not_found: return 404;
    case error_code::nonexistent_tenant: return 404;
    case error_code::method_not_allowed: return 405;
    case error_code::already_exists: return 409;
    case error_code::length_required: return 411;
    case error_code::too_large: return 413;
    case error_code::unsupported_media: return 415;
    case error_code::not_acceptable: return 406;
    case error_code::unprocessable: return 422;
    case error_code::unauthenticated: return 401;
    case error_code::forbidden: return 403;
    case error_code::rate_limited: return 429;
    case error_code::too_many_results: return 403;
    case error_code::ld_context_not_available: return 503;
    case error_code::not_supported: return 501;
    case error_code::unavailable: return 503;
    case error_code::internal: return 500;
  }
  return 500;
}

}  // namespace cityos
