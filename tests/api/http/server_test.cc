// SPDX-License-Identifier: Apache-2.0
#include "api/http/server.h"

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "api/http/http_client.h"
#include "common/json.h"
#include "echo_handler.h"

namespace cityos::api {
namespace {

using namespace std::chrono_literals;

json::object echoed(client_response const& res) {
  auto v = parse_json(res.body);
  EXPECT_TRUE(v.ok()) << res.body;
  return v.ok() ? v->as_object() : json::object{};
}

class server_test : public ::testing::Test {
 protected:
  void start(request_handler handler = testing::echo, durability_waiter waiter = {},
             server_options options = {}) {
    options.port = 0;
    auto r = server_.start(std::move(options), std::move(handler), std::move(waiter));
    ASSERT_TRUE(r.ok()) << r.err().detail;
    ASSERT_NE(server_.port(), 0);
  }

  http_client connected_client() {
    http_client c(5s);
    auto r = c.connect("127.0.0.1", server_.port());
    EXPECT_TRUE(r.ok());
    return c;
  }

  http_server server_;
};

TEST_F(server_test, keep_alive_serves_several_requests_on_one_connection) {
  start();
  http_client c(5s);
  ASSERT_TRUE(c.connect("127.0.0.1", server_.port()).ok());
  for (int i = 0; i < 5; ++i) {
    auto res = c.request("GET", "/r/" + std::to_string(i));
    ASSERT_TRUE(res.ok()) << res.err().detail;
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(*res->header("server"), "cityos");
    EXPECT_EQ(*res->header("content-type"), "application/json");
    EXPECT_EQ(echoed(*res)["path"].as_string(), "/r/" + std::to_string(i));
    EXPECT_TRUE(c.connected());
  }
}

TEST_F(server_test, pipelined_requests_are_answered_in_order) {
  start();
  http_client c(5s);
  ASSERT_TRUE(c.connect("127.0.0.1", server_.port()).ok());
  std::string batch;
  for (char p : std::string("abcd")) {
    batch += "GET /" + std::string(1, p) + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }
  batch += "POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz";
  ASSERT_TRUE(c.send_raw(batch).ok());
  for (std::string p : {"/a", "/b", "/c", "/d", "/e"}) {
    auto res = c.read_response();
    ASSERT_TRUE(res.ok()) << res.err().detail;
    EXPECT_EQ(echoed(*res)["path"].as_string(), p);
  }
}

TEST_F(server_test, request_fields_are_decoded) {
  start();
  auto c = connected_client();
  auto res = c.request("get", "/ngsi-ld/v1/entities/urn%3Angsi-ld%3AX%201?type=A%20B&q=a+b&flag&e=",
                       {{"X-Custom-Header", "Value"}}, "payload");
  ASSERT_TRUE(res.ok()) << res.err().detail;
  auto o = echoed(*res);
  EXPECT_EQ(o["method"].as_string(), "GET");
  EXPECT_EQ(o["path"].as_string(), "/ngsi-ld/v1/entities/urn:ngsi-ld:X 1");
  EXPECT_EQ(o["target"].as_string(),
            "/ngsi-ld/v1/entities/urn%3Angsi-ld%3AX%201?type=A%20B&q=a+b&flag&e=");
  EXPECT_EQ(dump(o["query"]), R"([["type","A B"],["q","a+b"],["flag",""],["e",""]])");
  EXPECT_EQ(o["headers"].as_object()["x-custom-header"].as_string(), "Value");
  EXPECT_EQ(o["body"].as_string(), "payload");
  EXPECT_TRUE(o["has_content_length"].as_bool());
}

TEST_F(server_test, malformed_target_is_400_problem) {
  start();
  auto c = connected_client();
  auto res = c.request("GET", "/a?x=%zz");
  ASSERT_TRUE(res.ok()) << res.err().detail;
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(*res->header("content-type"), "application/problem+json");
}

TEST_F(server_test, body_over_limit_is_413_and_closes) {
  server_options options;
  options.max_body_bytes = 1024;
  start(testing::echo, {}, options);
  auto c = connected_client();
  auto small = c.request("POST", "/ok", {}, std::string(1024, 'a'));
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->status, 200);
  auto res = c.request("POST", "/big", {}, std::string(4096, 'a'));
  ASSERT_TRUE(res.ok()) << res.err().detail;
  EXPECT_EQ(res->status, 413);
  auto o = echoed(*res);
  EXPECT_EQ(o["type"].as_string(), "https://uri.etsi.org/ngsi-ld/errors/InvalidRequest");
  EXPECT_EQ(o["title"].as_string(), "Request entity too large");
  EXPECT_EQ(o["status"].as_int64(), 413);
  EXPECT_FALSE(c.connected());
}

TEST_F(server_test, content_length_presence_is_reported) {
  start();
  auto c = connected_client();
  ASSERT_TRUE(c.send_raw("POST /x HTTP/1.1\r\nHost: a\r\n\r\n").ok());
  auto none = c.read_response();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(echoed(*none)["has_content_length"].as_bool());
  ASSERT_TRUE(c.send_raw("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
                  .ok());
  auto chunked = c.read_response();
  ASSERT_TRUE(chunked.ok());
  auto o = echoed(*chunked);
  EXPECT_TRUE(o["has_content_length"].as_bool());
  EXPECT_EQ(o["body"].as_string(), "abcde");
}

TEST_F(server_test, expect_100_continue_is_honoured) {
  start();
  auto c = connected_client();
  ASSERT_TRUE(c.send_raw("PUT /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                         "Content-Length: 4\r\n\r\n")
                  .ok());
  auto interim = c.read_response();
  ASSERT_TRUE(interim.ok());
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.send_raw("data").ok());
  auto res = c.read_response();
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(echoed(*res)["body"].as_string(), "data");
}

TEST_F(server_test, garbage_does_not_stop_the_server) {
  start();
  std::mt19937 rng(42);
  std::vector<std::string> inputs = {
      std::string("\x00\xff\xfe garbage\r\n\r\n", 16), "GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n",
      "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
      "POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"};
  for (int i = 0; i < 20; ++i) {
    std::string s(1 + rng() % 300, '\0');
    for (char& ch : s) ch = static_cast<char>(rng());
    inputs.push_back(s);
  }
  for (auto const& input : inputs) {
    auto c = connected_client();
    ASSERT_TRUE(c.send_raw(input).ok());
    auto res = c.read_response();
    if (res.ok()) {
      EXPECT_EQ(res->status, 400) << "input: " << input;
    }
  }
  auto c = connected_client();
  auto res = c.request("GET", "/still-alive");
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 200);
}

TEST_F(server_test, throwing_handler_gives_500_and_keeps_serving) {
  start([](http_request& req) -> http_response {
    if (req.path == "/throw") throw std::runtime_error("boom");
    return testing::echo(req);
  });
  auto c = connected_client();
  auto res = c.request("GET", "/throw");
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 500);
  EXPECT_EQ(*res->header("content-type"), "application/problem+json");
  auto next = c.request("GET", "/fine");
  ASSERT_TRUE(next.ok()) << next.err().detail;
  EXPECT_EQ(next->status, 200);
}

