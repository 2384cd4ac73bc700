// SPDX-License-Identifier: Apache-2.0
// The request bodies of the points API, parsed and checked before anything
// is written. Unknown members are rejected; errors are invalid_request (not an
// object) or bad_request naming the member ("steps must be a whole number >= 0").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "wellness/points/programme.h"
#include "wellness/points/rules.h"

namespace cityos::wellness::points_service {

struct enrol_request {
  std::string person;
  int age = 0;
  std::string ward;
  std::string joined;  // "" : today
};

struct steps_request {
  std::string person;
  std::string date;
  std::int64_t steps = 0;
  recording_method method = recording_method::sensor;
  std::vector<std::int64_t> hourly;
  std::string idempotency_key;
};

struct event_request {
  std::string person;
  event_kind kind = event_kind::qr_check_in;
  std::string date;
  std::string event_id;
  std::string idempotency_key;
};

struct review_request {
  bool approve = false;
  std::string note;
};

struct redeem_request {
  std::string person;
  std::int64_t points = 0;  // > 0
  std::string merchant;
  std::string reference;
  std::string description;
};

struct adjust_request {
  std::string person;
  std::int64_t points = 0;  // != 0
  std::string reason;
};

result<enrol_request> parse_enrol(json::value const& body);
result<steps_request> parse_steps(json::value const& body);
result<event_request> parse_event(json::value const& body);
result<review_request> parse_review(json::value const& body);
result<redeem_request> parse_redeem(json::value const& body);
result<adjust_request> parse_adjust(json::value const& body);

// True for "YYYY-MM-DD" naming a real day.
bool is_date(std::string_view s);

}  // namespace cityos::wellness::points_service
