// SPDX-License-Identifier: Apache-2.0
#include "api/subscriptions/subscription.h"

#include <utility>

#include "ngsild/entity/entity_input.h"

namespace cityos::api {
namespace {

error bad(std::string detail) { return make_error(error_code::bad_request, std::move(detail)); }

struct trigger_name {
  std::string_view name;
  trigger value;
};
constexpr trigger_name kTriggers[] = {
    {"entityCreated", trigger::entity_created},     {"entityUpdated", trigger::entity_updated},
    {"entityDeleted", trigger::entity_deleted},     {"attributeCreated", trigger::attribute_created},
    {"attributeUpdated", trigger::attribute_updated}, {"attributeDeleted", trigger::attribute_deleted},
};

// Reads an array of strings member; nullopt if absent. Errors: wrong type or empty.
result<std::optional<std::vector<std::string>>> string_list(json::object const& o,
                                                            std::string_view key) {
  auto const* v = o.if_contains(key);
  if (!v) return std::optional<std::vector<std::string>>{};
  auto const* a = v->if_array();
  if (!a || a->empty()) return bad(std::string(key) + " must be a non-empty array of strings");
  std::vector<std::string> out;
  for (auto const& x : *a) {
    if (!x.is_string() || x.get_string().empty()) {
      return bad(std::string(key) + " must be a non-empty array of strings");
    }
    out.emplace_back(x.get_string());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

// Reads a positive number member (seconds); nullopt if absent.
result<std::optional<double>> positive_number(json::object const& o, std::string_view key) {
  auto const* v = o.if_contains(key);
  if (!v) return std::optional<double>{};
  if (!v->is_number() || v->to_number<double>() <= 0) {
    return bad(std::string(key) + " must be a number greater than 0");
  }
  return std::optional<double>(v->to_number<double>());
}

result<std::vector<std::pair<std::string, std::string>>> key_values(json::object const& o,
                                                                    std::string_view key) {
  std::vector<std::pair<std::string, std::string>> out;
  auto const* v = o.if_contains(key);
  if (!v) return out;
  auto const* a = v->if_array();
  if (!a) return bad(std::string("endpoint.") + std::string(key) + " must be an array");
  for (auto const& x : *a) {
    auto const* kv = x.if_object();
    json::value const* k = kv ? kv->if_contains("key") : nullptr;
    json::value const* val = kv ? kv->if_contains("value") : nullptr;
    if (!k || !val || !k->is_string() || !val->is_string() || k->get_string().empty()) {
      return bad(std::string("endpoint.") + std::string(key) +
                 " elements must be {\"key\": string, \"value\": string}");
    }
    out.emplace_back(k->get_string(), val->get_string());
  }
  return out;
}

result<void> parse_entities(json::object const& body, ngsild::context const& ctx,
                            subscription& s) {
  auto const* v = body.if_contains("entities");
  if (!v) return {};
  auto const* a = v->if_array();
  if (!a || a->empty()) return bad("entities must be a non-empty array of EntitySelectors");
  auto expand = [&](std::string_view t) { return ctx.expand_term(t); };
  for (auto const& x : *a) {
    auto const* o = x.if_object();
    if (!o) return bad("entities[] must hold objects");
    entity_selector sel;
    auto const* type = o->if_contains("type");
    if (!type || !type->is_string() || type->get_string().empty()) {
      return bad("every element of entities needs a type");
    }
    auto te = ngsild::parse_type_expression(type->get_string(), expand);
    if (!te) return bad("entities[].type: " + te.err().detail);
    sel.types = std::move(*te);
    if (auto const* id = o->if_contains("id")) {
      if (!id->is_string() || !ngsild::is_uri(id->get_string())) {
        return bad("entities[].id must be a URI");
      }
      sel.id = std::string(id->get_string());
    }
    if (auto const* p = o->if_contains("idPattern")) {
      if (!p->is_string()) return bad("entities[].idPattern must be a string");
      auto ip = ngsild::id_pattern::parse(p->get_string());
      if (!ip) return bad("entities[].idPattern: " + ip.err().detail);
      sel.id_pattern = std::move(*ip);
    }
    s.entities.push_back(std::move(sel));
  }
  return {};
}

result<void> parse_notification(json::object const& body, ngsild::context const& ctx,
                                subscription& s) {
  auto const* nv = body.if_contains("notification");
  if (!nv) return bad("a Subscription needs a notification member");
  auto const* n = nv->if_object();
  if (!n) return bad("notification must be an object");
  auto attrs = string_list(*n, "attributes");
  if (!attrs) return std::move(attrs).err();
  if (*attrs) {
    std::vector<std::string> expanded;
    for (auto const& a : **attrs) expanded.push_back(ctx.expand_term(a));
    s.render.attrs = std::move(expanded);
  }
  auto pick = string_list(*n, "pick");
  if (!pick) return std::move(pick).err();
  auto omit = string_list(*n, "omit");
  if (!omit) return std::move(omit).err();
  if ((*pick || *omit) && *attrs) return bad("notification.attributes cannot be used with pick or omit");
  if (*pick && *omit) return bad("notification.pick and notification.omit cannot be used together");
  auto expand_member = [&](std::string const& m) {
    return m == "id" || m == "type" || m == "scope" ? m : ctx.expand_term(m);
  };
  if (*pick) {
    std::vector<std::string> expanded;
    for (auto const& m : **pick) expanded.push_back(expand_member(m));
    s.render.pick = std::move(expanded);
  }
  if (*omit) {
    for (auto const& m : **omit) s.render.omit.push_back(expand_member(m));
  }
  if (auto const* f = n->if_contains("format")) {
    std::string_view fmt = f->is_string() ? std::string_view(f->get_string()) : "";
    if (fmt == "normalized") {
      s.render.format = ngsild::render_format::normalized;
    } else if (fmt == "keyValues" || fmt == "simplified") {
      s.render.format = ngsild::render_format::simplified;
    } else if (fmt == "concise") {
      s.render.format = ngsild::render_format::concise;
    } else {
      return bad("notification.format must be normalized, concise, keyValues or simplified");
    }
  }
  for (std::string_view key : {"sysAttrs", "showChanges"}) {
    if (auto const* b = n->if_contains(key)) {
      if (!b->is_bool()) return bad("notification." + std::string(key) + " must be a boolean");
      (key == "sysAttrs" ? s.render.sys_attrs : s.show_changes) = b->get_bool();
    }
  }
  auto const* ev = n->if_contains("endpoint");
  auto const* e = ev ? ev->if_object() : nullptr;
  if (!e) return bad("notification.endpoint must be an object");
  auto const* uri = e->if_contains("uri");
  if (!uri || !uri->is_string() || !ngsild::is_uri(uri->get_string())) {
    return bad("notification.endpoint.uri must be a URI");
  }
  s.endpoint.uri = uri->get_string();
  std::string_view u = s.endpoint.uri;
  if (!u.starts_with("http://") && !u.starts_with("https://") && !u.starts_with("mqtt://") &&
      !u.starts_with("mqtts://")) {
    return bad("notification.endpoint.uri must be an http, https, mqtt or mqtts URI");
  }
  if (auto const* a = e->if_contains("accept")) {
    std::string_view acc = a->is_string() ? std::string_view(a->get_string()) : "";
    if (acc != "application/json" && acc != "application/ld+json" &&
        acc != "application/geo+json") {
      return bad("notification.endpoint.accept must be application/json, application/ld+json "
                 "or application/geo+json");
    }
    s.endpoint.accept = acc;
  }
  auto ri = key_values(*e, "receiverInfo");
  if (!ri) return std::move(ri).err();
  s.endpoint.receiver_info = std::move(*ri);
  auto ni = key_values(*e, "notifierInfo");
  if (!ni) return std::move(ni).err();
  s.endpoint.notifier_info = std::move(*ni);
  return {};
}

}  // namespace

std::string_view subscription::status(epoch_ms now) const {
  if (expires_at && *expires_at <= now) return "expired";
  return active ? "active" : "paused";
}

result<subscription> parse_subscription(json::object body, std::string tenant,
                                        json::value context_value,
                                        std::shared_ptr<ngsild::context const> ctx) {
  subscription s;
  s.tenant = std::move(tenant);
  s.context_value = std::move(context_value);
  s.ctx = std::move(ctx);
  auto const& c = *s.ctx;
  // Read-only members a client may echo back are not part of the document.
  for (std::string_view ro : {"status", "createdAt", "modifiedAt"}) body.erase(ro);
  if (auto const* t = body.if_contains("type"); !t || !t->is_string() || t->get_string() != "Subscription") {
    return bad("type must be \"Subscription\"");
  }
  if (auto const* id = body.if_contains("id")) {
    if (!id->is_string() || !ngsild::is_uri(id->get_string())) return bad("id must be a URI");
    s.id = id->get_string();
  }
  for (std::string_view key : {"subscriptionName", "description", "lang", "q", "scopeQ"}) {
    if (auto const* v = body.if_contains(key); v && !v->is_string()) {
      return bad(std::string(key) + " must be a string");
    }
  }
  if (auto r = parse_entities(body, c, s); !r) return std::move(r).err();
  auto watched = string_list(body, "watchedAttributes");
  if (!watched) return std::move(watched).err();
  if (*watched) {
    for (auto const& a : **watched) s.watched.push_back(c.expand_term(a));
  }
  auto interval = positive_number(body, "timeInterval");
  if (!interval) return std::move(interval).err();
  s.time_interval_s = *interval;
  auto throttling = positive_number(body, "throttling");
  if (!throttling) return std::move(throttling).err();
  s.throttling_s = *throttling;
  if (s.periodic() && !s.watched.empty()) {
    return bad("timeInterval and watchedAttributes cannot be used together");
  }
  if (s.periodic() && s.throttling_s) return bad("timeInterval and throttling cannot be used together");
  if (s.entities.empty() && s.watched.empty()) {
    return bad("a Subscription needs entities or watchedAttributes");
  }
  if (auto triggers = string_list(body, "notificationTrigger"); !triggers) {
    return std::move(triggers).err();
  } else if (*triggers) {
    for (auto const& name : **triggers) {
      bool known = false;
      for (auto const& t : kTriggers) {
        if (t.name == name) {
          s.triggers |= static_cast<trigger_set>(t.value);
          known = true;
        }
      }
      if (!known) return bad("unknown notificationTrigger '" + name + "'");
    }
  } else {
    s.triggers = static_cast<trigger_set>(trigger::attribute_created) |
                 static_cast<trigger_set>(trigger::attribute_updated);
    body["notificationTrigger"] = json::array{"attributeCreated", "attributeUpdated"};
  }
  if (auto const* a = body.if_contains("isActive")) {
    if (!a->is_bool()) return bad("isActive must be a boolean");
    s.active = a->get_bool();
  }
  if (auto const* e = body.if_contains("expiresAt")) {
    auto t = e->is_string() ? parse_iso8601(e->get_string()) : std::nullopt;
    if (!t) return bad("expiresAt must be an ISO 8601 date-time");
    s.expires_at = *t;
  }
  if (auto const* j = body.if_contains("jsonldContext")) {
    if (!j->is_string() || !ngsild::is_uri(j->get_string())) return bad("jsonldContext must be a URI");
    s.jsonld_context = std::string(j->get_string());
  }
  if (auto const* l = body.if_contains("lang")) s.render.lang = std::string(l->get_string());
  // q, geoQ and scopeQ share the parser of the Query object.
  json::object query;
  for (std::string_view key : {"q", "geoQ", "scopeQ"}) {
    if (auto const* v = body.if_contains(key)) query[key] = *v;
  }
  if (!query.empty()) {
    auto f = parse_query_object(query, c);
    if (!f) return bad(f.err().detail);
    s.filter = std::make_shared<entity_filter const>(std::move(*f));
  }
  if (auto r = parse_notification(body, c, s); !r) return std::move(r).err();
  if (!body.contains("isActive")) body["isActive"] = s.active;
  s.doc = std::move(body);
  return s;
}

result<json::object> merge_subscription_doc(json::object const& doc, json::object const& fragment) {
  json::object out = doc;
  for (auto const& [key, value] : fragment) {
    if (key == "@context") continue;
    if (key == "id") {
      if (!value.is_string() || value.get_string() != doc.at("id").get_string()) {
        return bad("the id of a Subscription cannot be changed");
      }
      continue;
    }
    if (key == "type") {
      if (!value.is_string() || value.get_string() != "Subscription") {
        return bad("type must be \"Subscription\"");
      }
      continue;
    }
    if (value.is_null()) {
      out.erase(key);
      continue;
    }
    if (key == "notification" && value.is_object() && out.contains("notification") &&
        out.at("notification").is_object()) {
      auto& target = out["notification"].get_object();
      for (auto const& [nk, nv] : value.get_object()) {
        if (nv.is_null()) {
          target.erase(nk);
        } else if (nk == "endpoint" && nv.is_object() && target.contains("endpoint") &&
                   target.at("endpoint").is_object()) {
          auto& ep = target["endpoint"].get_object();
          for (auto const& [ek, ev] : nv.get_object()) {
            if (ev.is_null()) ep.erase(ek);
            else ep[ek] = ev;
          }
        } else {
          target[nk] = nv;
        }
      }
      continue;
    }
    out[key] = value;
  }
  return out;
}

}  // namespace cityos::api
