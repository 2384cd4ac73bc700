// SPDX-License-Identifier: Apache-2.0
#include "auth/detail/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "auth/base64url.h"
#include "common/file.h"
#include "common/json.h"

namespace cityos::auth::detail {
namespace {

json::array to_array(std::vector<std::string> const& v) {
  json::array a;
  for (auto const& s : v) a.emplace_back(s);
  return a;
}

json::object render_record(key_record const& k) {
  json::object o;
  o["id"] = k.id;
  o["tenant"] = k.grant.tenant;
  o["role"] = to_string(k.grant.level);
  o["types"] = to_array(k.grant.types);
  o["id_patterns"] = to_array(k.grant.id_patterns);
  o["description"] = k.description;
  o["created"] = format_iso8601(k.created);
  if (k.expires) o["expires"] = format_iso8601(*k.expires);
  o["revoked"] = k.revoked;
  o["hash"] = k.hash;
  return o;
}

error bad(std::string_view what) {
  return make_error(error_code::bad_request, "key file: " + std::string(what));
}

result<std::string> get_string(json::object const& o, std::string_view name) {
  auto const* v = o.if_contains(name);
  if (v == nullptr || !v->is_string()) return bad("'" + std::string(name) + "' must be a string");
  return std::string(v->get_string());
}

result<std::vector<std::string>> get_strings(json::object const& o, std::string_view name) {
  std::vector<std::string> out;
  auto const* v = o.if_contains(name);
  if (v == nullptr) return out;
  if (!v->is_array()) return bad("'" + std::string(name) + "' must be an array of strings");
  for (auto const& e : v->get_array()) {
    if (!e.is_string()) return bad("'" + std::string(name) + "' must be an array of strings");
    out.emplace_back(e.get_string());
  }
  return out;
}

result<epoch_ms> get_time(json::object const& o, std::string_view name) {
  auto s = get_string(o, name);
  if (!s) return std::move(s).err();
  auto t = parse_iso8601(*s);
  if (!t) return bad("'" + std::string(name) + "' is not an ISO 8601 date-time");
  return *t;
}

result<key_record> parse_record(json::value const& v) {
  if (!v.is_object()) return bad("each key must be an object");
  auto const& o = v.get_object();
  key_record k;
  auto id = get_string(o, "id");
  auto tenant = get_string(o, "tenant");
  auto role_name = get_string(o, "role");
  auto types = get_strings(o, "types");
  auto patterns = get_strings(o, "id_patterns");
  auto created = get_time(o, "created");
  auto hash = get_string(o, "hash");
  for (error const* e : {id ? nullptr : &id.err(), tenant ? nullptr : &tenant.err(),
                         role_name ? nullptr : &role_name.err(), types ? nullptr : &types.err(),
                         patterns ? nullptr : &patterns.err(), created ? nullptr : &created.err(),
                         hash ? nullptr : &hash.err()}) {
    if (e != nullptr) return *e;
  }
  auto level = parse_role(*role_name);
  if (!level) return bad("unknown role '" + *role_name + "'");
  k.id = std::move(*id);
  k.grant = grant{std::move(*tenant), *level, std::move(*types), std::move(*patterns)};
  k.created = *created;
  k.hash = std::move(*hash);
  if (o.contains("expires")) {
    auto expires = get_time(o, "expires");
    if (!expires) return std::move(expires).err();
    k.expires = *expires;
  }
  if (auto const* d = o.if_contains("description"); d != nullptr && d->is_string()) {
    k.description = d->get_string();
  }
  if (auto const* r = o.if_contains("revoked"); r != nullptr) {
    if (!r->is_bool()) return bad("'revoked' must be a boolean");
    k.revoked = r->get_bool();
  }
  return k;
}

error io_error(std::string_view what, std::filesystem::path const& p) {
  return make_error(error_code::internal,
                    std::string(what) + " " + p.string() + ": " + std::strerror(errno));
}

}  // namespace

std::string render_key_file(key_file_content const& c) {
  json::object doc;
  doc["version"] = 1;
  doc["pepper"] = base64url_encode(c.pepper);
  json::array keys;
  for (auto const& k : c.keys) keys.emplace_back(render_record(k));
  doc["keys"] = std::move(keys);
  return dump(doc) + "\n";
}

result<key_file_content> parse_key_file(std::string_view text) {
  auto doc = parse_json(text);
  if (!doc) return bad(doc.err().detail);
  if (!doc->is_object()) return bad("not a JSON object");
  auto const& o = doc->get_object();
  auto const* version = o.if_contains("version");
  if (version == nullptr || !version->is_int64() || version->get_int64() != 1) {
    return bad("unsupported 'version' (expected 1)");
  }
  key_file_content c;
  auto pepper = get_string(o, "pepper");
  if (!pepper) return std::move(pepper).err();
  auto raw = base64url_decode(*pepper);
  if (!raw || raw->size() != 32) return bad("'pepper' must be 32 bytes of base64url");
  c.pepper = std::move(*raw);
  auto const* keys = o.if_contains("keys");
  if (keys == nullptr || !keys->is_array()) return bad("'keys' must be an array");
  for (auto const& v : keys->get_array()) {
    auto k = parse_record(v);
    if (!k) return std::move(k).err();
    c.keys.push_back(std::move(*k));
  }
  return c;
}

result<std::optional<key_file_content>> read_key_file(std::filesystem::path const& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec) && !ec) return std::optional<key_file_content>{};
  auto text = read_file(file);
  if (!text) return io_error("cannot open", file);
  auto c = parse_key_file(*text);
  if (!c) return make_error(c.err().code, file.string() + ": " + c.err().detail);
  return std::optional<key_file_content>{std::move(*c)};
}

result<void> write_private_file(std::filesystem::path const& file, std::string_view text) {
  auto const dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  if (std::filesystem::create_directories(dir, ec)) {
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  }
  if (ec) return make_error(error_code::internal, "cannot create " + dir.string() + ": " + ec.message());
  auto const tmp = std::filesystem::path(file.string() + ".tmp");
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return io_error("cannot create", tmp);
  ::fchmod(fd, 0600);  // an old temp file may have had another mode
  std::size_t done = 0;
  while (done < text.size()) {
    auto const n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto e = io_error("cannot write", tmp);
      ::close(fd);
      return e;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    auto e = io_error("cannot sync", tmp);
    ::close(fd);
    return e;
  }
  if (::close(fd) != 0) return io_error("cannot close", tmp);
  if (::rename(tmp.c_str(), file.c_str()) != 0) return io_error("cannot rename to", file);
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

}  // namespace cityos::auth::detail
