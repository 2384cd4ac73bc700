// SPDX-License-Identifier: Apache-2.0
#include "app/keys_command.h"

#include <optional>

#include "auth/api_keys.h"
#include "common/duration.h"

namespace cityos::app {
namespace {

void add_data_option(CLI::App& sub, keys_settings& s) {
  sub.add_option("--data", s.data_dir, "Data directory of the server (keys in DIR/auth/keys.json)")
      ->capture_default_str();
}

void add_keys_create(CLI::App& keys, keys_settings& s) {
  auto* create = keys.add_subcommand("create", "Create an API key and print it once");
  create->add_option("--tenant", s.tenant, "Tenant the key works in (\"*\": every tenant)")->required();
  create->add_option("--role", s.role, "reader, writer or admin")
      ->required()
      ->check(CLI::IsMember({"reader", "writer", "admin"}));
  create->add_option("--types", s.types, "Entity types the key is limited to (comma-separated)")
      ->delimiter(',');
  create->add_option("--id-pattern", s.id_patterns,
                     "Regular expression entity ids must match (repeatable)");
  create->add_option("--expires", s.expires,
                     "Expiry: ISO 8601 date-time or date, or a duration from now such as P90D");
  create->add_option("--description", s.description, "What the key is for");
  add_data_option(*create, s);
  create->callback([&s] { s.command = "create"; });
}

void add_keys_list(CLI::App& keys, keys_settings& s) {
  auto* list = keys.add_subcommand("list", "List the API keys (never their secrets)");
  add_data_option(*list, s);
  list->callback([&s] { s.command = "list"; });
}

void add_keys_revoke(CLI::App& keys, keys_settings& s) {
  auto* revoke = keys.add_subcommand("revoke", "Revoke an API key at once");
  revoke->add_option("id", s.id, "Key id (as shown by `keys list`)")->required();
  add_data_option(*revoke, s);
  revoke->callback([&s] { s.command = "revoke"; });
}

// The expiry instant of `text` (date-time, date, or duration from `now`).
std::optional<epoch_ms> parse_expiry(std::string const& text, epoch_ms now) {
  if (auto t = parse_iso8601(text)) return t;
  if (auto d = parse_date(text)) return d;
  if (auto d = parse_duration(text); d && !d->is_zero()) return add_duration(now, *d);
  return std::nullopt;
}

std::string join(std::vector<std::string> const& v, std::string_view empty) {
  if (v.empty()) return std::string(empty);
  std::string out;
  for (auto const& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::string tenant_name(std::string const& t) { return t.empty() ? "(default)" : t; }

std::string state_of(auth::key_record const& k, epoch_ms now) {
  if (k.revoked) return "revoked";
  if (k.expires && now >= *k.expires) return "expired";
  return "active";
}

result<auth::key_store> open_store(keys_settings const& s) {
  return auth::key_store::open(auth::key_file(s.data_dir));
}

int run_create(auth::key_store& store, keys_settings const& s, std::ostream& out, std::ostream& err,
               epoch_ms now) {
  std::optional<epoch_ms> expires;
  if (!s.expires.empty()) {
    expires = parse_expiry(s.expires, now);
    if (!expires) {
      err << "--expires: '" << s.expires << "' is not an ISO 8601 date-time, date or duration\n";
      return 2;
    }
  }
  auto level = auth::parse_role(s.role);
  if (!level) {
    err << "--role: '" << s.role << "' is not reader, writer or admin\n";
    return 2;
  }
  auto k = store.create(auth::grant{s.tenant, *level, s.types, s.id_patterns}, s.description,
                        expires, now);
  if (!k) {
    err << "cannot create the key: " << k.err().detail << "\n";
    return k.err().code == error_code::internal ? 2 : 1;
  }
  out << "Created API key " << k->record.id << " (tenant " << tenant_name(s.tenant) << ", role "
      << s.role << (expires ? ", expires " + format_iso8601(*expires) : std::string()) << ").\n"
      << "\n  " << k->key << "\n\n"
      << "Store this key now: it is shown only once and cannot be recovered.\n";
  return 0;
}

std::string pad(std::string s, std::size_t width) {
  return s.size() < width ? s + std::string(width - s.size(), ' ') : s + " ";
}

void print_list(auth::key_store const& store, std::ostream& out, epoch_ms now) {
  auto const keys = store.list();
  if (keys.empty()) {
    out << "No API keys.\n";
    return;
  }
  out << pad("ID", 14) << pad("STATE", 9) << pad("TENANT", 12) << pad("ROLE", 8)
      << pad("TYPES / ID PATTERNS", 21) << pad("CREATED", 26) << pad("EXPIRES", 26)
      << "DESCRIPTION\n";
  for (auto const& k : keys) {
    out << pad(k.id, 14) << pad(state_of(k, now), 9) << pad(tenant_name(k.grant.tenant), 12)
        << pad(std::string(auth::to_string(k.grant.level)), 8)
        << pad(join(k.grant.types, "*") + " / " + join(k.grant.id_patterns, "*"), 21)
        << pad(format_iso8601(k.created), 26)
        << pad(k.expires ? format_iso8601(*k.expires) : "-", 26) << k.description << "\n";
  }
}

}  // namespace

void add_keys_command(CLI::App& cli, keys_settings& s) {
  auto* keys = cli.add_subcommand("keys", "Create, list and revoke API keys");
  keys->require_subcommand(1);
  add_keys_create(*keys, s);
  add_keys_list(*keys, s);
  add_keys_revoke(*keys, s);
}

int run_keys(keys_settings const& s, std::ostream& out, std::ostream& err, epoch_ms now) {
  auto store = open_store(s);
  if (!store) {
    err << "cannot open the key file: " << store.err().detail << "\n";
    return 2;
  }
  if (s.command == "create") return run_create(*store, s, out, err, now);
  if (s.command == "list") {
    print_list(*store, out, now);
    return 0;
  }
  if (s.command == "revoke") {
    auto r = store->revoke(s.id);
    if (!r) {
      err << "cannot revoke: " << r.err().detail << "\n";
      return r.err().code == error_code::not_found ? 1 : 2;
    }
    out << "Revoked API key " << s.id << ".\n";
    return 0;
  }
  err << "unknown keys command '" << s.command << "'\n";
  return 2;
}

}  // namespace cityos::app
