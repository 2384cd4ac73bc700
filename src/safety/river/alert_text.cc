// SPDX-License-Identifier: Apache-2.0
#include "safety/river/alert_text.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace cityos::safety::river {

namespace {

constexpr std::array<std::string_view, 4> kKindNames = {"levelEntered", "levelDropped", "crossingPredicted",
                                                        "deviceFault"};
// danger level -> Smart Data Models severity
constexpr std::array<std::string_view, kDangerLevels + 1> kSeverity = {"informational", "informational", "low",
                                                                       "medium",        "high",          "critical"};
constexpr std::string_view kCoreContext = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld";
constexpr std::string_view kAlertContext =
    "https://raw.githubusercontent.com/smart-data-models/dataModel.Alert/master/context.jsonld";
constexpr std::string_view kUrnPrefix = "urn:ngsi-ld:";

// fault_kind -> words of the device-fault alert
constexpr std::array<std::string_view, kFaultKinds> kFaultJa = {"欠測", "値の固着", "異常な急変"};
constexpr std::array<std::string_view, kFaultKinds> kFaultEn = {"missing reports", "stuck value", "impossible jump"};

std::string metres(double m) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f m", m);
  return buf;
}

// "HH:MM" in the station's local time.
std::string local_clock(station const& s, epoch_ms t) {
  constexpr epoch_ms kDay = 86'400'000;
  epoch_ms const local = ((t + static_cast<epoch_ms>(s.utc_offset_min) * 60'000) % kDay + kDay) % kDay;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(local / 3'600'000),
                static_cast<int>(local / 60'000 % 60));
  return buf;
}

std::string utc_offset(station const& s) {
  char buf[16];
  int const m = s.utc_offset_min < 0 ? -s.utc_offset_min : s.utc_offset_min;
  std::snprintf(buf, sizeof buf, "UTC%c%d", s.utc_offset_min < 0 ? '-' : '+', m / 60);
  std::string out = buf;
  if (m % 60 != 0) out += ":" + std::to_string(m % 60);
  return out;
}

// The lowest level above `level` that has a reference level (the one the water fell below).
int next_configured(station const& s, int level) {
  for (int l = level + 1; l <= kDangerLevels; ++l) {
    if (s.threshold(l)) return l;
  }
  return level;
}

localized_text entered(station const& s, level_names const& names, river_event const& e) {
  auto const& n = names.of(e.level);
  std::string const t = metres(s.threshold(e.level).value_or(0));
  return {s.name.ja + "の水位が" + n.reference.ja + "（" + t + "）に達しました（現在 " + metres(e.water_level_m) +
              "）。" + n.alert.ja + "：" + n.action.ja + "。",
          s.name.en + ": the water level has reached the " + n.reference.en + " (" + t + "); now " +
              metres(e.water_level_m) + ". " + n.alert.en + ": " + n.action.en + "."};
}

localized_text dropped(station const& s, level_names const& names, river_event const& e) {
  int const left = next_configured(s, e.level);
  auto const& below = names.of(left < 1 ? 1 : left);
  std::string const now = metres(e.water_level_m);
  if (e.level == 0) {
    return {s.name.ja + "の水位が" + below.reference.ja + "を下回り、洪水の危険は解消しました（現在 " + now + "）。",
            s.name.en + ": the water level has fallen below the " + below.reference.en +
                " and the flood danger has ended; now " + now + "."};
  }
  auto const& current = names.of(e.level);
  return {s.name.ja + "の水位が" + below.reference.ja + "を下回りました（現在 " + now + "）。引き続き" +
              current.alert.ja + "の段階です：" + current.action.ja + "。",
          s.name.en + ": the water level has fallen below the " + below.reference.en + "; now " + now +
              ". Still at the stage of the " + current.alert.en + ": " + current.action.en + "."};
}

localized_text predicted(station const& s, level_names const& names, river_event const& e) {
  auto const& n = names.of(e.level);
  std::string const t = metres(s.threshold(e.level).value_or(0));
  std::string const clock = local_clock(s, e.at);
  return {s.name.ja + "の水位が上昇中です（現在 " + metres(e.water_level_m) + "）。" + clock + "ごろ" + n.reference.ja +
              "（" + t + "）に達する予測です（" + n.alert.ja + "の基準）。" + n.action.ja + "。",
          s.name.en + ": the water level is rising (now " + metres(e.water_level_m) +
              ") and is predicted to reach the " + n.reference.en + " (" + t + ") at about " + clock + " (" +
              utc_offset(s) + "), the threshold of the " + n.alert.en + ". " + n.action.en + "."};
}

// The sentences saying which upstream gauges and whether the rain predicted `e`.
void add_basis(localized_text& t, river_event const& e) {
  localized_text names;
  for (auto const& [id, name] : e.upstream) {
    names.ja += (names.ja.empty() ? "" : "、") + name.ja;
    names.en += (names.en.empty() ? "" : ", ") + name.en;
  }
  if (!names.en.empty()) {
    t.ja += "上流の水位計（" + names.ja + "）の水位から予測。";
    t.en += " Predicted from the upstream gauge(s) " + names.en + ".";
  }
  if (std::find(e.basis.begin(), e.basis.end(), "rainfall") != e.basis.end()) {
    t.ja += "流域の降雨から予測。";
    t.en += " Predicted from the rain over the catchment.";
  }
}

localized_text fault(station const& s, river_event const& e) {
  auto const k = static_cast<std::size_t>(e.fault.value_or(fault_kind::missing_reports));
  std::string const why = e.detail.empty() ? std::string(kFaultEn[k]) : std::string(kFaultEn[k]) + ": " + e.detail;
  return {s.name.ja + "の水位計に異常があります（" + std::string(kFaultJa[k]) +
              "）。この水位計の値だけでは洪水の警報を発表・解除しません。",
          s.name.en + ": the water-level gauge has a fault (" + why +
              "). Its readings alone will not raise or close flood alerts."};
}

json::value property(json::value v) { return json::object{{"type", "Property"}, {"value", std::move(v)}}; }

json::value text_property(std::string_view s) { return property(json::string(s.data(), s.size())); }

json::value date_time(epoch_ms t) {
  return property(json::object{{"@type", "DateTime"}, {"@value", format_iso8601(t)}});
}

json::value language(localized_text const& t) {
  return json::object{{"type", "LanguageProperty"}, {"languageMap", json::object{{"ja", t.ja}, {"en", t.en}}}};
}

localized_text title(level_names const& names, river_event const& e) {
  if (e.kind == alert_kind::device_fault) return {"水位計の異常", "Water-level gauge fault"};
  if (e.level == 0) return {"洪水の危険の解消", "Flood danger ended"};
  auto const& a = names.of(e.level).alert;
  if (e.kind == alert_kind::crossing_predicted) return {a.ja + "（予測）", a.en + " (predicted)"};
  return a;
}

}  // namespace

std::string_view alert_kind_name(alert_kind k) { return kKindNames[static_cast<std::size_t>(k)]; }

river_event event_of(level_change const& c) {
  river_event e;
  e.kind = c.rising() ? alert_kind::level_entered : alert_kind::level_dropped;
  e.level = c.to;
  e.from_level = c.from;
  e.water_level_m = c.level_m;
  e.at = c.at;
  return e;
}

river_event event_of(predicted_crossing const& c, double level_now_m) {
  river_event e;
  e.kind = alert_kind::crossing_predicted;
  e.level = c.level;
  e.water_level_m = level_now_m;
  e.at = c.at;
  return e;
}

river_event event_of(health_event const& h, double level_m) {
  river_event e;
  e.kind = alert_kind::device_fault;
  e.water_level_m = level_m;
  e.at = h.at;
  e.fault = h.kind;
  e.detail = h.detail;
  return e;
}

std::string alert_id(station const& s, river_event const& e, epoch_ms issued) {
  std::string_view local = s.id;
  if (local.starts_with(kUrnPrefix)) local.remove_prefix(kUrnPrefix.size());
  return "urn:ngsi-ld:Alert:river:" + std::string(local) + ":" + std::string(alert_kind_name(e.kind)) + ":" +
         std::to_string(e.level) + ":" + std::to_string(issued);
}

json::object alert_entity(station const& s, level_names const& names, river_event const& e, epoch_ms issued) {
  localized_text description;
  switch (e.kind) {
    case alert_kind::level_entered:
      description = entered(s, names, e);
      break;
    case alert_kind::level_dropped:
      description = dropped(s, names, e);
      break;
    case alert_kind::crossing_predicted:
      description = predicted(s, names, e);
      add_basis(description, e);
      break;
    case alert_kind::device_fault:
      description = fault(s, e);
      break;
  }
  bool const fault_alert = e.kind == alert_kind::device_fault;
  bool const flooding = e.kind == alert_kind::level_entered && e.level == kDangerLevels;
  json::object out;
  out["id"] = alert_id(s, e, issued);
  out["type"] = "Alert";
  out["category"] = text_property("naturalDisaster");
  out["subCategory"] = text_property(flooding ? "flood" : "floodRisk");
  out["severity"] = text_property(fault_alert ? "low" : kSeverity[static_cast<std::size_t>(e.level)]);
  out["name"] = language(title(names, e));
  out["description"] = language(description);
  out["alertSource"] = json::object{{"type", "Relationship"}, {"object", s.id}};
  out["riverAlertKind"] = text_property(alert_kind_name(e.kind));
  if (!fault_alert) out["dangerLevel"] = property(e.level);
  if (fault_alert) out["faultKind"] = text_property(fault_name(e.fault.value_or(fault_kind::missing_reports)));
  out["waterLevel"] = json::object{{"type", "Property"}, {"value", e.water_level_m}, {"unitCode", "MTR"}};
  out["dateIssued"] = date_time(issued);
  bool const predicted_alert = e.kind == alert_kind::crossing_predicted;
  out["validFrom"] = date_time(predicted_alert ? issued : e.at);
  if (predicted_alert || (e.kind == alert_kind::level_dropped && e.level == 0)) out["validTo"] = date_time(e.at);
  if (predicted_alert && !e.basis.empty()) {
    json::array basis, stations;
    for (auto const& b : e.basis) basis.emplace_back(b);
    for (auto const& [id, name] : e.upstream) stations.emplace_back(id);
    out["predictionBasis"] = property(std::move(basis));
    if (!stations.empty()) out["upstreamStations"] = property(std::move(stations));
  }
  out["location"] =
      json::object{{"type", "GeoProperty"},
                   {"value", json::object{{"type", "Point"}, {"coordinates", json::array{s.longitude, s.latitude}}}}};
  out["@context"] = json::array{json::string(kCoreContext.data(), kCoreContext.size()),
                                json::string(kAlertContext.data(), kAlertContext.size())};
  return out;
}

}  // namespace cityos::safety::river
