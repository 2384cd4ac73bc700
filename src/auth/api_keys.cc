// SPDX-License-Identifier: Apache-2.0
#include "auth/api_keys.h"

#include <sodium.h>

#include <array>
#include <mutex>
#include <regex>
#include <shared_mutex>
#include <unordered_map>

#include "auth/base64url.h"
#include "auth/detail/key_file.h"
#include "common/string_map.h"

namespace cityos::auth {
namespace {

constexpr std::string_view kPrefix = "cityos_";
constexpr std::size_t kIdLength = 12;
constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kSecretLength = 43;  // base64url of 32 bytes, unpadded
constexpr std::size_t kKeyLength = kPrefix.size() + kIdLength + 1 + kSecretLength;
constexpr std::string_view kIdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

std::string random_id() {
  std::string id(kIdLength, '\0');
  for (auto& c : id) c = kIdAlphabet[randombytes_uniform(kIdAlphabet.size())];
  return id;
}

bool valid_id(std::string_view id) {
  return id.size() == kIdLength && id.find_first_not_of(kIdAlphabet) == std::string_view::npos;
}

using hash_bytes = std::array<unsigned char, crypto_generichash_BYTES>;

// BLAKE2b-256 of id and secret, keyed with the store's pepper.
hash_bytes key_hash_bytes(std::string const& pepper, std::string_view id, std::string_view secret) {
  hash_bytes h{};
  crypto_generichash_state st;
  crypto_generichash_init(&st, reinterpret_cast<unsigned char const*>(pepper.data()), pepper.size(),
                          h.size());
  crypto_generichash_update(&st, reinterpret_cast<unsigned char const*>(id.data()), id.size());
  crypto_generichash_update(&st, reinterpret_cast<unsigned char const*>(secret.data()),
                            secret.size());
  crypto_generichash_final(&st, h.data(), h.size());
  return h;
}

// key_hash_bytes as lower-case hex, the stored form.
std::string key_hash(std::string const& pepper, std::string_view id, std::string_view secret) {
  auto const h = key_hash_bytes(pepper, id, secret);
  std::string hex(h.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), h.data(), h.size());
  hex.pop_back();
  return hex;
}

result<void> check_grant(grant const& g) {
  for (auto const& t : g.types) {
    if (t.empty()) return make_error(error_code::bad_request, "an entity type must not be empty");
  }
  for (auto const& p : g.id_patterns) {
    try {
      std::regex re(p, std::regex::ECMAScript);
    } catch (std::regex_error const& e) {
      return make_error(error_code::bad_request, "invalid id pattern '" + p + "': " + e.what());
    }
  }
  return {};
}

error unauthenticated(std::string detail) {
  return make_error(error_code::unauthenticated, std::move(detail));
}

}  // namespace

std::filesystem::path key_file(std::filesystem::path const& data_dir) {
  return data_dir / "auth" / "keys.json";
}

struct key_store::state {
  std::filesystem::path file;  // empty: memory only
  // Held for a whole change (create, revoke, reload), file write included, so
  // verify() never waits for an fsync: `mu` is taken exclusively only to swap.
  std::mutex change_mu;
  mutable std::shared_mutex mu;
  std::string pepper;            // guarded by mu; written only under change_mu too
  std::vector<key_record> keys;  // guarded by mu; written only under change_mu too; oldest first
  string_map<std::size_t>
      by_id;  // guarded by mu; written only under change_mu too; key id -> index in keys
  std::vector<hash_bytes> hashes;  // guarded by mu; keys[i].hash decoded (all-zero if invalid)

  // REQUIRES: mu held exclusively (or the state not yet shared).
  void assign(detail::key_file_content c) {
    pepper = std::move(c.pepper);
    keys = std::move(c.keys);
    by_id.clear();
    hashes.assign(keys.size(), hash_bytes{});
    for (std::size_t i = 0; i < keys.size(); ++i) {
      by_id.emplace(keys[i].id, i);
      std::size_t len = 0;
      if (sodium_hex2bin(hashes[i].data(), hashes[i].size(), keys[i].hash.data(), keys[i].hash.size(),
                         nullptr, &len, nullptr) != 0 ||
          len != hashes[i].size()) {
        hashes[i] = hash_bytes{};  // matches no secret in practice
      }
    }
  }

  // Saves `next` as the store's keys, then adopts it. REQUIRES: change_mu held
  // (so reading pepper without mu is safe: only changes write it).
  result<void> commit(std::vector<key_record> next) {
    if (!file.empty()) {
      auto w = detail::write_private_file(file, detail::render_key_file({pepper, next}));
      if (!w) return w;
    }
    std::unique_lock lock(mu);
    assign({std::move(pepper), std::move(next)});
    return {};
  }
};

