// SPDX-License-Identifier: Apache-2.0
#include "wellness/points_service/publisher.h"

#include <chrono>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "store/publish/entity_publisher.h"
#include "wellness/points_service/requests.h"

namespace cityos::wellness::points_service {

namespace {

constexpr std::size_t kBatch = 1000;

json::object property(json::value v) { return json::object{{"type", "Property"}, {"value", std::move(v)}}; }

// Keeps [A-Za-z0-9-._:] of a person id and writes other bytes as %XX (a valid URN part).
std::string urn_part(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    bool const keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == ':';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace

json::object account_entity(std::string const& person, json::object const& balance) {
  json::object e{{"id", "urn:ngsi-ld:HealthPointsAccount:" + urn_part(person)},
                 {"type", "HealthPointsAccount"},
                 {"subject", property(json::string(person))}};
  for (auto const* name : {"programme", "balance", "awarded", "redeemed", "expired", "yen"}) {
    if (auto const* v = balance.if_contains(name)) e[name] = property(*v);
  }
  return e;
}

std::vector<kpi_participant> kpi_people(points_service const& s) {
  std::vector<kpi_participant> out;
  s.for_each_person([&](std::string const& person, person_state const& st) {
    kpi_participant p;
    p.person = person;
    p.age = st.age;
    p.ward = st.ward;
    p.days.reserve(st.days.size());
    for (auto const& [date, d] : st.days) {
      if (d.method == recording_method::manual || d.review == review_state::pending ||
          d.review == review_state::rejected) {
        continue;  // only sensor days that count
      }
      p.days.push_back({date, d.counted, d.hourly});
    }
    out.push_back(std::move(p));
  });
  return out;
}

result<kpi_report> kpis_of(points_service const& s, std::string from, std::string to, int kpi_days) {
  if (to.empty()) to = s.today();
  if (from.empty()) {
    auto t = parse_date(to);
    if (!t) return make_error(error_code::bad_request, "'to' must be a date YYYY-MM-DD");
    from = format_iso8601(*t - epoch_ms{kpi_days - 1} * 86'400'000).substr(0, 10);
  }
  if (!is_date(from) || !is_date(to)) return make_error(error_code::bad_request, "'from' and 'to' must be dates YYYY-MM-DD");
  if (from > to) return make_error(error_code::bad_request, "'from' must not be after 'to'");
  auto people = kpi_people(s);
  return compute_kpis(s.config(), people, from, to);
}

publisher::publisher(points_service& s, store::store& st, std::string tenant, std::function<epoch_ms()> clock,
                     publisher_settings settings)
    : service_(s), store_(st), tenant_(std::move(tenant)), clock_(std::move(clock)), settings_(settings) {
  service_.on_change([this](std::string const& person) {
    std::lock_guard lock(mutex_);
    dirty_.insert(person);
    kpis_stale_ = true;
  });
}

publisher::~publisher() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  (void)publish_accounts();
}

void publisher::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { loop(); });
}

result<void> publisher::publish_now() {
  if (auto r = publish_accounts(); !r) return r;
  {
    std::lock_guard lock(mutex_);
    kpis_stale_ = false;
  }
  return publish_kpis();
}

result<void> publisher::publish_accounts() {
  std::lock_guard one(publish_mutex_);
  std::unordered_set<std::string> dirty;
  {
    std::lock_guard lock(mutex_);
    dirty.swap(dirty_);
  }
  std::vector<json::object> batch;
  std::string const now = format_iso8601(clock_());
  auto number = [](json::object const& o, std::string_view name) {
    auto const* v = o.if_contains(name);
    return v && v->is_int64() ? v->get_int64() : std::int64_t{0};
  };
  for (auto const& person : dirty) {
    auto b = service_.balance(person);
    if (!b) continue;
    std::array<std::int64_t, 4> const now_numbers{number(*b, "balance"), number(*b, "awarded"),
                                                   number(*b, "redeemed"), number(*b, "expired")};
    auto [it, fresh] = published_.try_emplace(person, now_numbers);
    if (!fresh && it->second == now_numbers) continue;  // the entity already says so
    it->second = now_numbers;
    batch.push_back(account_entity(person, *b));
    if (batch.size() == kBatch) {
      if (auto r = store::publish_entities(store_, tenant_, batch, now); !r) {
        published_.clear();  // not known what was written: publish again on the next change
        return std::move(r).err();
      }
      batch.clear();
    }
  }
  if (auto r = store::publish_entities(store_, tenant_, batch, now); !r) {
    published_.clear();
    return std::move(r).err();
  }
  return {};
}

result<void> publisher::publish_kpis() {
  std::lock_guard one(publish_mutex_);
  auto report = kpis_of(service_, {}, {}, settings_.kpi_days);
  if (!report) return std::move(report).err();
  auto arr = kpi_entities(*report, service_.config(), format_iso8601(clock_()));
  std::vector<json::object> entities;
  entities.reserve(arr.size());
  for (auto& e : arr) entities.push_back(std::move(e.as_object()));
  if (auto r = store::publish_entities(store_, tenant_, entities, format_iso8601(clock_())); !r) {
    return std::move(r).err();
  }
  return {};
}

void publisher::loop() {
  auto next_kpis = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, std::chrono::milliseconds(settings_.account_interval_ms));
    if (stop_) break;
    bool const kpis_due = kpis_stale_ && std::chrono::steady_clock::now() >= next_kpis;
    if (kpis_due) kpis_stale_ = false;
    lock.unlock();
    if (auto r = publish_accounts(); !r) spdlog::warn("points: {}", r.err().detail);
    if (kpis_due) {
      next_kpis = std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.kpi_interval_ms);
      if (auto r = publish_kpis(); !r) spdlog::warn("points: {}", r.err().detail);
    }
    lock.lock();
  }
}

}  // namespace cityos::wellness::points_service
