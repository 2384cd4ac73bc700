// SPDX-License-Identifier: Apache-2.0
#include "case_runner.h"
#include "common/text.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <vector>

#include "api/http/http_client.h"

namespace cityos::api {

namespace {

constexpr std::string_view kSuitePrefix = "ngsild-testsuite:";

bool ignored(json::array const& ignore, std::string_view key) {
  return std::any_of(ignore.begin(), ignore.end(),
                     [&](json::value const& v) { return v.is_string() && v.get_string() == key; });
}

std::string brief(json::value const& v) {
  std::string s = dump(v);
  return s.size() > 300 ? s.substr(0, 300) + "..." : s;
}

std::string compare_objects(json::object const& e, json::object const& a, bool exact,
                            bool unordered, json::array const& ignore, std::string const& path) {
  for (auto const& kv : e) {
    if (ignored(ignore, kv.key())) continue;
    std::string const p = path + "/" + std::string(kv.key());
    auto const* av = a.if_contains(kv.key());
    if (!av) return p + ": missing (expected " + brief(kv.value()) + ")";
    if (auto d = compare_json(kv.value(), *av, exact, unordered, ignore, p); !d.empty()) return d;
  }
  if (!exact) return {};
  for (auto const& kv : a) {
    if (!ignored(ignore, kv.key()) && !e.contains(kv.key())) {
      return path + "/" + std::string(kv.key()) + ": unexpected member " + brief(kv.value());
    }
  }
  return {};
}

std::string compare_arrays(json::array const& e, json::array const& a, bool exact, bool unordered,
                           json::array const& ignore, std::string const& path) {
  if (e.size() != a.size()) {
    return path + ": array of " + std::to_string(a.size()) + " elements, expected " +
           std::to_string(e.size());
  }
  if (!unordered) {
    for (std::size_t i = 0; i < e.size(); ++i) {
      auto d = compare_json(e[i], a[i], exact, unordered, ignore, path + "/" + std::to_string(i));
      if (!d.empty()) return d;
    }
    return {};
  }
  std::vector<bool> used(a.size(), false);
  for (std::size_t i = 0; i < e.size(); ++i) {
    bool found = false;
    for (std::size_t j = 0; j < a.size() && !found; ++j) {
      if (!used[j] && compare_json(e[i], a[j], exact, unordered, ignore).empty()) {
        used[j] = found = true;
      }
    }
    if (!found) return path + ": no element matches expected " + brief(e[i]);
  }
  return {};
}

std::string header_text(client_headers const& headers) {
  std::string out;
  for (auto const& [k, v] : headers) out += "    " + k + ": " + v + "\n";
  return out;
}

// The body a step's "body" / "bodyFile" (+ "bodyOverride") describes, or null.
struct body_spec {
  bool present = false;
  json::value value;
};

}  // namespace

std::string compare_json(json::value const& expected, json::value const& actual, bool exact,
                         bool unordered, json::array const& ignore, std::string const& path) {
  std::string const where = path.empty() ? "/" : path;
  if (expected.is_number() && actual.is_number()) {
    if (expected.to_number<double>() == actual.to_number<double>()) return {};
  } else if (expected.is_object() && actual.is_object()) {
    return compare_objects(expected.get_object(), actual.get_object(), exact, unordered, ignore, path);
  } else if (expected.is_array() && actual.is_array()) {
    return compare_arrays(expected.get_array(), actual.get_array(), exact, unordered, ignore, path);
  } else if (expected == actual) {
    return {};
  }
  return where + ": got " + brief(actual) + ", expected " + brief(expected);
}

case_runner::case_runner(case_env env) : env_(std::move(env)), vars_(env_.vars) {
  vars_["host"] = env_.host;
  vars_["port"] = std::to_string(env_.port);
  vars_["base"] = "http://" + env_.host + ":" + std::to_string(env_.port);
}

std::string case_runner::substitute(std::string_view s) const {
  std::string out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    auto const open = s.find("${", pos);
    auto const close = open == std::string_view::npos ? open : s.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(s.substr(pos, open - pos));
    std::string const name(s.substr(open + 2, close - open - 2));
    auto it = vars_.find(name);
    out += it == vars_.end() ? "${" + name + "}" : it->second;
    pos = close + 1;
  }
  out.append(s.substr(std::min(pos, s.size())));
  return out;
}

json::value case_runner::substitute(json::value const& v) const {
  if (auto const* s = v.if_string()) return json::string(substitute(std::string_view(*s)));
  if (auto const* a = v.if_array()) {
    json::array out;
    for (auto const& e : *a) out.push_back(substitute(e));
    return out;
  }
  if (auto const* o = v.if_object()) {
    json::object out;
    for (auto const& kv : *o) out[kv.key()] = substitute(kv.value());
    return out;
  }
  return v;
}

