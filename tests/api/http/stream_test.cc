// SPDX-License-Identifier: Apache-2.0
// Streamed responses (server-sent events): the head goes out at once, each
// chunk as the producer yields it, the end closes the connection, and a
// client that leaves or a stopping server cancels the producer.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio.hpp>
#include <gtest/gtest.h>

#include "api/http/server.h"

namespace cityos::api {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

// A producer the test feeds by hand.
class manual_stream final : public response_stream {
 public:
  void next(ready_fn ready) override {
    std::unique_lock lock(mutex_);
    if (!pending_.empty()) {
      auto chunk = std::move(pending_.front());
      pending_.erase(pending_.begin());
      lock.unlock();
      ready(std::move(chunk));
      return;
    }
    ready_ = std::move(ready);
    cv_.notify_all();
  }
  void cancel() override {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    ready_ = nullptr;
    cv_.notify_all();
  }
  // Hands `chunk` (nullopt: the end) to the server.
  void yield(std::optional<std::string> chunk) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, 5s, [&] { return ready_ != nullptr || cancelled_; });
    if (!ready_) {
      if (chunk) pending_.push_back(std::move(*chunk));
      return;
    }
    auto ready = std::move(ready_);
    ready_ = nullptr;
    lock.unlock();
    ready(std::move(chunk));
  }
  bool wait_cancelled() {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, 5s, [&] { return cancelled_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  ready_fn ready_;
  std::vector<std::string> pending_;
  bool cancelled_ = false;
};

// Reads from `s` until `text` has arrived (or 5 s pass); returns all read.
std::string read_until(asio::ip::tcp::socket& s, std::string& buf, std::string_view text) {
  auto const deadline = std::chrono::steady_clock::now() + 5s;
  while (buf.find(text) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    if (s.available() == 0) {
      std::this_thread::sleep_for(2ms);
      continue;
    }
    char chunk[1024];
    boost::system::error_code ec;
    auto n = s.read_some(asio::buffer(chunk), ec);
    if (ec) break;
    buf.append(chunk, n);
  }
  return buf;
}

class stream_test : public ::testing::Test {
 protected:
  void SetUp() override {
    server_options o;
    o.port = 0;
    auto r = server_.start(o, [this](http_request&) {
      http_response res;
      res.content_type = "text/event-stream";
      res.headers.emplace_back("Cache-Control", "no-cache");
      res.stream = producer_;
      return res;
    });
    ASSERT_TRUE(r.ok()) << r.err().detail;
    socket_.connect({asio::ip::make_address("127.0.0.1"), server_.port()});
    std::string const req = "GET /live HTTP/1.1\r\nHost: x\r\n\r\n";
    asio::write(socket_, asio::buffer(req));
  }
  void TearDown() override { server_.stop(1s); }

  std::shared_ptr<manual_stream> producer_ = std::make_shared<manual_stream>();
  http_server server_;
  asio::io_context io_;
  asio::ip::tcp::socket socket_{io_};
  std::string buf_;
};

TEST_F(stream_test, chunks_follow_the_head_as_they_are_produced_and_the_end_closes) {
  producer_->yield("data: one\n\n");
  auto got = read_until(socket_, buf_, "data: one");
  EXPECT_NE(got.find("HTTP/1.1 200 OK\r\n"), std::string::npos) << got;
  EXPECT_NE(got.find("Content-Type: text/event-stream\r\n"), std::string::npos) << got;
  EXPECT_NE(got.find("Cache-Control: no-cache\r\n"), std::string::npos) << got;
  EXPECT_EQ(got.find("Content-Length"), std::string::npos) << got;
  producer_->yield("data: two\n\n");
  EXPECT_NE(read_until(socket_, buf_, "data: two").find("data: two"), std::string::npos);
  producer_->yield(std::nullopt);
  // The server closes: a read ends with EOF.
  char c;
  boost::system::error_code ec;
  socket_.read_some(asio::buffer(&c, 1), ec);
  EXPECT_EQ(ec, asio::error::eof);
}

TEST_F(stream_test, a_client_that_leaves_cancels_the_producer) {
  producer_->yield(": hello\n\n");
  read_until(socket_, buf_, ": hello");
  socket_.close();
  // The next write fails and cancels the producer.
  producer_->yield("data: x\n\n");
  producer_->yield("data: y\n\n");
  EXPECT_TRUE(producer_->wait_cancelled());
}

TEST_F(stream_test, stopping_the_server_cancels_open_streams) {
  producer_->yield(": hello\n\n");
  read_until(socket_, buf_, ": hello");
  std::this_thread::sleep_for(20ms);  // the server waits for the next chunk
  server_.stop(1s);
  EXPECT_TRUE(producer_->wait_cancelled());
}

}  // namespace
}  // namespace cityos::api
