// SPDX-License-Identifier: Apache-2.0
#include "store/memory/point_grid.h"

#include <algorithm>
#include <cmath>
#include <queue>

namespace cityos::store {

bool id_less::operator()(located const& a, located const& b) const {
  if (a.key != b.key) return a.key < b.key;
  if (a.entity == b.entity) return false;
  return a.entity->first < b.entity->first;
}

void located_list::insert(located const& e) {
  // The first chunk whose last entry is after e (else the last chunk).
  auto c = std::upper_bound(chunks_.begin(), chunks_.end(), e,
                            [](located const& x, std::vector<located> const& chunk) {
                              return id_less{}(x, chunk.back());
                            });
  if (c == chunks_.end()) {
    // After every entry (loading in id order): append, or start a chunk.
    if (chunks_.empty() || chunks_.back().size() >= kChunk) {
      chunks_.emplace_back().push_back(e);
      return;
    }
    c = chunks_.end() - 1;
  } else if (c->size() >= kChunk) {
    // A full chunk: split it in halves first, so no chunk outgrows kChunk
    // (and its vector a capacity of kChunk).
    auto const half = c->begin() + static_cast<std::ptrdiff_t>(kChunk / 2);
    std::vector<located> upper(half, c->end());
    c->erase(half, c->end());
    bool const goes_up = !id_less{}(e, upper.front());
    c = chunks_.insert(c + 1, std::move(upper));
    if (!goes_up) --c;
  }
  c->insert(std::upper_bound(c->begin(), c->end(), e, id_less{}), e);
}

bool located_list::append(located const& e) {
  if (chunks_.empty() || chunks_.back().size() >= kChunk) chunks_.emplace_back();
  chunks_.back().push_back(e);
  bool const was_sorted = sorted_;
  sorted_ = false;
  return was_sorted;
}

void located_list::sort() {
  if (sorted_) return;
  sorted_ = true;
  // A snapshot is loaded in id order, so its cells usually are in order.
  bool in_order = true;
  for (std::size_t i = 0; in_order && i < chunks_.size(); ++i) {
    auto const& c = chunks_[i];
    in_order = std::is_sorted(c.begin(), c.end(), id_less{}) &&
               (i == 0 || !id_less{}(c.front(), chunks_[i - 1].back()));
  }
  if (in_order) return;
  std::vector<located> all;
  for (auto& c : chunks_) all.insert(all.end(), c.begin(), c.end());
  std::sort(all.begin(), all.end(), id_less{});
  chunks_.clear();
  for (std::size_t i = 0; i < all.size(); i += kChunk) {
    chunks_.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(i),
                         all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), i + kChunk)));
  }
}

std::size_t located_list::drop(std::multiset<place> gone) {
  std::size_t dropped = 0;
  for (auto& c : chunks_) {
    dropped += std::erase_if(c, [&gone](located const& x) {
      auto it = gone.find(place{x.entity, x.key, x.lon, x.lat});
      if (it == gone.end()) return false;
      gone.erase(it);
      return true;
    });
  }
  std::erase_if(chunks_, [](std::vector<located> const& c) { return c.empty(); });
  return dropped;
}

bool located_list::erase(located const& e) {
  auto c = std::lower_bound(chunks_.begin(), chunks_.end(), e,
                            [](std::vector<located> const& chunk, located const& x) {
                              return id_less{}(chunk.back(), x);
                            });
  // Equal entries (one entity) may run on into the next chunks.
  for (; c != chunks_.end(); ++c) {
    auto [first, last] = std::equal_range(c->begin(), c->end(), e, id_less{});
    auto const it = std::find_if(first, last, [&](located const& x) {
      return x.entity == e.entity && x.lon == e.lon && x.lat == e.lat;
    });
    if (it != last) {
      c->erase(it);
      if (c->empty()) chunks_.erase(c);
      return true;
    }
    if (last != c->end()) return false;  // past the equal entries
  }
  return false;
}

located_list::cursor::cursor(located_list const& l)
    : chunk_(l.chunks_.begin()), last_chunk_(l.chunks_.end()) {
  if (chunk_ != last_chunk_) {
    at_ = chunk_->data();
    end_ = at_ + chunk_->size();
  }
}

void located_list::cursor::next() {
  if (++at_ != end_) return;
  if (++chunk_ == last_chunk_) return;  // done: at_ == end_
  at_ = chunk_->data();
  end_ = at_ + chunk_->size();
}