json::value case_runner::load_file(std::string const& ref) const {
  std::filesystem::path p = ref.starts_with(kSuitePrefix)
                                ? env_.suite_dir / ref.substr(kSuitePrefix.size())
                                : env_.case_dir / ref;
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = parse_json(ss.str());
  if (!in || !parsed) return json::string("<cannot read " + p.string() + ">");
  return std::move(*parsed);
}

namespace {

// Reads "body" or "bodyFile" (+ "bodyOverride": members set on top) of `o`.
template <typename Runner>
body_spec read_body(json::object const& o, Runner const& sub, auto const& load) {
  body_spec b;
  if (auto const* v = o.if_contains("body")) {
    b.present = true;
    b.value = sub(*v);
  } else if (auto const* f = o.if_contains("bodyFile"); f && f->is_string()) {
    b.present = true;
    b.value = load(std::string(f->get_string()));
    if (auto const* ov = o.if_contains("bodyOverride"); ov && ov->is_object()) {
      for (auto const& kv : ov->get_object()) {
        if (auto* bo = b.value.if_object()) (*bo)[kv.key()] = sub(kv.value());
        if (auto* ba = b.value.if_array()) {
          for (auto& e : *ba) {
            if (e.is_object()) e.get_object()[kv.key()] = sub(kv.value());
          }
        }
      }
    }
  }
  return b;
}

bool carries_context(json::value const& v) {
  if (auto const* o = v.if_object()) return o->contains("@context");
  if (auto const* a = v.if_array()) return !a->empty() && carries_context((*a)[0]);
  return false;
}

}  // namespace

std::string case_runner::run(json::object const& c) {
  auto const* steps = c.if_contains("steps");
  if (!steps || !steps->is_array() || steps->get_array().empty()) return "case has no \"steps\"";
  for (std::size_t i = 0; i < steps->get_array().size(); ++i) {
    auto const& s = steps->get_array()[i];
    if (!s.is_object()) return "step " + std::to_string(i) + " is not an object";
    if (auto failure = run_step(i, s.get_object()); !failure.empty()) return failure;
  }
  return {};
}

namespace {

std::string header_mismatch(json::object const& exp, client_response const& resp,
                            auto const& sub) {
  if (auto const* h = exp.if_contains("headers"); h && h->is_object()) {
    for (auto const& kv : h->get_object()) {
      auto const* got = resp.header(to_lower(kv.key()));
      std::string const want = sub(kv.value().as_string());
      if (!got || *got != want) {
        return "header " + std::string(kv.key()) + ": got " + (got ? "'" + *got + "'" : "none") +
               ", expected '" + want + "'";
      }
    }
  }
  if (auto const* h = exp.if_contains("headersContain"); h && h->is_object()) {
    for (auto const& kv : h->get_object()) {
      auto const* got = resp.header(to_lower(kv.key()));
      std::string const want = sub(kv.value().as_string());
      if (!got || got->find(want) == std::string::npos) {
        return "header " + std::string(kv.key()) + " lacks '" + want + "'";
      }
    }
  }
  if (auto const* h = exp.if_contains("headersAbsent"); h && h->is_array()) {
    for (auto const& n : h->get_array()) {
      if (resp.header(to_lower(n.as_string()))) return "header " + std::string(n.as_string()) + " present";
    }
  }
  return {};
}

std::string report(std::size_t index, json::object const& step, std::string const& failure,
                   case_request const& rq, client_response const& resp) {
  std::string out = "step " + std::to_string(index);
  if (auto const* d = step.if_contains("name"); d && d->is_string()) {
    out += " (" + std::string(d->get_string()) + ")";
  }
  out += ": " + failure + "\n  request: " + rq.method + " " + rq.path + "\n" + header_text(rq.headers);
  if (!rq.body.empty()) out += "    " + rq.body.substr(0, 2000) + "\n";
  if (auto const* e = step.if_contains("expect")) out += "  expected: " + dump(*e).substr(0, 2000) + "\n";
  out += "  actual: " + std::to_string(resp.status) + "\n" + header_text(resp.headers) + "    " +
         resp.body.substr(0, 4000) + "\n";
  return out;
}

}  // namespace

