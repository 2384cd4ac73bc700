// SPDX-License-Identifier: Apache-2.0
#include "common/thread_name.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>

namespace cityos {

void name_this_thread(std::string_view name) {
  std::string const n(name.substr(0, 15));
  pthread_setname_np(pthread_self(), n.c_str());
}

bool lower_this_thread_priority(int nice) {
  // On Linux, PRIO_PROCESS with a thread id sets that thread's nice value only.
  auto const tid = static_cast<id_t>(::syscall(SYS_gettid));
  nice = std::clamp(nice, 1, 19);
  errno = 0;
  int const now = ::getpriority(PRIO_PROCESS, tid);
  if (errno == 0 && now >= nice) return true;  // already as low (never raised)
  return ::setpriority(PRIO_PROCESS, tid, nice) == 0;
}

}  // namespace cityos
