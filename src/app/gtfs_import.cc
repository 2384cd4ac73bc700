// SPDX-License-Identifier: Apache-2.0
#include "app/gtfs_import.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>

#include <boost/url.hpp>

#include "api/http/http_client.h"
#include "common/json.h"
#include "mobility/gtfs/feed_loader.h"
#include "mobility/gtfs/publish.h"

namespace cityos::app {

namespace {

namespace gtfs = mobility::gtfs;

// Where batches go.
struct endpoint {
  bool tls = false;
  std::string host;
  unsigned short port = 0;
  std::string base;  // path before /ngsi-ld, without trailing '/'
};

result<endpoint> parse_broker(std::string const& url) {
  auto u = boost::urls::parse_uri(url);
  if (!u) return make_error(error_code::bad_request, "malformed broker URL '" + url + "'");
  endpoint e;
  auto const scheme = std::string(u->scheme());
  if (scheme != "http" && scheme != "https")
    return make_error(error_code::bad_request, "broker URL must be http:// or https://, not '" + url + "'");
  e.tls = scheme == "https";
  e.host = u->host_address();
  if (e.host.empty()) return make_error(error_code::bad_request, "broker URL without a host: '" + url + "'");
  e.port = u->has_port() ? u->port_number() : (e.tls ? 443 : 80);
  e.base = u->encoded_path();
  while (!e.base.empty() && e.base.back() == '/') e.base.pop_back();
  return e;
}

// The default id prefix: the feed folder's or zip's name without extension.
std::string default_prefix(std::string const& path) {
  auto p = std::filesystem::path(path).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  return p.stem().string();
}

struct totals {
  std::size_t sent = 0, created = 0, updated = 0, failed = 0;
};

// One batch upsert. Errors: unavailable (network) or internal (a status the
// batch API never answers); rejected entities are counted in `t`.
result<void> send_batch(api::http_client& client, endpoint const& ep, api::client_headers const& headers,
                        std::string const& body, std::size_t count, totals& t, std::ostream& out) {
  if (!client.connected()) {
    auto c = ep.tls ? client.connect_tls(ep.host, ep.port) : client.connect(ep.host, ep.port);
    if (!c) return std::move(c).err();
  }
  auto r = client.request("POST", ep.base + "/ngsi-ld/v1/entityOperations/upsert", headers, body);
  if (!r) return std::move(r).err();
  if (r->status == 204) {
    t.sent += count;
    t.updated += count;
    return {};
  }
  auto parsed = parse_json(r->body);
  if (r->status == 201 && parsed && parsed->is_array()) {
    auto const created = parsed->get_array().size();
    t.sent += count;
    t.created += created;
    t.updated += count - std::min(count, created);
    return {};
  }
  if (r->status == 207 && parsed && parsed->is_object()) {
    auto const& o = parsed->get_object();
    auto const* errors = o.if_contains("errors");
    std::size_t const failed = errors && errors->is_array() ? errors->get_array().size() : 0;
    t.sent += count;
    t.failed += failed;
    t.updated += count - std::min(count, failed);  // created and updated are not told apart in a 207
    if (errors && errors->is_array())
      for (std::size_t i = 0; i < std::min<std::size_t>(failed, 5); ++i)
        out << "  rejected: " << dump(errors->get_array()[i]) << "\n";
    return {};
  }
  return make_error(error_code::internal, "broker answered " + std::to_string(r->status) + ": " +
                                              r->body.substr(0, 500));
}

}  // namespace

int run_gtfs_import(gtfs_settings const& s, std::ostream& out, std::ostream& progress) {
  auto const started = std::chrono::steady_clock::now();
  auto ep = parse_broker(s.broker);
  if (!ep) {
    out << ep.err().detail << "\n";
    return 1;
  }
  gtfs::load_options options;
  if (!s.quiet)
    options.progress = [&progress](std::string_view file, std::size_t rows) {
      progress << "  " << file << ": " << rows << " rows\n";
    };
  auto loaded = gtfs::load_feed(s.path, options);
  if (!loaded) {
    out << "cannot open feed: " << loaded.err().detail << "\n";
    return 1;
  }
  if (!loaded->usable()) {
    out << "feed is NOT usable (run `cityos gtfs check " << s.path << "`)\n";
    return 1;
  }
  if (loaded->report.errors() > 0)
    out << loaded->report.errors() << " rows with errors skipped (see `cityos gtfs check`)\n";

  gtfs::publish_options po;
  po.prefix = s.prefix.empty() ? default_prefix(s.path) : s.prefix;
  auto const published = gtfs::publish_feed(loaded->data, po);
  auto const total = published.entities.size();

  api::client_headers headers{{"Content-Type", "application/json"}};
  if (!s.tenant.empty()) headers.emplace_back("NGSILD-Tenant", s.tenant);
  if (!s.context.empty())
    headers.emplace_back("Link", "<" + s.context +
                                     ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
  api::http_client client(std::chrono::seconds(60));
  std::size_t const batch = std::clamp<std::size_t>(s.batch_size, 1, 1000);
  totals t;
  for (std::size_t first = 0; first < total; first += batch) {
    std::size_t const n = std::min(batch, total - first);
    std::string body = "[";
    for (std::size_t i = first; i < first + n; ++i) {
      if (i > first) body += ',';
      dump_to(published.entities[i], body);
    }
    body += ']';
    if (auto sent = send_batch(client, *ep, headers, body, n, t, out); !sent) {
      out << "import failed after " << t.sent << " of " << total << " entities: " << sent.err().detail << "\n";
      return 1;
    }
    if (!s.quiet) progress << "  upserted " << t.sent << "/" << total << " entities\n";
  }
  auto const ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  out << "imported " << s.path << " into " << s.broker << (s.tenant.empty() ? "" : " (tenant " + s.tenant + ")")
      << " as urn:ngsi-ld:<type>:" << po.prefix << ":<id>\n"
      << "  " << published.agencies << " GtfsAgency, " << published.stations << " GtfsStation, "
      << published.stops << " GtfsStop, " << published.routes << " GtfsRoute\n"
      << "  " << t.created << " created, " << t.updated << " updated, " << t.failed << " rejected in "
      << ms.count() << " ms\n";
  return t.failed == 0 ? 0 : 1;
}

}  // namespace cityos::app
