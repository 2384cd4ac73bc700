// SPDX-License-Identifier: Apache-2.0
#include "common/thread_name.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace cityos {
namespace {

std::string name_of_this_thread() {
  char buf[32] = {};
  pthread_getname_np(pthread_self(), buf, sizeof buf);
  return buf;
}

TEST(thread_name, names_the_calling_thread_with_at_most_15_bytes) {
  std::string short_name, long_name;
  std::thread([&] {
    name_this_thread("history");
    short_name = name_of_this_thread();
    name_this_thread("a-name-longer-than-fifteen-bytes");
    long_name = name_of_this_thread();
  }).join();
  EXPECT_EQ(short_name, "history");
  EXPECT_EQ(long_name, "a-name-longer-t");
}

TEST(thread_name, lowers_the_priority_of_the_calling_thread_only) {
  int const mine = getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)));
  int lowered = 0;
  bool ok = false;
  std::thread([&] {
    ok = lower_this_thread_priority(10);
    lowered = getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)));
  }).join();
  ASSERT_TRUE(ok);
  EXPECT_EQ(lowered, std::max(mine, 10));
  EXPECT_EQ(getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid))), mine);
}

}  // namespace
}  // namespace cityos