std::string case_runner::run_step(std::size_t index, json::object const& step) {
  json::object const empty;
  auto const* rq = step.if_contains("request");
  auto const* ex = step.if_contains("expect");
  json::object const& req = rq && rq->is_object() ? rq->get_object() : empty;
  json::object const& exp = ex && ex->is_object() ? ex->get_object() : empty;
  auto const sent = build_request(req);
  http_client client;
  client_response resp;
  std::string failure;
  if (auto r = client.connect(env_.host, env_.port); !r) {
    failure = "cannot connect: " + r.err().detail;
  } else if (auto got = client.request(sent.method, sent.path, sent.headers, sent.body); !got) {
    failure = "request failed: " + got.err().detail;
  } else {
    resp = std::move(*got);
  }
  auto const parsed = parse_json(resp.body);
  json::value const actual = parsed ? *parsed : json::value(json::string(resp.body));
  if (failure.empty()) failure = check(exp, resp, actual, parsed.ok());
  if (failure.empty()) failure = capture(step, resp, actual);
  return failure.empty() ? std::string() : report(index, step, failure, sent, resp);
}

case_request case_runner::build_request(json::object const& req) const {
  auto const sub = [this](json::value const& v) { return substitute(v); };
  auto const load = [this](std::string const& f) { return load_file(f); };
  case_request out;
  if (auto const* m = req.if_contains("method"); m && m->is_string()) out.method = m->get_string();
  if (auto const* p = req.if_contains("path"); p && p->is_string()) {
    out.path = substitute(std::string_view(p->get_string()));
  }
  auto const body = read_body(req, sub, load);
  if (body.present) out.body = dump(body.value);
  if (auto const* t = req.if_contains("bodyText"); t && t->is_string()) {
    out.body = substitute(std::string_view(t->get_string()));
  }
  bool content_type_given = false;
  if (auto const* h = req.if_contains("headers"); h && h->is_object()) {
    for (auto const& kv : h->get_object()) {
      content_type_given = content_type_given || to_lower(kv.key()) == "content-type";
      if (kv.value().is_string()) {
        out.headers.emplace_back(kv.key(), substitute(std::string_view(kv.value().get_string())));
      }
    }
  }
  if (!content_type_given && !out.body.empty()) {
    bool const ld = body.present && carries_context(body.value);
    out.headers.emplace_back("Content-Type", ld ? "application/ld+json" : "application/json");
  }
  return out;
}

std::string case_runner::check(json::object const& exp, client_response const& resp,
                               json::value const& actual, bool is_json) const {
  auto const sub = [this](json::value const& v) { return substitute(v); };
  auto const sub_text = [this](json::string const& s) { return substitute(std::string_view(s)); };
  auto const load = [this](std::string const& f) { return load_file(f); };
  if (auto const* s = exp.if_contains("status"); s && s->to_number<int>() != resp.status) {
    return "status " + std::to_string(resp.status) + ", expected " + dump(*s);
  }
  if (auto h = header_mismatch(exp, resp, sub_text); !h.empty()) return h;
  if (auto const* bc = exp.if_contains("bodyContains")) {
    json::array const list = bc->is_array() ? bc->get_array() : json::array{*bc};
    for (auto const& s : list) {
      std::string const want = sub_text(s.as_string());
      if (resp.body.find(want) == std::string::npos) return "body lacks '" + want + "'";
    }
  }
  auto const want = read_body(exp, sub, load);
  if (!want.present) return {};
  if (!is_json) return "body is not JSON";
  bool const exact = exp.contains("bodyMatch") && exp.at("bodyMatch") == "exact";
  bool const unordered = exp.contains("unordered") && exp.at("unordered").as_bool();
  json::array ignore;
  if (auto const* ig = exp.if_contains("ignore"); ig && ig->is_array()) ignore = ig->get_array();
  auto d = compare_json(want.value, actual, exact, unordered, ignore);
  return d.empty() ? d : "body " + d;
}

std::string case_runner::capture(json::object const& step, client_response const& resp,
                                 json::value const& actual) {
  auto const* cap = step.if_contains("capture");
  if (!cap || !cap->is_object()) return {};
  for (auto const& kv : cap->get_object()) {
    std::string const from(kv.value().as_string());
    if (from.starts_with("header:")) {
      auto const* h = resp.header(to_lower(from.substr(7)));
      if (!h) return "capture " + from + ": no such header";
      vars_[kv.key()] = *h;
    } else if (from.starts_with("body:")) {
      boost::system::error_code ec;
      auto const* v = actual.find_pointer(from.substr(5), ec);
      if (!v) return "capture " + from + ": no such member";
      vars_[kv.key()] = v->is_string() ? std::string(v->get_string()) : dump(*v);
    } else {
      return "capture " + from + ": use header:<name> or body:<JSON pointer>";
    }
  }
  return {};
}

}  // namespace cityos::api
