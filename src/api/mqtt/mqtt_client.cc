// SPDX-License-Identifier: Apache-2.0
#include "api/mqtt/mqtt_client.h"

#include <mosquitto.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <optional>
#include <vector>

namespace cityos::api {

namespace {

// mosquitto_lib_init() must run once before the first client; it is cheap and
// idempotent in libmosquitto 2.0, and never paired with cleanup (other clients
// may still live).
void init_library() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

error unavailable(std::string detail) { return make_error(error_code::unavailable, std::move(detail)); }

}  // namespace

struct mqtt_client::impl {
  struct subscription {
    std::string filter;  // as subscribed, perhaps "$share/<group>/<topic filter>"
    std::string match;   // the topic filter messages are matched against
    int qos;
    mqtt_handler handler;
  };

  mosquitto* mosq = nullptr;
  mqtt_options options;
  std::atomic<bool> connected{false};
  std::atomic<std::size_t> queued{0};  // published, not yet written (on_publish)

  std::mutex connect_mutex;  // guards first_rc
  std::condition_variable connect_cv;
  int first_rc = -1;  // CONNACK code of the first connection attempt; -1: none yet

  mutable std::mutex subs_mutex;  // guards subs
  std::vector<subscription> subs;

  // A SUBACK received and not yet claimed by subscribe().
  struct ack {
    int mid;             // message id (ids wrap around: `number` tells them apart)
    std::uint64_t number;  // SUBACKs received before it
    bool granted;        // SUBACK code below 0x80
  };
  std::mutex ack_mutex;  // guards acks, acks_received
  std::condition_variable ack_cv;
  std::vector<ack> acks;
  std::uint64_t acks_received = 0;
  static constexpr std::size_t kKeptAcks = 256;

  void on_subscribe(int mid, int count, int const* granted) {
    bool const ok = count > 0 && std::all_of(granted, granted + count, [](int q) { return q < 0x80; });
    {
      std::lock_guard lock(ack_mutex);
      // Resubscriptions after a reconnect are acknowledged too, unclaimed: keep the newest.
      if (acks.size() >= kKeptAcks) acks.erase(acks.begin());
      acks.push_back({mid, acks_received++, ok});
    }
    ack_cv.notify_all();
  }

  // The number of SUBACKs received so far: take it before sending a SUBSCRIBE.
  std::uint64_t ack_mark() {
    std::lock_guard lock(ack_mutex);
    return acks_received;
  }

  // Waits (up to `timeout`) for the SUBACK of message `mid`, received after
  // `mark` (ack_mark()): whether the broker granted it, or nullopt if none
  // came (or the connection dropped).
  std::optional<bool> wait_ack(int mid, std::uint64_t mark, std::chrono::milliseconds timeout) {
    std::unique_lock lock(ack_mutex);
    auto const it = [&] {
      return std::find_if(acks.begin(), acks.end(),
                          [&](ack const& a) { return a.mid == mid && a.number >= mark; });
    };
    if (!ack_cv.wait_for(lock, timeout, [&] { return it() != acks.end() || !connected; })) {
      return std::nullopt;
    }
    auto const found = it();
    if (found == acks.end()) return std::nullopt;
    bool const ok = found->granted;
    acks.erase(found);
    return ok;
  }

  void on_connect(int rc) {
    // Connected (and resubscribed) before connect() returns, so that a
    // subscribe() right after it sends its SUBSCRIBE and waits for the SUBACK.
    if (rc == 0) {
      connected = true;
      std::lock_guard lock(subs_mutex);
      for (auto const& s : subs) mosquitto_subscribe(mosq, nullptr, s.filter.c_str(), s.qos);
    }
    {
      std::lock_guard lock(connect_mutex);
      if (first_rc < 0) first_rc = rc;
    }
    connect_cv.notify_all();
  }

