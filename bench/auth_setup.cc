// SPDX-License-Identifier: Apache-2.0
// Prepares the access-control benchmark (bench/run_auth_bench.sh): an API key
// with writer rights in DATA_DIR's key file, an RSA signing key whose JWKS and
// an auth config naming it go to OUT_DIR, and a token valid for an hour.
// Prints "KEY <api key>" and "TOKEN <jwt>".
// Usage: auth_setup DATA_DIR OUT_DIR
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "auth/api_keys.h"
#include "token_factory.h"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  using namespace cityos;
  if (argc != 3) {
    std::fprintf(stderr, "usage: auth_setup DATA_DIR OUT_DIR\n");
    return 2;
  }
  fs::path const data = argv[1], out = argv[2];
  fs::create_directories(out);
  auto store = auth::key_store::open(auth::key_file(data));
  if (!store) {
    std::fprintf(stderr, "auth_setup: %s\n", store.err().detail.c_str());
    return 1;
  }
  auto key = store->create({"", auth::role::writer, {}, {}}, "benchmark", std::nullopt, now_ms());
  if (!key) {
    std::fprintf(stderr, "auth_setup: %s\n", key.err().detail.c_str());
    return 1;
  }
  auto signer = auth::testing::make_rsa_key("bench-1");
  std::ofstream(out / "jwks.json") << auth::testing::jwks_json({&signer});
  std::ofstream(out / "auth.json")
      << R"({"oidc": {"issuer": "https://id.bench.test", "audience": "cityos", "jwks": "jwks.json"}})";
  auto const now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  auto claims = auth::testing::claims_for("https://id.bench.test", "cityos", "bench-user", now, 3600);
  json::object g;
  g["tenant"] = "";
  g["role"] = "writer";
  claims["cityos_grants"] = json::array{g};
  std::printf("KEY %s\nTOKEN %s\n", key->key.c_str(), auth::testing::sign(claims, signer).c_str());
  return 0;
}
