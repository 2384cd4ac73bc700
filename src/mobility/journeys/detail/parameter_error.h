// SPDX-License-Identifier: Apache-2.0
// Private to mobility/journeys: the bad_request error of one request
// parameter, worded "'<what>' <why>" (e.g. "'maxWalk' must be a number").
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace cityos::mobility::journeys::detail {

inline error parameter_error(std::string_view what, std::string_view why) {
  std::string message;
  message.reserve(what.size() + why.size() + 3);
  message += '\'';
  message += what;
  message += "' ";
  message += why;
  return make_error(error_code::bad_request, std::move(message));
}

}  // namespace cityos::mobility::journeys::detail
