// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/temporal_params.h"

#include <charconv>
#include <functional>

#include "api/ngsild/entity_filter.h"

namespace cityos::api {

namespace {

// Returns the value of a named parameter, or nullopt.
using param_reader = std::function<std::optional<std::string>(std::string_view)>;

error bad(std::string detail) { return make_error(error_code::bad_request, std::move(detail)); }

result<epoch_ms> read_time(param_reader const& get, std::string_view name) {
  auto v = get(name);
  if (!v) return bad(std::string(name) + " is required with this timerel");
  auto t = parse_iso8601(*v);
  if (!t) return bad(std::string(name) + " '" + *v + "' is not an ISO 8601 date-time");
  return *t;
}

result<void> read_timerel(param_reader const& get, temporal_params& p) {
  auto rel = get("timerel");
  if (!rel) {
    if (get("timeAt") || get("endTimeAt")) return bad("timeAt and endTimeAt require timerel");
    return {};
  }
  if (*rel != "before" && *rel != "after" && *rel != "between") {
    return bad("timerel must be before, after or between, not '" + *rel + "'");
  }
  auto at = read_time(get, "timeAt");
  if (!at) return std::move(at).err();
  if (*rel == "before") {
    p.to = *at;
  } else if (*rel == "after") {
    p.from = *at;
  } else {
    auto end = read_time(get, "endTimeAt");
    if (!end) return std::move(end).err();
    if (*end <= *at) return bad("endTimeAt must be later than timeAt");
    p.from = *at;
    p.to = *end;
  }
  return {};
}

result<void> read_timeproperty(param_reader const& get, temporal_params& p) {
  auto tp = get("timeproperty");
  if (!tp || *tp == "observedAt") return {};
  if (*tp == "createdAt") {
    p.timeprop = store::time_property::created_at;
  } else if (*tp == "modifiedAt") {
    p.timeprop = store::time_property::modified_at;
  } else {
    return bad("timeproperty must be observedAt, createdAt or modifiedAt, not '" + *tp + "'");
  }
  return {};
}

result<void> read_last_n(param_reader const& get, temporal_params& p) {
  auto v = get("lastN");
  if (!v) return {};
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc{} || end != v->data() + v->size() || n == 0) {
    return bad("lastN must be a positive integer, not '" + *v + "'");
  }
  p.last_n = n;
  return {};
}

result<void> read_options(std::string const* options, temporal_params& p) {
  if (!options) return {};
  int formats = 0;
  for (auto const& o : split_list(*options)) {
    if (o == "temporalValues") {
      p.format = temporal_format::temporal_values;
      ++formats;
    } else if (o == "aggregatedValues") {
      p.format = temporal_format::aggregated_values;
      ++formats;
    } else if (o == "concise") {
      p.format = temporal_format::concise;
      ++formats;
    } else if (o == "sysAttrs") {
      p.sys_attrs = true;
    } else if (o != "normalized") {
      return bad("unknown option '" + o + "'");
    }
  }
  if (formats > 1) return bad("options: choose one of temporalValues, aggregatedValues, concise");
  return {};
}

result<void> read_aggregation(param_reader const& get, temporal_params& p) {
  auto methods = get("aggrMethods");
  auto period = get("aggrPeriodDuration");
  if (p.format != temporal_format::aggregated_values) return {};
  if (!methods) return bad("aggregatedValues requires aggrMethods");
  store::aggregation_spec spec;
  for (auto const& name : split_list(*methods)) {
    auto m = store::parse_aggr_method(name);
    if (!m) return std::move(m).err();
    if (std::find(spec.methods.begin(), spec.methods.end(), *m) == spec.methods.end()) {
      spec.methods.push_back(*m);
    }
  }
  if (spec.methods.empty()) return bad("aggrMethods is empty");
  if (period) {
    auto d = parse_duration(*period);
    if (!d) return bad("aggrPeriodDuration '" + *period + "' is not an ISO 8601 duration");
    spec.period = *d;
  }
  spec.origin = p.from;
  p.aggregation = std::move(spec);
  return {};
}

result<temporal_params> parse_with(param_reader const& get, std::string const* options) {
  temporal_params p;
  if (auto r = read_options(options, p); !r) return std::move(r).err();
  if (auto r = read_timerel(get, p); !r) return std::move(r).err();
  if (auto r = read_timeproperty(get, p); !r) return std::move(r).err();
  if (auto r = read_last_n(get, p); !r) return std::move(r).err();
  if (auto r = read_aggregation(get, p); !r) return std::move(r).err();
  return p;
}

// A JSON member as parameter text: strings as is, numbers in decimal, arrays
// of strings comma-joined.
std::optional<std::string> member_text(json::object const* o, std::string_view name) {
  if (!o) return std::nullopt;
  auto const* v = o->if_contains(name);
  if (!v) return std::nullopt;
  if (v->is_string()) return std::string(v->get_string());
  if (auto const* a = v->if_array()) {
    std::string out;
    for (auto const& e : *a) {
      if (!out.empty()) out += ',';
      out += e.is_string() ? std::string(e.get_string()) : dump(e);
    }
    return out;
  }
  return dump(*v);
}

}  // namespace

result<temporal_params> parse_temporal_params(http_request const& req) {
  return parse_with(
      [&req](std::string_view name) -> std::optional<std::string> {
        if (auto const* v = req.param(name)) return *v;
        return std::nullopt;
      },
      req.param("options"));
}

result<temporal_params> parse_temporal_query_object(json::object const& body,
                                                    http_request const& req) {
  json::object const* tq = nullptr;
  if (auto const* v = body.if_contains("temporalQ")) {
    tq = v->if_object();
    if (!tq) return bad("temporalQ must be an object");
  }
  json::object const* ap = nullptr;
  if (auto const* v = body.if_contains("aggrParams")) ap = v->if_object();
  return parse_with(
      [tq, ap](std::string_view name) -> std::optional<std::string> {
        if (auto v = member_text(tq, name)) return v;
        if (name == "aggrMethods" || name == "aggrPeriodDuration") return member_text(ap, name);
        return std::nullopt;
      },
      req.param("options"));
}

}  // namespace cityos::api
