// SPDX-License-Identifier: Apache-2.0
// An MQTT 3.1.1 client on libmosquitto: publish (QoS 0/1) and subscribe with
// topic filters. libmosquitto's own loop thread does the I/O; after a lost
// connection it reconnects by itself with exponential backoff (1 s to 30 s)
// and subscribes again. Thread-safe: every member function may be called from
// any thread. Outgoing messages are counted, never matched by message id (ids
// wrap at 65,535), and at most kMaxQueued wait to be sent.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "common/result.h"

namespace cityos::api {

struct mqtt_options {
  std::string host = "127.0.0.1";
  unsigned short port = 1883;
  std::string client_id;  // empty: the broker assigns one (clean session)
  std::string username, password;
  int keepalive_s = 30;
};

// Called with the topic and payload of each received message, on the client's
// loop thread: must be quick (copy or enqueue) and must not call subscribe().
// Views are valid during the call.
using mqtt_handler = std::function<void(std::string_view topic, std::string_view payload)>;

class mqtt_client {
 public:
  // Messages accepted by publish() and not yet written to the socket.
  static constexpr std::size_t kMaxQueued = 100'000;

  // Connects to the broker and starts libmosquitto's loop thread; returns once
  // the broker accepted the connection (CONNACK). Errors: unavailable (host
  // unresolvable, refused, no CONNACK within 5 s, or the broker rejected the
  // client id / credentials; the detail says which).
  static result<std::unique_ptr<mqtt_client>> connect(mqtt_options o);

  // Queues a message; qos 0 or 1. Errors: unavailable (not connected, or
  // kMaxQueued messages already waiting), bad_request (qos not 0/1, invalid topic).
  result<void> publish(std::string_view topic, std::string_view payload, int qos);

  // Subscribes to `topic` (a filter, + and # allowed; "$share/<group>/<filter>"
  // makes a shared subscription: the broker spreads the messages over the
  // group's clients) and again after each reconnect; `handler` gets every
  // message matching it. While connected it returns once the broker has
  // acknowledged the subscription (SUBACK), so every message published after
  // it returns is delivered. Errors: bad_request (invalid filter or qos),
  // unavailable (the SUBSCRIBE could not be sent, no SUBACK within 5 s, or the
  // broker refused it; it is sent again after the next reconnect).
  result<void> subscribe(std::string topic, int qos, mqtt_handler handler);

  // True while the broker connection is up.
  bool connected() const;

  // Disconnects (sending what is queued is not waited for) and stops the loop thread.
  ~mqtt_client();
  mqtt_client(mqtt_client const&) = delete;
  mqtt_client& operator=(mqtt_client const&) = delete;

  struct impl;  // libmosquitto callbacks reach it through the userdata pointer
  // Used by connect(); `impl` is defined only in mqtt_client.cc.
  explicit mqtt_client(std::unique_ptr<impl> i);

 private:
  std::unique_ptr<impl> impl_;
};

// Parses "mqtt://[user:password@]host[:port]/topic" (port 1883 by default; the
// topic is the path without its first "/", so "mqtt://h/a/b" publishes to
// "a/b"). Errors: not_supported for mqtts:// (TLS), bad_request for anything
// else that is not such a URL (the detail says what is wrong).
result<std::pair<mqtt_options, std::string>> parse_mqtt_url(std::string_view url);

// Parses a broker address "mqtt://[user:password@]host[:port][/]" (no topic),
// as `cityos serve --mqtt` takes it. Errors: as parse_mqtt_url().
result<mqtt_options> parse_mqtt_broker_url(std::string_view url);

}  // namespace cityos::api
