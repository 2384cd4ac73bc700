// SPDX-License-Identifier: Apache-2.0
// Owning pointers for the OpenSSL objects auth/ uses. Private to auth/.
#pragma once

#include <memory>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

namespace cityos::auth::detail {

template <auto Free>
struct openssl_free {
  template <typename T>
  void operator()(T* p) const { Free(p); }
};

using bn_ptr = std::unique_ptr<BIGNUM, openssl_free<BN_free>>;
using param_bld_ptr = std::unique_ptr<OSSL_PARAM_BLD, openssl_free<OSSL_PARAM_BLD_free>>;
using params_ptr = std::unique_ptr<OSSL_PARAM, openssl_free<OSSL_PARAM_free>>;
using pkey_ctx_ptr = std::unique_ptr<EVP_PKEY_CTX, openssl_free<EVP_PKEY_CTX_free>>;
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, openssl_free<EVP_MD_CTX_free>>;
using ecdsa_sig_ptr = std::unique_ptr<ECDSA_SIG, openssl_free<ECDSA_SIG_free>>;

}  // namespace cityos::auth::detail