  void on_disconnect() {
    connected = false;
    ack_cv.notify_all();  // subscribe() waits no longer for a SUBACK
    // QoS 0 messages queued in libmosquitto are dropped with the connection and
    // never reach on_publish: restart the count so the limit cannot stick.
    queued = 0;
  }

  void on_publish() {
    auto q = queued.load();
    while (q > 0 && !queued.compare_exchange_weak(q, q - 1)) {
    }
  }

  void on_message(mosquitto_message const* m) {
    std::string_view const topic(m->topic);
    std::string_view const payload(static_cast<char const*>(m->payload),
                                   static_cast<std::size_t>(m->payloadlen));
    std::lock_guard lock(subs_mutex);
    for (auto const& s : subs) {
      bool match = false;
      mosquitto_topic_matches_sub(s.match.c_str(), m->topic, &match);
      if (match) s.handler(topic, payload);
    }
  }
};

namespace {

mqtt_client::impl& self(void* p) { return *static_cast<mqtt_client::impl*>(p); }

void on_connect_cb(mosquitto*, void* p, int rc) { self(p).on_connect(rc); }
void on_disconnect_cb(mosquitto*, void* p, int) { self(p).on_disconnect(); }
void on_publish_cb(mosquitto*, void* p, int) { self(p).on_publish(); }
void on_message_cb(mosquitto*, void* p, mosquitto_message const* m) { self(p).on_message(m); }
void on_subscribe_cb(mosquitto*, void* p, int mid, int count, int const* granted) {
  self(p).on_subscribe(mid, count, granted);
}

}  // namespace

mqtt_client::mqtt_client(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

mqtt_client::~mqtt_client() {
  if (!impl_ || !impl_->mosq) return;
  mosquitto_disconnect(impl_->mosq);
  mosquitto_loop_stop(impl_->mosq, false);  // returns once the loop saw the disconnect
  mosquitto_destroy(impl_->mosq);
}

result<std::unique_ptr<mqtt_client>> mqtt_client::connect(mqtt_options o) {
  init_library();
  auto state = std::make_unique<impl>();
  state->options = std::move(o);
  auto const& opt = state->options;
  char const* id = opt.client_id.empty() ? nullptr : opt.client_id.c_str();
  state->mosq = mosquitto_new(id, true, state.get());
  if (!state->mosq) return unavailable("mqtt: cannot create a client: out of memory or invalid id");
  // From here the client object owns the handle and destroys it on every path.
  auto client = std::make_unique<mqtt_client>(std::move(state));
  impl& s = *client->impl_;
  mosquitto_connect_callback_set(s.mosq, on_connect_cb);
  mosquitto_disconnect_callback_set(s.mosq, on_disconnect_cb);
  mosquitto_publish_callback_set(s.mosq, on_publish_cb);
  mosquitto_message_callback_set(s.mosq, on_message_cb);
  mosquitto_subscribe_callback_set(s.mosq, on_subscribe_cb);
  mosquitto_reconnect_delay_set(s.mosq, 1, 30, true);
  mosquitto_max_inflight_messages_set(s.mosq, 1000);
  if (!opt.username.empty()) {
    mosquitto_username_pw_set(s.mosq, opt.username.c_str(),
                              opt.password.empty() ? nullptr : opt.password.c_str());
  }
  std::string const where = "mqtt://" + opt.host + ":" + std::to_string(opt.port);
  if (int rc = mosquitto_connect_async(s.mosq, opt.host.c_str(), opt.port, opt.keepalive_s);
      rc != MOSQ_ERR_SUCCESS) {
    return unavailable("mqtt: cannot connect to " + where + ": " +
                       (rc == MOSQ_ERR_ERRNO ? std::string(strerror(errno))
                                             : std::string(mosquitto_strerror(rc))));
  }
  if (int rc = mosquitto_loop_start(s.mosq); rc != MOSQ_ERR_SUCCESS) {
    return unavailable(std::string("mqtt: cannot start the loop thread: ") + mosquitto_strerror(rc));
  }
  std::unique_lock lock(s.connect_mutex);
  if (!s.connect_cv.wait_for(lock, std::chrono::seconds(5), [&] { return s.first_rc >= 0; })) {
    return unavailable("mqtt: no answer (CONNACK) from " + where + " within 5 s");
  }
  if (s.first_rc != 0) {
    return unavailable("mqtt: " + where + " refused the connection: " +
                       mosquitto_connack_string(s.first_rc));
  }
  return client;
}

result<void> mqtt_client::publish(std::string_view topic, std::string_view payload, int qos) {
  auto& s = *impl_;
  if (qos != 0 && qos != 1) return make_error(error_code::bad_request, "mqtt: qos must be 0 or 1");
  std::string const t(topic);
  // A bad topic is the caller's error whether or not the broker is connected right now.
  if (mosquitto_pub_topic_check(t.c_str()) != MOSQ_ERR_SUCCESS) {
    return make_error(error_code::bad_request, "mqtt: cannot publish to '" + t + "': not a valid topic name");
  }
  if (!s.connected) return unavailable("mqtt: not connected to the broker");
  if (s.queued.fetch_add(1) >= kMaxQueued) {
    s.on_publish();
    return unavailable("mqtt: outgoing queue full");
  }
  int const rc = mosquitto_publish(s.mosq, nullptr, t.c_str(), static_cast<int>(payload.size()),
                                   payload.data(), qos, false);
  if (rc == MOSQ_ERR_SUCCESS) return {};
  s.on_publish();
  if (rc == MOSQ_ERR_INVAL || rc == MOSQ_ERR_MALFORMED_UTF8 || rc == MOSQ_ERR_PAYLOAD_SIZE) {
    return make_error(error_code::bad_request, "mqtt: cannot publish to '" + t + "': " +
                                                   mosquitto_strerror(rc));
  }
  return unavailable(std::string("mqtt: publish failed: ") + mosquitto_strerror(rc));
}

result<void> mqtt_client::subscribe(std::string topic, int qos, mqtt_handler handler) {
  auto& s = *impl_;
  if (qos != 0 && qos != 1) return make_error(error_code::bad_request, "mqtt: qos must be 0 or 1");
  if (mosquitto_sub_topic_check(topic.c_str()) != MOSQ_ERR_SUCCESS) {
    return make_error(error_code::bad_request, "mqtt: invalid topic filter '" + topic + "'");
  }
  int rc = MOSQ_ERR_SUCCESS;
  int mid = -1;
  std::uint64_t const mark = s.ack_mark();
  {
    std::lock_guard lock(s.subs_mutex);
    std::string match = topic;
    if (match.starts_with("$share/")) {  // shared subscription: the filter follows the group
      auto const slash = match.find('/', 7);
      match = slash == std::string::npos ? std::string() : match.substr(slash + 1);
    }
    s.subs.push_back({topic, std::move(match), qos, std::move(handler)});
    if (s.connected) rc = mosquitto_subscribe(s.mosq, &mid, topic.c_str(), qos);
  }
  if (rc != MOSQ_ERR_SUCCESS) {
    return unavailable("mqtt: cannot subscribe to '" + topic + "' now (retried on reconnect): " +
                       mosquitto_strerror(rc));
  }
  if (mid < 0) return {};  // not connected: subscribed on connecting
  // Messages published once subscribe() returned reach the handler: the
  // broker has the subscription (it ignores publishes that come before).
  auto const granted = s.wait_ack(mid, mark, std::chrono::seconds(5));
  if (!granted) {
    return unavailable("mqtt: no SUBACK for '" + topic + "' within 5 s (retried on reconnect)");
  }
  if (!*granted) return unavailable("mqtt: the broker refused the subscription to '" + topic + "'");
  return {};
}

bool mqtt_client::connected() const { return impl_->connected; }

}  // namespace cityos::api
