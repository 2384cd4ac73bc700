// SPDX-License-Identifier: Apache-2.0
#include "common/huge_pages.h"

#include <sys/mman.h>

#include <string>

#include <jemalloc/jemalloc.h>

// Referenced weakly: the libraries do not link jemalloc; only the `cityos`
// binary does. Without it the symbol is null and nothing changes.
#pragma weak mallctl

namespace cityos {
namespace {

// jemalloc passes the hooks table to every hook, so the table carries the
// default hooks that ours wrap. Must outlive the arenas that use it.
struct wrapped_hooks {
  extent_hooks_t hooks;  // first member: jemalloc sees only this
  extent_hooks_t* original = nullptr;
};

void* alloc_huge(extent_hooks_t* h, void* new_addr, std::size_t size, std::size_t alignment, bool* zero,
                 bool* commit, unsigned arena_ind) {
  auto* original = reinterpret_cast<wrapped_hooks*>(h)->original;
  void* p = original->alloc(original, new_addr, size, alignment, zero, commit, arena_ind);
  if (p != nullptr) ::madvise(p, size, MADV_HUGEPAGE);  // advice only: failure changes nothing
  return p;
}

// The wrapped table, set up once from the first arena's default hooks (the
// same for every arena). Function-local: built on first use, never freed.
extent_hooks_t* huge_hooks(extent_hooks_t* defaults) {
  static wrapped_hooks const table = [defaults] {
    wrapped_hooks w{*defaults, defaults};
    w.hooks.alloc = &alloc_huge;
    return w;
  }();
  return const_cast<extent_hooks_t*>(&table.hooks);
}

}  // namespace

std::optional<huge_page_arena> huge_page_arena::create() {
  if (&mallctl == nullptr) return std::nullopt;  // not running on jemalloc
  // A new arena with the default hooks first (the default alloc hook needs
  // its arena to exist), then ours on top.
  unsigned index = 0;
  std::size_t sz = sizeof(index);
  if (mallctl("arenas.create", &index, &sz, nullptr, 0) != 0) return std::nullopt;
  std::string const hooks_name = "arena." + std::to_string(index) + ".extent_hooks";
  extent_hooks_t* defaults = nullptr;
  sz = sizeof(defaults);
  if (mallctl(hooks_name.c_str(), &defaults, &sz, nullptr, 0) != 0 || defaults == nullptr) return std::nullopt;
  extent_hooks_t* ours = huge_hooks(defaults);
  if (mallctl(hooks_name.c_str(), nullptr, nullptr, &ours, sizeof(ours)) != 0) return std::nullopt;
  return huge_page_arena(index);
}

huge_page_scope::huge_page_scope(std::optional<huge_page_arena> const& arena) {
  if (!arena) return;
  std::size_t sz = sizeof(previous_);
  if (mallctl("thread.arena", &previous_, &sz, nullptr, 0) != 0) return;
  arena_ = arena->index();
  if (mallctl("thread.arena", nullptr, nullptr, &arena_, sizeof(arena_)) != 0) return;
  active_ = true;
}

huge_page_scope::~huge_page_scope() {
  if (active_) mallctl("thread.arena", nullptr, nullptr, &previous_, sizeof(previous_));
}

}  // namespace cityos
