// SPDX-License-Identifier: Apache-2.0
// Runs Debian's /usr/sbin/mosquitto on a free loopback port with a temporary
// configuration (anonymous access, no persistence, unbounded queues so a slow
// subscriber loses nothing), for tests and benchmarks. Stopped (SIGTERM) by
// the destructor. Not thread-safe.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace cityos::testing_support {

class mosquitto_process {
 public:
  static constexpr char const* kBinary = "/usr/sbin/mosquitto";

  static bool available() { return ::access(kBinary, X_OK) == 0; }

  // Starts mosquitto on `port` (0: a free one) and waits until it accepts
  // connections (up to 5 s). ok() tells whether it is running.
  explicit mosquitto_process(unsigned short port = 0) {
    // A free port may be taken by another test between our probe and
    // mosquitto's bind: then mosquitto exits, and we try another port.
    for (int attempt = 0; attempt < 5 && !ok_; ++attempt) {
      start(port != 0 ? port : free_port());
      if (port != 0) break;
    }
  }

  ~mosquitto_process() { stop(); }
  mosquitto_process(mosquitto_process const&) = delete;
  mosquitto_process& operator=(mosquitto_process const&) = delete;

  bool ok() const { return ok_; }
  unsigned short port() const { return port_; }
  std::string url() const { return "mqtt://127.0.0.1:" + std::to_string(port_); }

 private:
  void start(unsigned short port) {
    stop();
    port_ = port;
    dir_ = std::filesystem::temp_directory_path() /
           ("cityos-mosquitto-" + std::to_string(::getpid()) + "-" + std::to_string(port_));
    std::filesystem::create_directories(dir_);
    auto const conf = dir_ / "mosquitto.conf";
    std::ofstream(conf) << "listener " << port_ << " 127.0.0.1\n"
                        << "allow_anonymous true\n"
                        << "persistence false\n"
                        << "max_queued_messages 0\n"
                        << "max_inflight_messages 0\n"
                        << "log_dest none\n";
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execl(kBinary, kBinary, "-c", conf.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (pid_ > 0 && alive() && !accepts() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ok_ = pid_ > 0 && alive() && accepts();  // alive: the listener is mosquitto's
  }

  // True while the mosquitto child runs (it exits at once if it cannot bind).
  bool alive() {
    if (pid_ <= 0) return false;
    if (::waitpid(pid_, nullptr, WNOHANG) == 0) return true;
    pid_ = -1;
    return false;
  }

  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  static sockaddr_in loopback(unsigned short port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
  }

  static unsigned short free_port() {
    int const fd = ::socket(AF_INET, SOCK_STREAM, 0);
    auto a = loopback(0);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
  }

  bool accepts() const {
    int const fd = ::socket(AF_INET, SOCK_STREAM, 0);
    auto a = loopback(port_);
    bool const ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
  }

  std::filesystem::path dir_;
  unsigned short port_ = 0;
  pid_t pid_ = -1;
  bool ok_ = false;
};

}  // namespace cityos::testing_support
