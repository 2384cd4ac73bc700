// SPDX-License-Identifier: Apache-2.0
// Names and priorities of the program's own threads, so that `top -H`,
// `ps -L` and profilers tell them apart (the HTTP workers, the history writer,
// the log's commit thread, the store's compaction ...).
#pragma once

#include <string_view>

namespace cityos {

// Names the calling thread `name` (Linux keeps the first 15 bytes).
void name_this_thread(std::string_view name);

// Lowers the calling thread's scheduling priority to nice `nice` (1-19; a
// thread already at that nice or lower stays): for background work that must
// not take CPU from requests when both want it. Returns false if the system
// refused (the thread then runs as before).
bool lower_this_thread_priority(int nice);

}  // namespace cityos