key_store::key_store(std::unique_ptr<state> s) : s_(std::move(s)) {}
key_store::key_store(key_store&&) noexcept = default;
key_store& key_store::operator=(key_store&&) noexcept = default;
key_store::~key_store() = default;

result<key_store> key_store::open(std::filesystem::path file) {
  if (sodium_init() < 0) return make_error(error_code::internal, "sodium_init failed");
  auto s = std::make_unique<state>();
  s->file = std::move(file);
  if (!s->file.empty()) {
    auto content = detail::read_key_file(s->file);
    if (!content) return std::move(content).err();
    if (*content) s->assign(std::move(**content));
  }
  if (s->pepper.empty()) {
    s->pepper.resize(crypto_generichash_KEYBYTES);
    randombytes_buf(s->pepper.data(), s->pepper.size());
  }
  return key_store(std::move(s));
}

result<void> key_store::reload() {
  if (s_->file.empty()) return {};
  std::lock_guard change(s_->change_mu);
  auto content = detail::read_key_file(s_->file);
  if (!content) return std::move(content).err();
  std::unique_lock lock(s_->mu);
  if (*content) s_->assign(std::move(**content));
  return {};
}

result<created_key> key_store::create(grant g, std::string description,
                                      std::optional<epoch_ms> expires, epoch_ms now) {
  if (auto ok = check_grant(g); !ok) return std::move(ok).err();
  if (expires && *expires <= now) {
    return make_error(error_code::bad_request, "the expiry must be in the future");
  }
  std::array<unsigned char, kSecretBytes> secret{};
  randombytes_buf(secret.data(), secret.size());
  std::string_view const secret_bytes{reinterpret_cast<char const*>(secret.data()), secret.size()};

  std::lock_guard change(s_->change_mu);
  std::string id = random_id();
  while (s_->by_id.contains(id)) id = random_id();
  key_record rec{id, std::move(g), std::move(description), now, expires, false,
                 key_hash(s_->pepper, id, secret_bytes)};
  created_key out{rec, std::string(kPrefix) + id + "_" + base64url_encode(secret)};
  sodium_memzero(secret.data(), secret.size());
  auto next = s_->keys;
  next.push_back(std::move(rec));
  if (auto ok = s_->commit(std::move(next)); !ok) return std::move(ok).err();
  return out;
}

result<void> key_store::revoke(std::string_view id) {
  std::lock_guard change(s_->change_mu);
  auto it = s_->by_id.find(id);
  if (it == s_->by_id.end()) {
    return make_error(error_code::not_found, "no API key '" + std::string(id) + "'");
  }
  auto next = s_->keys;
  next[it->second].revoked = true;
  return s_->commit(std::move(next));
}

std::vector<key_record> key_store::list() const {
  std::shared_lock lock(s_->mu);
  return s_->keys;
}

std::optional<key_record> key_store::find(std::string_view id) const {
  std::shared_lock lock(s_->mu);
  auto it = s_->by_id.find(id);
  if (it == s_->by_id.end()) return std::nullopt;
  return s_->keys[it->second];
}

result<key_record> key_store::verify(std::string_view presented, epoch_ms now) const {
  if (presented.size() != kKeyLength || !presented.starts_with(kPrefix) ||
      presented[kPrefix.size() + kIdLength] != '_') {
    return unauthenticated("malformed API key");
  }
  auto const id = presented.substr(kPrefix.size(), kIdLength);
  if (!valid_id(id)) return unauthenticated("malformed API key");
  auto secret = base64url_decode(presented.substr(kPrefix.size() + kIdLength + 1));
  if (!secret || secret->size() != kSecretBytes) return unauthenticated("malformed API key");

  std::shared_lock lock(s_->mu);
  auto it = s_->by_id.find(id);
  if (it == s_->by_id.end()) return unauthenticated("unknown API key '" + std::string(id) + "'");
  auto const& rec = s_->keys[it->second];
  auto const& stored = s_->hashes[it->second];
  auto const hash = key_hash_bytes(s_->pepper, id, *secret);
  sodium_memzero(secret->data(), secret->size());
  if (sodium_memcmp(hash.data(), stored.data(), hash.size()) != 0) {
    return unauthenticated("wrong secret for API key '" + rec.id + "'");
  }
  if (rec.revoked) return unauthenticated("API key '" + rec.id + "' is revoked");
  if (rec.expires && now >= *rec.expires) {
    return unauthenticated("API key '" + rec.id + "' expired at " + format_iso8601(*rec.expires));
  }
  return rec;
}

}  // namespace cityos::auth
