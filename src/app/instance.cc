// SPDX-License-Identifier: Apache-2.0
#include "app/instance.h"

#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "api/http/metrics.h"
#include "api/http/server.h"
#include "api/ngsild/broker.h"
#include "api/ngsild/context_handlers.h"
#include "api/ngsild/http_context_loader.h"
#include "api/ngsild/routes.h"
#include "api/ops_routes.h"
#include "api/router.h"
#include "app/demo_city.h"
#include "common/time.h"
#include "store/memory/memory_store.h"

namespace cityos::app {

struct instance::impl {
  api::metrics_registry metrics;
  std::unique_ptr<store::memory_store> store;
  api::http_context_loader loader{std::chrono::milliseconds(3000)};
  std::unique_ptr<ngsild::context_resolver> contexts;
  std::unique_ptr<api::broker> broker;
  api::router router;
  api::http_server server;
  bool running = false;
};

namespace {

result<void> preload_contexts(instance_options const& opt, ngsild::context_resolver& r) {
  for (auto const& [url, path] : opt.contexts) {
    std::ifstream in(path);
    if (!in) return make_error(error_code::bad_request, "cannot read @context file " + path.string());
    std::stringstream ss;
    ss << in.rdbuf();
    auto doc = parse_json(ss.str());
    if (!doc) return make_error(error_code::bad_request, path.string() + ": " + doc.err().detail);
    if (auto a = r.add(url, std::move(*doc), ngsild::context_kind::cached); !a) return a;
  }
  return {};
}

}  // namespace

instance::instance() : impl_(std::make_unique<impl>()) {}
instance::~instance() { stop(); }

result<void> instance::start(instance_options opt) {
  auto& s = *impl_;
  store::memory_store_options so;
  so.data_dir = opt.data_dir;
  so.sync_each_commit = opt.fsync;
  so.on_commit = [&m = s.metrics](double secs, std::size_t n) { m.record_commit(secs, n); };
  auto opened = store::memory_store::open(std::move(so));
  if (!opened) return std::move(opened).err();
  s.store = std::move(*opened);
  s.contexts = std::make_unique<ngsild::context_resolver>(&s.loader);
  if (auto r = preload_contexts(opt, *s.contexts); !r) return r;
  // The port is known only once the server is bound (port 0 picks one).
  auto public_url = [&server = s.server, host = opt.host, url = opt.public_url] {
    return url.empty() ? "http://" + host + ":" + std::to_string(server.port()) : url;
  };
  s.broker = std::make_unique<api::broker>(api::broker{
      *s.store, *s.contexts, {20, opt.max_limit, opt.max_batch},
      [] { return format_iso8601(now_ms()); }, public_url});
  api::load_hosted_contexts(*s.broker);
  api::add_ngsild_routes(s.router, *s.broker);
  api::add_ops_routes(s.router, *s.store, s.metrics);
  s.router.set_observer([&m = s.metrics](std::string_view route) -> api::request_observer {
    std::string name(route.empty() ? std::string_view("unmatched") : route);
    return [&rm = m.route(name), name](std::string_view method, int status, double secs) {
      rm.record(method, status, secs);
      spdlog::debug("{} {} -> {} in {:.3f} ms", method, name, status, secs * 1000);
    };
  });
  s.metrics.add_gauge("entities", "Entities stored, by tenant", [st = s.store.get()] {
    std::vector<api::gauge_sample> out;
    for (auto const& t : st->tenants()) {
      out.push_back({{{"tenant", t}}, static_cast<double>(st->entity_count(t))});
    }
    return out;
  });
  if (opt.demo && s.store->tenants().empty()) {  // first start only
    if (auto r = load_demo_city(s.router); !r) return r;
    spdlog::info("demo city loaded");
  }
  api::server_options so2;
  so2.host = opt.host;
  so2.port = opt.port;
  so2.threads = opt.threads;
  so2.max_body_bytes = opt.max_body_bytes;
  auto started = s.server.start(
      so2, [&r = s.router](api::http_request& req) { return r.handle(req); },
      [st = s.store.get()](std::uint64_t seq, std::function<void()> done) {
        st->on_durable(seq, std::move(done));
      });
  if (!started) return started;
  s.running = true;
  return {};
}

unsigned short instance::port() const { return impl_->server.port(); }

void instance::stop() {
  auto& s = *impl_;
  if (!s.running) return;
  s.running = false;
  s.server.stop(std::chrono::milliseconds(5000));
  if (s.store) s.store->flush();
  s.store.reset();
}

}  // namespace cityos::app
