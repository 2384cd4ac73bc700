// SPDX-License-Identifier: Apache-2.0
// result<T>: a value or an error, returned by every fallible public function of
// ngsild, store, api and the services. C++20 has no std::expected; this is the
// small subset we need. Accessing value() of an error is a programmer error.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "common/error.h"

namespace cityos {

template <typename T>
class [[nodiscard]] result {
 public:
  result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  result(error e) : v_(std::move(e)) {}             // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  T const& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  T const* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  T const& operator*() const& { return value(); }

  cityos::error const& err() const& { assert(!ok()); return std::get<1>(v_); }
  cityos::error&& err() && { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, cityos::error> v_;
};

// result<void>: success or an error.
template <>
class [[nodiscard]] result<void> {
 public:
  result() = default;
  result(error e) : e_(std::move(e)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  cityos::error const& err() const& { assert(!ok_); return e_; }
  cityos::error&& err() && { assert(!ok_); return std::move(e_); }

 private:
  cityos::error e_{error_code::internal, {}};
  bool ok_ = true;
};

// Shorthand for building an error value.
inline error make_error(error_code c, std::string detail) { return error{c, std::move(detail)}; }

}  // namespace cityos
