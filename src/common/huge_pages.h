// SPDX-License-Identifier: Apache-2.0
// Memory backed by transparent huge pages, for the threads that allocate the
// most. Loading a large store, and writing many new entities, allocate
// hundreds of megabytes in small pieces; on 4 KiB pages every first touch is
// a page fault, and in a virtual machine a fault is expensive (start-up with
// 1,000,000 entities spent about a third of its time in them). A
// huge_page_arena is a jemalloc arena whose memory is advised for huge pages
// (madvise MADV_HUGEPAGE): 512 times fewer faults. A huge_page_scope binds
// the calling thread to such an arena while it lives; other threads keep the
// default arenas, and an arena no thread has allocated from costs nothing, so
// an idle server stays small.
//
// Without jemalloc as the process's allocator (tests, other builds), or when
// an arena cannot be set up, nothing changes: create() gives nullopt and a
// scope is inactive. The kernel decides in the end: with THP set to "never",
// the advice is ignored.
#pragma once

#include <optional>

namespace cityos {

class huge_page_arena {
 public:
  // A new arena, or nullopt (no jemalloc, or jemalloc refused).
  static std::optional<huge_page_arena> create();
  unsigned index() const { return index_; }

 private:
  explicit huge_page_arena(unsigned index) : index_(index) {}
  unsigned index_;
};

class huge_page_scope {
 public:
  // Binds the calling thread to `arena` (nothing if nullopt).
  explicit huge_page_scope(std::optional<huge_page_arena> const& arena);
  // Binds the calling thread to a new arena of its own.
  huge_page_scope() : huge_page_scope(huge_page_arena::create()) {}
  ~huge_page_scope();  // the thread's arena before the scope again
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

}  // namespace cityos