std::int64_t point_grid::column(double lon) {
  return static_cast<std::int64_t>(std::floor((std::clamp(lon, -180.0, 180.0) + 180) * kCellsPerDegree));
}

std::int64_t point_grid::row(double lat) {
  return static_cast<std::int64_t>(std::floor((std::clamp(lat, -90.0, 90.0) + 90) * kCellsPerDegree));
}

std::uint64_t point_grid::cell_of(std::int64_t column, std::int64_t row) {
  return (static_cast<std::uint64_t>(column) << 32) | static_cast<std::uint64_t>(row);
}

void point_grid::add(indexed_entity const* entity, double lon, double lat, bool bulk) {
  auto const cell = cell_of(column(lon), row(lat));
  auto& entries = cells_[cell];
  located const e{id_key::of(entity->first), entity, lon, lat};
  if (bulk) {
    if (entries.append(e)) unsorted_.push_back(cell);
  } else {
    entries.insert(e);
  }
  ++size_;
}

void point_grid::sort() {
  for (auto cell : unsorted_) {
    auto it = cells_.find(cell);
    if (it == cells_.end()) continue;
    if (auto g = gone_.find(cell); g != gone_.end()) size_ -= it->second.drop(std::move(g->second));
    it->second.sort();
    if (it->second.empty()) cells_.erase(it);
  }
  unsorted_.clear();
  gone_.clear();
}

bool point_grid::remove(indexed_entity const* entity, double lon, double lat) {
  auto const cell = cell_of(column(lon), row(lat));
  auto it = cells_.find(cell);
  if (it == cells_.end()) return false;
  id_key const key = id_key::of(entity->first);
  if (!it->second.sorted()) {
    gone_[cell].insert({entity, key, lon, lat});
    return true;
  }
  if (!it->second.erase({key, entity, lon, lat})) return false;
  if (it->second.empty()) cells_.erase(it);
  --size_;
  return true;
}

void point_grid::cells(geo_box const& box, std::vector<located_list const*>& out) const {
  auto const c0 = column(box.min_lon), c1 = column(box.max_lon);
  auto const r0 = row(box.min_lat), r1 = row(box.max_lat);
  auto const span = static_cast<double>(c1 - c0 + 1) * static_cast<double>(r1 - r0 + 1);
  if (span > static_cast<double>(cells_.size())) {
    // A box wider than the occupied cells: walk those instead.
    for (auto const& [cell, entries] : cells_) {
      auto const c = static_cast<std::int64_t>(cell >> 32);
      auto const r = static_cast<std::int64_t>(cell & 0xffffffffu);
      if (c >= c0 && c <= c1 && r >= r0 && r <= r1) out.push_back(&entries);
    }
    return;
  }
  for (auto c = c0; c <= c1; ++c) {
    for (auto r = r0; r <= r1; ++r) {
      if (auto it = cells_.find(cell_of(c, r)); it != cells_.end()) out.push_back(&it->second);
    }
  }
}

void visit_located_in_id_order(std::span<located_list const* const> points, geo_box const& box,
                               std::function<bool(geo_box const&)> const& keep,
                               located_list const& others,
                               std::function<bool(indexed_entity const*)> const& visit) {
  struct cursor {
    located_list::cursor at;
    bool check;  // a grid cell: skip Points outside the box or not kept
  };
  auto const wanted = [&](located const& p) {
    return p.lon >= box.min_lon && p.lon <= box.max_lon && p.lat >= box.min_lat &&
           p.lat <= box.max_lat && (!keep || keep(geo_box{p.lon, p.lat, p.lon, p.lat}));
  };
  auto const settle = [&](cursor& c) {
    if (!c.check) return;
    while (!c.at.done() && !wanted(*c.at)) c.at.next();
  };
  auto const later = [](cursor const& a, cursor const& b) { return id_less{}(*b.at, *a.at); };
  std::priority_queue<cursor, std::vector<cursor>, decltype(later)> heap(later);
  auto const push = [&](cursor c) {
    settle(c);
    if (!c.at.done()) heap.push(c);
  };
  for (auto const* cell : points) push({located_list::cursor(*cell), true});
  push({located_list::cursor(others), false});
  indexed_entity const* last = nullptr;
  while (!heap.empty()) {
    cursor c = heap.top();
    heap.pop();
    indexed_entity const* const e = (*c.at).entity;
    c.at.next();
    push(c);
    if (e == last) continue;  // one entity with several Points or boxes
    last = e;
    if (!visit(e)) return;
  }
}

}  // namespace cityos::store
