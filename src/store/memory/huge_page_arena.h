// SPDX-License-Identifier: Apache-2.0
// Loading a large store allocates hundreds of megabytes in small pieces; on
// 4 KiB pages every first touch is a page fault, and in a virtual machine a
// fault is expensive (start-up with 1,000,000 entities spent about a third of
// its time in them). While a huge_page_scope is alive, the calling thread
// allocates from a jemalloc arena of its own whose memory is advised for
// transparent huge pages (madvise MADV_HUGEPAGE), 512 times fewer faults.
// Only the thread that loads is affected; everything else keeps the default
// arenas (so an idle server stays small).
//
// Without jemalloc as the process's allocator (tests, other builds), or when
// the arena cannot be set up, the scope does nothing: active() is false.
// Not copyable; create and destroy on the same thread.
#pragma once

namespace cityos::store {

class huge_page_scope {
 public:
  huge_page_scope();
  ~huge_page_scope();
  huge_page_scope(huge_page_scope const&) = delete;
  huge_page_scope& operator=(huge_page_scope const&) = delete;

  // True if this thread now allocates from the huge-page arena.
  bool active() const { return active_; }
  // The arena's index (meaningful only when active()).
  unsigned arena() const { return arena_; }

 private:
  unsigned previous_ = 0;  // the thread's arena before the scope
  unsigned arena_ = 0;
  bool active_ = false;
};

}  // namespace cityos::store