TEST_F(server_test, head_and_no_content_responses) {
  start([](http_request& req) {
    http_response res;
    if (req.path == "/none") {
      res.status = 204;
      return res;
    }
    res.content_type = "text/plain";
    res.body = "hello";
    res.headers.emplace_back("X-Extra", "1");
    return res;
  });
  auto c = connected_client();
  auto head = c.request("HEAD", "/x");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(*head->header("content-length"), "5");
  EXPECT_EQ(*head->header("x-extra"), "1");
  EXPECT_EQ(head->body, "");
  auto none = c.request("DELETE", "/none");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->status, 204);
  EXPECT_EQ(none->header("content-length"), nullptr);
  auto get = c.request("GET", "/x");  // the connection is still in sync
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(get->body, "hello");
}

// A durability waiter that releases each sequence number from its own thread.
struct fake_waiter {
  std::mutex mutex;
  std::vector<std::thread> threads;  // guarded by mutex
  std::vector<std::uint64_t> seqs;   // guarded by mutex
  std::atomic<bool> released{false};
  std::chrono::milliseconds delay = 50ms;  // from the wait to done()

  durability_waiter fn() {
    return [this](std::uint64_t seq, std::function<void()> done) {
      std::lock_guard lock(mutex);
      seqs.push_back(seq);
      threads.emplace_back([this, done = std::move(done)] {
        std::this_thread::sleep_for(delay);
        released = true;
        done();
        done();  // a second call is ignored
      });
    };
  }
  ~fake_waiter() {
    for (auto& t : threads) t.join();
  }
};

