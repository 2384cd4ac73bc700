// SPDX-License-Identifier: Apache-2.0
// API keys created by an administrator. A key is shown once, as
// "cityos_<keyid>_<secret>" (keyid: 12 chars [a-z0-9]; secret: 32 random bytes,
// base64url), and stored only as a keyed BLAKE2b-256 hash of keyid and secret
// (the key of the hash is a random per-store pepper). The store is a JSON file,
// mode 0600, rewritten atomically (temp file, fsync, rename) on every change.
// Thread-safe: verify, list and find take a shared lock; changes are serialised
// among themselves and take the exclusive lock only to swap in the new keys
// after the file is written, so verification never waits for disk I/O.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "common/result.h"
#include "common/time.h"

namespace cityos::auth {

// The key file of a data directory: DIR/auth/keys.json (`keys` command and `serve`).
std::filesystem::path key_file(std::filesystem::path const& data_dir);

struct key_record {
  std::string id;                 // keyid, 12 chars [a-z0-9]
  auth::grant grant;              // what the key may do
  std::string description;
  epoch_ms created = 0;
  std::optional<epoch_ms> expires;  // invalid from this instant on
  bool revoked = false;
  std::string hash;               // hex BLAKE2b-256 of keyid and secret, keyed with the pepper
};

// The result of create(): the stored record and the full key, which is not
// kept anywhere and must be shown to the administrator once.
struct created_key {
  key_record record;
  std::string key;
};

class key_store {
 public:
  // Opens the store kept in `file` (created with its parent folder on the first
  // change if missing); an empty path keeps keys in memory only.
  // Errors: internal (unreadable file, sodium_init failed), bad_request (not a key file).
  static result<key_store> open(std::filesystem::path file);

  key_store(key_store&&) noexcept;
  key_store& operator=(key_store&&) noexcept;
  ~key_store();

  // Creates a key for `g` and saves the store. Errors: bad_request (invalid
  // grant: empty type, bad id pattern; expiry not after `now`), internal (write failed).
  result<created_key> create(grant g, std::string description, std::optional<epoch_ms> expires,
                             epoch_ms now);
  // Marks key `id` revoked and saves the store; revoking twice is fine.
  // Errors: not_found, internal (write failed; the key stays as it was).
  result<void> revoke(std::string_view id);
  // Returns every key (revoked and expired ones too), oldest first.
  std::vector<key_record> list() const;
  // Returns key `id`, or nullopt.
  std::optional<key_record> find(std::string_view id) const;

  // Checks a presented key in constant time with respect to the secret. Returns
  // its record; errors: unauthenticated, whose detail says malformed, unknown
  // key, wrong secret, revoked or expired, and never contains the secret.
  result<key_record> verify(std::string_view presented, epoch_ms now) const;

  // Re-reads the file (keys created or revoked by another process, such as the
  // `cityos keys` command beside a running server). Errors: as open().
  result<void> reload();

 private:
  struct state;
  explicit key_store(std::unique_ptr<state> s);
  std::unique_ptr<state> s_;
};

}  // namespace cityos::auth
