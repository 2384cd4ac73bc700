// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/instance_reader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

namespace cityos::mobility::drt {
namespace {

std::string const data = std::string(CITYOS_SHARED_DIR) + "/data";

std::filesystem::path write_temp(std::string const& name, std::string const& text) {
  auto const path = std::filesystem::temp_directory_path() / ("drt_reader_test_" + name);
  std::ofstream(path) << text;
  return path;
}

TEST(read_lilim, lc101_counts_and_values) {
  auto p = read_lilim(data + "/pdptw/lilim-sintef/instances/lc101.txt");
  ASSERT_TRUE(p) << p.err().detail;
  EXPECT_EQ(p->name, "lc101");
  EXPECT_EQ(p->nodes.size(), 106u);
  EXPECT_EQ(p->requests.size(), 53u);
  ASSERT_EQ(p->vehicles.size(), 25u);
  EXPECT_EQ(p->vehicles[0].capacity, (load{200, 0, 0}));
  EXPECT_EQ(p->vehicles[0].shift_start, 0);
  EXPECT_EQ(p->vehicles[0].shift_end, 1236);
  EXPECT_EQ(p->travel.size, 107u);
  // 1 45 68 -10 912 967 90 11 0: the delivery of pickup 11
  auto const& t1 = p->nodes[0];
  EXPECT_EQ(t1.label, "1");
  EXPECT_EQ(t1.kind, node_kind::delivery);
  EXPECT_EQ(t1.earliest, 912);
  EXPECT_EQ(t1.latest, 967);
  EXPECT_EQ(t1.service, 90);
  auto const& r1 = p->requests[t1.request];
  EXPECT_EQ(p->nodes[r1.pickup].label, "11");
  EXPECT_EQ(r1.delivery, 0u);
  EXPECT_EQ(r1.amount.seats, 10);
  EXPECT_EQ(r1.max_ride, no_limit);
  // 3 42 66 10 65 146 90 0 75: a pickup delivered at 75
  auto const& t3 = p->nodes[2];
  EXPECT_EQ(t3.kind, node_kind::pickup);
  EXPECT_EQ(p->nodes[p->requests[t3.request].delivery].label, "75");
  // depot (40, 50) to task 1 (45, 68)
  EXPECT_DOUBLE_EQ(p->travel.d(0, t1.location), std::hypot(5.0, 18.0));
  EXPECT_DOUBLE_EQ(p->travel.t(0, t1.location), std::hypot(5.0, 18.0));
}

TEST(read_cordeau, a2_16_counts_and_values) {
  auto p = read_instance(data + "/darp/cordeau/a2-16.txt", "cordeau");
  ASSERT_TRUE(p) << p.err().detail;
  EXPECT_EQ(p->nodes.size(), 32u);
  ASSERT_EQ(p->requests.size(), 16u);
  ASSERT_EQ(p->vehicles.size(), 2u);
  EXPECT_EQ(p->vehicles[0].capacity.seats, 3);
  EXPECT_EQ(p->vehicles[0].max_duration, 480);
  EXPECT_EQ(p->vehicles[0].shift_end, 1440);
  EXPECT_EQ(p->vehicles[0].end_location, 0u);
  EXPECT_EQ(p->requests[0].max_ride, 30);
  EXPECT_EQ(p->requests[0].pickup, 0u);
  EXPECT_EQ(p->requests[0].delivery, 16u);
  // 15 2.792 -7.944 3 1 180 195
  auto const& n15 = p->nodes[14];
  EXPECT_EQ(n15.label, "15");
  EXPECT_EQ(n15.kind, node_kind::pickup);
  EXPECT_EQ(n15.service, 3);
  EXPECT_EQ(n15.earliest, 180);
  EXPECT_EQ(n15.latest, 195);
  // 17 6.687 6.731 3 -1 402 417: delivery of request 1
  EXPECT_EQ(p->nodes[16].kind, node_kind::delivery);
  EXPECT_EQ(p->nodes[16].request, 0u);
  EXPECT_EQ(p->nodes[16].earliest, 402);
}

TEST(read_cordeau, end_depot_line_bounds_the_shift) {
  auto p = read_cordeau(data + "/darp/cordeau/a2-20.txt");
  ASSERT_TRUE(p) << p.err().detail;
  EXPECT_EQ(p->requests.size(), 20u);
  EXPECT_EQ(p->vehicles[0].end_location, 41u);
  EXPECT_EQ(p->vehicles[0].shift_end, 600);
}

TEST(read_cordeau, every_file_reads) {
  for (auto const& e : std::filesystem::directory_iterator(data + "/darp/cordeau")) {
    if (e.path().extension() != ".txt") continue;
    auto p = read_cordeau(e.path());
    EXPECT_TRUE(p) << p.err().detail;
  }
}

TEST(read_instance, errors_name_file_and_line) {
  auto missing = read_lilim("/nonexistent/lc.txt");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.err().code, error_code::not_found);

  auto const bad = write_temp("bad.txt", "2 10 1\n0 0 0 0 0 100 0 0 0\n1 1 1 5 0 50 x 0 2\n2 2 2 -5 0 50 0 1 0\n");
  auto r = read_lilim(bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().code, error_code::bad_request);
  EXPECT_NE(r.err().detail.find(bad.string() + ":3: service 'x' is not a number"), std::string::npos) << r.err().detail;

  auto const unpaired =
      write_temp("unpaired.txt", "2 10 1\n0 0 0 0 0 100 0 0 0\n1 1 1 5 0 50 0 0 2\n2 2 2 -5 0 50 0 3 0\n");
  r = read_lilim(unpaired);
  ASSERT_FALSE(r);
  EXPECT_NE(r.err().detail.find(":4: delivery task 2 does not name pickup 1"), std::string::npos) << r.err().detail;

  auto const both = write_temp("both.txt", "2 10 1\n0 0 0 0 0 100 0 0 0\n1 1 1 5 0 50 0 2 2\n2 2 2 -5 0 50 0 1 0\n");
  r = read_lilim(both);
  ASSERT_FALSE(r);
  EXPECT_NE(r.err().detail.find(":3: a task is either a pickup or a delivery"), std::string::npos) << r.err().detail;

  auto const short_darp = write_temp("short.txt", "1 4 100 3 30\n0 0 0 0 0 0 100\n1 1 1 1 1 0 100\n");
  r = read_cordeau(short_darp);
  ASSERT_FALSE(r);
  EXPECT_NE(r.err().detail.find("expected 5 or 6 node lines, found 2"), std::string::npos) << r.err().detail;

  r = read_instance(bad, "solomon");
  ASSERT_FALSE(r);
  EXPECT_NE(r.err().detail.find("unknown instance format 'solomon'"), std::string::npos);
}

}  // namespace
}  // namespace cityos::mobility::drt