TEST_F(server_test, response_waits_for_durability) {
  fake_waiter waiter;
  start(
      [](http_request& req) {
        auto res = testing::echo(req);
        if (req.path == "/durable") res.wait_seq = 7;
        return res;
      },
      waiter.fn());
  auto c = connected_client();
  auto res = c.request("POST", "/durable", {}, "{}");
  ASSERT_TRUE(res.ok()) << res.err().detail;
  EXPECT_TRUE(waiter.released.load());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(echoed(*res)["path"].as_string(), "/durable");
  auto plain = c.request("GET", "/plain");
  ASSERT_TRUE(plain.ok());
  std::lock_guard lock(waiter.mutex);
  EXPECT_EQ(waiter.seqs, std::vector<std::uint64_t>{7});
}

TEST_F(server_test, response_waits_for_its_own_log_when_it_names_one) {
  fake_waiter store, ledger;
  durability_waiter const via = ledger.fn();
  start(
      [&via](http_request& req) {
        auto res = testing::echo(req);
        res.wait_seq = 3;
        res.wait_via = &via;
        return res;
      },
      store.fn());
  auto c = connected_client();
  auto res = c.request("POST", "/ledger", {}, "{}");
  ASSERT_TRUE(res.ok()) << res.err().detail;
  EXPECT_TRUE(ledger.released.load());
  EXPECT_EQ(res->status, 200);
  std::lock_guard l1(ledger.mutex), l2(store.mutex);
  EXPECT_EQ(ledger.seqs, std::vector<std::uint64_t>{3});
  EXPECT_TRUE(store.seqs.empty());
}

TEST_F(server_test, graceful_stop_finishes_in_flight_request) {
  std::promise<void> entered;
  start([&entered](http_request& req) {
    if (req.path == "/slow") {
      entered.set_value();
      std::this_thread::sleep_for(200ms);
    }
    return testing::echo(req);
  });
  unsigned short port = server_.port();
  auto idle = connected_client();  // an idle keep-alive connection must not delay stop
  ASSERT_TRUE(idle.request("GET", "/warm").ok());
  auto pending = std::async(std::launch::async, [port] {
    http_client c(5s);
    EXPECT_TRUE(c.connect("127.0.0.1", port).ok());
    return c.request("GET", "/slow");
  });
  entered.get_future().wait();
  auto t0 = std::chrono::steady_clock::now();
  server_.stop(5s);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  auto res = pending.get();
  ASSERT_TRUE(res.ok()) << res.err().detail;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(*res->header("connection"), "close");
  EXPECT_EQ(echoed(*res)["path"].as_string(), "/slow");
  EXPECT_EQ(server_.port(), 0);
  http_client late(1s);
  EXPECT_FALSE(late.connect("127.0.0.1", port).ok());
}

