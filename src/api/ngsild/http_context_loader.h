// SPDX-License-Identifier: Apache-2.0
// Fetches remote @context documents over HTTP for the context resolver.
// Thread-safe. https:// URLs are not fetched (no TLS): such contexts must be
// stored through /ngsi-ld/v1/jsonldContexts or preloaded (cityos serve --context).
#pragma once

#include <chrono>

#include "ngsild/jsonld/context_resolver.h"

namespace cityos::api {

class http_context_loader final : public ngsild::context_loader {
 public:
  explicit http_context_loader(std::chrono::milliseconds timeout) : timeout_(timeout) {}
  // Errors: ld_context_not_available naming the URL and the cause.
  result<json::value> load(std::string_view url) override;

 private:
  std::chrono::milliseconds timeout_;
};

}  // namespace cityos::api
