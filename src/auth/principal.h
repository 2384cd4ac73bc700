// SPDX-License-Identifier: Apache-2.0
// Who is calling, as every layer above auth sees it: the grants of an API key
// or of a verified bearer token, or nobody at all (access control off). A
// grant gives one role in one tenant, optionally narrowed to entity types and
// id patterns. A token's subject is a person: it may always reach the personal
// data whose subject it is (policy.h), whatever its grants.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace cityos::auth {

// Ordered: a higher role includes the rights of the lower ones.
enum class role : unsigned char { reader = 0, writer = 1, admin = 2 };

std::string_view to_string(role r);
// "reader" | "writer" | "admin"; nullopt otherwise.
std::optional<role> parse_role(std::string_view s);

struct grant {
  std::string tenant;                    // "" is the default tenant; "*" every tenant
  role level = role::reader;
  std::vector<std::string> types;        // entity types (short names or IRIs); empty: all
  std::vector<std::string> id_patterns;  // ECMAScript regexes over entity ids; empty: all
};

struct principal {
  enum class kind : unsigned char { none, api_key, token };
  kind via = kind::none;  // none: access control is off, everything is allowed
  std::string id;         // the key id, or the token's subject
  std::string subject;    // the person (token sub); empty for API keys
  std::vector<grant> grants;

  bool unrestricted() const { return via == kind::none; }
};

// "apiKey" | "token" | "none": how a principal authenticated (audit records, owner documents).
std::string_view via_name(principal::kind k);

// The record of who owns something (a subscription): {"via", "id",
// "subject", "grants"}. API keys are looked up again when the owner is
// checked (a revoked key loses its subscriptions); tokens keep their grants.
json::object owner_doc(principal const& p);
principal owner_principal(json::object const& owner);
json::object to_json(grant const& g);
// Parses {"tenant", "role", "types"?, "idPatterns"?}; nullopt if malformed.
std::optional<grant> grant_from_json(json::value const& v);

}  // namespace cityos::auth