TEST_F(server_test, stop_gives_up_on_a_commit_that_never_becomes_durable) {
  std::mutex mutex;
  std::function<void()> held;  // guarded by mutex
  std::promise<void> waiting;
  start(
      [](http_request& req) {
        auto res = testing::echo(req);
        res.wait_seq = 1;
        return res;
      },
      [&](std::uint64_t, std::function<void()> done) {
        std::lock_guard lock(mutex);
        held = std::move(done);
        waiting.set_value();
      });
  unsigned short port = server_.port();
  auto pending = std::async(std::launch::async, [port] {
    http_client c(5s);
    EXPECT_TRUE(c.connect("127.0.0.1", port).ok());
    return c.request("POST", "/never", {}, "{}");
  });
  waiting.get_future().wait();
  auto t0 = std::chrono::steady_clock::now();
  server_.stop(50ms);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
  EXPECT_FALSE(pending.get().ok());  // closed without an answer
  std::lock_guard lock(mutex);
  held();  // late: ignored, no crash
  held = nullptr;
}

// Waits for a response that never comes: the server closes `c` without one.
void expect_closed_without_answer(http_client& c) {
  auto res = c.read_response();
  EXPECT_FALSE(res.ok());
  EXPECT_FALSE(c.connected());
}

TEST_F(server_test, connections_idle_or_stalled_past_the_idle_timeout_are_closed) {
  server_options options;
  options.idle_timeout = 200ms;
  start(testing::echo, {}, options);
  auto const t0 = std::chrono::steady_clock::now();
  auto idle = connected_client();  // sends nothing
  auto stalled = connected_client();
  ASSERT_TRUE(stalled.send_raw("GET /x HTTP/1.1\r\nHo").ok());  // half a header
  auto body = connected_client();
  ASSERT_TRUE(body.send_raw("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc").ok());
  for (auto* c : {&idle, &stalled, &body}) {
    expect_closed_without_answer(*c);
    auto const took = std::chrono::steady_clock::now() - t0;
    EXPECT_GE(took, 200ms);
    EXPECT_LT(took, 2s);  // the client's own timeout is 5 s
  }
  auto fresh = connected_client();  // the server still serves
  auto res = fresh.request("GET", "/after");
  ASSERT_TRUE(res.ok()) << res.err().detail;
  EXPECT_EQ(res->status, 200);
}

TEST_F(server_test, a_busy_connection_outlives_the_idle_timeout_and_a_long_durability_wait_is_not_cut_off) {
  fake_waiter waiter;
  waiter.delay = 400ms;  // four idle timeouts
  server_options options;
  options.idle_timeout = 100ms;
  start(
      [](http_request& req) {
        auto res = testing::echo(req);
        if (req.path == "/durable") res.wait_seq = 1;
        return res;
      },
      waiter.fn(), options);
  auto c = connected_client();
  auto const t0 = std::chrono::steady_clock::now();
  int answered = 0;
  while (std::chrono::steady_clock::now() - t0 < 500ms) {  // a request every 40 ms
    auto res = c.request("GET", "/tick");
    ASSERT_TRUE(res.ok()) << res.err().detail;
    ++answered;
    std::this_thread::sleep_for(40ms);
  }
  EXPECT_GE(answered, 5);
  auto durable = c.request("POST", "/durable", {}, "{}");
  ASSERT_TRUE(durable.ok()) << durable.err().detail;
  EXPECT_EQ(durable->status, 200);
  EXPECT_TRUE(waiter.released.load());
  EXPECT_TRUE(c.connected());
}

TEST_F(server_test, taken_port_is_an_error_and_restart_works) {
  start();
  http_server other;
  server_options options;
  options.port = server_.port();
  auto r = other.start(options, testing::echo);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, error_code::unavailable);
  EXPECT_NE(r.err().detail.find("cannot listen"), std::string::npos);
  server_.stop(1s);
  start();
  auto c = connected_client();
  EXPECT_TRUE(c.request("GET", "/again").ok());
}

}  // namespace
}  // namespace cityos::api
